"""Read queries shared by the CLI, the REST API and the dashboard: none of them writes its own SQL."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

ARTICLE_SUMMARY_COLUMNS = ("id, source, title, published, published_precision, language, publisher, byline, "
                           "url, format, duplicate_of, similarity, text")


@dataclass(frozen=True)
class ArticleFilter:
    """Filters for listing articles; None means no filter."""

    language: str | None = None
    published_from: str | None = None
    published_to: str | None = None
    search: str | None = None
    canonical_only: bool = False
    limit: int | None = None
    offset: int = 0


def _article_dict(row: sqlite3.Row) -> dict[str, Any]:
    item = dict(row)
    if "similarity" in item and item["similarity"] is not None:
        item["similarity"] = round(item["similarity"], 3)
    return item


def list_articles(conn: sqlite3.Connection, flt: ArticleFilter = ArticleFilter()) -> list[dict[str, Any]]:
    where, params = ["1=1"], []
    if flt.language:
        where.append("language = ?")
        params.append(flt.language)
    if flt.published_from:
        where.append("published >= ?")
        params.append(flt.published_from)
    if flt.published_to:
        where.append("published <= ?")
        params.append(flt.published_to)
    if flt.search:
        where.append("(instr(lower(text), lower(?)) > 0 OR instr(lower(coalesce(title,'')), lower(?)) > 0)")
        params.extend([flt.search, flt.search])
    if flt.canonical_only:
        where.append("duplicate_of IS NULL")
    sql = (f"SELECT {ARTICLE_SUMMARY_COLUMNS} FROM articles WHERE {' AND '.join(where)} "
           f"ORDER BY published IS NULL, published, rowid")
    if flt.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params.extend([flt.limit, flt.offset])
    return [_article_dict(row) for row in conn.execute(sql, params)]


def get_article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """One article with everything stored about it, including its copies and warnings."""
    row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    item = _article_dict(row)
    for key in ("textmap", "blocks", "hints", "warnings"):
        item[key] = json.loads(item[key])
    item["copies"] = [r[0] for r in conn.execute(
        "SELECT id FROM articles WHERE duplicate_of = ? ORDER BY rowid", (article_id,))]
    return item


def article_text(conn: sqlite3.Connection, article_id: str) -> str | None:
    """The cleaned text of one article (what event offsets point into), or None."""
    row = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def _scalar(conn: sqlite3.Connection):
    """`one(sql)`: the single value a statistics query returns."""
    return lambda sql: conn.execute(sql).fetchone()[0]


def _counts(conn: sqlite3.Connection):
    """`by(sql)`: a {key: count} mapping from a GROUP BY query."""
    return lambda sql: {str(k): v for k, v in conn.execute(sql).fetchall()}


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    one, by = _scalar(conn), _counts(conn)
    return {
        "articles": one("SELECT count(*) FROM articles"),
        "canonical": one("SELECT count(*) FROM articles WHERE duplicate_of IS NULL"),
        "duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
        "undated": one("SELECT count(*) FROM articles WHERE published IS NULL"),
        "first_published": one("SELECT min(published) FROM articles"),
        "last_published": one("SELECT max(published) FROM articles"),
        "by_language": by("SELECT coalesce(language, 'unknown'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"),
        "by_format": by("SELECT format, count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"),
        "by_month": by("SELECT substr(published, 1, 7), count(*) FROM articles WHERE published IS NOT NULL "
                       "GROUP BY 1 ORDER BY 1"),
        "runs": one("SELECT count(*) FROM ingest_runs"),
        "interrupted_runs": one("SELECT count(*) FROM ingest_runs WHERE status = 'interrupted'"),
        "skips_by_code": by("SELECT code, count(*) FROM skips GROUP BY 1 ORDER BY 2 DESC"),
    }


def recent_skips(conn: sqlite3.Connection, limit: int = 20) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT run_id, origin, code, severity, detail FROM skips ORDER BY id DESC LIMIT ?", (limit,))]


@dataclass(frozen=True)
class EventFilter:
    """Filters for listing events; None means no filter. Codes match any actor or recipient, not only the first.

    `dyad` is directed, "RUS-UKR": an actor coded RUS acting on a recipient coded UKR. `place` matches a
    part of the place name or a whole country code; `weapon` a part of a weapon name; `text` a part of the
    evidence sentence (all case-insensitive). `bbox` is (min_lon, min_lat, max_lon, max_lat).
    `min_sources`: the fused event the report belongs to has at least that many independent sources
    (docs/fusion.md; as of the last fusion refresh).
    """

    date_from: str | None = None
    date_to: str | None = None
    actor: str | None = None
    recipient: str | None = None
    dyad: str | None = None
    event_type: str | None = None
    mode: str | None = None
    status: str | None = None
    weapon: str | None = None
    place: str | None = None
    text: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    min_sources: int | None = None
    limit: int | None = None
    offset: int = 0


# The documented order of event lists. It is the order of the indexes events_order and events_type_order
# (migration 0003), so a page reads its own rows only instead of sorting every match.
EVENT_ORDER = "e.date IS NULL, e.date, e.id"
# The same order when a date bound leaves only dated events: SQLite does not see that an equality on the
# indexed expression `date IS NULL` fixes that ORDER BY term, so it is left out to keep the index order.
DATED_EVENT_ORDER = "e.date, e.id"

# The trigram index (events_fts) finds substrings of at least this many characters; shorter ones are
# searched for in every sentence.
FTS_MIN_CHARS = 3

# Where a query starts. SQLite walks an order index (seeking it to the date range or event type, if any)
# and tests each event, which fills a page of a broad filter fast. When an actor, recipient or text filter
# matches fewer events than that walk would visit, and at most DRIVE_MAX of them for a list (they are then
# sorted), the query starts from that filter's matches instead. Exact counts, which need no order, start
# from the narrowest such filter if it has under COUNT_START_MAX matches. A capped count
# (`count_events_upto`) walks a date range or type of up to WALK_MAX events; past that it starts from the
# narrowest indexed filter whatever its size, visiting at most COUNT_START_MAX of its matches.
DRIVE_MAX = 5_000
COUNT_START_MAX = 20_000
WALK_MAX = 100_000

# Some actor (recipient) of the event `e` has this code.
_HAS_ENTITY = "EXISTS (SELECT 1 FROM event_entities x WHERE x.event_id = e.id AND x.role = ? AND x.code = ?)"

# The text filter: `instr(lower(sentence), lower(text))`. events_fts indexes lower(sentence) with a
# case-sensitive trigram tokenizer, so for FTS_MIN_CHARS or more the phrase lower(text) matches exactly the
# same sentences (lower() folds ASCII only, and so does this index; the tokenizer's own folding would also
# fold other scripts and answer differently).
_HAS_TEXT = "instr(lower(json_extract(e.json, '$.event_text')), lower(?)) > 0"
_FTS_MATCH = "SELECT rowid FROM events_fts WHERE events_fts MATCH '\"' || replace(lower(?), '\"', '\"\"') || '\"'"


@dataclass(frozen=True)
class _Indexed:
    """A filter with an index: `probe` tests the event `e`; `drive` selects it by the index, so that the
    query can start there, and takes one more parameter, how many matches to visit (-1: all);
    `matches` lists the matching events. All take `params`."""

    probe: str
    drive: str
    matches: str
    params: tuple[Any, ...]


def _indexed_filters(flt: EventFilter) -> list[_Indexed]:
    """The actor, recipient and text filters of `flt`, the text first: its probe is the cheapest."""
    found = []
    if flt.text and len(flt.text) >= FTS_MIN_CHARS:
        # `+` keeps the probe from driving the query: it is then a lookup in the materialised matches.
        found.append(_Indexed(probe=f"+e.rowid IN ({_FTS_MATCH})", drive=f"e.rowid IN ({_FTS_MATCH} LIMIT ?)",
                              matches=_FTS_MATCH, params=(flt.text,)))
    actors, recipients = [flt.actor], [flt.recipient]
    if flt.dyad:
        actor, sep, recipient = flt.dyad.partition("-")
        if not (sep and actor and recipient):
            raise ValueError(f"a dyad is written ACTOR-RECIPIENT, as RUS-UKR, not {flt.dyad!r}")
        actors.append(actor)
        recipients.append(recipient)
    # An event may have two actors with one code: DISTINCT, so that the matches count events.
    matches = "SELECT DISTINCT x.event_id FROM event_entities x WHERE x.role = ? AND x.code = ?"
    for role, codes in (("actor", actors), ("recipient", recipients)):
        for code in filter(None, codes):
            found.append(_Indexed(probe=_HAS_ENTITY, drive=f"e.id IN ({matches} LIMIT ?)", matches=matches,
                                  params=(role, code.upper())))
    return found


def _count_upto(conn: sqlite3.Connection, sql: str, params: Any, limit: int) -> int:
    return conn.execute(f"SELECT count(*) FROM ({sql} LIMIT ?)", (*params, limit)).fetchone()[0]


@dataclass(frozen=True)
class _Start:
    """Where a query starts: `by` (None: where SQLite likes) and how many events it matches (up to the limit
    they were counted to)."""

    by: _Indexed | None
    matches: int


def _start(conn: sqlite3.Connection, flt: EventFilter, limit: int, *, walk_max: int = 0,
           always: bool = False) -> _Start:
    """The indexed filter to start from: the one with the fewest matches (counted up to `limit`) if under
    `limit` and under the date range or type the order indexes seek to (counted up to `walk_max` or
    `limit`). With `always`, the narrowest all the same unless that range is walkable (under the count)."""
    indexed = _indexed_filters(flt)
    if not indexed:
        return _Start(None, 0)
    seek, seek_params = _seek_clauses(flt)
    seek_limit = max(walk_max, limit)
    span = seek_limit
    if seek:
        span = _count_upto(conn, f"SELECT 1 FROM events e WHERE {' AND '.join(seek)}", seek_params, seek_limit)
    best = _Start(None, limit + 1)
    # On a tie, an actor or recipient filter: starting from it reads indexes only (the other filters test
    # the event's id and rowid), while the text index yields rowids, and each event's row is read for its id.
    for item in sorted(indexed, key=lambda item: item.matches == _FTS_MATCH):
        n = _count_upto(conn, item.matches, item.params, min(best.matches, limit))
        if n < best.matches:
            best = _Start(item, n)
    if best.matches < min(limit, span) or (always and span == seek_limit):
        return best
    return _Start(None, span)


def _seek_clauses(flt: EventFilter) -> tuple[list[str], list[Any]]:
    """The date range and type filters, which the order indexes answer by seeking."""
    where, params = [], []
    if flt.date_from or flt.date_to:
        # Implied by any date bound; said in the form of the order indexes' first column so that they
        # can seek to the date range.
        where.append("(e.date IS NULL) = 0")
    if flt.date_from:
        where.append("e.date >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        where.append("e.date <= ?")
        params.append(flt.date_to)
    if flt.event_type:
        where.append("e.event_type = ?")
        params.append(flt.event_type.upper())
    return where, params


def _event_where(flt: EventFilter, start: _Indexed | None = None, visit: int = -1) -> tuple[str, list[Any]]:
    """The WHERE clause of `flt` over `events e`, and its parameters.

    `start` (from `_start`) is written so that the query starts from its matches, visiting at most `visit`
    of them (-1: all); with all of them visited, the matches are the same whatever the start."""
    clauses = _clauses(flt, start, visit)
    return " AND ".join(["1=1", *(clause for clause, _ in clauses)]), [p for _, values in clauses for p in values]


def _clauses(flt: EventFilter, start: _Indexed | None, visit: int) -> list[tuple[str, tuple[Any, ...]]]:
    """The conditions of `_event_where`, each with its parameters."""
    seek, seek_params = _seek_clauses(flt)
    found: list[tuple[str, tuple[Any, ...]]] = [(" AND ".join(seek), tuple(seek_params))] if seek else []
    for item in _indexed_filters(flt):
        found.append((item.drive, (*item.params, visit)) if item == start else (item.probe, item.params))
    if flt.mode:
        found.append(("e.mode = ?", (flt.mode.lower(),)))
    if flt.status:
        found.append(("e.status = ?", (flt.status.lower(),)))
    if flt.weapon:
        found.append(("instr(lower(e.weapons), lower(?)) > 0", (flt.weapon,)))
    if flt.place:
        found.append(("(instr(lower(coalesce(e.place, '')), lower(?)) > 0 OR e.country_code = upper(?))",
                      (flt.place, flt.place)))
    if flt.text and len(flt.text) < FTS_MIN_CHARS:
        found.append((_HAS_TEXT, (flt.text,)))
    if flt.bbox:
        min_lon, min_lat, max_lon, max_lat = flt.bbox
        found.append(("e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?", (min_lon, max_lon, min_lat, max_lat)))
    if flt.min_sources and flt.min_sources > 1:
        found.append(("EXISTS (SELECT 1 FROM event_fusion f JOIN fused_events g ON g.id = f.fused_id "
                      "WHERE f.event_id = e.id AND g.n_independent_sources >= ?)", (flt.min_sources,)))
    return found


def _event_order(flt: EventFilter) -> str:
    return DATED_EVENT_ORDER if flt.date_from or flt.date_to else EVENT_ORDER


def list_events(conn: sqlite3.Connection, flt: EventFilter = EventFilter()) -> list[dict[str, Any]]:
    """The event records (docs/event-schema.md) matching `flt`, by date (undated last), then id."""
    where, params = _event_where(flt, _start(conn, flt, DRIVE_MAX + 1).by)
    sql, params = _paged(f"SELECT e.json FROM events e WHERE {where} ORDER BY {_event_order(flt)}", params, flt)
    return [json.loads(row[0]) for row in conn.execute(sql, params)]


def _paged(sql: str, params: list[Any], flt: EventFilter) -> tuple[str, list[Any]]:
    """`sql` restricted to the page `flt.limit`, `flt.offset` (no limit: everything after the offset)."""
    if flt.limit is not None:
        return f"{sql} LIMIT ? OFFSET ?", [*params, flt.limit, flt.offset]
    if flt.offset:
        return f"{sql} LIMIT -1 OFFSET ?", [*params, flt.offset]
    return sql, params


def count_events(conn: sqlite3.Connection, flt: EventFilter = EventFilter()) -> int:
    """How many events match `flt`, ignoring its limit and offset."""
    where, params = _event_where(flt, _start(conn, flt, COUNT_START_MAX).by)
    return conn.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0]


def count_events_upto(conn: sqlite3.Connection, flt: EventFilter, cap: int) -> tuple[int, bool]:
    """How many events match `flt` (ignoring its limit and offset), with bounded work: (count, exact).

    Counting stops past `cap` matches: then (cap, False), "at least cap". When every actor, recipient and
    text filter of `flt` matches more than COUNT_START_MAX events, and no date range or type of at most
    WALK_MAX events narrows it, only COUNT_START_MAX events of the narrowest are visited, and the count
    found there is a lower bound: (count, False).
    """
    start = _start(conn, flt, COUNT_START_MAX + 1, walk_max=WALK_MAX, always=True)
    if start.by is not None and len(_clauses(flt, start.by, COUNT_START_MAX)) == 1:
        found = start.matches  # the filter is that one alone: its matches, counted to choose it, are the answer
    else:
        where, params = _event_where(flt, start.by, COUNT_START_MAX)
        found = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM events e WHERE {where} LIMIT ?)",
                             [*params, cap + 1]).fetchone()[0]
    if found > cap:
        return cap, False
    return found, start.by is None or start.matches <= COUNT_START_MAX


def get_event(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    """One event with its source: `{"event": record, "article": {...}, "evidence": text slice}`.

    `evidence` is the article's cleaned text at the event's sentence offsets (equal to `event_text`).
    """
    row = conn.execute(
        "SELECT e.json, e.sentence_start, e.sentence_end, a.id, a.title, a.source, a.origin, a.url, a.publisher, "
        "a.published, a.duplicate_of, a.text FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id = ?",
        (event_id,)).fetchone()
    if row is None:
        return None
    start, end = row["sentence_start"], row["sentence_end"]
    article = {k: row[k] for k in ("id", "title", "source", "origin", "url", "publisher", "published", "duplicate_of")}
    evidence = row["text"][start:end] if start is not None and end is not None else None
    return {"event": json.loads(row["json"]), "article": article, "evidence": evidence,
            "fused": fused_event_of(conn, event_id)}


def fused_event_of(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    """The stored fused event a report belongs to, with every report's article and sentence, or None
    (not fused yet). `reports`: `{"event_id", "article_id", "publisher", "published", "evidence"}`."""
    row = conn.execute("SELECT g.json FROM event_fusion f JOIN fused_events g ON g.id = f.fused_id "
                       "WHERE f.event_id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    fused = json.loads(row[0])
    fused["reports"] = [dict(r) for r in conn.execute(
        "SELECT e.id AS event_id, e.article_id, coalesce(c.publisher, a.publisher) AS publisher, a.published, "
        "substr(a.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS evidence "
        "FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN articles c ON c.id = a.duplicate_of "
        "WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.date IS NULL, e.date, e.article_id, e.id",
        (json.dumps(fused["report_ids"]),))]
    return fused


def event_stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Counts of events by type, status, month and dyad, and how many articles were extracted.

    The counts come from `event_facets`, kept at write time (store/events.py), so that they cost the same
    on any store; `dyad` is the first actor's and the first recipient's codes here."""
    one = _scalar(conn)

    def facet(name: str, order: str = "events DESC, value", limit: int = -1) -> dict[str, int]:
        return {value: n for value, n in conn.execute(
            f"SELECT value, events FROM event_facets WHERE facet = ? ORDER BY {order} LIMIT ?", (name, limit))}

    by_type, by_month = facet("type"), facet("month", order="value")
    return {
        "events": sum(by_type.values()),  # every event has a type
        "articles_extracted": one("SELECT count(*) FROM articles WHERE events_extracted_at IS NOT NULL"),
        "articles_not_extracted": one("SELECT count(*) FROM articles WHERE events_extracted_at IS NULL"),
        "dated": sum(by_month.values()),
        "geocoded": facet("geocoded").get("", 0),
        "first_date": one("SELECT min(date) FROM events"),
        "last_date": one("SELECT max(date) FROM events"),
        "by_type": by_type,
        "by_status": facet("status"),
        "by_month": by_month,
        "top_dyads": facet("dyad", limit=20),
        "extractor_versions": facet("version"),
    }


def dyad_counts(conn: sqlite3.Connection, flt: EventFilter = EventFilter()) -> list[dict[str, Any]]:
    """Events per directed actor -> recipient code pair among those matching `flt`, most frequent first.

    An event counts once for every pair of its coded actors and recipients, as the `dyad` filter matches
    any of them: the count of "RUS"->"UKR" equals `count_events(dyad="RUS-UKR")` under the same filters.
    `flt.limit` and `flt.offset` page through the pairs.
    """
    if _dates_only(flt):
        return _dyad_counts_by_day(conn, flt)
    return _dyad_counts_live(conn, flt)


def _dyad_counts_live(conn: sqlite3.Connection, flt: EventFilter) -> list[dict[str, Any]]:
    """`dyad_counts` from the events themselves: any filter, at the cost of reading every match."""
    where, params = _event_where(flt, _start(conn, flt, COUNT_START_MAX).by)
    sql = (f"SELECT a.code AS actor, r.code AS recipient, count(DISTINCT e.id) AS events, "
           f"min(e.date) AS first_date, max(e.date) AS last_date FROM events e "
           f"JOIN event_entities a ON a.event_id = e.id AND a.role = 'actor' AND a.code IS NOT NULL "
           f"JOIN event_entities r ON r.event_id = e.id AND r.role = 'recipient' AND r.code IS NOT NULL "
           f"WHERE {where} GROUP BY a.code, r.code ORDER BY events DESC, actor, recipient")
    return [dict(row) for row in conn.execute(*_paged(sql, params, flt))]


def _dates_only(flt: EventFilter) -> bool:
    """Whether `flt` filters on nothing but dates (and pages), the dimensions of `event_dyad_days`."""
    return dataclasses.replace(flt, date_from=None, date_to=None, limit=None, offset=0) == EventFilter()


def _dyad_counts_by_day(conn: sqlite3.Connection, flt: EventFilter) -> list[dict[str, Any]]:
    """`dyad_counts` from the per-day counts kept at write time (`event_dyad_days`, '' for undated)."""
    where, params = ["1=1"], []
    if flt.date_from or flt.date_to:
        where.append("date <> ''")  # as `e.date >= ?` on events, a date bound leaves undated events out
    if flt.date_from:
        where.append("date >= ?")
        params.append(flt.date_from)
    if flt.date_to:
        where.append("date <= ?")
        params.append(flt.date_to)
    sql = (f"SELECT actor, recipient, sum(events) AS events, min(nullif(date, '')) AS first_date, "
           f"max(nullif(date, '')) AS last_date FROM event_dyad_days WHERE {' AND '.join(where)} "
           f"GROUP BY actor, recipient ORDER BY events DESC, actor, recipient")
    return [dict(row) for row in conn.execute(*_paged(sql, params, flt))]


def analysis_events(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The events of one article per syndicated story as `{"event", "article_id"}`, ordered by date
    (undated last), article and sentence: the input of `redline.analyse`.

    A story (a canonical article and its copies) speaks through its smallest article id, not through its
    canonical, which is whichever copy was stored first: so analyses do not depend on ingest order."""
    return story_events(conn)


# The article is the smallest id of its story (its canonical and the canonical's copies), written so that
# SQLite answers it from the primary key and the duplicate_of index (an OR of the two would scan).
STORY_LEAD = ("(a.duplicate_of IS NULL OR a.duplicate_of > a.id) AND NOT EXISTS (SELECT 1 FROM articles s "
               "INDEXED BY articles_duplicate_of "
               "WHERE s.duplicate_of = coalesce(a.duplicate_of, a.id) AND s.id < a.id)")
# What a precedent (redline.analyse.firsts) is made of: a dated ASSAULT, occurred or claimed, naming weapons.
_WEAPON_ASSAULT = ("e.event_type = 'ASSAULT' AND e.weapons != '[]' AND e.date IS NOT NULL "
                   "AND e.status IN ('occurred', 'claimed')")
_SLIM_COLUMNS = ("e.id, e.article_id, e.date, e.sentence_start, e.event_type, e.status, e.quad_code, e.event_scale, "
                 "e.weapons, e.country_code, json_extract(e.json, '$.weapon_suppliers'), "
                 "instr(e.json, '\"cbrn\"') > 0, json_extract(e.json, '$.event'), "
                 "(SELECT group_concat(x.role || ':' || x.code, ' ') FROM event_entities x "
                 " WHERE x.event_id = e.id AND x.code IS NOT NULL)")


# Articles that do not lead their story: few (only syndicated copies can be), so a query over many
# events tests membership in this small set instead of probing the story of every row.
_NOT_STORY_LEADS = (f"SELECT a.id FROM articles a WHERE (a.duplicate_of IS NOT NULL OR a.id IN "
                    f"(SELECT duplicate_of FROM articles WHERE duplicate_of IS NOT NULL)) AND NOT ({STORY_LEAD})")
# What an escalation series counts: status occurred or claimed, or a threat that was made
# (redline.analyse.escalation.counts_in_series).
_COUNTS_IN_SERIES = ("(d.status IN ('occurred', 'claimed') OR "
                     "(d.event_type = 'THREATEN' AND d.status = 'threatened'))")


SERIES_COLUMNS = ("date", "n", "reports", "q1", "q2", "q3", "q4", "scale_sum", "conflict")


def dyad_series_days(conn: sqlite3.Connection, actor: str, recipient: str) -> list[dict[str, Any]]:
    """Per day, the fused events of the dyad actor -> recipient that its escalation series counts
    (redline.analyse.escalation): one article per story; each fused event (stored fusion; a report not in it
    stands for itself) counted once, on the date and with the quad class and scale of its first report in
    the dyad, in the analyses' order. Read from `event_dyad_rows` (migration 0006), one range per dyad.

    Returns: `{"date", "n", "reports", "q1".."q4", "scale_sum", "conflict"}` per day with events, oldest
    first; `conflict` is minus the sum of the scales of quad-4 events."""
    rows = conn.execute(
        f"WITH dyad AS (SELECT d.date, d.article_id, d.sequence, d.event_id, d.quad_code, "
        f"  coalesce(d.event_scale, 0) AS scale, coalesce(f.fused_id, d.event_id) AS fused "
        f"  FROM event_dyad_rows d LEFT JOIN event_fusion f ON f.event_id = d.event_id "
        f"  WHERE d.actor = ? AND d.recipient = ? AND {_COUNTS_IN_SERIES} "
        f"  AND d.article_id NOT IN ({_NOT_STORY_LEADS})), "
        # The first report of each fused event: SQLite takes the other columns of a min() from its row, and
        # the key joins date, article, sentence and id with a separator below every character they hold,
        # so that it sorts as the tuple does.
        f"leads AS (SELECT min(date || char(1) || article_id || char(1) || printf('%012d', sequence) || char(1) "
        f"  || event_id), date, quad_code, scale, count(*) AS reports FROM dyad GROUP BY fused) "
        f"SELECT date, count(*), sum(reports), sum(quad_code = 1), sum(quad_code = 2), sum(quad_code = 3), "
        f"sum(quad_code = 4), sum(scale), -sum(CASE WHEN quad_code = 4 THEN scale ELSE 0 END) "
        f"FROM leads GROUP BY date ORDER BY date", (actor, recipient))
    return [dict(zip(SERIES_COLUMNS, row, strict=True)) for row in rows]


def stored_dyad_series(conn: sqlite3.Connection, actor: str, recipient: str) -> list[dict[str, Any]] | None:
    """`dyad_series_days` as stored at the last ingest, or None while the dyad (or the fusion) awaits a
    refresh."""
    if conn.execute("SELECT 1 FROM dyad_pending WHERE actor = ? AND recipient IN (?, '*') LIMIT 1",
                    (actor, recipient)).fetchone() or conn.execute("SELECT 1 FROM fusion_pending LIMIT 1").fetchone():
        return None
    return [dict(zip(SERIES_COLUMNS, row, strict=True)) for row in conn.execute(
        f"SELECT {', '.join(SERIES_COLUMNS)} FROM dyad_series WHERE actor = ? AND recipient = ? ORDER BY date",
        (actor, recipient))]


def pending_dyads(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """The dyads whose series await a refresh, every dyad of an actor marked '*' spelt out."""
    return [tuple(row) for row in conn.execute(
        "SELECT actor, recipient FROM dyad_pending WHERE recipient != '*' UNION "
        "SELECT d.actor, d.recipient FROM event_dyad_days d JOIN dyad_pending p ON p.actor = d.actor "
        "AND p.recipient = '*' WHERE d.date != '' ORDER BY 1, 2")]


def dyad_signals(conn: sqlite3.Connection, actor: str, recipient: str) -> list[tuple[str, str]]:
    """(date, event id) of the dyad's events with context `cbrn` (nuclear signalling), any status but
    negated or denied, one article per story, in the analyses' order."""
    return [tuple(row) for row in conn.execute(
        f"SELECT d.date, d.event_id FROM event_dyad_rows d WHERE d.actor = ? AND d.recipient = ? AND d.cbrn "
        f"AND coalesce(d.status, '') NOT IN ('negated', 'denied') AND d.article_id NOT IN ({_NOT_STORY_LEADS}) "
        f"ORDER BY d.date, d.article_id, d.sequence, d.event_id", (actor, recipient))]


def deliveries_to(conn: sqlite3.Connection, recipient: str) -> list[dict[str, Any]]:
    """The dated AID events (occurred or claimed) to `recipient` that name weapons, one article per story,
    in the analyses' order, as `{"date", "event_id", "weapons", "actors"}` (actors: every actor code of the
    event, sorted)."""
    found: dict[str, dict[str, Any]] = {}
    for day, event_id, weapons, actor in conn.execute(
            f"SELECT d.date, d.event_id, d.weapons, d.actor FROM event_dyad_rows d INDEXED BY event_dyad_rows_recipient "
            f"WHERE d.recipient = ? AND d.event_type = 'AID' AND d.weapons != '[]' "
            f"AND d.status IN ('occurred', 'claimed') AND d.article_id NOT IN ({_NOT_STORY_LEADS}) "
            f"ORDER BY d.date, d.article_id, d.sequence, d.event_id, d.actor", (recipient,)):
        entry = found.setdefault(event_id, {"date": day, "event_id": event_id, "weapons": json.loads(weapons),
                                            "actors": []})
        entry["actors"].append(actor)
    return list(found.values())


def precedent_sources(conn: sqlite3.Connection, article_ids: list[str]) -> list[dict[str, Any]]:
    """The dated ASSAULT events (occurred or claimed) naming weapons of `article_ids`, every article (story
    leads or not), as slim records (see `_slim_event`): what firsts are made of."""
    rows = conn.execute(
        f"SELECT {_SLIM_COLUMNS} FROM events e WHERE e.article_id IN (SELECT value FROM json_each(?)) "
        f"AND {_WEAPON_ASSAULT} ORDER BY e.date, e.article_id, e.sentence_start, e.id",
        (json.dumps(article_ids),))
    return [_slim_event(row) for row in rows]


def analysis_pending(conn: sqlite3.Connection) -> list[str]:
    """Articles whose events changed since the stored firsts and red lines were last refreshed (migration 0006)."""
    return [row[0] for row in conn.execute("SELECT article_id FROM analysis_pending ORDER BY article_id")]


def stored_red_lines(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The stored red lines in order (date drawn, undated last, id), each its record with `_article_id`,
    `_crossed_on`, `_answered` (from which the status follows) and `_full_after`."""
    return [{**json.loads(record), "_article_id": article_id, "_crossed_on": crossed_on, "_answered": bool(answered),
             "_full_after": json.loads(full_after)}
            for record, article_id, crossed_on, answered, full_after in conn.execute(
                "SELECT json, article_id, crossed_on, answered, full_after FROM red_lines "
                "ORDER BY coalesce(drawn_on, '9999-99-99'), id")]


def red_lines_of_articles(conn: sqlite3.Connection, article_ids: list[str]) -> tuple[set[str], set[str]]:
    """(ids of the red lines drawn in `article_ids`, ids of the other red lines with an event there)."""
    listed = json.dumps(article_ids)
    drawn = {r[0] for r in conn.execute("SELECT id FROM red_lines WHERE article_id IN (SELECT value FROM json_each(?))",
                                        (listed,))}
    touched = {r[0] for r in conn.execute("SELECT DISTINCT line_id FROM red_line_events WHERE article_id IN "
                                          "(SELECT value FROM json_each(?))", (listed,))}
    return drawn, touched - drawn


def stored_firsts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The stored firsts, oldest first, each its record with the evidence sentence read from its event."""
    rows = conn.execute(
        "SELECT f.json, json_extract(e.json, '$.event_text') FROM firsts f LEFT JOIN events e ON e.id = f.event_id "
        "ORDER BY f.date, f.article_id, f.sequence, f.event_id, f.position")
    return [{**json.loads(record), "evidence": evidence} for record, evidence in rows]


def weapon_assaults(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The dated ASSAULT events (occurred or claimed) that name weapons, one article per story, in the
    analyses' order, as slim records (see `_slim_event`) with their `event_text`: what precedents
    (redline.analyse.firsts) are made of."""
    rows = conn.execute(
        f"SELECT {_SLIM_COLUMNS}, json_extract(e.json, '$.event_text') FROM events e "
        f"JOIN articles a ON a.id = e.article_id WHERE {_WEAPON_ASSAULT} AND {STORY_LEAD} "
        f"ORDER BY e.date, e.article_id, e.sentence_start, e.id")
    found = []
    for row in rows:
        slim = _slim_event(tuple(row)[:-1])
        slim["event"]["event_text"] = row[-1]
        found.append(slim)
    return found


def _slim_event(row: sqlite3.Row | tuple) -> dict[str, Any]:
    """`{"event": slim record, "article_id"}` from a row of `_SLIM_COLUMNS`: the record holds id, date,
    event, status, quad_code, event_scale, weapons, weapon_suppliers, context (["cbrn"] or []), actor and
    recipient (`[{"code"}]`), event_loc (`{"country_code"}`) and text_info (`{"sequence"}`: the sentence's
    offset, which orders an article's sentences as the sentence number does)."""
    (event_id, article_id, date, start, event_type, status, quad, scale, weapons, country, suppliers, cbrn,
     types, entities) = tuple(row)
    codes = [pair.split(":", 1) for pair in (entities or "").split()]
    return {"article_id": article_id, "event": {
        "id": event_id, "date": date, "event": json.loads(types) if types else [event_type], "status": status,
        "quad_code": quad, "event_scale": scale, "weapons": json.loads(weapons or "[]"),
        "weapon_suppliers": json.loads(suppliers) if suppliers else [], "context": ["cbrn"] if cbrn else [],
        "actor": [{"code": c} for r, c in codes if r == "actor"],
        "recipient": [{"code": c} for r, c in codes if r == "recipient"],
        "event_loc": {"country_code": country}, "text_info": {"sequence": start or 0}}}


def _story_where(*, types: list[str] | None = None, since: str | None = None, actors: list[str] | None = None,
                 statuses: list[str] | None = None, article_id: str | None = None, ids: list[str] | None = None,
                 article_ids: list[str] | None = None) -> tuple[str, list[Any]]:
    where, params = [STORY_LEAD], []
    if ids is not None:
        where.append("e.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(ids))
    if types is not None:
        where.append("e.event_type IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(types))
    if since is not None:
        where.append("e.date >= ?")
        params.append(since)
    if statuses is not None:
        where.append("e.status IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(statuses))
    if actors is not None:
        # Tested per event (not as a set of every event of those actors): the type and date narrow first.
        where.append("EXISTS (SELECT 1 FROM event_entities x WHERE x.event_id = e.id AND x.role = 'actor' "
                     "AND x.code IN (SELECT value FROM json_each(?)))")
        params.append(json.dumps(actors))
    if article_id is not None:
        where.append("e.article_id = ?")
        params.append(article_id)
    if article_ids is not None:
        where.append("e.article_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(article_ids))
    return " AND ".join(where), params


_STORY_ORDER = "ORDER BY e.date IS NULL, e.date, e.article_id, e.sentence_start, e.id"


def story_events(conn: sqlite3.Connection, **filters: Any) -> list[dict[str, Any]]:
    """The events of one article per story (as `analysis_events`) that pass every given filter: main type
    in `types`, date on or after `since`, some actor coded in `actors`, status in `statuses`, of one
    article (or of `article_ids`), id in `ids`. In the analyses' order, as `{"event", "article_id"}`."""
    where, params = _story_where(**filters)
    rows = conn.execute(f"SELECT e.json, e.article_id FROM events e JOIN articles a ON a.id = e.article_id "
                        f"WHERE {where} {_STORY_ORDER}", params)
    return [{"event": json.loads(row[0]), "article_id": row[1]} for row in rows]


def _response_status(alias: str) -> str:
    """What a response's status must be (redline.analyse.redlines._is_response): a threat made, or an act
    done; of the table aliased `alias`."""
    return (f"(({alias}.event_type = 'THREATEN' AND {alias}.status IN ('occurred', 'threatened')) OR "
            f"({alias}.event_type != 'THREATEN' AND {alias}.status IN ('occurred', 'claimed')))")


def analysis_candidates(conn: sqlite3.Connection, *, types: list[str], since: str, actors: list[str] | None,
                        statuses: list[str] | None = None, weapon_sets: list[list[str]] = (),
                        recipients: list[str] | None = None, territories: list[str] | None = None,
                        territory_types: list[str] | None = None, limit: int | None = None
                        ) -> tuple[list[dict[str, Any]], bool]:
    """Events of one article per story that may cross or answer a red line, the first `limit` in the analyses'
    order (a caller wanting the first few reads few of many): main type in `types`, dated on or after
    `since`, some actor coded in `actors` (None: anyone), status in `statuses` (None: a response's), naming
    a weapon of each of `weapon_sets`; and, when `recipients` or `territories` are given (with `actors`),
    some recipient coded in `recipients` or (for a type in `territory_types`, default `types`) the event's
    country in `territories`.

    Each part is read from the index that narrows it most (`event_dyad_rows` for actors and recipients,
    `events_place_order` for a territory, `events_type_order` for a type alone), its first `limit` in order.
    Returns those events (all, without a limit) as `{"event", "article_id"}`, and whether that is every
    match."""
    def conditions(alias: str) -> tuple[list[str], list[Any]]:
        where, params = [f"{alias}.date >= ?"], [since]
        if statuses is not None:
            where.append(f"{alias}.status IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(statuses))
        else:
            where.append(_response_status(alias))
        for names in weapon_sets:
            where.append(f"EXISTS (SELECT 1 FROM json_each({alias}.weapons) w WHERE w.value IN "
                         f"(SELECT value FROM json_each(?)))")
            params.append(json.dumps(names))
        return where, params

    limited = f" LIMIT {int(limit)}" if limit else ""
    actor_exists, actor_params = "", []
    if not actors:
        recipients = territories = None  # the pairs table and the territory index need actors beside them
    else:
        actor_exists = (" AND EXISTS (SELECT 1 FROM event_entities x WHERE x.event_id = e.id AND x.role = 'actor' "
                        "AND x.code IN (SELECT value FROM json_each(?)))")
        actor_params = [json.dumps(actors)]
    keys: set[tuple] = set()
    complete = True
    if recipients:
        where, params = conditions("d")
        rows = conn.execute(
            f"SELECT d.date, d.article_id, d.sequence, d.event_id FROM event_dyad_rows d "
            f"WHERE d.actor IN (SELECT value FROM json_each(?)) AND d.recipient IN (SELECT value FROM json_each(?)) "
            f"AND d.event_type IN (SELECT value FROM json_each(?)) AND {' AND '.join(where)} "
            f"AND d.article_id NOT IN ({_NOT_STORY_LEADS}) ORDER BY 1, 2, 3, 4{limited}",
            [json.dumps(actors), json.dumps(recipients), json.dumps(types), *params]).fetchall()
        keys.update(map(tuple, rows))
        complete &= not limit or len(rows) < limit
    if territories or not recipients:
        where, params = conditions("e")
        scopes = [(t, kind) for t in territories for kind in territory_types or types] if territories else \
            [(None, kind) for kind in types]
        for territory, kind in scopes:  # equalities the index seeks on, so it is read in date order
            index, scope = ("events_place_order", "e.country_code = ? AND ") if territory else ("events_type_order", "")
            rows = conn.execute(
                f"SELECT e.date, e.article_id, coalesce(e.sentence_start, 0), e.id FROM events e INDEXED BY {index} "
                f"JOIN articles a ON a.id = e.article_id WHERE {scope}e.event_type = ? AND {' AND '.join(where)} "
                f"{actor_exists} AND {STORY_LEAD} ORDER BY e.date, e.article_id, e.sentence_start, e.id{limited}",
                [*([territory] if territory else []), kind, *params, *actor_params]).fetchall()
            keys.update(map(tuple, rows))
            complete &= not limit or len(rows) < limit
    ids = [key[3] for key in sorted(keys)[:limit]]
    if len(ids) < len(keys):
        complete = False
    records = {row[0]: (row[1], row[2]) for row in conn.execute(
        "SELECT id, json, article_id FROM events WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))}
    return [{"event": json.loads(records[i][0]), "article_id": records[i][1]} for i in ids if i in records], complete


def threat_sentences(conn: sqlite3.Connection, statuses: list[str], article_ids: list[str] | None = None
                     ) -> list[tuple[str, str, int, str | None, str]]:
    """(event id, article id, sentence offset, condition, sentence) of the THREATEN events of one article
    per story (of `article_ids` only, if given) with a status in `statuses`, read without parsing whole
    records: what red lines are looked for in."""
    where, params = "", [json.dumps(statuses)]
    if article_ids is not None:
        where = "AND e.article_id IN (SELECT value FROM json_each(?)) "
        params.append(json.dumps(article_ids))
    return [tuple(row) for row in conn.execute(
        f"SELECT e.id, e.article_id, e.sentence_start, json_extract(e.json, '$.condition'), "
        f"json_extract(e.json, '$.event_text') FROM events e JOIN articles a ON a.id = e.article_id "
        f"WHERE e.event_type = 'THREATEN' AND e.status IN (SELECT value FROM json_each(?)) {where}AND {STORY_LEAD}",
        params)]


def latest_event_date(conn: sqlite3.Connection) -> str | None:
    """The latest event date in the store."""
    return conn.execute("SELECT max(date) FROM events").fetchone()[0]


def fusion_reports(conn: sqlite3.Connection, *, article_ids: list[str] | None = None,
                   event_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Stored events, syndicated copies included, with what fusion needs of their article:
    `{"event", "article_id", "canonical_id", "story", "publisher", "source", "published", "ingested_at"}`.

    `canonical_id` is the article's `duplicate_of` or its own id; `story` names the syndicated story by the
    smallest id among the canonical and its copies (which copy is canonical depends on ingest order, the
    story name does not); `publisher` is the canonical's. Every event by default, else those of
    `article_ids` plus those in `event_ids`.
    """
    sql = ("SELECT e.json, e.article_id, coalesce(a.duplicate_of, a.id) AS canonical_id, "
           "min(coalesce(a.duplicate_of, a.id), coalesce((SELECT min(s.id) FROM articles s "
           " INDEXED BY articles_duplicate_of WHERE s.duplicate_of = coalesce(a.duplicate_of, a.id)), "
           " coalesce(a.duplicate_of, a.id))) AS story, "
           "coalesce(c.publisher, a.publisher) AS publisher, a.source, a.published, a.ingested_at "
           "FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN articles c ON c.id = a.duplicate_of")
    params: list[Any] = []
    if article_ids is not None or event_ids is not None:
        sql += (" WHERE e.article_id IN (SELECT value FROM json_each(?)) "
                "OR e.id IN (SELECT value FROM json_each(?))")
        params = [json.dumps(article_ids or []), json.dumps(event_ids or [])]
    rows = conn.execute(sql + " ORDER BY e.article_id, e.id", params)
    return [{"event": json.loads(row[0]), "article_id": row[1], "canonical_id": row[2], "story": row[3],
             "publisher": row[4], "source": row[5], "published": row[6], "ingested_at": row[7]} for row in rows]


def fusion_pending(conn: sqlite3.Connection) -> list[str]:
    """Articles whose events changed since fusion was last refreshed (filled by triggers, migration 0004)."""
    return [row[0] for row in conn.execute("SELECT article_id FROM fusion_pending ORDER BY article_id")]


def story_articles(conn: sqlite3.Connection, article_ids: list[str]) -> list[str]:
    """Every article of the syndicated stories of `article_ids` (their canonicals and all copies)."""
    return [row[0] for row in conn.execute(
        "WITH given(id) AS (SELECT value FROM json_each(?)), "
        "stories(id) AS (SELECT coalesce(a.duplicate_of, a.id) FROM articles a JOIN given g ON g.id = a.id "
        "                UNION SELECT id FROM given) "
        "SELECT a.id FROM articles a WHERE a.id IN (SELECT id FROM stories) OR a.duplicate_of IN "
        "(SELECT id FROM stories) UNION SELECT id FROM given ORDER BY 1", (json.dumps(article_ids),))]


def fusion_blocks(conn: sqlite3.Connection, article_ids: list[str]) -> set[str]:
    """The fusion blocks the stored reports of `article_ids` were last clustered in."""
    return {row[0] for row in conn.execute(
        "SELECT DISTINCT block FROM event_fusion WHERE article_id IN (SELECT value FROM json_each(?))",
        (json.dumps(article_ids),))}


def fusion_block_members(conn: sqlite3.Connection, blocks: set[str], *, except_articles: list[str]) -> list[str]:
    """Ids of the reports clustered in `blocks`, leaving out those of `except_articles`."""
    return [row[0] for row in conn.execute(
        "SELECT event_id FROM event_fusion WHERE block IN (SELECT value FROM json_each(?)) "
        "AND article_id NOT IN (SELECT value FROM json_each(?)) ORDER BY event_id",
        (json.dumps(sorted(blocks)), json.dumps(except_articles)))]


def stored_fused_events(conn: sqlite3.Connection, *, min_sources: int = 1) -> list[dict[str, Any]]:
    """The stored fused events (docs/fusion.md, "Output") with at least `min_sources` independent sources,
    in the order of their earliest report."""
    return [json.loads(row[0]) for row in conn.execute(
        "SELECT json FROM fused_events WHERE n_independent_sources >= ? ORDER BY sort_key", (min_sources,))]


def fused_ids(conn: sqlite3.Connection, event_ids: list[str] | None = None) -> dict[str, str]:
    """Report id -> stored fused event id (of every report, or of `event_ids`)."""
    if event_ids is None:
        return dict(conn.execute("SELECT event_id, fused_id FROM event_fusion").fetchall())
    return dict(conn.execute("SELECT event_id, fused_id FROM event_fusion WHERE event_id IN "
                             "(SELECT value FROM json_each(?))", (json.dumps(event_ids),)).fetchall())


@dataclass(frozen=True)
class AlertFilter:
    """Filters for listing stored alerts; None means no filter. `since`/`until` bound the alert's date (of its
    event or period; YYYY, YYYY-MM or YYYY-MM-DD), `seen_since` the time it was first stored (UTC ISO 8601)."""

    kind: str | None = None
    rule: str | None = None
    severity: str | None = None
    dyad: str | None = None
    since: str | None = None
    until: str | None = None
    seen_since: str | None = None
    limit: int | None = None
    offset: int = 0


def _alert_where(flt: AlertFilter) -> tuple[str, list[Any]]:
    where, params = ["1=1"], []
    for column, value in (("kind", flt.kind), ("rule", flt.rule), ("severity", flt.severity)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if flt.dyad:
        where.append("upper(dyad) = upper(?)")
        params.append(flt.dyad)
    if flt.since:
        where.append("date >= ?")
        params.append(flt.since)
    if flt.until:
        # A partial date ("2025-06") bounds the whole month: compare the date's prefix.
        where.append("substr(date, 1, ?) <= ?")
        params.extend([len(flt.until), flt.until])
    if flt.seen_since:
        where.append("first_seen >= ?")
        params.append(flt.seen_since)
    return " AND ".join(where), params


def list_alerts(conn: sqlite3.Connection, flt: AlertFilter = AlertFilter()) -> list[dict[str, Any]]:
    """Stored alerts, newest date first (undated last), as their JSON with `first_seen` and `deliveries`
    (channel -> {status, target, attempts, detail, at})."""
    where, params = _alert_where(flt)
    sql = (f"SELECT id, json, first_seen FROM alerts WHERE {where} "
           f"ORDER BY date IS NULL, date DESC, first_seen DESC, id")
    if flt.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params.extend([flt.limit, flt.offset])
    rows = conn.execute(sql, params).fetchall()
    deliveries: dict[str, dict[str, Any]] = {row[0]: {} for row in rows}
    for chunk in range(0, len(rows), 500):
        ids = [row[0] for row in rows[chunk:chunk + 500]]
        for d in conn.execute(f"SELECT alert_id, channel, status, target, attempts, detail, at FROM alert_deliveries "
                              f"WHERE alert_id IN ({','.join('?' * len(ids))})", ids):
            deliveries[d[0]][d[1]] = {"status": d[2], "target": d[3], "attempts": d[4], "detail": d[5], "at": d[6]}
    return [{**json.loads(row[1]), "first_seen": row[2], "deliveries": deliveries[row[0]]} for row in rows]


def count_alerts(conn: sqlite3.Connection, flt: AlertFilter = AlertFilter()) -> int:
    where, params = _alert_where(flt)
    return conn.execute(f"SELECT count(*) FROM alerts WHERE {where}", params).fetchone()[0]


def alerts_to_deliver(conn: sqlite3.Connection, channel: str, *, max_attempts: int,
                      untried: bool = True) -> list[dict[str, Any]]:
    """Stored alerts not yet delivered on `channel`: failed fewer than `max_attempts` times, and (with
    `untried`) never tried; in the order they were first stored, then by date and id."""
    untried_sql = "d.alert_id IS NULL OR " if untried else ""
    rows = conn.execute(
        "SELECT a.json, a.first_seen FROM alerts a LEFT JOIN alert_deliveries d ON d.alert_id = a.id AND "
        f"d.channel = ? WHERE {untried_sql}(d.status = 'failed' AND d.attempts < ?) "
        "ORDER BY a.first_seen, a.date IS NULL, a.date, a.id", (channel, max_attempts))
    return [{**json.loads(row[0]), "first_seen": row[1]} for row in rows]


def events_version(conn: sqlite3.Connection) -> tuple[int, str | None]:
    """(number of events, latest extraction time): changes whenever events are stored, replaced or deleted,
    by any process, so a watcher knows when its alerts may have changed."""
    row = conn.execute("SELECT count(*), max(extracted_at) FROM events").fetchone()
    return row[0], row[1]
