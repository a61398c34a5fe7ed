"""The REST API: thin routes over `redline.store.queries`, one read-only connection per request.

`create_app(db_path, token=..., max_body_bytes=...)` builds the app from its arguments alone (no global
state). Reads open the store `mode=ro`, so `redline serve` and `redline ingest` run at once on one store
(WAL). Writes (POST /api/articles) need a token and go through the ingest code path (`serve/write.py`).
OpenAPI is at /openapi.json, interactive docs at /docs, the dashboard (`serve/dashboard/`) at /;
docs/api.md describes every route.
"""

# No `from __future__ import annotations` here: FastAPI evaluates the routes' annotations, and some name
# aliases local to `create_app`.

import dataclasses
import importlib
import io
import math
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from redline import __version__
from redline.serve.errors import ApiError, error_body, install_error_handlers
from redline.serve.write import ArticleWriter, request_body_schema
from redline.settings import Settings, load_settings
from redline.store import queries
from redline.store.db import connect

DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_LIMIT = 1000
DASHBOARD = Path(__file__).parent / "dashboard"
MAX_OFFSET = 2**31
# /api/events counts matches up to this many; beyond, `total` is a lower bound and `total_is_exact` false,
# so that a broad filter on a large store answers as fast as a narrow one (docs/api.md).
TOTAL_CAP = 10_000
DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"

Code = Annotated[str | None, Query(max_length=64, pattern=r"^[\w.:-]+$")]  # RUS, ASSAULT, heavy-weapons
Word = Annotated[str | None, Query(max_length=200)]
DateParam = Annotated[str | None, Query(pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD.")]
Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]

_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid parameters", "content": {"application/json": {"example": error_body(
        "invalid_request", [{"loc": ["query", "limit"], "msg": "...", "type": "less_than_equal"}])}}}}


def create_app(db_path: str | Path, *, token: str | None = None,
               max_body_bytes: int = DEFAULT_MAX_BODY_BYTES, settings: Settings | None = None) -> FastAPI:
    """The API over the store at `db_path`.

    Args:
        db_path: the SQLite store; it must exist (see `redline ingest`).
        token: the bearer token that POST /api/articles requires; None makes the server read-only.
        max_body_bytes: the largest request body accepted (413 beyond).
        settings: ingest settings for POSTed articles; when omitted, `load_settings()` (redline.toml, REDLINE_*).
    Returns:
        A FastAPI app; run it with uvicorn (`redline serve`) or test it with `fastapi.testclient.TestClient`.
    """
    db_path = Path(db_path)
    settings = (settings or load_settings()).replace(db=str(db_path))
    writer = ArticleWriter(settings, token, max_body_bytes)
    app = FastAPI(title="redline", version=__version__, responses=_ERRORS,
                  description="Read the event record of a redline store; submit articles with a token.")
    install_error_handlers(app)

    def store() -> Iterator[sqlite3.Connection]:
        try:
            conn = connect(db_path, readonly=True)
        except (FileNotFoundError, RuntimeError) as exc:
            raise ApiError(503, str(exc)) from None
        try:
            yield conn
        finally:
            conn.close()

    Store = Annotated[sqlite3.Connection, Depends(store)]

    def event_filter(
        date_from: DateParam = None, date_to: DateParam = None,
        actor: Annotated[Code, Query(description="Some actor has this code (RUS, UKR, ...).")] = None,
        recipient: Annotated[Code, Query(description="Some recipient has this code.")] = None,
        dyad: Annotated[str | None, Query(max_length=130, pattern=r"^[A-Za-z0-9_.:]+-[A-Za-z0-9_.:]+$",
                                          description="ACTOR-RECIPIENT codes, as RUS-UKR (directed).")] = None,
        event_type: Annotated[Code, Query(description="PLOVER event type, as ASSAULT.")] = None,
        mode: Annotated[Code, Query(description="PLOVER mode, as drone.")] = None,
        status: Annotated[Code, Query(description="occurred, planned, threatened, claimed, denied, negated.")] = None,
        weapon: Annotated[Word, Query(description="A weapon name contains this.")] = None,
        place: Annotated[Word, Query(description="The place name contains this, or the country code is it.")] = None,
        text: Annotated[Word, Query(description="The evidence sentence contains this.")] = None,
        bbox: Annotated[str | None, Query(max_length=200, description="min_lon,min_lat,max_lon,max_lat.")] = None,
        min_sources: Annotated[int | None, Query(ge=1, le=10_000, description="Reports of fused events with at "
                                                 "least this many independent sources.")] = None,
    ) -> queries.EventFilter:
        return queries.EventFilter(date_from=date_from, date_to=date_to, actor=actor, recipient=recipient,
                                   dyad=dyad, event_type=event_type, mode=mode, status=status, weapon=weapon,
                                   place=place, text=text, bbox=parse_bbox(bbox) if bbox else None,
                                   min_sources=min_sources)

    Filter = Annotated[queries.EventFilter, Depends(event_filter)]

    @app.get("/api/events", summary="List, filter and export events")
    def events(conn: Store, flt: Filter, limit: Limit = 100, offset: Offset = 0,
               format: Literal["json", "jsonl", "csv", "geojson", "parquet"] = "json") -> Any:
        """Events by date (undated last), then id. `format` other than json streams the page through the
        exporter of that name; the total matching count is in the `X-Total-Count` header.

        `total` is exact up to TOTAL_CAP matches; beyond, it is a lower bound and `total_is_exact` is false
        (header `X-Total-Is-Exact`)."""
        flt = dataclasses.replace(flt, limit=limit, offset=offset)
        found = queries.list_events(conn, flt)
        total, exact = page_total(conn, flt, found)
        if format == "json":
            # Straight to JSON: the records are plain JSON already, and a page may hold 1000 of them.
            return JSONResponse({"total": total, "total_is_exact": exact, "limit": limit, "offset": offset,
                                 "events": found})
        return export(found, format, total, exact)

    @app.get("/api/events/{event_id:path}", summary="One event with its article and evidence")
    def event(conn: Store, event_id: Annotated[str, PathParam(max_length=2000)]) -> dict[str, Any]:
        found = queries.get_event(conn, event_id)
        if found is None:
            raise ApiError(404, f"no event {event_id!r}")
        return found

    @app.get("/api/articles", summary="List articles")
    def articles(conn: Store, language: Annotated[str | None, Query(max_length=20)] = None,
                 published_from: DateParam = None, published_to: DateParam = None, search: Word = None,
                 canonical_only: bool = False, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Articles by publication date (undated last); `canonical_only` leaves out syndicated copies."""
        flt = queries.ArticleFilter(language=language, published_from=published_from, published_to=published_to,
                                    search=search, canonical_only=canonical_only, limit=limit, offset=offset)
        return {"limit": limit, "offset": offset, "articles": queries.list_articles(conn, flt)}

    @app.get("/api/articles/{article_id:path}", summary="One article with its metadata, copies and text")
    def article(conn: Store, article_id: Annotated[str, PathParam(max_length=2000)]) -> dict[str, Any]:
        found = queries.get_article(conn, article_id)
        if found is None:
            raise ApiError(404, f"no article {article_id!r}")
        return found

    @app.post("/api/articles", summary="Submit articles for ingestion (token required)",
              openapi_extra={"requestBody": request_body_schema()},
              responses={401: {"description": "Missing or wrong token"},
                         403: {"description": "The server is read-only"},
                         413: {"description": "Body or batch too large"}})
    async def submit(request: Request) -> dict[str, Any]:
        """One article object or a list of them; answers with the ingest report (ingested, duplicates,
        skipped by code, events)."""
        writer.check_token(request)
        items = writer.parse(await writer.read_body(request))
        return await run_in_threadpool(writer.ingest, items)

    @app.get("/api/stats", summary="Counts of articles and events")
    def stats(conn: Store) -> dict[str, Any]:
        return {"articles": queries.stats(conn), "events": queries.event_stats(conn)}

    @app.get("/api/dyads", summary="Event counts per directed actor -> recipient pair")
    def dyads(conn: Store, flt: Filter, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Pairs of actor and recipient codes among the events matching the filters, most events first."""
        flt = dataclasses.replace(flt, limit=limit, offset=offset)
        return {"limit": limit, "offset": offset, "dyads": queries.dyad_counts(conn, flt)}

    @app.get("/api/escalation", summary="Escalation series and index of one directed dyad",
             responses={501: {"description": "The analysis layer is not installed"}})
    def escalation(conn: Store,
                   dyad: Annotated[str, Query(max_length=130, pattern=r"^[A-Za-z0-9_.:]+-[A-Za-z0-9_.:]+$",
                                              description="ACTOR-RECIPIENT codes, as RUS-UKR.")],
                   period: Literal["day", "week"] = "week",
                   baseline: Annotated[int, Query(ge=1, le=520, description="Earlier periods the z-score "
                                                                            "compares with.")] = 8) -> Any:
        """Per period: counts by quad class, conflict score, z against the baseline, drivers, index, change
        points (docs/escalation.md)."""
        return analysis("escalation", "escalation")(conn, dyad, period=period, baseline=baseline)

    @app.get("/api/redlines", summary="Red lines drawn, crossed and followed through",
             responses={501: {"description": "The analysis layer is not installed"}})
    def redlines(conn: Store, window_days: Annotated[int | None, Query(ge=1, le=3650, description="Days after "
                 "a crossing without a response before a red line is not_followed_through (default: the "
                 "analysis default).")] = None) -> Any:
        options = {} if window_days is None else {"window_days": window_days}
        return {"redlines": analysis("redlines", "red_lines")(conn, **options)}

    @app.get("/api/firsts", summary="Precedent-breaking events",
             responses={501: {"description": "The analysis layer is not installed"}})
    def firsts(conn: Store) -> Any:
        return {"firsts": analysis("firsts", "firsts")(conn)}

    @app.get("/api/alerts", summary="Stored alerts, newest first")
    def alerts(conn: Store,
               kind: Annotated[Literal["escalation", "redline_crossed", "first", "nuclear_signal", "casualties"] | None,
                               Query(description="Only alerts of this kind.")] = None,
               rule: Annotated[Code, Query(description="Only alerts of this rule id.")] = None,
               severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Query()] = None,
               dyad: Annotated[str | None, Query(max_length=130, pattern=r"^[A-Za-z0-9_.:]+-[A-Za-z0-9_.:]+$",
                                                 description="ACTOR-RECIPIENT codes, as RUS-UKR.")] = None,
               since: DateParam = None, until: DateParam = None,
               seen_since: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}(T[\d:]+Z?)?$",
                                                       description="First stored at or after this UTC time, "
                                                                   "as 2025-06-01T12:00:00Z.")] = None,
               limit: Limit = 100, offset: Offset = 0) -> Any:
        """Alerts stored by `redline alerts` or `redline watch` (this server only reads them), by alert date,
        newest first; each with `first_seen` and its `deliveries`. The total is in `total` (docs/alerts.md)."""
        flt = queries.AlertFilter(kind=kind, rule=rule, severity=severity, dyad=dyad, since=since, until=until,
                                  seen_since=seen_since, limit=limit, offset=offset)
        return JSONResponse({"total": queries.count_alerts(conn, flt), "limit": limit, "offset": offset,
                             "alerts": queries.list_alerts(conn, flt)})

    # The dashboard (static files in the package) at `/`; mounted last, so /api/* and /docs match first.
    app.mount("/", StaticFiles(directory=DASHBOARD, html=True), name="dashboard")
    return app


def analysis(module: str, name: str) -> Callable[..., Any]:
    """A function of `redline.analyse.<module>`, imported on use; 501 while that layer is missing.

    Its ValueError (a bad argument it checks itself) is answered 422."""
    try:
        function = getattr(importlib.import_module(f"redline.analyse.{module}"), name)
    except (ImportError, AttributeError):
        raise ApiError(501, f"redline.analyse.{module}.{name} is not available in this installation",
                       code="not_implemented") from None

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ValueError as exc:
            raise ApiError(422, str(exc)) from None

    return call


def page_total(conn: sqlite3.Connection, flt: queries.EventFilter, page: list[Any]) -> tuple[int, bool]:
    """(total, exact) of the events matching `flt`, of which `page` is the page at `flt.offset`.

    Counted up to TOTAL_CAP; past it the total is the largest bound known, and exact again on a last page
    (one shorter than the limit but not empty), where the page itself tells where the matches end."""
    total, exact = queries.count_events_upto(conn, flt, TOTAL_CAP)
    if exact:
        return total, True
    if not page:  # past the end, or limit=0: the page says nothing about the total
        return total, False
    if flt.limit is not None and len(page) < flt.limit:
        return flt.offset + len(page), True
    return max(total, flt.offset + len(page)), False


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """'min_lon,min_lat,max_lon,max_lat' as four finite numbers within the globe, or 422."""
    try:
        box = tuple(float(v) for v in value.split(","))
    except ValueError:
        box = ()
    if len(box) != 4 or not all(math.isfinite(v) for v in box):
        raise ApiError(422, f"bbox wants min_lon,min_lat,max_lon,max_lat as numbers, not {value!r}")
    min_lon, min_lat, max_lon, max_lat = box
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ApiError(422, "bbox wants -180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90")
    return min_lon, min_lat, max_lon, max_lat


def export(events: list[dict[str, Any]], format: str, total: int, exact: bool) -> Response:
    """A page of events in an exporter's format, with the total (exact or a lower bound) in headers."""
    from redline.export import get_exporter

    exporter = get_exporter(format)
    stream: Any = io.BytesIO() if exporter.binary else io.StringIO(newline="")
    exporter.write(events, stream)
    body = stream.getvalue()
    headers = {"X-Total-Count": str(total), "X-Total-Is-Exact": "true" if exact else "false",
               "Content-Disposition": f'inline; filename="events{exporter.suffix}"'}
    return Response(body, media_type=exporter.media_type, headers=headers)
