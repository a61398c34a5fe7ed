"""The watch loop: each pass ingests the new or changed files through the ingest run (`redline.ingest.run`),
evaluates the alert rules when the stored events changed, stores the alerts (each once), then emits every stored
alert not yet emitted, one JSON object per call of `emit`, and delivers it on the configured channels.

Delivery is at least once: an alert is marked emitted after it was emitted, so a watcher killed in between
emits it again when restarted. A failed delivery is a coded warning, recorded, and retried on later
passes up to `alert_delivery_attempts` times; once a server proved unreachable, the pass's other alerts for
it are deferred to the next pass (W404) rather than each waiting for a timeout. Nothing in a pass stops the
loop but the store itself.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from redline import errors
from redline.analyse.alert_rules import Rule
from redline.errors import Skip
from redline.ingest.run import IngestReport, ingest
from redline.pipeline import Pipeline
from redline.settings import Settings
from redline.store import alerts as alert_store
from redline.store.db import connect
from redline.store.queries import alerts_to_deliver, events_version
from redline.watch.deliver import DeliveryError
from redline.watch.record import record_alerts
from redline.watch.scan import ready, scan


class Channel(Protocol):
    channel: str

    @property
    def target(self) -> str: ...

    def send(self, alert: dict[str, Any]) -> None: ...

    def warning(self, alert_id: str, detail: str) -> Skip: ...


@dataclass
class PassReport:
    """What one pass did."""

    files: list[str] = field(default_factory=list)  # files ingested
    ingest: IngestReport | None = None
    evaluated: bool = False
    new_alerts: int = 0
    emitted: int = 0
    delivered: int = 0
    failed: int = 0
    deferred: int = 0  # not tried: the channel's server was unreachable earlier in the pass
    skipped: int = 0  # alerts already in the store, not emitted (from_now)


class Watcher:
    """Watches one folder or file into the store `settings.db`.

    Args:
        source: a folder (new or changed files are ingested) or a file (a feed or JSON Lines dump, ingested
            again whenever it changes; articles already stored are skipped as unchanged).
        settings: resolved settings (`db`, ingest settings, `alert_delivery_*`).
        rules: the alert rules.
        channels: webhook and email channels (see deliver.py); stdout is `emit`.
        emit: receives each alert to emit, as a JSON-ready dict.
        warn: receives each coded warning (delivery failures, inputs the ingest skipped).
        settle: seconds a file must stay unchanged before it is read.
        from_now: before the first pass, the alerts the store already raises (evaluated then) are marked
            skipped, not emitted: only what later files or writers bring is emitted.
    """

    def __init__(self, source: Path, settings: Settings, rules: Sequence[Rule], channels: Sequence[Channel], *,
                 emit: Callable[[dict[str, Any]], None], warn: Callable[[str], None], settle: float = 1.0,
                 from_now: bool = False):
        self.source, self.settings, self.rules, self.channels = source, settings, list(rules), list(channels)
        self.emit, self.warn, self.settle = emit, warn, settle
        self._from_now = from_now
        self._pipeline: Pipeline | None = None
        self._evaluated_at: tuple[int, str | None] | None = None  # events_version of the last evaluation
        self._unreachable: dict[str, int] = {}

    def run(self, *, interval: float, once: bool = False) -> None:
        """Pass after pass, `interval` seconds apart, until interrupted (KeyboardInterrupt propagates).

        A pass that fails on the store being busy or unwritable for a while (sqlite3.OperationalError, after
        the busy timeout) is reported and the next pass tries again; with `once` the error propagates."""
        while True:
            try:
                self.run_pass()
            except sqlite3.OperationalError as exc:
                if once:
                    raise
                self.warn(f"redline watch: pass failed on the store ({exc}); trying again next pass")
            if once:
                return
            time.sleep(interval)

    def run_pass(self) -> PassReport:
        report = PassReport()
        conn = connect(self.settings.db)
        try:
            if self._from_now:
                # What the store holds now is history to this watcher: told elsewhere, or never to be told.
                record_alerts(conn, self.rules)
                report.skipped = alert_store.skip_undelivered(conn, "stdout", "skipped: watch --from-now")
                self._evaluated_at, self._from_now = events_version(conn), False
            report.ingest = self._ingest(conn, report)
            version = events_version(conn)
            if version != self._evaluated_at:
                # The first pass evaluates whatever the store holds (the rules may be new); later passes only
                # when the events changed (this watcher's ingest, or another process's), since the alerts
                # depend on the stored events alone.
                report.new_alerts = len(record_alerts(conn, self.rules))
                report.evaluated, self._evaluated_at = True, version
            self._deliver(conn, report)
        finally:
            conn.close()
        return report

    def _ingest(self, conn, report: PassReport) -> IngestReport | None:
        states = scan(self.source, self.settings.exclude_files)
        if states is None:
            self.warn(str(errors.W403(path=self.source)))
            return None
        todo = ready(states, alert_store.watched_files(conn), now_ns=time.time_ns(), settle=self.settle)
        if not todo:
            return None
        if self._pipeline is None:
            self._pipeline = Pipeline.from_names(self.settings.ingest_stages, self.settings)
        result = ingest([s.path for s in todo], self.settings, pipeline=self._pipeline)
        for origin, skip in result.problems:
            self.warn(f"{skip.code} {origin}: {skip.detail}")
        # Remembered after the run committed: a crash before this re-reads the files, and the ingest skips
        # what it had stored as unchanged.
        alert_store.remember_files(conn, [s.as_row() for s in todo])
        report.files = [s.path for s in todo]
        return result

    def _deliver(self, conn, report: PassReport) -> None:
        self._unreachable: dict[str, int] = {}  # channel -> alerts deferred after it proved unreachable
        pending = alerts_to_deliver(conn, "stdout", max_attempts=1)
        for alert in pending:
            self.emit(alert)
            alert_store.record_delivery(conn, alert["id"], "stdout", target=None, ok=True)
            report.emitted += 1
            for channel in self.channels:
                self._send(conn, channel, alert, report)
        emitted = {a["id"] for a in pending}
        for channel in self.channels:
            for alert in alerts_to_deliver(conn, channel.channel, max_attempts=self.settings.alert_delivery_attempts,
                                           untried=False):
                if alert["id"] not in emitted:
                    self._send(conn, channel, alert, report)
        for channel in self.channels:
            if self._unreachable.get(channel.channel):
                self.warn(str(errors.W404(count=self._unreachable[channel.channel], target=channel.target)))


    def _send(self, conn, channel: Channel, alert: dict[str, Any], report: PassReport) -> None:
        if channel.channel in self._unreachable:
            # A server that refused or timed out a moment ago would again: wait for the next pass rather
            # than block the loop for a timeout per alert.
            self._unreachable[channel.channel] += 1
            alert_store.record_delivery(conn, alert["id"], channel.channel, target=channel.target, ok=False,
                                        detail="deferred: the server was unreachable this pass", attempted=False)
            report.deferred += 1
            return
        try:
            channel.send(alert)
        except DeliveryError as exc:
            warning = channel.warning(alert["id"], str(exc))
            self.warn(str(warning))
            alert_store.record_delivery(conn, alert["id"], channel.channel, target=channel.target, ok=False,
                                        detail=str(warning))
            report.failed += 1
            if exc.unreachable:
                self._unreachable[channel.channel] = 0
            return
        alert_store.record_delivery(conn, alert["id"], channel.channel, target=channel.target, ok=True)
        report.delivered += 1
