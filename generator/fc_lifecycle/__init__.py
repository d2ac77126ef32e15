"""fc-lifecycle: Function Compute 3.0 custom-runtime projects with lifecycle hooks."""

__version__ = "0.1.0"
