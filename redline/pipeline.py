"""Build a pipeline of named stages from settings and run articles through it.

A stage is registered with `@stage(name, requires=..., assigns=...)` on a *factory* that takes
`(settings)` and returns the callable `article -> article`. Factories do their loading (automata,
models) once, when the pipeline is built. `Pipeline.check` refuses an order in which a stage needs a
field that no earlier stage provides, so a rule stage can be replaced by another one (say, a learned
extractor) in the same slot with the same contract.

A stage signals an expected problem by raising `SkipArticle`; any other exception is turned into an
R190 skip that names the stage, logged with its traceback and kept in the store: never swallowed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from redline import errors
from redline.errors import SkipArticle
from redline.model.article import Article
from redline.registry import stages
from redline.settings import Settings

log = logging.getLogger(__name__)

# Fields a reader always fills in before the first stage runs.
READER_FIELDS = frozenset({"id", "source", "origin", "format", "raw", "hints", "content_hash"})

StageFn = Callable[[Article], Article]


@dataclass(frozen=True)
class StageSpec:
    name: str
    factory: Callable[[Settings], StageFn]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    optional: bool = False  # only assigns its fields and never skips: a caller needing none may drop it


def stage(name: str, requires: Iterable[str] = (), assigns: Iterable[str] = (), optional: bool = False):
    """Register a stage factory under `name` with the article fields it reads and writes. An `optional`
    stage only computes its fields (it never skips an article), so a pipeline built for a caller that
    needs none of them leaves it out."""

    def register(factory: Callable[[Settings], StageFn]) -> Callable[[Settings], StageFn]:
        stages.register(name, StageSpec(name, factory, tuple(requires), tuple(assigns), optional))
        return factory

    return register


class Pipeline:
    """An ordered list of built stages."""

    def __init__(self, specs: list[StageSpec], settings: Settings):
        self.specs = specs
        self.check()
        self._fns = [(spec.name, spec.factory(settings)) for spec in specs]
        self._trace = os.environ.get("REDLINE_TRACE") == "1"

    @classmethod
    def from_names(cls, names: Iterable[str], settings: Settings, needs: Iterable[str] | None = None) -> Pipeline:
        """The named stages in order; with `needs` (the article fields the caller reads), optional
        stages that assign none of them are left out (`redline extract` has no use for fingerprints)."""
        _load_builtin_stages()
        specs = [stages.get(n) for n in names]
        if needs is not None:
            wanted = set(needs)
            specs = [s for s in specs if not s.optional or wanted.intersection(s.assigns)]
        return cls(specs, settings)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.specs]

    def check(self) -> None:
        """Refuse an order in which a stage requires a field nothing earlier assigns."""
        available = set(READER_FIELDS)
        for spec in self.specs:
            missing = [f for f in spec.requires if f not in available]
            if missing:
                raise ValueError(f"stage {spec.name!r} requires {missing}, which no earlier stage assigns")
            available.update(spec.assigns)

    def __call__(self, article: Article) -> Article:
        for name, fn in self._fns:
            if article.skip is not None:
                break
            if self._trace:
                log.info("stage %s on %s", name, article.id)
            try:
                result = fn(article)
            except SkipArticle as exc:
                article.skip = exc.skip
                break
            except Exception as exc:  # a bug or a hostile input: record it against the article
                log.exception("stage %s failed on %s", name, article.origin)
                article.skip = errors.R190(stage=name, detail=f"{type(exc).__name__}: {exc}")
                break
            if not isinstance(result, Article):
                raise TypeError(f"stage {name!r} returned {type(result).__name__}, not Article")
            article = result
        return article


def _load_builtin_stages() -> None:
    """Import the modules whose decorators register the built-in stages."""
    import redline.ingest.stages  # noqa: F401
