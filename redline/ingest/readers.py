"""One registered reader per input format; each turns a `RawInput` into Articles (or coded skips).

File formats: plain text, HTML, Markdown (one article per file); JSON Lines, JSON arrays and CSV/TSV
dumps (one article per record); RSS/Atom feeds (one article per item). The reader is chosen by the
file's extension, or by sniffing the content when the extension says nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from redline import errors
from redline.errors import Skip, SkipArticle
from redline.ingest.decode import decode_text
from redline.ingest.markdown import split_front_matter
from redline.ingest.sources import RawInput
from redline.model.article import Article
from redline.registry import readers

# Column names tried, in order, for each article field of a record (JSONL/CSV/JSON).
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "doc_id", "guid", "uuid"),
    "text": ("text", "body", "content", "article", "full_text", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "published": ("published", "date", "seendate", "publish_date", "published_at", "pubdate", "datetime"),
    "source": ("source", "publisher", "outlet", "source_name", "domain"),
    "language": ("language", "lang"),
}

SUFFIX_FORMATS = {
    ".txt": "text", ".text": "text", "": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".md": "markdown", ".markdown": "markdown",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "csv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}

Output = Iterator[Article | Skip]


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs: a forced format, record column names, an id prefix."""

    format: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # article field -> column name given by the user
    id_prefix: str = ""
    max_record_chars: int = 2_000_000

    def columns(self, name: str) -> tuple[str, ...]:
        return (self.fields[name],) if self.fields.get(name) else DEFAULT_FIELDS[name]


def content_hash(data: bytes | str) -> str:
    """The stable id of content that brings none of its own: 16 hex digits of its SHA-256."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def read(raw: RawInput, options: ReadOptions) -> Output:
    """Dispatch `raw` to the reader for its format; every problem comes out as a Skip, never raised."""
    if raw.skip is not None:
        yield raw.skip
        return
    assert raw.data is not None
    try:
        text, warnings = decode_text(raw.data)
    except SkipArticle as exc:
        yield exc.skip
        return
    fmt = options.format or SUFFIX_FORMATS.get(raw.suffix) or sniff_format(text)
    reader = readers.get(fmt)
    for item in reader(raw, text, options):
        if isinstance(item, Article):
            item.warnings[:0] = warnings
        yield item


def sniff_format(text: str) -> str:
    """Guess the format of text whose file name does not say."""
    head = text.lstrip()[:2048].lower()
    if head.startswith("<?xml") and ("<rss" in head or "<feed" in head):
        return "feed"
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
        return "html"
    if head.startswith("{"):
        return "jsonl"
    if head.startswith("["):
        return "json"
    if head.startswith("---\n"):
        return "markdown"
    return "text"


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1024].lower()
    return head.startswith(("<!doctype", "<html", "<p", "<div", "<article", "<body")) or (
        "</p>" in text[:20000].lower()
    )


def markdown_front_matter(text: str) -> bool:
    return split_front_matter(text)[1] is not None


def _record_format(body: str) -> str:
    """Dump records hold plain text, but scrapers also store HTML or Markdown with front matter."""
    if looks_like_html(body):
        return "html"
    if body.lstrip("\ufeff").startswith("---") and markdown_front_matter(body):
        return "markdown"
    return "text"


def _document(raw: RawInput, text: str, fmt: str) -> Article:
    return Article(id=content_hash(raw.data or b""), source=raw.name, origin=raw.origin, format=fmt,
                   raw=text, content_hash=content_hash(raw.data or b""))


@readers.register("text")
def read_text(raw: RawInput, text: str, options: ReadOptions) -> Output:
    yield _prefixed(_document(raw, text, "text"), options)


@readers.register("html")
def read_html(raw: RawInput, text: str, options: ReadOptions) -> Output:
    yield _prefixed(_document(raw, text, "html"), options)


@readers.register("markdown")
def read_markdown(raw: RawInput, text: str, options: ReadOptions) -> Output:
    yield _prefixed(_document(raw, text, "markdown"), options)


def _prefixed(article: Article, options: ReadOptions) -> Article:
    if options.id_prefix:
        article.id = options.id_prefix + article.id
    return article


@readers.register("jsonl")
def read_jsonl(raw: RawInput, text: str, options: ReadOptions) -> Output:
    seen_any = False
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        seen_any = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield errors.R105(line=line_no, detail=exc.msg)
            continue
        yield from _from_record(record, raw, f"line {line_no}", options)
    if not seen_any:
        yield errors.R104()


@readers.register("json")
def read_json(raw: RawInput, text: str, options: ReadOptions) -> Output:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # Many ".json" dumps are really JSON Lines.
        yield from read_jsonl(raw, text, options)
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        yield from _from_record(record, raw, f"item {index}", options)


@readers.register("csv")
def read_csv(raw: RawInput, text: str, options: ReadOptions) -> Output:
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if raw.suffix == ".tsv" else csv.excel
    csv.field_size_limit(max(options.max_record_chars * 4, 1 << 20))
    rows = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    columns = rows.fieldnames or []
    if not _pick(dict.fromkeys(columns, "x"), options.columns("text"))[0]:
        yield errors.R106(wanted=list(options.columns("text")), available=columns)
        return
    try:
        for row_no, row in enumerate(rows, start=2):
            row.pop(None, None)  # cells beyond the header
            yield from _from_record(row, raw, f"row {row_no}", options)
    except csv.Error as exc:
        yield errors.R113(kind="CSV", detail=f"row {rows.line_num}: {exc}")


def _pick(record: dict[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    for name in names:
        if name in record and record[name] not in (None, ""):
            return name, record[name]
    return None, None


def _from_record(record: Any, raw: RawInput, where: str, options: ReadOptions) -> Output:
    """Turn one dump record into an Article, mapping its columns to article fields."""
    if not isinstance(record, dict):
        yield errors.R113(kind="record", detail=f"{where} is a JSON {type(record).__name__}, not an object")
        return
    text_col, body = _pick(record, options.columns("text"))
    if text_col is None:
        yield _located(errors.R106(wanted=list(options.columns("text")), available=sorted(record)), where)
        return
    if not isinstance(body, str) or not body.strip():
        yield errors.R114(record=where, field=text_col)
        return
    warnings = []
    if len(body) > options.max_record_chars:
        body = body[: options.max_record_chars]
        warnings.append(errors.W102(limit=options.max_record_chars))
    hints = {}
    for name in ("title", "url", "published", "source", "language"):
        _, value = _pick(record, options.columns(name))
        if value is not None:
            hints[name] = str(value).strip()
    _, given_id = _pick(record, options.columns("id"))
    digest = content_hash(body)
    record_id = str(given_id).strip() if given_id is not None else None
    article = Article(
        id=options.id_prefix + (record_id or digest),
        source=record_id or f"{raw.name}:{where}",
        origin=f"{raw.origin}:{where}",
        format=_record_format(body),
        raw=body,
        hints=hints,
        content_hash=digest,
    )
    article.warnings.extend(warnings)
    yield article


def _located(skip: Skip, where: str) -> Skip:
    """A record-level skip names the record it is about."""
    return Skip(skip.code, f"{where}: {skip.detail}", skip.severity)


_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


@readers.register("feed")
def read_feed(raw: RawInput, text: str, options: ReadOptions) -> Output:
    """RSS 2.0 and Atom: one article per item, its HTML body through the HTML stages."""
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        yield errors.R113(kind="feed XML", detail=str(exc))
        return
    items = root.findall(".//item") or root.findall(f".//{_ATOM}entry")
    channel = root.find("channel/title")
    if channel is None:
        channel = root.find(f"{_ATOM}title")
    publisher = channel.text.strip() if channel is not None and channel.text else None
    if not items:
        yield errors.R113(kind="feed", detail="no <item> or <entry> elements")
        return
    for index, item in enumerate(items):
        def first(*tags: str, node: ET.Element = item) -> str | None:
            for tag in tags:
                found = node.find(tag)
                if found is not None:
                    value = found.get("href") if tag == f"{_ATOM}link" and found.get("href") else found.text
                    if value and value.strip():
                        return value.strip()
            return None

        body = first(_CONTENT, "description", f"{_ATOM}content", f"{_ATOM}summary")
        record = {
            "id": first("guid", f"{_ATOM}id"),
            "title": first("title", f"{_ATOM}title"),
            "url": first("link", f"{_ATOM}link"),
            "published": first("pubDate", f"{_ATOM}published", f"{_ATOM}updated"),
            "text": body,
            "source": publisher,
        }
        if record["id"] is None:
            record["id"] = record["url"]
        record = {k: v for k, v in record.items() if v is not None}
        for item_or_skip in _from_record(record, raw, f"item {index}", ReadOptions(
                id_prefix=options.id_prefix, max_record_chars=options.max_record_chars)):
            if isinstance(item_or_skip, Article):
                # Feed bodies are HTML fragments even when they hold a single paragraph.
                item_or_skip.format = "html"
            yield item_or_skip
