"""Writes to the stored analyses (migration 0006): `event_precedents` and `firsts`, `red_lines`,
`dyad_series`, and the marks `analysis_pending` and `dyad_pending`.

Triggers on `events` and `articles` mark the articles whose events changed in `analysis_pending`;
`redline.analyse.stored.refresh_stored` has the analyses computed for those articles (which needs the
engine's knowledge, such as the weapon lexicon) and written here, then clears the marks, all inside the
caller's transaction, so a kill leaves the marks in place.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from redline.store.queries import SERIES_COLUMNS, STORY_LEAD

Key = tuple[str, str, str, str]


def replace_precedents(conn: sqlite3.Connection, articles: list[str],
                       rows: Iterable[tuple[Key, str, str, int, str, int, dict[str, Any]]]) -> set[Key]:
    """Replace the precedents of `articles` with `rows` and return every key they held or now hold.

    Args:
        articles: the articles whose precedents are recomputed (all of them: their old rows go).
        rows: (key, date, article id, sequence, event id, position, record) per precedent; of two rows of
            one event with the same key, the first is kept.
    """
    listed = json.dumps(articles)
    keys: set[Key] = {tuple(row) for row in conn.execute(
        "SELECT DISTINCT kind, k1, k2, k3 FROM event_precedents WHERE article_id IN (SELECT value FROM json_each(?))",
        (listed,))}
    conn.execute("DELETE FROM event_precedents WHERE article_id IN (SELECT value FROM json_each(?))", (listed,))
    for key, date, article_id, sequence, event_id, position, record in rows:
        keys.add(key)
        conn.execute("INSERT OR IGNORE INTO event_precedents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (*key, date, article_id, sequence, event_id, position, json.dumps(record, ensure_ascii=False)))
    return keys


def settle_first(conn: sqlite3.Connection, key: Key) -> None:
    """Store the earliest precedent of `key` among the articles that lead their syndicated story (or none)."""
    conn.execute("DELETE FROM firsts WHERE kind = ? AND k1 = ? AND k2 = ? AND k3 = ?", key)
    conn.execute(
        f"INSERT INTO firsts SELECT p.* FROM event_precedents p JOIN articles a ON a.id = p.article_id "
        f"WHERE p.kind = ? AND p.k1 = ? AND p.k2 = ? AND p.k3 = ? AND {STORY_LEAD} "
        f"ORDER BY p.date, p.article_id, p.sequence, p.event_id LIMIT 1", key)


def replace_red_lines(conn: sqlite3.Connection, drop: Iterable[str], lines: Iterable[dict[str, Any]]) -> None:
    """Drop the red lines `drop` and write `lines` (each with `_article_id`, `_crossed_on`, `_answered`,
    `_full_after` and `_event_articles`, {event id: article id} of the events it was drawn from, crossed by or answered by;
    these are stored beside the line, not in it)."""
    dropped = json.dumps(sorted(set(drop)))
    conn.execute("DELETE FROM red_line_events WHERE line_id IN (SELECT value FROM json_each(?))", (dropped,))
    conn.execute("DELETE FROM red_lines WHERE id IN (SELECT value FROM json_each(?))", (dropped,))
    for line in lines:
        record = {k: v for k, v in line.items() if not k.startswith("_") and k != "status"}
        conn.execute("INSERT OR REPLACE INTO red_lines VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (line["id"], line["_article_id"], line["drawn_on"], line["_crossed_on"], int(line["_answered"]),
                      json.dumps(record, ensure_ascii=False), json.dumps(line["_full_after"])))
        conn.execute("DELETE FROM red_line_events WHERE line_id = ?", (line["id"],))
        conn.executemany("INSERT OR IGNORE INTO red_line_events VALUES (?, ?, ?)",
                         [(line["id"], event_id, article_id) for event_id, article_id in line["_event_articles"].items()])


def replace_dyad_series(conn: sqlite3.Connection, actor: str, recipient: str, days: list[dict[str, Any]]) -> None:
    """Store the per-day series of one dyad (`store.queries.dyad_series_days`)."""
    conn.execute("DELETE FROM dyad_series WHERE actor = ? AND recipient = ?", (actor, recipient))
    conn.executemany("INSERT INTO dyad_series VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(actor, recipient, *(d[c] for c in SERIES_COLUMNS)) for d in days])


def clear_dyads_pending(conn: sqlite3.Connection) -> None:
    """Every dyad's series is up to date (after `replace_dyad_series` for each of `pending_dyads`)."""
    conn.execute("DELETE FROM dyad_pending")


def clear_pending(conn: sqlite3.Connection, articles: list[str]) -> None:
    conn.execute("DELETE FROM analysis_pending WHERE article_id IN (SELECT value FROM json_each(?))",
                 (json.dumps(articles),))


def mark_all_pending(conn: sqlite3.Connection) -> None:
    """Every article with events is refreshed next time: after an edit of the weapon lexicon's classes or
    makers, which the stored precedents were computed with."""
    conn.execute("INSERT OR IGNORE INTO analysis_pending SELECT DISTINCT article_id FROM events")
