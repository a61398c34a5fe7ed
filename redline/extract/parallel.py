"""Extraction on several cores: worker processes each load the engine once, and cleaned articles go to
them in chunks; results come back in input order, so the output equals that of one process.

Workers are started with "spawn", not "fork": the parent may already hold OpenBLAS and spaCy threads, which
a forked child would inherit in an undefined state. Each worker loads its own model (about 0.8 GB and a few
seconds), so a few jobs pay off on inputs of more than a few dozen articles.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import Any

from redline.extract.engine import ExtractOptions, Extractor
from redline.model.article import Article

# The engine of a worker process: loaded once by `_start_worker`, read by `_extract_chunk`. Module state is
# the only way a process pool hands its initializer's work to its tasks; it exists only in worker processes.
_WORKER_ENGINE: Extractor | None = None


def _start_worker() -> None:
    global _WORKER_ENGINE
    _WORKER_ENGINE = Extractor.load()


def _extract_chunk(task: tuple[list[Article], ExtractOptions]) -> list[list[dict[str, Any]]]:
    articles, options = task
    assert _WORKER_ENGINE is not None, "worker started without its engine"
    return [[event.to_json() for event in events] for _, events in _WORKER_ENGINE.extract_many(articles, options)]


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while chunk := list(islice(iterator, size)):
        yield chunk


def extract_parallel(articles: Iterable[Article], jobs: int, options: ExtractOptions | None = None,
                     chunk: int = 16) -> Iterator[tuple[Article, list[dict[str, Any]]]]:
    """(article, its events as contract JSON) for each article, in input order, extracted by `jobs`
    worker processes. At most two chunks per worker are in flight, so memory stays flat on long inputs.
    An error in a worker is raised here, in the caller."""
    options = options or ExtractOptions()
    context = multiprocessing.get_context("spawn")
    with context.Pool(jobs, initializer=_start_worker) as pool:
        in_flight: deque[tuple[list[Article], AsyncResult]] = deque()
        for batch in _chunks(articles, chunk):
            in_flight.append((batch, pool.apply_async(_extract_chunk, ((batch, options),))))
            if len(in_flight) >= 2 * jobs:
                done, result = in_flight.popleft()
                yield from zip(done, result.get(), strict=True)
        while in_flight:
            done, result = in_flight.popleft()
            yield from zip(done, result.get(), strict=True)
