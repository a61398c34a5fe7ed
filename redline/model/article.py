"""The unit of work that flows through the pipeline: one article, from raw input to cleaned text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from redline.errors import Skip
from redline.model.textmap import TextMap

FORMATS = ("text", "html", "markdown")
PRECISIONS = ("day", "month", "year", "unknown")


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or heading of the cleaned text, as `[start, end)` offsets into `Article.text`."""

    start: int
    end: int
    kind: str  # "paragraph" | "heading"


@dataclass
class Article:
    """One input document. Readers fill the identity and `raw`; stages fill the rest.

    `raw` is the input as decoded text (the HTML source for a page). `source_text` is the text that
    offsets point into: `raw` itself, or for HTML the text the extractor found. `text` is the cleaned
    article body and `textmap` maps each of its characters back into `source_text`.
    """

    id: str
    source: str
    origin: str
    format: str
    raw: str
    hints: dict[str, Any] = field(default_factory=dict)
    content_hash: str = ""
    source_text: str = ""
    textmap: TextMap | None = None
    blocks: list[Block] = field(default_factory=list)
    head_lines: list[str] = field(default_factory=list)
    title: str | None = None
    byline: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    published_precision: str = "unknown"
    language: str | None = None
    text_hash: str = ""
    minhash: bytes | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    warnings: list[Skip] = field(default_factory=list)
    skip: Skip | None = None

    @property
    def text(self) -> str:
        return self.textmap.text if self.textmap is not None else ""

    def summary(self) -> dict[str, Any]:
        """The public JSON form of an article (the `redline articles --format jsonl` object)."""
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "published_precision": self.published_precision,
            "language": self.language,
            "publisher": self.publisher,
            "byline": self.byline,
            "url": self.url,
            "format": self.format,
            "duplicate_of": self.duplicate_of,
            "text": self.text,
        }
