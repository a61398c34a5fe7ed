"""The ingest job: inputs -> readers -> pipeline -> duplicate check -> store -> event extraction, in
batched transactions.

Each batch of `commit_every` articles is one transaction, holding the articles and their events. A crash
or kill loses at most the batch in progress, never leaves half an article or an article without its
events, and a re-run skips what was stored (same id and content) and finishes the rest: nothing lost,
nothing doubled. With `reextract`, every stored article is extracted again afterwards, batch by batch.
Last, the fusion of reports into events and the firsts are refreshed for the articles whose events changed.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from redline import errors
from redline.analyse.stored import refresh_stored
from redline.errors import Severity, Skip
from redline.ingest.extraction import ArticleExtraction
from redline.ingest.readers import ReadOptions, read
from redline.ingest.sources import iter_inputs
from redline.model.article import Article
from redline.pipeline import Pipeline
from redline.settings import Settings
from redline.store import articles as store
from redline.store.db import connect, transaction

if TYPE_CHECKING:
    from redline.extract.engine import Extractor

log = logging.getLogger(__name__)

MAX_LISTED_PROBLEMS = 1000  # the report lists this many; the store keeps them all


@dataclass
class IngestReport:
    """What one ingest run did: counts, and the reason for every input not used."""

    run_id: int | None = None
    inputs: int = 0
    records: int = 0
    ingested: int = 0
    duplicates: int = 0
    unchanged: int = 0
    extracted: int = 0  # new articles run through the extractor
    reextracted: int = 0  # stored articles extracted again (`reextract`)
    events: int = 0  # events stored by this run
    fused: int = 0  # fused events rewritten by the fusion refresh at the end of the run
    skipped: Counter[str] = field(default_factory=Counter)
    warned: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[str, Skip]] = field(default_factory=list)

    errors: int = 0

    @property
    def failed(self) -> bool:
        """True when some input could not be used because of an error (not a policy choice)."""
        return self.errors > 0

    def note(self, origin: str, skip: Skip) -> None:
        if skip.severity is Severity.WARNING:
            self.warned[skip.code] += 1
        else:
            self.skipped[skip.code] += 1
            if skip.is_error:
                self.errors += 1
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append((origin, skip))

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id, "inputs": self.inputs, "records": self.records, "ingested": self.ingested,
            "duplicates": self.duplicates, "unchanged": self.unchanged, "extracted": self.extracted,
            "reextracted": self.reextracted, "events": self.events, "fused": self.fused,
            "skipped": sum(self.skipped.values()), "skipped_by_code": dict(self.skipped), "errors": self.errors,
            "warnings_by_code": dict(self.warned), "failed": self.failed,
            "problems": [{"origin": o, "code": s.code, "severity": s.severity.value, "detail": s.detail}
                         for o, s in self.problems],
        }


def ingest(paths: Iterable[str | Path], settings: Settings, *, options: ReadOptions | None = None,
           include: Iterable[str] = (), exclude: Iterable[str] = (), pipeline: Pipeline | None = None,
           progress: Callable[[IngestReport, str], None] | None = None, stdin: BinaryIO | None = None,
           extractor: Extractor | None = None, reextract: bool = False) -> IngestReport:
    """Ingest every input named by `paths` into the store `settings.db`.

    Args:
        paths: files, directories (walked recursively) or "-" for standard input.
        settings: resolved settings; `settings.db` names the store.
        options: reader options (forced format, column names, id prefix).
        include, exclude: glob filters for files found in directories.
        pipeline: a pipeline to reuse; built from `settings.ingest_stages` when omitted.
        progress: called after each input (and each re-extracted batch) with the report so far and an origin.
        extractor: an extractor to reuse; loaded on first need when omitted. New articles are extracted
            when `settings.extract_on_ingest` is true.
        reextract: afterwards, extract every stored article again (not those this run just extracted),
            replacing its events: for a store built by an older engine or with extraction off.
    Returns:
        The run's `IngestReport`; it is also stored in the `ingest_runs` table.
    """
    paths = [str(p) for p in paths]
    options = options or ReadOptions(max_record_chars=settings.max_record_chars)
    pipeline = pipeline or Pipeline.from_names(settings.ingest_stages, settings)
    conn = connect(settings.db)
    report = IngestReport()
    with transaction(conn):
        report.run_id = store.start_run(conn, paths, settings.values)
    writer = _BatchWriter(conn, settings, report, ArticleExtraction(extractor))
    try:
        for raw in iter_inputs(paths, include=include, exclude=[*settings.exclude_files, *exclude],
                               max_bytes=settings.max_input_mb * 1024 * 1024, stdin=stdin):
            report.inputs += 1
            for item in read(raw, options):
                if isinstance(item, Skip):
                    writer.skip(raw.origin, item)
                else:
                    report.records += 1
                    writer.add(item, pipeline)
            if progress:
                progress(report, raw.origin)
        if reextract:
            writer.reextract_stored(progress)
        writer.finish()
    except BaseException:
        writer.abort()
        raise
    finally:
        conn.close()
    return report


class _BatchWriter:
    """Holds the open transaction and commits every `commit_every` articles."""

    def __init__(self, conn: sqlite3.Connection, settings: Settings, report: IngestReport,
                 extraction: ArticleExtraction):
        self.conn, self.settings, self.report, self.extraction = conn, settings, report, extraction
        self.pending = 0
        self.to_extract: list[Article] = []  # stored in this transaction, extracted together before its commit
        self.conn.execute("BEGIN IMMEDIATE")

    def skip(self, origin: str, skip: Skip) -> None:
        self.report.note(origin, skip)
        store.record_skip(self.conn, self.report.run_id or 0, origin, skip)

    def add(self, article: Article, pipeline: Pipeline) -> None:
        s, report = self.settings, self.report
        existing = store.stored_hash(self.conn, article.id)
        if existing == article.content_hash:
            report.unchanged += 1
            return
        if existing is not None:
            self.skip(article.origin, errors.R111(id=article.id))
            return
        article = pipeline(article)
        if article.skip is not None:
            self.skip(article.origin, article.skip)
            return
        duplicate = store.find_duplicate(self.conn, article, threshold=s.near_duplicate_threshold,
                                         bands=s.lsh_bands, rows=s.lsh_rows)
        if duplicate:
            article.duplicate_of, article.similarity = duplicate
            report.duplicates += 1
        store.insert_article(self.conn, article, report.run_id or 0, bands=s.lsh_bands, rows=s.lsh_rows)
        for warning in article.warnings:
            self.skip(article.origin, warning)
        report.ingested += 1
        if s.extract_on_ingest:
            self.to_extract.append(article)
        self.pending += 1
        if self.pending >= s.commit_every:
            self._commit()

    def reextract_stored(self, progress: Callable[[IngestReport, str], None] | None) -> None:
        """Extract every stored article again, `commit_every` per transaction, replacing its events."""
        self._commit()
        last = 0
        while batch := store.load_articles(self.conn, after_rowid=last, limit=self.settings.commit_every,
                                           except_run=self.report.run_id):
            self.report.reextracted += self._extract([article for _, article in batch])
            self._commit()
            last = batch[-1][0]
            if progress:
                progress(self.report, batch[-1][1].origin)

    def _extract(self, articles: list[Article]) -> int:
        """Extract and store the events of `articles`; returns how many the engine did not fail on."""
        done = 0
        for article, outcome in zip(articles, self.extraction.many(self.conn, articles, self.report.run_id),
                                    strict=True):
            if isinstance(outcome, Skip):
                self.skip(article.origin, outcome)
            else:
                self.report.events += outcome
                done += 1
        return done

    def _extract_waiting(self) -> None:
        self.report.extracted += self._extract(self.to_extract)
        self.to_extract = []

    def _commit(self) -> None:
        self._extract_waiting()
        self.conn.execute("COMMIT")
        self.conn.execute("BEGIN IMMEDIATE")
        self.pending = 0

    def finish(self) -> None:
        # Fusion and firsts are brought up to date once per run, in the run's last transaction: a killed
        # run leaves its articles marked pending, and the next run (or `redline fused --refresh`) does it.
        self._extract_waiting()
        self.report.fused = refresh_stored(self.conn)["fusion"]["fused"]
        report = self.report
        counts = {k: v for k, v in report.to_dict().items() if k != "problems"}
        store.finish_run(self.conn, report.run_id or 0, counts)
        self.conn.execute("COMMIT")

    def abort(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
            with transaction(self.conn):
                self.conn.execute("UPDATE ingest_runs SET status='interrupted' WHERE id=?", (self.report.run_id,))
        except sqlite3.Error:
            log.exception("could not mark run %s as interrupted", self.report.run_id)
