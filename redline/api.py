"""The public Python API, behind `import redline`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from redline.errors import SkipArticle
from redline.ingest.readers import ReadOptions, read
from redline.ingest.run import IngestReport
from redline.ingest.run import ingest as _ingest
from redline.ingest.sources import read_file
from redline.model.article import Article
from redline.pipeline import Pipeline
from redline.settings import Settings, load_settings


def load_pipeline(settings: Settings | None = None, needs: Iterable[str] | None = None) -> Pipeline:
    """Build the ingest pipeline once; reuse it for many articles. `needs` names the article fields
    the caller reads, so that stages computing only other fields are left out (see `Pipeline.from_names`);
    `redline.extract.engine.ARTICLE_FIELDS` are the extractor's."""
    settings = settings or load_settings()
    return Pipeline.from_names(settings.ingest_stages, settings, needs)


def ingest(paths: list[str | Path], settings: Settings | None = None, **kwargs) -> IngestReport:
    """Ingest files or directories into the store named by `settings.db` (see `redline.ingest.run`)."""
    return _ingest(paths, settings or load_settings(), **kwargs)


def clean_text(text: str, *, format: str = "text", title: str | None = None, published: str | None = None,
               pipeline: Pipeline | None = None) -> Article:
    """Clean one text without a store. The result may carry a `skip` saying why it is unusable."""
    from redline.ingest.readers import content_hash

    hints = {k: v for k, v in (("title", title), ("published", published)) if v}
    article = Article(id=content_hash(text), source="<text>", origin="<text>", format=format, raw=text,
                      hints=hints, content_hash=content_hash(text))
    return (pipeline or load_pipeline())(article)


def clean_file(path: str | Path, *, pipeline: Pipeline | None = None,
               options: ReadOptions | None = None) -> list[Article]:
    """Read and clean every article in one file, without a store. Unreadable records are left out."""
    settings = load_settings()
    pipeline = pipeline or load_pipeline(settings)
    raw = read_file(Path(path), settings.max_input_mb * 1024 * 1024)
    if raw.skip is not None:
        raise SkipArticle(raw.skip)
    return [pipeline(item) for item in read(raw, options or ReadOptions()) if isinstance(item, Article)]
