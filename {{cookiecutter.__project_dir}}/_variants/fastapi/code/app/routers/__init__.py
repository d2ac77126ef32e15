{% import "text/" ~ cookiecutter.language ~ "/code.j2" as text with context %}"""{{ text.fastapi_routers }}"""
