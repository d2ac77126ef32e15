"""Bare Django reference: one settings module, two views, no apps and no middleware."""
