"""Helpers shared by the repository's test modules (fixtures live in ``tests/conftest.py``)."""
