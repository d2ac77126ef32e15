"""The app's URLs. Lifecycle hooks first: the invocation view matches every other path."""

from django.urls import {% if cookiecutter.initializer or cookiecutter.pre_stop %}path, {% endif %}re_path

from fcapp import views

urlpatterns = [
{%- if cookiecutter.initializer %}
    path("initialize", views.initialize),
{%- endif %}
{%- if cookiecutter.pre_stop %}
    path("pre-stop", views.pre_stop),
{%- endif %}
    re_path(r"^(?P<path>.*)$", views.invoke),
]
