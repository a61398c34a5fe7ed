"""One JSON error body for every failure: `{"error": {"code": ..., "detail": ...}}`.

Bad input is answered 4xx with a reason (validation 422, unknown route or id 404, size 413, auth 401/403);
a locked or missing store 503; only an unexpected exception is a 500, and its traceback is logged.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

log = logging.getLogger(__name__)

STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
                422: "invalid_request", 501: "not_implemented", 503: "unavailable"}


class ApiError(Exception):
    """An answer other than 200, with a machine-readable code and a human reason."""

    def __init__(self, status: int, detail: Any, code: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers
        self.code = code or STATUS_CODES.get(status, "error")


def error_body(code: str, detail: Any) -> dict[str, Any]:
    return {"error": {"code": code, "detail": detail}}


def error_response(status: int, code: str, detail: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, detail), status_code=status, headers=headers)


def _validation_detail(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Pydantic's errors, reduced to where and why (no echo of the whole input)."""
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", "invalid"), "type": e.get("type")}
            for e in exc.errors()]


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception through `error_body`."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.detail, exc.headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return error_response(exc.status_code, STATUS_CODES.get(exc.status_code, "error"), exc.detail,
                              getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_request", _validation_detail(exc))

    @app.exception_handler(sqlite3.OperationalError)
    async def store_busy(request: Request, exc: sqlite3.OperationalError) -> JSONResponse:
        log.warning("store error on %s: %s", request.url.path, exc)
        return error_response(503, "unavailable", f"the store is busy or unreadable: {exc}", {"Retry-After": "1"})

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal", "unexpected server error (logged)")
