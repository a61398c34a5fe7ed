"""`redline redlines`, `redline firsts`, `redline escalation`, `redline fused`: analyses computed from the stored events."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from redline.analyse.escalation import PERIODS, escalation
from redline.analyse.firsts import firsts
from redline.analyse.fusion import fused_events
from redline.analyse.redlines import DEFAULT_WINDOW_DAYS, red_lines
from redline.analyse.stored import refresh_stored
from redline.cli import app
from redline.cli.common import DEFAULT_DB, DbOption, fail, out, print_json
from redline.store.db import connect, transaction

FORMATS = ("table", "jsonl")
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")]


def _narrow_table(**options: Any) -> Table:
    """The analysis tables: full width, light rules, one line per item."""
    return Table(expand=True, box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0), **options)


def _print_jsonl(items: Any) -> None:
    for item in items:
        print_json(item)


def _run(db, format: str, compute: Callable[[Any], Any]) -> Any:
    if format not in FORMATS:
        fail(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
    try:
        conn = connect(db, readonly=True)
        return compute(conn)
    except (FileNotFoundError, RuntimeError, ValueError) as exc:
        fail(str(exc))


def _codes(entities: list[dict[str, Any]]) -> str:
    return ",".join(dict.fromkeys(e["code"] or "?" for e in entities)) or "—"


@app.command("redlines")
def redlines_cli(
    format: FormatOption = "table",
    window_days: Annotated[int, typer.Option("--window-days", min=1,
                                             help="Days after a crossing without response before a red line "
                                                  "is not_followed_through.")] = DEFAULT_WINDOW_DAYS,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List red lines (conditional threats): who drew them, the condition, crossings, responses, status."""
    lines = _run(db, format, lambda conn: red_lines(conn, window_days=window_days))
    if format == "jsonl":
        _print_jsonl(lines)
        return
    table = _narrow_table()
    table.add_column("id", width=15, no_wrap=True)
    table.add_column("drawn on", width=10, no_wrap=True)
    table.add_column("by", width=7, no_wrap=True)
    table.add_column("against", width=7, no_wrap=True)
    table.add_column("status (lag)", width=20, no_wrap=True)
    table.add_column("condition", ratio=1, no_wrap=True, overflow="ellipsis")
    for line in lines:
        status = line["status"] + ("" if line["lag_days"] is None else f" {line['lag_days']}d")
        table.add_row(line["id"], line["drawn_on"] or "—", _codes(line["actor"]), _codes(line["recipient"]), status,
                      line["condition"]["text"])
    out.print(table)


@app.command("firsts")
def firsts_cli(
    format: FormatOption = "table",
    refresh_first: Annotated[bool, typer.Option("--refresh", help="Store the fusion and firsts of articles that "
                                                "await them (after an interrupted ingest) before listing.")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Recompute the stored firsts of every article (after "
                                          "editing weapon classes or makers in weapons.yaml).")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List precedent-breaking events: first use of a weapon class in a dyad, first strike on a country
    with a given supplier's weapon."""
    if refresh_first or rebuild:
        _refresh(db, rebuild_firsts=rebuild)
    found = _run(db, format, firsts)
    if format == "jsonl":
        _print_jsonl(found)
        return
    table = _narrow_table()
    table.add_column("date", width=10, no_wrap=True)
    table.add_column("kind", width=8, no_wrap=True)
    table.add_column("actor", width=5, no_wrap=True)
    table.add_column("on", width=5, no_wrap=True)
    table.add_column("weapon", width=14, no_wrap=True, overflow="ellipsis")
    table.add_column("from", width=4, no_wrap=True)
    table.add_column("evidence", ratio=1, no_wrap=True, overflow="ellipsis")
    for item in found:
        kind = "class" if item["kind"] == "weapon_class" else "supplier"
        on = item["recipient"] if item["kind"] == "weapon_class" else item["territory"]
        table.add_row(item["date"], kind, item["actor"], on or "—", f"{item['weapon']}",
                      item["supplier"] or "", item["evidence"] or "")
    out.print(table)


@app.command("escalation")
def escalation_cli(
    dyad: Annotated[str, typer.Option(help="ACTOR-RECIPIENT codes, as RUS-UKR (directed).")],
    period: Annotated[str, typer.Option(help="day or week.")] = "week",
    baseline: Annotated[int, typer.Option(min=2, help="Earlier periods the z-score compares with.")] = 8,
    format: FormatOption = "table",
    db: DbOption = DEFAULT_DB,
) -> None:
    """Print a dyad's event series by period and its escalation index (method: docs/escalation.md)."""
    if period not in PERIODS:
        fail(f"unknown period {period!r}; choose from {', '.join(PERIODS)}")
    result = _run(db, format, lambda conn: escalation(conn, dyad, period=period, baseline=baseline))
    if format == "jsonl":
        for row in result["series"]:
            print_json({"dyad": result["dyad"], **row})
        return
    if not result["series"]:
        sys.stderr.write(f"no events for {result['dyad']}\n")
        return
    table = _narrow_table(title=f"{result['dyad']} by {period}")
    for name, width in (("period", 10), ("n", 4), ("q1", 3), ("q2", 3), ("q3", 3), ("q4", 3), ("conf", 6),
                        ("z", 6), ("index", 6), ("cp", 3)):
        table.add_column(name, width=width, no_wrap=True, justify="left" if name == "period" else "right")
    table.add_column("drivers", ratio=1, no_wrap=True, overflow="ellipsis")
    for row in result["series"]:
        drivers = ", ".join(d["kind"] + (f" ({d['detail']})" if d["detail"] else "") for d in row["drivers"])
        table.add_row(row["period"], str(row["n"]), str(row["q1"]), str(row["q2"]), str(row["q3"]), str(row["q4"]),
                      f"{row['conflict']:g}", f"{row['z']:.2f}", f"{row['index']:.2f}",
                      "yes" if row["change"] else "", drivers)
    out.print(table)


def _refresh(db: Path | str, *, rebuild_firsts: bool = False) -> None:
    if not Path(db).exists():
        fail(f"store not found: {db} (run `redline ingest` first, or pass --db)")
    try:
        with transaction(connect(db)) as conn:
            refresh_stored(conn, rebuild_firsts=rebuild_firsts)
    except (RuntimeError, OSError) as exc:
        fail(str(exc))


@app.command("fused")
def fused_cli(
    format: FormatOption = "table",
    min_sources: Annotated[int, typer.Option("--min-sources", min=1,
                                             help="Only events reported by at least this many independent "
                                                  "sources.")] = 1,
    refresh_first: Annotated[bool, typer.Option("--refresh", help="Store the fusion and firsts of articles that "
                                                "await them (after an interrupted ingest) before listing.")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List real-world events: reports across articles and outlets fused into one (method: docs/fusion.md)."""
    if refresh_first:
        _refresh(db)
    found = _run(db, format, lambda conn: fused_events(conn, min_sources=min_sources))
    if format == "jsonl":
        _print_jsonl(found)
        return
    table = _narrow_table()
    for name, width in (("date", 10), ("type", 8), ("actor", 7), ("on", 7), ("place", 14), ("dead", 6),
                        ("rep", 3), ("src", 3)):
        table.add_column(name, width=width, no_wrap=True, overflow="ellipsis",
                         justify="right" if name in ("dead", "rep", "src") else "left")
    table.add_column("evidence", ratio=1, no_wrap=True, overflow="ellipsis")
    for item in found:
        place = (item["place"] or {}).get("resolved_place") or (item["place"] or {}).get("extracted_place") or "—"
        dead = "" if item["dead"] is None else str(item["dead"]) + ("*" if "dead" in item["disagreements"] else "")
        table.add_row(item["date"] or "—", item["event"] or "—", ",".join(item["actor"]) or "—",
                      ",".join(item["recipient"]) or "—", place, dead, str(item["n_reports"]),
                      str(item["n_independent_sources"]), item["evidence"] or "")
    out.print(table)
