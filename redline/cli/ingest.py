"""`redline ingest PATH...`: read, clean, deduplicate and store articles, with their events."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from redline.cli import app
from redline.cli.common import (
    DEFAULT_DB,
    ConfigOption,
    DbOption,
    JsonOption,
    QuietOption,
    err,
    fail,
    out,
    print_json,
    settings_for,
)
from redline.ingest.readers import ReadOptions
from redline.ingest.run import IngestReport, ingest
from redline.registry import readers

FORMAT_HELP = "Read every input as this format instead of guessing: text, html, markdown, jsonl, json, csv, feed."


@app.command("ingest")
def ingest_cli(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, directories (recursive) or - for stdin.")] = None,
    include: Annotated[list[str], typer.Option("--include", "-i", help="Glob of files to read in directories.")] = [],  # noqa: B006
    exclude: Annotated[list[str], typer.Option("--exclude", "-x", help="Glob of files to pass over.")] = [],  # noqa: B006
    format: Annotated[str | None, typer.Option("--format", "-f", help=FORMAT_HELP)] = None,
    id_field: Annotated[str | None, typer.Option(help="Record column holding the id.")] = None,
    text_field: Annotated[str | None, typer.Option(help="Record column holding the text.")] = None,
    title_field: Annotated[str | None, typer.Option(help="Record column holding the title.")] = None,
    date_field: Annotated[str | None, typer.Option(help="Record column holding the publication date.")] = None,
    url_field: Annotated[str | None, typer.Option(help="Record column holding the URL.")] = None,
    source_field: Annotated[str | None, typer.Option(help="Record column holding the publisher.")] = None,
    language_field: Annotated[str | None, typer.Option(help="Record column holding the language.")] = None,
    id_prefix: Annotated[str, typer.Option(help="Prefix for every id of this run (keeps dumps with clashing ids apart).")] = "",
    no_extract: Annotated[bool, typer.Option("--no-extract", help="Store articles without extracting their events.")] = False,
    reextract: Annotated[bool, typer.Option("--reextract", help="Afterwards extract every stored article again, replacing its events.")] = False,
    db: DbOption = DEFAULT_DB,
    config: ConfigOption = None,
    quiet: QuietOption = False,
    json_output: JsonOption = False,
) -> None:
    """Ingest articles and extract their events; exit code 1 if any input could not be used."""
    paths = paths or []
    if not paths and not reextract:
        fail("name the files or folders to ingest (or - for stdin), or pass --reextract")
    if no_extract and reextract:
        fail("--no-extract and --reextract contradict each other")
    settings = settings_for(db, config, extract_on_ingest=False if no_extract else None)
    if format is not None and format not in readers.names():
        fail(f"unknown format {format!r}; choose from {', '.join(readers.names())}")
    fields = {"id": id_field, "text": text_field, "title": title_field, "published": date_field,
              "url": url_field, "source": source_field, "language": language_field}
    options = ReadOptions(format=format, fields={k: v for k, v in fields.items() if v},
                          id_prefix=id_prefix, max_record_chars=settings.max_record_chars)
    show_progress = not quiet and not json_output
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  TimeElapsedColumn(), console=err, transient=True, disable=not show_progress) as bar:
        task = bar.add_task("", total=None)

        def progress(report: IngestReport, origin: str) -> None:
            bar.update(task, completed=report.inputs,
                       description=f"{report.ingested} stored, {report.duplicates} copies, {report.events} events"
                                   f" · {Path(origin).name[:40]}")

        try:
            report = ingest(paths, settings, options=options, include=include, exclude=exclude, progress=progress,
                            reextract=reextract)
        except RuntimeError as exc:  # store problems: newer schema, not a redline store
            fail(str(exc))
            return
    if json_output:
        print_json(report.to_dict())
    elif not quiet:
        print_summary(report, settings.db)
    raise typer.Exit(1 if report.failed else 0)


def print_summary(report: IngestReport, db: str) -> None:
    table = Table(title=f"ingest run {report.run_id} → {db}", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [("inputs read", report.inputs), ("articles seen", report.records), ("stored", report.ingested),
            ("  of which syndicated copies", report.duplicates), ("unchanged (already stored)", report.unchanged),
            ("events extracted", report.events)]
    if report.reextracted:
        rows.append(("  from stored articles re-extracted", report.reextracted))
    rows.append(("skipped", sum(report.skipped.values())))
    for name, value in rows:
        table.add_row(name, str(value))
    for code, count in sorted(report.skipped.items()):
        table.add_row(f"  {code}", str(count))
    if report.warned:
        table.add_row("warnings", str(sum(report.warned.values())))
    out.print(table)
    shown = report.problems[:20]
    for origin, skip in shown:
        colour = {"error": "red", "policy": "yellow", "warning": "yellow"}[skip.severity.value]
        out.print(f"[{colour}]{skip.code}[/] {origin}: {skip.detail}", highlight=False)
    if len(report.problems) > len(shown):
        out.print(f"… {len(report.problems) - len(shown)} more (see `redline stats` or --json)")
