"""`redline data check`: validate the knowledge data files against their schemas."""

from __future__ import annotations

import typer

from redline.cli import app
from redline.cli.common import out
from redline.knowledge import check_all

data_app = typer.Typer(help="Knowledge data files (actors, weapons, boilerplate, places).", no_args_is_help=True)
app.add_typer(data_app, name="data")


@data_app.command("check")
def check_cli() -> None:
    """Validate every data file; exit 1 if any is malformed."""
    results = check_all()
    for name, result in results.items():
        mark = "[green]ok[/]" if result == "ok" else f"[red]{result}[/]"
        out.print(f"{name}: {mark}", highlight=False)
    raise typer.Exit(0 if all(r == "ok" for r in results.values()) else 1)
