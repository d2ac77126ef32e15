"""The function's Django app: FC's lifecycle hooks and the invocation view."""
