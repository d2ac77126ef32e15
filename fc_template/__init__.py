"""Template-side code shared by the cookiecutter hooks, the Jinja extension and the fc-lifecycle CLI."""
