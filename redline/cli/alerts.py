"""`redline alerts` (evaluate the alert rules, list stored alerts) and `redline watch` (ingest files as they
arrive, emit new alerts as JSON Lines, deliver them to a webhook or by email). Docs: docs/alerts.md."""

from __future__ import annotations

import json
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlparse

import typer
from rich import box
from rich.table import Table

from redline import errors
from redline.analyse.alert_rules import KINDS, Rule, RulesError, load_rules, rules_path
from redline.cli import app
from redline.cli.common import DEFAULT_DB, ConfigOption, DbOption, fail, out, print_json, settings_for
from redline.settings import Settings
from redline.store.db import connect
from redline.store.queries import AlertFilter, list_alerts

RulesOption = Annotated[Path | None, typer.Option("--rules", help="Alert rules file (default: setting alert_rules, "
                                                                  "else the shipped redline/data/alerts.yaml).")]
FORMATS = ("table", "jsonl")


def _rules(given: Path | None, settings: Settings) -> list[Rule]:
    path = given or settings.alert_rules or None
    try:
        return load_rules(path)
    except RulesError as exc:
        fail(str(errors.R401(path=rules_path(path), detail=str(exc).removeprefix(f"{rules_path(path)}: "))))
        raise  # unreachable; fail() exits


def _evaluate_and_store(settings: Settings, rules: list[Rule]) -> int:
    from redline.watch.record import record_alerts

    conn = connect(settings.db)
    try:
        return len(record_alerts(conn, rules))
    finally:
        conn.close()


@app.command("alerts")
def alerts_cli(
    since: Annotated[str | None, typer.Option(help="Alerts dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    kind: Annotated[str | None, typer.Option(help=f"Only this kind: {', '.join(KINDS)}.")] = None,
    dyad: Annotated[str | None, typer.Option(help="Only this ACTOR-RECIPIENT dyad.")] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many, newest first.")] = None,
    no_evaluate: Annotated[bool, typer.Option("--no-evaluate", help="List the stored alerts without evaluating "
                                                                    "the rules first (read-only).")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
    rules: RulesOption = None,
    db: DbOption = DEFAULT_DB,
    config: ConfigOption = None,
) -> None:
    """Evaluate the alert rules over the store, store new alerts (each once), and list the stored alerts."""
    if format not in FORMATS:
        fail(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
    if kind is not None and kind not in KINDS:
        fail(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
    settings = settings_for(db, config)
    if not Path(db).exists():  # evaluating opens the store for writing, which would create an empty one
        fail(f"store not found: {db} (run `redline ingest` or `redline watch` first, or pass --db)")
    try:
        if not no_evaluate:
            new = _evaluate_and_store(settings, _rules(rules, settings))
            sys.stderr.write(f"{new} new alert(s)\n")
        conn = connect(db, readonly=True)
        found = list_alerts(conn, AlertFilter(kind=kind, dyad=dyad, since=since, limit=limit))
    except (FileNotFoundError, RuntimeError) as exc:
        fail(str(exc))
        return
    if format == "jsonl":
        for alert in found:
            print_json(alert)
        return
    table = Table(expand=True, box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0))
    for name, width in (("date", 10), ("severity", 8), ("rule", 18), ("dyad", 8)):
        table.add_column(name, width=width, no_wrap=True, overflow="ellipsis")
    table.add_column("message", ratio=1, no_wrap=True, overflow="ellipsis")
    for alert in found:
        table.add_row(alert["date"] or "—", alert["severity"], alert["rule"], alert["dyad"] or "—", alert["message"])
    out.print(table)


def _emit(alert: dict[str, Any]) -> None:
    # One line per alert, flushed at once: a pipe reader (jq, a log shipper) sees it without delay.
    sys.stdout.write(json.dumps(alert, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def _warn(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _channels(settings: Settings, webhook: str | None, smtp: str | None, mail_from: str | None,
              mail_to: list[str]) -> list[Any]:
    from redline.watch.deliver import Email, Webhook

    channels: list[Any] = []
    timeout = float(settings.alert_delivery_timeout)
    if webhook:
        parsed = urlparse(webhook)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            fail(f"--webhook wants an http:// or https:// URL, not {webhook!r}")
        channels.append(Webhook(webhook, timeout))
    if smtp or mail_from or mail_to:
        if not (smtp and mail_from and mail_to):
            fail("email needs --smtp HOST:PORT, --mail-from and at least one --mail-to")
        host, _, port = smtp.rpartition(":")
        if not host or not port.isdigit():
            fail(f"--smtp wants HOST:PORT, as 127.0.0.1:25, not {smtp!r}")
        channels.append(Email(host.strip("[]"), int(port), mail_from, tuple(mail_to), timeout))
    return channels


def _stop_on_sigterm() -> None:
    """SIGTERM (a service manager stopping us) ends the loop as Ctrl-C does."""
    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (tests calling the command in a thread)
        pass


@app.command("watch")
def watch_cli(
    source: Annotated[Path, typer.Argument(help="A folder (new or changed files are ingested) or a feed / JSON "
                                                "Lines file (ingested again when it changes).")],
    interval: Annotated[float, typer.Option(min=0.1, help="Seconds between passes.")] = 60.0,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
    settle: Annotated[float, typer.Option(min=0, help="Seconds a file must stay unchanged before it is read "
                                                      "(it may still be being written).")] = 1.0,
    webhook: Annotated[str | None, typer.Option(help="POST each new alert as JSON to this URL.")] = None,
    smtp: Annotated[str | None, typer.Option(help="Mail each new alert through this SMTP server, HOST:PORT.")] = None,
    mail_from: Annotated[str | None, typer.Option("--mail-from", help="Sender address of alert mails.")] = None,
    mail_to: Annotated[list[str], typer.Option("--mail-to", help="Recipient of alert mails (repeatable).")] = [],  # noqa: B006
    from_now: Annotated[bool, typer.Option("--from-now", help="Do not emit the alerts the store already raises "
                                                              "when the watch starts, only later ones.")] = False,
    rules: RulesOption = None,
    db: DbOption = DEFAULT_DB,
    config: ConfigOption = None,
) -> None:
    """Ingest files as they arrive, evaluate the alert rules, print each new alert as a JSON line on stdout
    and deliver it to a webhook or by email; Ctrl-C stops."""
    from redline.watch.loop import Watcher

    settings = settings_for(db, config)
    channels = _channels(settings, webhook, smtp, mail_from, mail_to)
    watcher = Watcher(source, settings, _rules(rules, settings), channels, emit=_emit, warn=_warn, settle=settle,
                      from_now=from_now)
    _stop_on_sigterm()
    try:
        watcher.run(interval=interval, once=once)
    except KeyboardInterrupt:
        _warn("redline watch: stopped")
    except BrokenPipeError:
        # The reader of stdout went away (`| head`): nothing more can be emitted. Alerts not marked emitted
        # are emitted again by the next watch.
        sys.stderr.write("redline watch: stdout was closed; stopped\n")
        raise typer.Exit(1) from None
    except (RuntimeError, sqlite3.Error) as exc:  # store problems: newer schema, not a store, locked (--once)
        fail(str(exc))
