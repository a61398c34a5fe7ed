"""The REST API over the store: `create_app(db_path, ...)` builds a FastAPI app; `redline serve` runs it."""

from redline.serve.api import create_app

__all__ = ["create_app"]
