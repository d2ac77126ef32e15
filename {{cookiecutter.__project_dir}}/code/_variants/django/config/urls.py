"""URLs: FC's lifecycle hooks, then the function's own routes."""

from django.urls import include, path

urlpatterns = [path("", include("fcapp.urls"))]
