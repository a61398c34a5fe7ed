"""Options and output helpers shared by the commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from redline.settings import Settings, load_settings

DbOption = Annotated[Path, typer.Option("--db", envvar="REDLINE_DB", help="SQLite store file.")]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="Settings file (default ./redline.toml).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON for scripts.")]

DEFAULT_DB = Path("redline.db")

out = Console(soft_wrap=True)
err = Console(stderr=True)


def settings_for(db: Path, config: Path | None, **overrides: Any) -> Settings:
    try:
        return load_settings(config, db=str(db), **overrides)
    except (ValueError, KeyError, FileNotFoundError) as exc:
        fail(f"bad settings: {exc}")
        raise  # unreachable; fail() exits


def fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
