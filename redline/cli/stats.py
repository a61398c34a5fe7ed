"""`redline stats`: what the store holds."""

from __future__ import annotations

from rich.table import Table

from redline.cli import app
from redline.cli.common import DEFAULT_DB, DbOption, JsonOption, fail, out, print_json
from redline.store.db import connect
from redline.store.queries import event_stats, recent_skips, stats


@app.command("stats")
def stats_cli(db: DbOption = DEFAULT_DB, json_output: JsonOption = False) -> None:
    """Counts of articles, duplicates, languages, months, runs, skip reasons and events."""
    try:
        conn = connect(db, readonly=True)
    except (FileNotFoundError, RuntimeError) as exc:
        fail(str(exc))
        return
    data = {**stats(conn), "events": event_stats(conn)}
    if json_output:
        print_json(data)
        return
    table = Table(title=f"store {db}", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    for key in ("articles", "canonical", "duplicates", "undated", "first_published", "last_published", "runs",
                "interrupted_runs"):
        table.add_row(key.replace("_", " "), str(data[key]))
    for key in ("by_language", "by_format", "skips_by_code"):
        if data[key]:
            table.add_row(key.replace("_", " "), ", ".join(f"{k}: {v}" for k, v in data[key].items()))
    events = data["events"]
    table.add_row("events", f"{events['events']} from {events['articles_extracted']} articles"
                            f" ({events['articles_not_extracted']} not extracted)")
    if events["by_type"]:
        table.add_row("events by type", ", ".join(f"{k}: {v}" for k, v in events["by_type"].items()))
    out.print(table)
    skips = recent_skips(conn, 10)
    if skips:
        out.print("[bold]latest skips[/]")
        for s in skips:
            out.print(f"  {s['code']} {s['origin']}: {s['detail']}", highlight=False, markup=False)
