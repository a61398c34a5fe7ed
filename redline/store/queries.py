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


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    by = lambda sql: {str(k): v for k, v in conn.execute(sql).fetchall()}  # noqa: E731
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
