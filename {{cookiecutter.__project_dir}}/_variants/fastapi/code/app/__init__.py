"""The FastAPI application package; uvicorn serves ``app.main:app``."""
