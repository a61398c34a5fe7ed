"""`redline events`: list, filter and export the stored events."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from redline.cli import app
from redline.cli.common import DEFAULT_DB, DbOption, err, fail, out
from redline.store.db import connect
from redline.store.queries import EventFilter, count_events, list_events

FORMATS = ("table", "jsonl", "csv", "parquet", "geojson")


@app.command("events")
def events_cli(
    since: Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")] = None,
    actor: Annotated[str | None, typer.Option(help="Some actor has this code (RUS, UKR, NATO, ...).")] = None,
    recipient: Annotated[str | None, typer.Option(help="Some recipient has this code.")] = None,
    dyad: Annotated[str | None, typer.Option(help="ACTOR-RECIPIENT codes, as RUS-UKR (directed).")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER event type, as ASSAULT.")] = None,
    mode: Annotated[str | None, typer.Option(help="PLOVER mode, as drone or aerial.")] = None,
    status: Annotated[str | None, typer.Option(help="occurred, planned, threatened, claimed, denied or negated.")] = None,
    weapon: Annotated[str | None, typer.Option(help="A weapon name contains this (ATACMS, drone, ...).")] = None,
    place: Annotated[str | None, typer.Option(help="The place name contains this, or the country code is it.")] = None,
    text: Annotated[str | None, typer.Option(help="The evidence sentence contains this.")] = None,
    bbox: Annotated[str | None, typer.Option(help="min_lon,min_lat,max_lon,max_lat: geocoded events inside.")] = None,
    min_sources: Annotated[int | None, typer.Option("--min-sources", min=1, help="Reports of fused events with at "
                                                    "least this many independent sources.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many (tables default to 50).")] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    format: Annotated[str, typer.Option("--format", "-f", help="table, jsonl, csv, parquet or geojson.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (needed for parquet).")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List or export events, by date; filters combine (all must hold)."""
    if format not in FORMATS:
        fail(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
    if format == "parquet" and output is None:
        fail("parquet is binary: name a file with --output")
    if limit is None and format == "table" and output is None:
        limit = 50
    flt = EventFilter(date_from=since, date_to=until, actor=actor, recipient=recipient, dyad=dyad,
                      event_type=event_type, mode=mode, status=status, weapon=weapon, place=place, text=text,
                      bbox=_bbox(bbox) if bbox else None, min_sources=min_sources, limit=limit,
                      offset=offset)
    try:
        conn = connect(db, readonly=True)
        events = list_events(conn, flt)
    except (FileNotFoundError, RuntimeError, ValueError) as exc:
        fail(str(exc))
        return
    if format == "table" and output is None:
        _table(events)
        total = count_events(conn, flt)
        if total > offset + len(events):
            err.print(f"{len(events)} of {total} events shown; use --limit and --offset for more", highlight=False)
        return
    _export(events, "jsonl" if format == "table" else format, output)


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in value.split(","))
    except ValueError:
        fail(f"--bbox wants min_lon,min_lat,max_lon,max_lat, not {value!r}")
        raise
    return min_lon, min_lat, max_lon, max_lat


def _export(events: list[dict[str, Any]], format: str, output: Path | None) -> None:
    from redline.export import get_exporter

    exporter = get_exporter(format)
    if output is None:
        exporter.write(events, sys.stdout)
        return
    if exporter.binary:
        with output.open("wb") as stream:
            count = exporter.write(events, stream)
    else:
        with output.open("w", encoding="utf-8", newline="") as stream:
            count = exporter.write(events, stream)
    err.print(f"wrote {count} events to {output}", highlight=False, markup=False)


def _codes(entities: list[dict[str, Any]]) -> str:
    names = [e.get("code") or e.get("sector") or "?" for e in entities]
    return ",".join(dict.fromkeys(names)) or "—"


def _table(events: list[dict[str, Any]]) -> None:
    # Fixed narrow columns and one flexible place column: one line per event at any terminal width.
    table = Table(expand=True, box=None, padding=(0, 1, 0, 0), header_style="bold")
    table.add_column("id", width=23, no_wrap=True, overflow="ellipsis")
    table.add_column("date", width=10, no_wrap=True)
    table.add_column("type", width=9, no_wrap=True)
    table.add_column("actor→rcp", width=9, no_wrap=True, overflow="ellipsis")
    table.add_column("place", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("dead/inj", width=8, no_wrap=True, overflow="ellipsis")
    table.add_column("status", width=10, no_wrap=True)
    for e in events:
        loc, size = e.get("event_loc") or {}, e.get("size") or {}
        dead, injured = size.get("dead"), size.get("injured")
        toll = "" if dead is None and injured is None else f"{'?' if dead is None else dead}/{'?' if injured is None else injured}"
        date = Text(e.get("date") or "—", style="" if e.get("date_precision") == "day" else "dim")
        place = loc.get("resolved_place") or loc.get("extracted_place") or ""
        table.add_row(Text(e["id"]), date, Text((e.get("event") or ["?"])[0]),
                      Text(f"{_codes(e.get('actor') or [])}→{_codes(e.get('recipient') or [])}"),
                      Text(place), toll, Text(e.get("status") or ""))
    out.print(table)
