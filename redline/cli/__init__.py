"""The `redline` command line: a thin layer over the library, one file per command.

Only this package prints. Data goes to stdout (tables, JSON Lines); progress and errors go to stderr.
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from redline import __version__

app = typer.Typer(name="redline", no_args_is_help=True, add_completion=False,
                  help="Escalation monitor: ingest war news into a verified, deduplicated event record.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"redline {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                         help="Print the version and exit.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")] = False,
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


# Importing the command modules registers their commands on `app`.
from redline.cli import (  # noqa: E402,F401
    alerts,
    analyse,
    articles,
    data,
    eval,
    events,
    explain,
    extract,
    ingest,
    serve,
    stats,
)


def main() -> None:
    app()
