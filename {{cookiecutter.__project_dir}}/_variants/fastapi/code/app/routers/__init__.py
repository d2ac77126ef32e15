"""The app's routers: include a new one in ``app/main.py``."""
