"""Read queries shared by the CLI, the REST API and the dashboard: none of them writes its own SQL."""

from __future__ import annotations

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


_HAS_ENTITY = "EXISTS (SELECT 1 FROM event_entities x WHERE x.event_id = e.id AND x.role = ? AND x.code = ?)"


def _event_where(flt: EventFilter) -> tuple[str, list[Any]]:
    where, params = ["1=1"], []

    def add(clause: str, *values: Any) -> None:
        where.append(clause)
        params.extend(values)

    if flt.date_from:
        add("e.date >= ?", flt.date_from)
    if flt.date_to:
        add("e.date <= ?", flt.date_to)
    actors, recipients = [flt.actor], [flt.recipient]
    if flt.dyad:
        actor, sep, recipient = flt.dyad.partition("-")
        if not (sep and actor and recipient):
            raise ValueError(f"a dyad is written ACTOR-RECIPIENT, as RUS-UKR, not {flt.dyad!r}")
        actors.append(actor)
        recipients.append(recipient)
    for role, codes in (("actor", actors), ("recipient", recipients)):
        for code in filter(None, codes):
            add(_HAS_ENTITY, role, code.upper())
    if flt.event_type:
        add("e.event_type = ?", flt.event_type.upper())
    if flt.mode:
        add("e.mode = ?", flt.mode.lower())
    if flt.status:
        add("e.status = ?", flt.status.lower())
    if flt.weapon:
        add("instr(lower(e.weapons), lower(?)) > 0", flt.weapon)
    if flt.place:
        add("(instr(lower(coalesce(e.place, '')), lower(?)) > 0 OR e.country_code = upper(?))", flt.place, flt.place)
    if flt.text:
        add("instr(lower(json_extract(e.json, '$.event_text')), lower(?)) > 0", flt.text)
    if flt.bbox:
        min_lon, min_lat, max_lon, max_lat = flt.bbox
        add("e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?", min_lon, max_lon, min_lat, max_lat)
    if flt.min_sources and flt.min_sources > 1:
        add("EXISTS (SELECT 1 FROM event_fusion f JOIN fused_events g ON g.id = f.fused_id "
            "WHERE f.event_id = e.id AND g.n_independent_sources >= ?)", flt.min_sources)
    return " AND ".join(where), params


def list_events(conn: sqlite3.Connection, flt: EventFilter = EventFilter()) -> list[dict[str, Any]]:
    """The event records (docs/event-schema.md) matching `flt`, by date (undated last), then id."""
    where, params = _event_where(flt)
    sql = f"SELECT e.json FROM events e WHERE {where} ORDER BY e.date IS NULL, e.date, e.id"
    if flt.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params.extend([flt.limit, flt.offset])
    elif flt.offset:
        sql += " LIMIT -1 OFFSET ?"
        params.append(flt.offset)
    return [json.loads(row[0]) for row in conn.execute(sql, params)]


def count_events(conn: sqlite3.Connection, flt: EventFilter = EventFilter()) -> int:
    """How many events match `flt`, ignoring its limit and offset."""
    where, params = _event_where(flt)
    return conn.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0]


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
    """Counts of events by type, status, month and dyad, and how many articles were extracted."""
    one, by = _scalar(conn), _counts(conn)
    return {
        "events": one("SELECT count(*) FROM events"),
        "articles_extracted": one("SELECT count(*) FROM articles WHERE events_extracted_at IS NOT NULL"),
        "articles_not_extracted": one("SELECT count(*) FROM articles WHERE events_extracted_at IS NULL"),
        "dated": one("SELECT count(*) FROM events WHERE date IS NOT NULL"),
        "geocoded": one("SELECT count(*) FROM events WHERE lat IS NOT NULL"),
        "first_date": one("SELECT min(date) FROM events"),
        "last_date": one("SELECT max(date) FROM events"),
        "by_type": by("SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1"),
        "by_status": by("SELECT status, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1"),
        "by_month": by("SELECT substr(date, 1, 7), count(*) FROM events WHERE date IS NOT NULL GROUP BY 1 ORDER BY 1"),
        "top_dyads": by("SELECT actor_code || '-' || recipient_code, count(*) FROM events WHERE actor_code IS NOT NULL "
                        "AND recipient_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20"),
        "extractor_versions": by("SELECT coalesce(extractor_version, 'unknown'), count(*) FROM events GROUP BY 1 "
                                 "ORDER BY 2 DESC"),
    }


def dyad_counts(conn: sqlite3.Connection, flt: EventFilter = EventFilter()) -> list[dict[str, Any]]:
    """Events per directed actor -> recipient code pair among those matching `flt`, most frequent first.

    An event counts once for every pair of its coded actors and recipients, as the `dyad` filter matches
    any of them: the count of "RUS"->"UKR" equals `count_events(dyad="RUS-UKR")` under the same filters.
    `flt.limit` and `flt.offset` page through the pairs.
    """
    where, params = _event_where(flt)
    sql = (f"SELECT a.code AS actor, r.code AS recipient, count(DISTINCT e.id) AS events, "
           f"min(e.date) AS first_date, max(e.date) AS last_date FROM events e "
           f"JOIN event_entities a ON a.event_id = e.id AND a.role = 'actor' AND a.code IS NOT NULL "
           f"JOIN event_entities r ON r.event_id = e.id AND r.role = 'recipient' AND r.code IS NOT NULL "
           f"WHERE {where} GROUP BY a.code, r.code ORDER BY events DESC, actor, recipient")
    if flt.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params.extend([flt.limit, flt.offset])
    return [dict(row) for row in conn.execute(sql, params)]


def analysis_events(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The events of one article per syndicated story as `{"event", "article_id"}`, ordered by date
    (undated last), article and sentence: the input of `redline.analyse`.

    A story (a canonical article and its copies) speaks through its smallest article id, not through its
    canonical, which is whichever copy was stored first: so analyses do not depend on ingest order."""
    rows = conn.execute(
        "SELECT e.json, e.article_id FROM events e JOIN articles a ON a.id = e.article_id "
        "WHERE a.id = (SELECT min(s.id) FROM articles s WHERE s.id = coalesce(a.duplicate_of, a.id) "
        "              OR s.duplicate_of = coalesce(a.duplicate_of, a.id)) "
        "ORDER BY e.date IS NULL, e.date, e.article_id, e.sentence_start, e.id")
    return [{"event": json.loads(row[0]), "article_id": row[1]} for row in rows]


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
           "(SELECT min(s.id) FROM articles s WHERE s.id = coalesce(a.duplicate_of, a.id) "
           " OR s.duplicate_of = coalesce(a.duplicate_of, a.id)) AS story, "
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


def fused_ids(conn: sqlite3.Connection) -> dict[str, str]:
    """Report id -> stored fused event id."""
    return dict(conn.execute("SELECT event_id, fused_id FROM event_fusion").fetchall())


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
