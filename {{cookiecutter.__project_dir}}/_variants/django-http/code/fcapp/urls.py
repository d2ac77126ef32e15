"""Your URLs: add a ``path()`` for each view."""

from django.urls import path

from fcapp import views

urlpatterns = [
    path("", views.index),
    path("items/<str:item_id>", views.save_item),
]
