"""Writes to the fusion tables: `fused_events`, `event_fusion` and `fusion_pending` (migration 0004).

Triggers on `events` and `articles` mark the articles whose reports changed in `fusion_pending`, whatever
wrote them; `redline.analyse.fusion.refresh` re-clusters the affected blocks and hands the result to
`replace_blocks`, inside the caller's transaction, so a kill leaves the pending marks in place.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any


def replace_blocks(conn: sqlite3.Connection, blocks: Iterable[str], fused: Iterable[dict[str, Any]],
                   memberships: Iterable[tuple[str, str, str, str]], *, articles: list[str],
                   done: list[str]) -> None:
    """Replace the clustering of `blocks` and of the reports of `articles`, and clear `done` from pending.

    Args:
        blocks: the block keys being replaced (their old fused events go).
        fused: the new fused events, each `{"id", "block", "sort_key", "event", "date", "status",
            "n_reports", "n_articles", "n_independent_sources", ...}` (stored whole as JSON).
        memberships: (event id, article id, block, fused id) per report.
        articles: articles whose old memberships go (their reports may have changed block or vanished).
        done: articles to clear from `fusion_pending`.
    """
    block_list, article_list = json.dumps(sorted(set(blocks))), json.dumps(articles)
    conn.execute("DELETE FROM event_fusion WHERE block IN (SELECT value FROM json_each(?)) "
                 "OR article_id IN (SELECT value FROM json_each(?))", (block_list, article_list))
    conn.execute("DELETE FROM fused_events WHERE block IN (SELECT value FROM json_each(?))", (block_list,))
    conn.executemany(
        "INSERT INTO fused_events (id, block, sort_key, event_type, date, status, n_reports, n_articles, "
        "n_independent_sources, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(f["id"], f["block"], f["sort_key"], f["event"], f["date"], f["status"], f["n_reports"],
          f["n_articles"], f["n_independent_sources"], json.dumps(f, ensure_ascii=False)) for f in fused])
    conn.executemany("INSERT INTO event_fusion (event_id, article_id, block, fused_id) VALUES (?, ?, ?, ?)",
                     list(memberships))
    conn.execute("DELETE FROM fusion_pending WHERE article_id IN (SELECT value FROM json_each(?))",
                 (json.dumps(done),))
    # An escalation series counts fused events: every dyad of the blocks' actors awaits a refresh
    # (migration 0006; a block holds the reports of one set of actor codes).
    conn.execute("INSERT OR IGNORE INTO dyad_pending SELECT DISTINCT a.value, '*' FROM json_each(?) b, "
                 "json_each(b.value, '$[2]') a", (block_list,))
