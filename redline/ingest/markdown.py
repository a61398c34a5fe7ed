"""Markdown: read YAML front matter as metadata and drop markup characters, keeping the words."""

from __future__ import annotations

import re
from typing import Any

import yaml

from redline.model.textmap import TextMap

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\Z)", re.S)

# Each rule gives the groups to delete; what is not deleted stays, so offsets remain exact.
_WHOLE = [
    re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"),  # images
    re.compile(r"\[\[[^\]\n]*\]\]\([^)\n]*\)"),  # footnote markers such as [[iv]](url)
    re.compile(r"<!--.*?-->", re.S),  # comments
    re.compile(r"</?[a-zA-Z][^>\n]*>"),  # inline HTML tags
    re.compile(r"(?m)^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$"),  # rules
]
_LINK = re.compile(r"(\[)[^\]\n]+(\]\([^)\n]*\))")
_PREFIX = re.compile(r"(?m)^([ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+))")
_STRONG = re.compile(r"(\*\*|__)")
_EMPHASIS = re.compile(r"(?<![\w*])(\*)(?=[^\s*])[^*\n]+?(?<=[^\s*])(\*)(?![\w*])")
_CODE = re.compile(r"(`+)")


def split_front_matter(text: str) -> tuple[dict[str, Any], tuple[int, int] | None]:
    """The front matter's fields and its span, or ({}, None) when there is none or it is not YAML."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, None
    try:
        fields = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, None
    return (fields if isinstance(fields, dict) else {}), (m.start(), m.end())


def front_matter_hints(fields: dict[str, Any]) -> dict[str, str]:
    hints: dict[str, str] = {}
    for key, names in (("title", ("title", "headline")), ("published", ("date", "published", "pubdate")),
                       ("url", ("url", "source", "link", "canonical")), ("byline", ("author", "byline")),
                       ("publisher", ("publisher", "site", "sitename")), ("language", ("language", "lang"))):
        for name in names:
            value = fields.get(name)
            if value not in (None, ""):
                if key == "url" and not str(value).startswith(("http://", "https://")):
                    continue
                hints[key] = str(value).strip()
                break
    return hints


def markup_spans(text: str) -> list[tuple[int, int]]:
    """Spans of Markdown syntax characters to delete from `text`."""
    spans: list[tuple[int, int]] = []
    for pattern in _WHOLE:
        spans.extend(m.span() for m in pattern.finditer(text))
    for m in _LINK.finditer(text):
        spans.extend((m.span(1), m.span(2)))
    for pattern in (_PREFIX, _STRONG, _CODE):
        spans.extend(m.span(1) for m in pattern.finditer(text))
    for m in _EMPHASIS.finditer(text):
        spans.extend((m.span(1), m.span(2)))
    return spans


def strip_markup(textmap: TextMap) -> TextMap:
    return textmap.delete(markup_spans(textmap.text))
