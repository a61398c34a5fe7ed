"""The analyses kept in the store (fusion, firsts, red lines, dyad series): brought up to date together, at the
end of each ingest run, by `redline watch` before its alerts, and by `redline fused --refresh` / `redline
firsts --refresh`."""

from __future__ import annotations

import sqlite3

from redline.analyse import firsts, fusion, redlines
from redline.store import analyses as store
from redline.store.queries import analysis_pending, dyad_series_days, pending_dyads, story_articles


def refresh_stored(conn: sqlite3.Connection, *, rebuild_firsts: bool = False) -> dict[str, dict[str, int]]:
    """Refresh the stored fusion, firsts, red lines and dyad series for the articles awaiting them, inside
    the caller's transaction.

    Args:
        rebuild_firsts: recompute the firsts of every article (after an edit of weapons.yaml's weapon
            classes or makers, which stored firsts were computed with).
    Returns:
        {"fusion": counts of `fusion.refresh`, "firsts": counts of `firsts.refresh` with the pending
        articles under "articles", "red_lines": counts of `redlines.refresh`, "dyads": series stored}.
    """
    counts = {"fusion": fusion.refresh(conn)}
    if rebuild_firsts:
        store.mark_all_pending(conn)
    pending = analysis_pending(conn)
    # Whole syndicated stories: a new copy can change which article speaks for its story.
    articles = story_articles(conn, pending) if pending else []
    counts["firsts"] = {"articles": len(pending), **firsts.refresh(conn, articles)}
    counts["red_lines"] = redlines.refresh(conn, articles)
    dyads = pending_dyads(conn)
    for actor, recipient in dyads:
        store.replace_dyad_series(conn, actor, recipient, dyad_series_days(conn, actor, recipient))
    store.clear_dyads_pending(conn)
    counts["dyads"] = {"series": len(dyads)}
    store.clear_pending(conn, pending)
    return counts
