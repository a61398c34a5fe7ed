"""Shared fixtures. Tests read the team's shared data from ../shared (CI has it beside the checkout)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import redline
from redline.ingest.readers import ReadOptions, read
from redline.ingest.sources import read_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("REDLINE_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
BENCH = SHARED / "bench"


def write_articles(directory: Path, articles: dict[str, tuple[str, ...]], names: list[str]) -> list[str]:
    """Write the `names` of `articles` ({file name: (publication date, body)} or {file name: (publisher,
    publication date, body)}), articles written for the tests, as Markdown files with front matter in
    `directory`; their paths, in the order given."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        *publisher, published, body = articles[name]
        path = directory / name
        header = f"title: {name}\n" + (f"publisher: {publisher[0]}\n" if publisher else "")
        path.write_text(f"---\n{header}published: {published}\n---\n{body}\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def ingest_articles(tmp_path_factory, label: str, articles: dict[str, tuple[str, ...]], names: list[str], *,
                    one_run_each: bool = False) -> Path:
    """A store of the `names` of `articles` (as `write_articles`), ingested in that order in one run, or in
    one run per article; its path."""
    directory = tmp_path_factory.mktemp(label)
    paths = write_articles(directory, articles, names)
    db = directory / "redline.db"
    settings = redline.load_settings(env={}, db=str(db))
    for batch in ([p] for p in paths) if one_run_each else [paths]:
        redline.ingest(batch, settings)
    return db


def need_shared(path: Path) -> Path:
    """Skip when the shared data is absent on a developer machine; in CI its absence is a failure."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"shared data missing in CI: {path}")
        pytest.skip(f"shared data not found: {path}")
    return path


@pytest.fixture(scope="session")
def pipeline():
    return redline.load_pipeline()


@pytest.fixture(scope="session")
def extractor():
    """The process's extractor, shared with ingest runs inside the tests (loading one takes seconds)."""
    from redline.ingest.extraction import shared_extractor

    return shared_extractor()


@pytest.fixture(scope="session")
def seed_articles(pipeline):
    """The five seed articles, cleaned, keyed by the number at the start of their file names."""
    articles = {}
    for path in sorted(need_shared(SEEDS).glob("*.txt")):
        (article,) = redline.clean_file(path, pipeline=pipeline)
        articles[path.name[:3]] = article
    return articles


@pytest.fixture(scope="session")
def examples_expected():
    return json.loads((FIXTURES / "examples_expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def example_articles(pipeline):
    """Every article of the bundled examples keyed as in the manifest: 'file' or 'file#record id'."""
    found = {}
    for path in sorted(EXAMPLES.iterdir()):
        raw = read_file(path, 1 << 30)
        items = [pipeline(a) for a in read(raw, ReadOptions()) if not isinstance(a, redline.errors.Skip)]
        is_dump = raw.suffix in {".jsonl", ".csv", ".xml"}
        for article in items:
            found[f"{path.name}#{article.source}" if is_dump else path.name] = article
    return found


MARKUP_STORY = """Shelling hits Kharkiv suburb

Kharkiv, 12 March 2024

Russian forces shelled the suburb of [bold]x[/bold] <script>alert(1)</script> near Kharkiv on Monday, \
killing two civilians, the regional governor said.

Emergency crews worked through the night to clear the rubble, officials added, and schools in the area \
stayed closed.
"""


@pytest.fixture(scope="session")
def event_store(tmp_path_factory):
    """A store built once per session, events extracted at ingest, from the examples, the seeds and one
    article whose evidence sentence holds markup-like text. Tests must not write to it: copy it first."""
    from redline.ingest.run import ingest
    from redline.settings import load_settings

    folder = tmp_path_factory.mktemp("event_store")
    (folder / "markup_story.txt").write_text(MARKUP_STORY, encoding="utf-8")
    settings = load_settings(env={}, db=str(folder / "events.db"))
    report = ingest([EXAMPLES, need_shared(SEEDS), folder / "markup_story.txt"], settings)
    assert not report.failed, report.problems
    return folder / "events.db", report
