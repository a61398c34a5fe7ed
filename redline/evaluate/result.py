"""What a scorer returns (`BenchmarkResult`), the tally it keeps while scoring (`Scorecard`), and the one
place an extractor is called (`call_extractor`), so that every benchmark treats a failing or
contract-breaking extractor the same way."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

log = logging.getLogger(__name__)

MAX_ERRORS = 50


class Extractor(Protocol):
    """Any callable `extract(text, *, published, citation) -> list[event dict]` (docs/event-schema.md)."""

    def __call__(self, text: str, *, published: str | None, citation: str) -> list[dict[str, Any]]: ...


Scorer = Callable[..., "BenchmarkResult"]


class BenchmarkError(ValueError):
    """A benchmark file is missing or not in the expected format."""


@dataclass
class BenchmarkResult:
    """The scores of one extractor on one benchmark.

    `n` is the number of items (rows, sentences, articles) read. `metrics` holds rates in 0..1 (a metric
    with no eligible item is absent, not 0). `counts` holds `n.<metric>` (how many items each metric was
    computed on) and benchmark-specific tallies such as a confusion table. `errors` lists the first
    misses as (item id, what was wrong), to help debugging.
    """

    name: str
    n: int
    metrics: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)


class Scorecard:
    """Collects right/total per metric, extra counts and the first misses for one benchmark run."""

    def __init__(self, name: str, *, strict: bool = False):
        self.name = name
        self.strict = strict
        self.right: Counter[str] = Counter()
        self.total: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()
        self.values: dict[str, float] = {}
        self.errors: list[tuple[str, str]] = []

    def check(self, metric: str, ok: bool, item_id: str, detail: str = "", *, keep: bool = True) -> bool:
        """Count one item for `metric`; a miss is kept (up to 50) with `detail` unless `keep` is False.
        Returns `ok`."""
        self.total[metric] += 1
        if ok:
            self.right[metric] += 1
        elif keep:
            self.miss(item_id, f"{metric}: {detail}" if detail else metric)
        return ok

    def miss(self, item_id: str, what: str) -> None:
        """Keep a description of something wrong with one item, while fewer than 50 are kept."""
        if len(self.errors) < MAX_ERRORS:
            self.errors.append((item_id, what))

    def count(self, key: str, k: int = 1) -> None:
        self.counts[key] += k

    def set_value(self, metric: str, value: float, n: int) -> None:
        """Record a metric that is not a plain share of items (a mean, an F1), computed over `n` items."""
        if n:
            self.values[metric] = value
        self.total[metric] = n

    def result(self, n: int) -> BenchmarkResult:
        metrics = {m: self.right[m] / t for m, t in self.total.items() if t and m not in self.values}
        metrics.update(self.values)
        counts = {f"n.{m}": t for m, t in self.total.items()}
        counts.update(self.counts)
        return BenchmarkResult(self.name, n, dict(sorted(metrics.items())), counts, list(self.errors))


def call_extractor(extract: Extractor, card: Scorecard, item_id: str, text: str, *,
                   published: str | None, citation: str) -> list[dict[str, Any]]:
    """Run the extractor on one item and return its events.

    An exception, or a return value that is not a list of dicts, is counted (`extractor_errors`,
    `contract_violations`), logged and listed in the result's errors, and the item scores as if no event
    had been returned; with `card.strict` the exception is raised instead.
    """
    try:
        events = extract(text, published=published, citation=citation)
    except Exception as exc:
        if card.strict:
            raise
        log.warning("%s: extractor failed on %s: %r", card.name, item_id, exc)
        card.count("extractor_errors")
        card.miss(item_id, f"extractor raised {type(exc).__name__}: {exc}")
        return []
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        if card.strict:
            raise TypeError(f"{item_id}: extractor returned {type(events).__name__}, not a list of dicts")
        card.count("contract_violations")
        card.miss(item_id, f"extractor returned {type(events).__name__}, not a list of event dicts")
        return []
    return events
