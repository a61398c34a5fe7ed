"""Writes to the article tables: ingest runs, articles with their fingerprints, skips.

This module is the only writer of those tables (the extraction marker columns of `articles` are written
with the events, by `store.events`). Every write happens inside a transaction opened by the
caller (`store.db.transaction`), so a batch of articles lands whole or not at all.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime
from typing import Any

from redline.errors import Skip
from redline.ingest.fingerprint import band_keys, similarity
from redline.model.article import Article, Block
from redline.model.textmap import TextMap


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def start_run(conn: sqlite3.Connection, inputs: list[str], settings: dict[str, Any]) -> int:
    """Record a new ingest run, first marking runs whose process died as interrupted."""
    for row in conn.execute("SELECT id, pid FROM ingest_runs WHERE status='running'").fetchall():
        if not _alive(row["pid"]):
            conn.execute("UPDATE ingest_runs SET status='interrupted' WHERE id=?", (row["id"],))
    cur = conn.execute(
        "INSERT INTO ingest_runs (started_at, status, pid, inputs, settings) VALUES (?, 'running', ?, ?, ?)",
        (_now(), os.getpid(), json.dumps(inputs), json.dumps(settings, default=str)))
    return int(cur.lastrowid)


def finish_run(conn: sqlite3.Connection, run_id: int, counts: dict[str, Any]) -> None:
    conn.execute("UPDATE ingest_runs SET status='finished', finished_at=?, counts=? WHERE id=?",
                 (_now(), json.dumps(counts), run_id))


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def stored_hash(conn: sqlite3.Connection, article_id: str) -> str | None:
    """The content hash of the stored article with this id, or None if there is none."""
    row = conn.execute("SELECT content_hash FROM articles WHERE id=?", (article_id,)).fetchone()
    return row[0] if row else None


def find_duplicate(conn: sqlite3.Connection, article: Article, *, threshold: float, bands: int,
                   rows: int) -> tuple[str, float] | None:
    """The canonical article this one copies, with the similarity, or None.

    An identical cleaned text is a duplicate outright; otherwise LSH band keys give candidates whose
    MinHash signatures are compared. Duplicates always point at a canonical article, never at another
    copy, so that a cluster of syndicated copies has one head.
    """
    row = conn.execute("SELECT id, duplicate_of FROM articles WHERE text_hash=? AND id<>? ORDER BY rowid LIMIT 1",
                       (article.text_hash, article.id)).fetchone()
    if row:
        return (row["duplicate_of"] or row["id"]), 1.0
    if article.minhash is None:
        return None
    keys = band_keys(article.minhash, bands, rows)
    clause = " OR ".join("(band=? AND key=?)" for _ in keys)
    params = [v for key in keys for v in key]
    candidates = conn.execute(
        f"SELECT DISTINCT l.article_id, m.signature, a.duplicate_of FROM article_lsh l "
        f"JOIN article_minhash m ON m.article_id=l.article_id JOIN articles a ON a.id=l.article_id "
        f"WHERE ({clause}) AND l.article_id<>?", [*params, article.id]).fetchall()
    best: tuple[str, float] | None = None
    for cand in candidates:
        score = similarity(article.minhash, cand["signature"])
        if score >= threshold and (best is None or score > best[1]):
            best = (cand["duplicate_of"] or cand["article_id"], score)
    return best


def insert_article(conn: sqlite3.Connection, article: Article, run_id: int, *, bands: int, rows: int) -> None:
    textmap = article.textmap
    assert textmap is not None and article.minhash is not None
    conn.execute(
        """INSERT INTO articles (id, source, origin, format, title, byline, publisher, url, published,
           published_precision, language, raw, source_text, text, textmap, blocks, hints, warnings,
           content_hash, text_hash, duplicate_of, similarity, run_id, ingested_at)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        (article.id, article.source, article.origin, article.format, article.title, article.byline,
         article.publisher, article.url, article.published, article.published_precision, article.language,
         article.raw, None if article.source_text == article.raw else article.source_text, article.text,
         json.dumps(textmap.to_json()), json.dumps([[b.start, b.end, b.kind] for b in article.blocks]),
         json.dumps(article.hints, default=str), json.dumps([[w.code, w.detail] for w in article.warnings]),
         article.content_hash, article.text_hash, article.duplicate_of, article.similarity, run_id, _now()))
    conn.execute("INSERT INTO article_minhash VALUES (?, ?)", (article.id, article.minhash))
    conn.executemany("INSERT INTO article_lsh (band, key, article_id) VALUES (?, ?, ?)",
                     [(band, key, article.id) for band, key in band_keys(article.minhash, bands, rows)])


def record_skip(conn: sqlite3.Connection, run_id: int, origin: str, skip: Skip) -> None:
    conn.execute("INSERT INTO skips (run_id, origin, code, severity, detail, at) VALUES (?,?,?,?,?,?)",
                 (run_id, origin, skip.code, skip.severity.value, skip.detail, _now()))


def load_articles(conn: sqlite3.Connection, *, after_rowid: int, limit: int,
                  except_run: int | None = None) -> list[tuple[int, Article]]:
    """Stored articles rebuilt for extraction, in rowid order after `after_rowid`, with their rowids.

    Articles whose events were extracted by run `except_run` are left out (they are already current).
    """
    rows = conn.execute(
        "SELECT rowid, * FROM articles WHERE rowid > ? AND coalesce(events_run_id, -1) <> ? ORDER BY rowid LIMIT ?",
        (after_rowid, -2 if except_run is None else except_run, limit)).fetchall()
    return [(row["rowid"], _article(row)) for row in rows]


def _article(row: sqlite3.Row) -> Article:
    source = row["source_text"] if row["source_text"] is not None else row["raw"]
    return Article(
        id=row["id"], source=row["source"], origin=row["origin"], format=row["format"], raw=row["raw"],
        hints=json.loads(row["hints"]), content_hash=row["content_hash"], source_text=source,
        textmap=TextMap.from_json(source, json.loads(row["textmap"])),
        blocks=[Block(*b) for b in json.loads(row["blocks"])], title=row["title"], byline=row["byline"],
        publisher=row["publisher"], url=row["url"], published=row["published"],
        published_precision=row["published_precision"], language=row["language"], text_hash=row["text_hash"],
        duplicate_of=row["duplicate_of"], similarity=row["similarity"])
