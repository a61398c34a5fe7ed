"""Writing alerts, their deliveries and the files `redline watch` has ingested (reads: queries.py).

An alert is stored once, under its id, with the time it was first seen; evaluating again never changes it.
A delivery row per alert and channel records whether it reached stdout, the webhook or the mail server, so
that a watcher restarted after a crash emits what it had stored but not yet emitted, and retries failures.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from redline.store.db import transaction

CHANNELS = ("stdout", "webhook", "email")


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def store_alerts(conn: sqlite3.Connection, alerts: Iterable[Any], *, now: str | None = None,
                 same_event_kinds: Iterable[str] = ()) -> list[str]:
    """Store the alerts not stored yet (`Alert` objects from redline.analyse.alerts); their ids, in order.

    An alert of a kind in `same_event_kinds` (alerts about one real-world event) is not new either when a
    stored alert of the same rule shares one of its events: more reports of that event arrived, and the
    group's lead report (hence the subject and id) may have changed, but the analyst was told already."""
    now = now or utc_now()
    same_event_kinds = set(same_event_kinds)
    new = []
    with transaction(conn):
        for alert in alerts:
            if alert.kind in same_event_kinds and _told(conn, alert):
                continue
            cur = conn.execute(
                "INSERT OR IGNORE INTO alerts (id, rule, kind, severity, date, dyad, message, json, first_seen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (alert.id, alert.rule, alert.kind, alert.severity, alert.date, alert.dyad, alert.message,
                 json.dumps(alert.to_json(), ensure_ascii=False), now))
            if cur.rowcount:
                new.append(alert.id)
                conn.executemany("INSERT OR IGNORE INTO alert_events VALUES (?, ?)",
                                 [(alert.id, e) for e in alert.event_ids])
    return new


def _told(conn: sqlite3.Connection, alert: Any) -> bool:
    """A stored alert of the same rule, other than this one, shares an event with it."""
    ids = list(alert.event_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        row = conn.execute(
            "SELECT 1 FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE a.rule = ? AND a.id != ? "
            f"AND e.event_id IN ({','.join('?' * len(chunk))}) LIMIT 1", (alert.rule, alert.id, *chunk)).fetchone()
        if row:
            return True
    return False


def skip_undelivered(conn: sqlite3.Connection, channel: str, detail: str, *, now: str | None = None) -> int:
    """Mark every stored alert never tried on `channel` as skipped (not to be delivered); how many."""
    with transaction(conn):
        return conn.execute(
            "INSERT INTO alert_deliveries (alert_id, channel, target, status, attempts, detail, at) "
            "SELECT id, ?, NULL, 'skipped', 0, ?, ? FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM alert_deliveries d "
            "WHERE d.alert_id = a.id AND d.channel = ?)", (channel, detail, now or utc_now(), channel)).rowcount


def record_delivery(conn: sqlite3.Connection, alert_id: str, channel: str, *, target: str | None, ok: bool,
                    detail: str | None = None, attempted: bool = True, now: str | None = None) -> None:
    """One attempt to deliver an alert on a channel: counts attempts, keeps the last outcome. Not
    `attempted`: deferred without trying (the server was unreachable for an earlier alert of the pass), so
    it stays due without using up an attempt."""
    step = 1 if attempted else 0
    with transaction(conn):
        conn.execute(
            "INSERT INTO alert_deliveries (alert_id, channel, target, status, attempts, detail, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id, channel) DO UPDATE SET target = excluded.target, "
            "status = excluded.status, attempts = attempts + ?, detail = excluded.detail, at = excluded.at",
            (alert_id, channel, target, "sent" if ok else "failed", step, detail, now or utc_now(), step))


def watched_files(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """path -> (mtime_ns, size) of every file a watcher ingested."""
    return {row[0]: (row[1], row[2]) for row in conn.execute("SELECT path, mtime_ns, size FROM watch_files")}


def remember_files(conn: sqlite3.Connection, states: Iterable[tuple[str, int, int]], *,
                   now: str | None = None) -> None:
    """Record (path, mtime_ns, size) of files ingested, so a restarted watcher does not read them again."""
    now = now or utc_now()
    with transaction(conn):
        conn.executemany(
            "INSERT INTO watch_files (path, mtime_ns, size, ingested_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (path) DO UPDATE SET mtime_ns = excluded.mtime_ns, size = excluded.size, "
            "ingested_at = excluded.ingested_at", [(p, m, s, now) for p, m, s in states])
