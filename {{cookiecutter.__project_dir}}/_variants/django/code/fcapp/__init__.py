"""The function's Django app: your views and URLs."""
