"""Evaluate the alert rules and store the new alerts: the one path `redline alerts` and `redline watch` share."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from redline.analyse.alert_rules import Rule
from redline.analyse.alerts import SAME_EVENT_KINDS, evaluate
from redline.analyse.stored import refresh_stored
from redline.store.alerts import store_alerts
from redline.store.db import transaction


def record_alerts(conn: sqlite3.Connection, rules: Sequence[Rule], *, now: str | None = None) -> list[str]:
    """Store the alerts the rules raise that were not told yet; their ids.

    The fusion and firsts of articles that await them (an interrupted ingest, an upgraded store) are
    stored first, as the ingest would: the alerts read it, and computing it afresh for each escalation
    series would cost seconds per dyad.
    """
    with transaction(conn):
        refresh_stored(conn)
    return store_alerts(conn, evaluate(conn, rules), now=now, same_event_kinds=SAME_EVENT_KINDS)
