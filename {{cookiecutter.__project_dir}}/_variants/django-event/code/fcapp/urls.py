{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.django_invoke_urls }}"""

from django.urls import path

from fcapp import views

urlpatterns = [path("invoke", views.invoke)]
