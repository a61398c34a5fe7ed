"""Writes to the event tables: `events`, `event_entities`, and the extraction marker on `articles`.

This module is the only writer of those tables. The full event record is stored as JSON; the columns
beside it are derived from that JSON by `event_columns` alone, so the two cannot drift. Every write
happens inside a transaction opened by the caller, so an article and its events land together.

It also keeps the read structures of migration 0003 in step, in the same transaction: `events_fts` (a
contentless trigram index of the evidence sentences, keyed by the events' rowid), `event_dyad_days`
(events per actor code, recipient code and date), `event_facets` (the counts of `event_stats`) and, from
migration 0006, `event_dyad_rows` (what escalation series read). Each is defined once, by a view of its
migration (`event_fts_rows`, `event_dyad_keys`, `event_facet_keys`, `event_dyad_row_keys`) that both its
backfill and this writer read. This is done here, one statement per article, rather than by
triggers: an event's dyad pairs need its entity rows, which are written after the event row, and a trigger
would fire once per row; a contentless FTS index can only forget a row given its old text, which is read
back here before the row goes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from redline.model.event import Event

# The derived columns of `events`, in table order (without id, article_id, json and extracted_at).
EVENT_COLUMNS = ("event_type", "mode", "quad_code", "event_scale", "cameo", "acled_event_type",
                 "acled_sub_event_type", "status", "date", "date_precision", "actor_code", "recipient_code",
                 "place", "country_code", "lat", "lon", "resolution", "dead", "injured", "weapons",
                 "sentence_start", "sentence_end", "confidence", "extractor_version")

_INSERT_EVENT = (f"INSERT INTO events (id, article_id, {', '.join(EVENT_COLUMNS)}, json, extracted_at) "
                 f"VALUES ({', '.join('?' * (len(EVENT_COLUMNS) + 4))})")

# Keeping the read structures of migration 0003 in step, through the views that define them there.
_FTS_ADD = "INSERT INTO events_fts (rowid, event_text) SELECT event_rowid, event_text FROM event_fts_rows WHERE article_id = ?"
_FTS_FORGET = ("INSERT INTO events_fts (events_fts, rowid, event_text) "
               "SELECT 'delete', event_rowid, event_text FROM event_fts_rows WHERE article_id = ?")
_DYADS_ADJUST = ("INSERT INTO event_dyad_days (actor, recipient, date, events) "
                 "SELECT actor, recipient, date, ? * count(DISTINCT event_id) FROM event_dyad_keys "
                 "WHERE article_id = ? GROUP BY actor, recipient, date "
                 "ON CONFLICT (actor, recipient, date) DO UPDATE SET events = events + excluded.events")
_DYADS_DROP_EMPTY = ("DELETE FROM event_dyad_days WHERE events <= 0 AND (actor, recipient, date) IN "
                     "(SELECT actor, recipient, date FROM event_dyad_keys WHERE article_id = ?)")
_FACETS_ADJUST = ("INSERT INTO event_facets (facet, value, events) "
                  "SELECT facet, value, ? * count(*) FROM event_facet_keys WHERE article_id = ? GROUP BY facet, value "
                  "ON CONFLICT (facet, value) DO UPDATE SET events = events + excluded.events")
# Migration 0006: one dyad's escalation series is one range of event_dyad_rows.
_DYAD_ROWS_ADD = "INSERT OR IGNORE INTO event_dyad_rows SELECT * FROM event_dyad_row_keys WHERE article_id = ?"
_DYAD_ROWS_FORGET = ("DELETE FROM event_dyad_rows WHERE (actor, recipient, date, article_id, sequence, event_id) IN "
                     "(SELECT actor, recipient, date, article_id, sequence, event_id FROM event_dyad_row_keys "
                     "WHERE article_id = ?)")
# An escalation series counts a dyad's events: the dyads an article's events are in await a refresh.
_DYADS_PENDING = ("INSERT OR IGNORE INTO dyad_pending SELECT DISTINCT actor, recipient FROM event_dyad_row_keys "
                  "WHERE article_id = ?")
_FACETS_DROP_EMPTY = ("DELETE FROM event_facets WHERE events <= 0 AND (facet, value) IN "
                      "(SELECT facet, value FROM event_facet_keys WHERE article_id = ?)")


def event_columns(data: dict[str, Any]) -> dict[str, Any]:
    """The queryable columns of one event record (`Event.to_json()`), keyed as in `EVENT_COLUMNS`."""
    acled = data.get("acled") or {}
    loc = data.get("event_loc") or {}
    size = data.get("size") or {}
    text_info = data.get("text_info") or {}
    first = lambda items: (items or [None])[0]  # noqa: E731
    actor, recipient = first(data.get("actor")), first(data.get("recipient"))
    return {
        "event_type": first(data.get("event")),
        "mode": first(data.get("mode")),
        "quad_code": data.get("quad_code"),
        "event_scale": data.get("event_scale"),
        "cameo": data.get("cameo"),
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "status": data.get("status"),
        "date": data.get("date"),
        "date_precision": data.get("date_precision") or "unknown",
        "actor_code": actor.get("code") if actor else None,
        "recipient_code": recipient.get("code") if recipient else None,
        "place": loc.get("resolved_place") or loc.get("extracted_place"),
        "country_code": loc.get("country_code"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "resolution": loc.get("resolution"),
        "dead": size.get("dead"),
        "injured": size.get("injured"),
        "weapons": json.dumps(data.get("weapons") or [], ensure_ascii=False),
        "sentence_start": text_info.get("start"),
        "sentence_end": text_info.get("end"),
        "confidence": data.get("confidence"),
        "extractor_version": (data.get("cite_info") or {}).get("coder"),
    }


def entity_rows(data: dict[str, Any]) -> list[tuple[str, str, int, str | None, str | None, str | None]]:
    """`event_entities` rows of one event record: every actor and recipient, in order."""
    return [(data["id"], role, position, entity.get("code"), entity.get("sector"), entity.get("name"))
            for role in ("actor", "recipient")
            for position, entity in enumerate(data.get(role) or [])]


def write_events(conn: sqlite3.Connection, article_id: str, events: Iterable[Event | dict[str, Any]], *,
                 run_id: int | None = None) -> int:
    """Replace the events of one article (delete, then insert) inside the caller's transaction.

    Args:
        conn: a writable connection with a transaction open (`store.db.transaction` or an ingest batch).
        article_id: the stored article the events were extracted from.
        events: `Event` objects or their `to_json()` records; an empty list records "extracted, none found".
        run_id: the ingest run doing the extraction, kept on the article.
    Returns:
        The number of events written. The article is marked extracted (`events_extracted_at`,
        `events_run_id`, `event_count`), which tells "no events" apart from "never extracted".
    """
    now = _now()
    records = [e.to_json() if isinstance(e, Event) else e for e in events]
    delete_events(conn, article_id)
    for data in records:
        columns = event_columns(data)
        conn.execute(_INSERT_EVENT, (data["id"], article_id, *(columns[c] for c in EVENT_COLUMNS),
                                     json.dumps(data, ensure_ascii=False), now))
        conn.executemany("INSERT INTO event_entities (event_id, role, position, code, sector, name) "
                         "VALUES (?, ?, ?, ?, ?, ?)", entity_rows(data))
    if records:
        _index_events(conn, article_id)
    cur = conn.execute("UPDATE articles SET events_extracted_at=?, events_run_id=?, event_count=? WHERE id=?",
                       (now, run_id, len(records), article_id))
    if cur.rowcount != 1:
        raise KeyError(f"no stored article with id {article_id!r}")
    return len(records)


def delete_events(conn: sqlite3.Connection, article_id: str) -> None:
    """Drop an article's events and clear its extraction marker (inside the caller's transaction)."""
    _unindex_events(conn, article_id)
    conn.execute("DELETE FROM event_entities WHERE event_id IN (SELECT id FROM events WHERE article_id=?)",
                 (article_id,))
    conn.execute("DELETE FROM events WHERE article_id=?", (article_id,))
    conn.execute("UPDATE articles SET events_extracted_at=NULL, events_run_id=NULL, event_count=NULL WHERE id=?",
                 (article_id,))


def _index_events(conn: sqlite3.Connection, article_id: str) -> None:
    """Add an article's stored events to the text index and the counts."""
    conn.execute(_FTS_ADD, (article_id,))
    conn.execute(_DYADS_ADJUST, (1, article_id))
    conn.execute(_FACETS_ADJUST, (1, article_id))
    conn.execute(_DYAD_ROWS_ADD, (article_id,))
    conn.execute(_DYADS_PENDING, (article_id,))


def _unindex_events(conn: sqlite3.Connection, article_id: str) -> None:
    """Take an article's events, still stored, out of the text index and the counts (no zero rows left)."""
    conn.execute(_FTS_FORGET, (article_id,))
    conn.execute(_DYADS_ADJUST, (-1, article_id))
    conn.execute(_DYADS_DROP_EMPTY, (article_id,))
    conn.execute(_FACETS_ADJUST, (-1, article_id))
    conn.execute(_FACETS_DROP_EMPTY, (article_id,))
    conn.execute(_DYADS_PENDING, (article_id,))
    conn.execute(_DYAD_ROWS_FORGET, (article_id,))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
