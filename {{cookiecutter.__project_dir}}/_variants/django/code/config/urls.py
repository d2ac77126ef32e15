{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.django_root_urls }}"""

from django.urls import include, path

urlpatterns = [path("", include("fcapp.urls"))]
