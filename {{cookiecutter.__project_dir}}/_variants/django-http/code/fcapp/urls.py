{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.django_urls }}"""

from django.urls import path

from fcapp import views

urlpatterns = [
    path("", views.index),
    path("items/<str:item_id>", views.save_item),
]
