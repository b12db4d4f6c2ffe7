"""The HTTP API: a thin FastAPI layer over judge.service (`uvicorn judge.api.app:create_app --factory`)."""
