"""The extraction engine as an evaluation extractor: text in, contract-form event dicts out."""

from __future__ import annotations

from redline.evaluate.result import Extractor as ExtractFn
from redline.extract.engine import ExtractOptions, Extractor
from redline.model.article import Article
from redline.pipeline import Pipeline


def engine_extractor(extractor: Extractor, pipeline: Pipeline) -> ExtractFn:
    """Clean `text` with the ingest pipeline, extract with the engine, return `Event.to_json()` dicts."""

    def extract(text: str, *, published: str | None, citation: str) -> list[dict]:
        article = pipeline(Article(id=citation, source=citation, origin=citation, format="text", raw=text,
                                   hints={"published": published} if published else {}))
        if article.skip is not None:
            return []
        return [e.to_json() for e in extractor.extract(article, ExtractOptions(published=published))]

    return extract
