"""Event extraction at ingest: each newly stored article goes through the extractor, and its events are
written in the same transaction as the article, so that a kill never separates the two.

The extractor (spaCy model plus knowledge, about 10 s to load) is built on first use only, so a run with
nothing new to extract never loads it, and once per process, so that many runs in one process (tests,
a server) share it. It is read-only once built.
"""

from __future__ import annotations

import logging
import sqlite3
from functools import cache
from typing import TYPE_CHECKING

from redline import errors
from redline.errors import Skip
from redline.model.article import Article
from redline.store.events import write_events

if TYPE_CHECKING:
    from redline.extract.engine import Extractor

log = logging.getLogger(__name__)


@cache
def shared_extractor() -> Extractor:
    """The process's extractor, loaded on the first call."""
    from redline.extract.engine import Extractor

    return Extractor.load()


class ArticleExtraction:
    """Extracts the events of stored articles into the store, inside the caller's transaction."""

    def __init__(self, extractor: Extractor | None = None):
        self._extractor = extractor

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            self._extractor = shared_extractor()
        return self._extractor

    def __call__(self, conn: sqlite3.Connection, article: Article, run_id: int | None) -> int | Skip:
        """Extract and store one article's events, replacing any it had.

        Returns:
            The number of events stored, or a coded skip (R201) when the engine failed; the article then
            keeps the events it had (none for a new article) and stays marked as not extracted by this run.
        """
        from redline.extract.engine import ExtractOptions

        try:
            events = self.extractor.extract(article, ExtractOptions())
        except Exception as exc:  # an engine bug must not lose the article: it is stored, re-extractable
            return _failed(article, exc)
        return _store(conn, article, events, run_id)

    def many(self, conn: sqlite3.Connection, articles: list[Article], run_id: int | None) -> list[int | Skip]:
        """`self(conn, article, run_id)` for each article, with the sentences of all of them parsed in one
        call (the parser is faster on large batches). When the engine fails on the batch, each article is
        tried alone, so that only the one it fails on is left without events."""
        from redline.extract.engine import ExtractOptions

        if not articles:
            return []
        try:
            found = [events for _, events in self.extractor.extract_many(articles, ExtractOptions())]
        except Exception:
            log.warning("event extraction failed on a batch of %d articles; trying each alone", len(articles),
                        exc_info=True)
            return [self(conn, article, run_id) for article in articles]
        return [_store(conn, article, events, run_id) for article, events in zip(articles, found, strict=True)]


def _store(conn: sqlite3.Connection, article: Article, events: list, run_id: int | None) -> int | Skip:
    conn.execute("SAVEPOINT article_events")
    try:
        count = write_events(conn, article.id, events, run_id=run_id)
    except sqlite3.IntegrityError as exc:  # events the store refuses (two with one id): none are kept
        conn.execute("ROLLBACK TO article_events")
        conn.execute("RELEASE article_events")
        return _failed(article, exc)
    conn.execute("RELEASE article_events")
    return count


def _failed(article: Article, exc: Exception) -> Skip:
    log.warning("event extraction failed on %s", article.id, exc_info=True)
    return errors.R201(id=article.id, detail=f"{type(exc).__name__}: {exc}")
