"""FC's one URL for an event function: ``POST /invoke`` (``views.invoke``)."""

from django.urls import path

from fcapp import views

urlpatterns = [path("invoke", views.invoke)]
