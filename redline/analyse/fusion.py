"""Fusion: reports of the same real-world event, across sentences, articles and outlets, grouped into one.

Stored and updated incrementally (method: docs/fusion.md): triggers mark the articles whose reports
changed, and `refresh` (run by every ingest) re-clusters only the blocks those reports are in, from all of
the block's reports, so the stored result equals `fuse` computed from scratch, whatever the ingest order.

1. **Reports.** Every stored event is a report, syndicated copies included (they add reports, never
   independent sources).
2. **Blocking.** Reports are grouped by (main PLOVER type, status family, sorted actor codes). Only reports
   of one block can fuse.
3. **Compatibility** of two reports (all must hold), `compatible`:
   - recipients: the same codes, or one side has none, or they share a code;
   - dates: both dated and |Δ| <= the window of the coarser precision (`DATE_WINDOW_DAYS`), widened to
     `SIMILAR_TEXT_DAY_WINDOW` days when the sentences are similar (Jaccard >= `SIMILAR_TEXT_JACCARD`);
     an undated report fuses only with a report of the same story whose sentence is similar
     (token Jaccard >= `UNDATED_MIN_JACCARD`: a syndicated copy of the same sentence);
   - places: both unknown; or both known, same country, and within the distance of the coarser
     resolution (`PLACE_KM`: 5/4 → 25 km, 3 → 60 km, 2 → same province, 1 → same country); one known and
     one unknown when the known one is a country, else only with supporting text
     (Jaccard >= `ONE_PLACE_MIN_JACCARD`);
   - casualties (dead, injured) not contradictory beyond reason: max <= 3 × min + 5;
   - weapons: not disjoint (by weapons.yaml class) when both name some;
   - an anchor: both places at district level or finer and some actor coded, else supporting text
     (token Jaccard >= `TEXT_MIN_JACCARD`).
4. **Clustering** (greedy, majority link): reports are sorted by a key that does not depend on ingest
   order (date, story id, sentence, article id, event id); each joins the existing cluster with at least
   one member and at least `LINK_SHARE` of its members compatible, preferring the most similar evidence
   sentence (ties → the earliest cluster), else starts a new cluster. The same store therefore always
   gives the same clusters.
5. **Fused values**: for each field the value reported by most independent sources (ties → the value of
   the earliest report); fields with several values are listed in `disagreements` with who said which.
   The fused id is `fe-` + the id of the cluster's earliest report, so it stays stable when later reports
   join.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from redline.analyse.common import Item, weapon_class
from redline.store import queries
from redline.store.fused import replace_blocks

DATE_WINDOW_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}
PLACE_KM = {5: 25.0, 4: 25.0, 3: 60.0}
UNDATED_MIN_JACCARD = 0.5
ONE_PLACE_MIN_JACCARD = 0.3
TEXT_MIN_JACCARD = 0.25
SIMILAR_TEXT_JACCARD = 0.3
SIMILAR_TEXT_DAY_WINDOW = 3
UNDATED_REACH_DAYS = 3  # how long before its publication an undated report's event may be dated elsewhere
LINK_SHARE = 0.5
STATUS_FAMILY = {"occurred": "material", "claimed": "material", "planned": "future", "threatened": "future",
                 "denied": "negative", "negated": "negative"}
_TOKEN = re.compile(r"[^\W_]+", re.U)


@dataclass(frozen=True)
class Report(Item):
    """One stored event with its article (an `Item`) and what fusion compares besides."""

    story: str  # the syndicated story: the smallest id among the canonical article and its copies
    publisher: str | None = None
    source: str | None = None
    published: str | None = None
    ingested_at: str | None = None
    tokens: frozenset[str] = field(default=frozenset(), repr=False)

    def __post_init__(self) -> None:
        words = _TOKEN.findall(self.event.get("event_text") or "")
        object.__setattr__(self, "tokens", frozenset(t.lower() for t in words if len(t) > 2))

    @property
    def key(self) -> tuple:
        """Like `Item.key`, with the story first so that copies sort with their original."""
        seq = (self.event.get("text_info") or {}).get("sequence") or 0
        return (self.date or "9999-99-99", self.story, seq, self.article_id, self.id)

    @property
    def source_key(self) -> str:
        """One independent source: the canonical article's publisher when known, else the canonical article."""
        return (self.publisher or "").strip().lower() or f"article:{self.story}"

    @property
    def seen(self) -> str | None:
        return self.published or (self.ingested_at or "")[:10] or None

    def codes(self, role: str) -> tuple[str, ...]:
        return tuple(sorted({e["code"] for e in self.event.get(role) or [] if e.get("code")}))

    @property
    def block(self) -> str:
        """Only reports of one block can fuse: main type, status family and actor codes, as JSON."""
        ev = self.event
        return json.dumps([(ev.get("event") or [None])[0], STATUS_FAMILY.get(ev.get("status"), ev.get("status")),
                           list(self.codes("actor"))])

    @property
    def sort_key(self) -> str:
        """`key` as one string that sorts the same way (ids hold no control characters)."""
        day, story, seq, article, event_id = self.key
        return "\x1f".join((day, story, f"{seq:09d}", article, event_id))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _km(a: dict, b: dict) -> float | None:
    if None in (a.get("lat"), a.get("lon"), b.get("lat"), b.get("lon")):
        return None
    p1, p2 = math.radians(a["lat"]), math.radians(b["lat"])
    dp, dl = p2 - p1, math.radians(b["lon"] - a["lon"])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _place_name(loc: dict) -> str | None:
    name = loc.get("resolved_place") or loc.get("extracted_place")
    return name.lower() if name else None


def places_compatible(a: dict | None, b: dict | None, similarity: float) -> bool:
    if not a and not b:
        return True
    if not a or not b:
        return (a or b).get("resolution") == 1 or similarity >= ONE_PLACE_MIN_JACCARD
    if a.get("country_code") and b.get("country_code") and a["country_code"] != b["country_code"]:
        return False
    resolution = min(a.get("resolution") or 1, b.get("resolution") or 1)
    if resolution >= 3:
        km = _km(a, b)
        if km is None:
            return _place_name(a) == _place_name(b)
        return km <= PLACE_KM[resolution]
    if resolution == 2:
        pa, pb = a.get("province") or _place_name(a), b.get("province") or _place_name(b)
        return not pa or not pb or pa.lower() == pb.lower()
    return True


def _anchor_day(report: Report) -> int | None:
    """The day a report is placed at when clustering: its event's date, else (undated, as "has struck"
    leaves it) the day its article was published, by which the event had happened."""
    day = report.date or report.published  # not the ingest day: that says nothing of the event
    try:
        return date.fromisoformat(day[:10]).toordinal() if day else None
    except ValueError:
        return None


def dates_compatible(a: Report, b: Report, similarity: float) -> bool:
    if not a.date or not b.date:
        if a.story == b.story and similarity >= UNDATED_MIN_JACCARD:
            return True
        # An undated report had happened by its publication day: a similar report dated in the few days
        # before it (or another undated report published within a day) can tell the same event.
        da, db = _anchor_day(a), _anchor_day(b)
        if da is None or db is None or similarity < SIMILAR_TEXT_JACCARD:
            return False
        if a.date and not b.date:
            da, db = db, da  # da: the undated side
        if not (a.date or b.date):
            return abs(da - db) <= 1
        return da - UNDATED_REACH_DAYS <= db <= da + 1
    precisions = (a.event.get("date_precision") or "day", b.event.get("date_precision") or "day")
    window = max(DATE_WINDOW_DAYS.get(p, 1) for p in precisions)
    if similarity >= SIMILAR_TEXT_JACCARD:
        window = max(window, SIMILAR_TEXT_DAY_WINDOW)
    return abs((date.fromisoformat(a.date) - date.fromisoformat(b.date)).days) <= window


def _numbers_compatible(x: int | None, y: int | None) -> bool:
    if x is None or y is None:
        return True
    low, high = sorted((x, y))
    return high <= 3 * low + 5


def compatible(a: Report, b: Report) -> bool:
    """Whether two reports (of one block) can describe the same real event (module docstring, step 3)."""
    ra, rb = set(a.codes("recipient")), set(b.codes("recipient"))
    if ra and rb and not ra & rb:
        return False
    similarity = jaccard(a.tokens, b.tokens)
    if not dates_compatible(a, b, similarity):
        return False
    if not places_compatible(a.event.get("event_loc"), b.event.get("event_loc"), similarity):
        return False
    sa, sb = a.event.get("size") or {}, b.event.get("size") or {}
    if not all(_numbers_compatible(sa.get(k), sb.get(k)) for k in ("dead", "injured")):
        return False
    wa = {weapon_class(w) for w in a.event.get("weapons") or []}
    wb = {weapon_class(w) for w in b.event.get("weapons") or []}
    if wa and wb and not wa & wb:
        return False
    la, lb = a.event.get("event_loc") or {}, b.event.get("event_loc") or {}
    anchored = (la.get("resolution") or 1) >= 3 and (lb.get("resolution") or 1) >= 3 and bool(a.codes("actor"))
    return anchored or similarity >= TEXT_MIN_JACCARD


def cluster(reports: Iterable[Report]) -> list[list[Report]]:
    """Clusters of reports, each sorted by `Report.key`, the clusters by their first report's key."""
    blocks: dict[str, list[Report]] = {}
    for report in sorted(reports, key=lambda r: r.key):
        blocks.setdefault(report.block, []).append(report)
    clusters: list[list[Report]] = []
    for block in blocks.values():
        clusters.extend(_cluster_block(block))
    return sorted(clusters, key=lambda c: c[0].key)


def _reach(report: Report) -> int:
    """The widest date gap (days) that `dates_compatible` can accept with this report on one side."""
    return max(DATE_WINDOW_DAYS.get(report.event.get("date_precision") or "day", 1), SIMILAR_TEXT_DAY_WINDOW)


SHORT_REACH = DATE_WINDOW_DAYS["month"]


def _cluster_block(block: list[Report]) -> list[list[Report]]:
    """Greedy majority-link clustering of one block's reports, taken in `Report.key` order.

    Only clusters that can hold a date-compatible member are compared (same result as comparing all):
    dated reports come first, in date order, so a cluster whose latest member is further back than either
    side's reach has none; an undated report fuses only within its story. Clusters too old for any report
    of at most a month's reach leave the `recent` list; year-precision reports still look at every cluster.
    An undated report looks at the clusters of its story and at those with a member placed near its
    publication day (`dates_compatible`).
    """
    found: list[list[Report]] = []
    last: list[int] = []  # per cluster: the ordinal day of its latest dated member
    reach: list[int] = []  # per cluster: its members' widest reach
    lo: list[int] = []  # per cluster: the earliest and latest day its members are placed at (_anchor_day)
    hi: list[int] = []
    by_story: dict[str, list[int]] = {}
    recent: set[int] = set()
    for report in block:
        day = date.fromisoformat(report.date).toordinal() if report.date else None
        if day is None:
            # Undated reports come after every dated one: clusters of the story, and those with a member
            # placed (by date, or publication day when undated) near this report's publication day.
            anchor = _anchor_day(report)
            near = set() if anchor is None else {c for c in range(len(found)) if lo[c] <= anchor + 1
                                                 and hi[c] >= anchor - UNDATED_REACH_DAYS}
            candidates = sorted(set(by_story.get(report.story, [])) | near)
        else:
            own = _reach(report)
            if own <= SHORT_REACH:
                recent = {c for c in recent if last[c] < 0 or day - last[c] <= max(SHORT_REACH, reach[c])}
                pool: Iterable[int] = recent
            else:
                pool = range(len(found))
            candidates = sorted(c for c in pool if last[c] >= 0 and day - last[c] <= max(own, reach[c]))
        best, best_score = None, -1.0
        for c in candidates:  # in creation order: ties go to the earliest cluster
            members = found[c]
            links = sum(compatible(report, m) for m in members)
            if links and links >= LINK_SHARE * len(members):
                score = max(jaccard(report.tokens, m.tokens) for m in members)
                if score > best_score:
                    best, best_score = c, score
        if best is None:
            best = len(found)
            found.append([])
            last.append(-1)
            reach.append(0)
            lo.append(10**9)
            hi.append(-1)
        found[best].append(report)
        if (anchor := _anchor_day(report)) is not None:
            lo[best], hi[best] = min(lo[best], anchor), max(hi[best], anchor)
        recent.add(best)  # a cluster that grows is recent again, whichever report joined it
        if day is not None:
            last[best] = max(last[best], day)
            reach[best] = max(reach[best], _reach(report))
        by_story.setdefault(report.story, []).append(best)
    return found


def _vote(members: list[Report], value_of) -> tuple[Any, list[dict[str, Any]]]:
    """The value most independent sources report (ties → earliest report's) and, when several values were
    reported, each value with its sources and report ids."""
    order: list[Any] = []
    sources: dict[Any, set[str]] = {}
    reports: dict[Any, list[str]] = {}
    shown: dict[Any, Any] = {}
    for m in members:
        value = value_of(m)
        if value is None:
            continue
        key = repr(value)
        if key not in sources:
            order.append(key)
            sources[key], reports[key], shown[key] = set(), [], value
        sources[key].add(m.source_key)
        reports[key].append(m.id)
    if not order:
        return None, []
    best = max(order, key=lambda k: (len(sources[k]), -order.index(k)))
    options = [{"value": shown[k], "sources": sorted(sources[k]), "report_ids": reports[k]} for k in order]
    return shown[best], options if len(options) > 1 else []


def _place(loc: dict | None) -> dict | None:
    if not loc:
        return None
    keys = ("resolved_place", "extracted_place", "country_code", "province", "lat", "lon", "resolution")
    return {k: loc.get(k) for k in keys if loc.get(k) is not None} or None


FIELDS = {
    "date": lambda m: m.date,
    "place": lambda m: _place(m.event.get("event_loc")),
    "dead": lambda m: (m.event.get("size") or {}).get("dead"),
    "injured": lambda m: (m.event.get("size") or {}).get("injured"),
    "status": lambda m: m.event.get("status"),
    "mode": lambda m: ((m.event.get("mode") or [None])[0]),
    "weapons": lambda m: tuple(sorted(m.event.get("weapons") or [])) or None,
    "recipient": lambda m: m.codes("recipient") or None,
}


def fused_event(members: list[Report]) -> dict[str, Any]:
    first = members[0]
    values, disagreements = {}, {}
    for name, value_of in FIELDS.items():
        values[name], options = _vote(members, value_of)
        if options and name in ("date", "place", "dead", "injured", "status"):
            disagreements[name] = options
    seen = sorted(s for s in (m.seen for m in members) if s)
    return {
        "id": f"fe-{first.id}",
        "block": first.block,
        "sort_key": first.sort_key,
        "event": first.event.get("event") and first.event["event"][0],
        "actor": list(first.codes("actor")),
        "recipient": list(values["recipient"] or ()),
        "date": values["date"],
        "place": values["place"],
        "dead": values["dead"],
        "injured": values["injured"],
        "status": values["status"],
        "mode": values["mode"],
        "weapons": list(values["weapons"] or ()),
        "disagreements": disagreements,
        "n_reports": len(members),
        "n_articles": len({m.article_id for m in members}),
        "n_independent_sources": len({m.source_key for m in members}),
        "first_seen": seen[0] if seen else None,
        "last_seen": seen[-1] if seen else None,
        "report_ids": [m.id for m in members],
        "article_ids": list(dict.fromkeys(m.article_id for m in members)),
        "evidence": first.event.get("event_text"),
        "membership_hash": hashlib.sha1("\n".join(sorted(m.id for m in members)).encode()).hexdigest()[:12],
    }


def load_reports(conn: sqlite3.Connection, *, article_ids: list[str] | None = None,
                 event_ids: list[str] | None = None) -> list[Report]:
    """Stored events as reports (all, or those of `article_ids` plus `event_ids`). A syndicated story is
    named by its smallest article id, not by its canonical, which depends on ingest order."""
    rows = queries.fusion_reports(conn, article_ids=article_ids, event_ids=event_ids)
    return [Report(event=row["event"], article_id=row["article_id"], story=row["story"],
                   publisher=row["publisher"], source=row["source"], published=row["published"],
                   ingested_at=row["ingested_at"]) for row in rows]


def fuse(conn: sqlite3.Connection, *, min_sources: int = 1) -> list[dict[str, Any]]:
    """Reports of the same real-world event grouped into fused events, computed from scratch.

    Args:
        conn: a store connection (read-only is enough).
        min_sources: leave out fused events with fewer independent sources.
    Returns:
        one dict per fused event, ordered by its earliest report (date, undated last), with id, block,
        sort_key, event, actor, recipient, date, place, dead, injured, status, mode, weapons,
        disagreements, n_reports, n_articles, n_independent_sources, first_seen, last_seen, report_ids,
        article_ids, evidence, membership_hash (docs/fusion.md).
    """
    fused = [fused_event(c) for c in cluster(load_reports(conn))]
    return [f for f in fused if f["n_independent_sources"] >= min_sources]


def fused_events(conn: sqlite3.Connection, *, min_sources: int = 1) -> list[dict[str, Any]]:
    """The fused events as stored, or computed from scratch while some articles await `refresh` (then the
    stored ones would be stale). Same result and order as `fuse`."""
    if queries.fusion_pending(conn):
        return fuse(conn, min_sources=min_sources)
    return queries.stored_fused_events(conn, min_sources=min_sources)


def fusion_map(conn: sqlite3.Connection, event_ids: list[str] | None = None) -> dict[str, str]:
    """Report id -> fused event id (of every report, or of `event_ids`), from the store when it is up to
    date, else computed."""
    if queries.fusion_pending(conn):
        return {m.id: f"fe-{members[0].id}" for members in cluster(load_reports(conn)) for m in members}
    return queries.fused_ids(conn, event_ids)


def refresh(conn: sqlite3.Connection) -> dict[str, int]:
    """Bring the stored fusion up to date with the pending articles, inside the caller's transaction.

    The pending articles are widened to their whole syndicated stories (a new copy can rename a story,
    which moves its reports in the clustering order). Every block that held, or now holds, a report of
    those articles is clustered again from all of its reports; other blocks cannot change, as reports of
    different blocks never fuse.

    Returns:
        counts: pending articles, blocks re-clustered, reports in them, fused events written.
    """
    pending = queries.fusion_pending(conn)
    if not pending:
        return {"articles": 0, "blocks": 0, "reports": 0, "fused": 0}
    articles = queries.story_articles(conn, pending)
    changed = load_reports(conn, article_ids=articles)
    blocks = queries.fusion_blocks(conn, articles) | {r.block for r in changed}
    others = queries.fusion_block_members(conn, blocks, except_articles=articles)
    reports = changed + load_reports(conn, event_ids=others) if others else changed
    clusters = cluster(reports)
    fused = [fused_event(c) for c in clusters]
    memberships = [(m.id, m.article_id, m.block, f["id"]) for c, f in zip(clusters, fused, strict=True)
                   for m in c]
    replace_blocks(conn, blocks, fused, memberships, articles=articles, done=pending)
    return {"articles": len(pending), "blocks": len(blocks), "reports": len(reports), "fused": len(fused)}
