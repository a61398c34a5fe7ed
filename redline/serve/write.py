"""POST /api/articles: submitted articles go through the real ingest path (readers, pipeline, duplicate
check, extraction, store), as if read from a JSON file, in this process's single writer.

The body is checked in this order: write access (403 read-only server, 401 wrong or missing token), size
(413), JSON syntax and fields (422). Only then is anything written.
"""

from __future__ import annotations

import io
import json
import secrets
import threading
from typing import Any

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from redline.ingest.readers import ReadOptions
from redline.ingest.run import ingest
from redline.pipeline import Pipeline
from redline.serve.errors import ApiError
from redline.settings import Settings

MAX_BATCH = 1000  # articles per request


class ArticleIn(BaseModel):
    """One submitted article; only `text` is required."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The article text (plain text, HTML or Markdown).")
    id: str | None = Field(None, min_length=1, max_length=200, description="Stable id; the text's hash if absent.")
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000)
    published: str | None = Field(None, max_length=100, description="Publication date, as YYYY-MM-DD or free text.")
    source: str | None = Field(None, max_length=500, description="Publisher or outlet.")
    language: str | None = Field(None, max_length=20, description="ISO 639-1 code, as en.")

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is blank")
        return value


_BATCH = TypeAdapter(ArticleIn | list[ArticleIn])


def request_body_schema() -> dict[str, Any]:
    """The OpenAPI request body of POST /api/articles (the route reads its body itself, to bound it)."""
    item = ArticleIn.model_json_schema()
    item.pop("title", None)
    return {"required": True, "content": {"application/json": {"schema": {
        "anyOf": [item, {"type": "array", "items": item, "minItems": 1, "maxItems": MAX_BATCH}]}}}}


class ArticleWriter:
    """Ingests submitted articles into the store; one at a time per process (one writer)."""

    def __init__(self, settings: Settings, token: str | None, max_body_bytes: int):
        self.settings, self.token, self.max_body_bytes = settings, token, max_body_bytes
        self._lock = threading.Lock()
        self._pipeline: Pipeline | None = None

    def check_token(self, request: Request) -> None:
        if not self.token:
            raise ApiError(403, "this server is read-only: start it with a token (REDLINE_TOKEN) to accept articles",
                           code="read_only")
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode(), self.token.encode()):
            raise ApiError(401, "send the server's token as 'Authorization: Bearer <token>'",
                           headers={"WWW-Authenticate": "Bearer"})

    async def read_body(self, request: Request) -> bytes:
        """The body, refused with 413 as soon as it passes the limit (declared or streamed)."""
        limit = self.max_body_bytes
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise ApiError(413, f"request body of {declared} bytes exceeds the limit of {limit} bytes")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise ApiError(413, f"request body exceeds the limit of {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def parse(self, body: bytes) -> list[ArticleIn]:
        try:
            data = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ApiError(422, f"the body is not valid JSON: {exc}", code="invalid_json") from None
        except RecursionError:
            raise ApiError(422, "the body is not valid JSON: nested too deeply", code="invalid_json") from None
        try:
            parsed = _BATCH.validate_python(data)
        except ValidationError as exc:
            detail = [{"loc": [str(p) for p in e["loc"]], "msg": e["msg"], "type": e["type"]}
                      for e in exc.errors()[:50]]
            raise ApiError(422, detail) from None
        items = parsed if isinstance(parsed, list) else [parsed]
        if not items:
            raise ApiError(422, "the list of articles is empty")
        if len(items) > MAX_BATCH:
            raise ApiError(413, f"{len(items)} articles in one request; send at most {MAX_BATCH}")
        return items

    def ingest(self, items: list[ArticleIn]) -> dict[str, Any]:
        """Ingest through `redline.ingest.run.ingest`, reading the records as a JSON array from memory."""
        data = json.dumps([i.model_dump(exclude_none=True) for i in items], ensure_ascii=False).encode("utf-8")
        options = ReadOptions(format="json", max_record_chars=self.settings.max_record_chars)
        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline.from_names(self.settings.ingest_stages, self.settings)
            report = ingest(["-"], self.settings, options=options, pipeline=self._pipeline,
                            stdin=io.BytesIO(data))
        result = report.to_dict()
        for problem in result["problems"]:
            problem["origin"] = problem["origin"].replace("<stdin>:", "", 1)
        return result
