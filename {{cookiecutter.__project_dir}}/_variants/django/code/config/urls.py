"""The project's URLs: the function's app."""

from django.urls import include, path

urlpatterns = [path("", include("fcapp.urls"))]
