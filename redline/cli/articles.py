"""`redline articles [ID]`: list, show and export stored articles."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.panel import Panel
from rich.table import Table

from redline.cli import app
from redline.cli.common import DEFAULT_DB, DbOption, fail, out
from redline.store.db import connect
from redline.store.queries import ArticleFilter, get_article, list_articles

FORMATS = ("table", "jsonl", "json", "csv")
EXPORT_KEYS = ("id", "source", "title", "published", "published_precision", "language", "publisher", "byline",
               "url", "format", "duplicate_of", "similarity", "text")


@app.command("articles")
def articles_cli(
    article_id: Annotated[str | None, typer.Argument(help="Show this one article.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, jsonl, json or csv.")] = "table",
    limit: Annotated[int | None, typer.Option(help="At most this many (tables default to 50).")] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    language: Annotated[str | None, typer.Option(help="Only this language.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    search: Annotated[str | None, typer.Option(help="Only articles whose title or text contains this.")] = None,
    canonical: Annotated[bool, typer.Option("--canonical", help="Leave out syndicated copies.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List, show or export articles."""
    if format not in FORMATS:
        fail(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
    try:
        conn = connect(db, readonly=True)
    except (FileNotFoundError, RuntimeError) as exc:
        fail(str(exc))
        return
    if article_id is not None:
        item = get_article(conn, article_id)
        if item is None:
            fail(f"no article with id {article_id!r}", code=1)
        _show(item, format)
        return
    if limit is None and format == "table":
        limit = 50
    rows = list_articles(conn, ArticleFilter(language=language, published_from=since, published_to=until,
                                             search=search, canonical_only=canonical, limit=limit, offset=offset))
    if format == "table" and output is None:
        _table(rows)
        return
    text = _render(rows, "jsonl" if format == "table" else format)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _render(rows: list[dict[str, Any]], format: str) -> str:
    rows = [{k: row.get(k) for k in EXPORT_KEYS} for row in rows]
    if format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_KEYS)
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _table(rows: list[dict[str, Any]]) -> None:
    # Fixed narrow columns and one flexible title column: one line per article at any terminal width.
    table = Table(expand=True)
    table.add_column("id", width=16, no_wrap=True)
    table.add_column("published", width=10, no_wrap=True)
    table.add_column("lang", width=4, no_wrap=True)
    table.add_column("title", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("copy of", width=16, no_wrap=True)
    for row in rows:
        table.add_row(row["id"], row["published"] or "—", row["language"] or "?",
                      row["title"] or f"[dim]({row['source']})[/]", row["duplicate_of"] or "")
    out.print(table)


def _show(item: dict[str, Any], format: str) -> None:
    if format != "table":
        sys.stdout.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")
        return
    facts = [f"[bold]{k}[/]: {item.get(k)}" for k in ("id", "source", "origin", "published", "published_precision",
                                                      "language", "publisher", "byline", "url", "duplicate_of")]
    if item["copies"]:
        facts.append(f"[bold]copies[/]: {', '.join(item['copies'])}")
    for code, detail in item["warnings"]:
        facts.append(f"[yellow]{code}[/] {detail}")
    out.print(Panel("\n".join(facts), title=item["title"] or "(no title)", title_align="left"))
    out.print(item["text"], markup=False, highlight=False)
