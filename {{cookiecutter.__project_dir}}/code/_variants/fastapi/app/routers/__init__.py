"""The app's routers: FC's lifecycle hooks, then your API."""
