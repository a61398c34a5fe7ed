"""Main text and metadata from HTML pages, through trafilatura with resiliparse as the fallback."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from redline import errors
from redline.errors import SkipArticle

log = logging.getLogger(__name__)


@dataclass
class HtmlText:
    text: str
    hints: dict[str, str] = field(default_factory=dict)


def html_to_text(html: str) -> HtmlText:
    """Extract the article body and its metadata (title, author, site name, date, URL, language).

    trafilatura finds the main content and the metadata; when it finds no body (very short pages, feed
    fragments) resiliparse's main-content extraction, then its plain rendering, are tried in turn.
    """
    import trafilatura

    hints: dict[str, str] = {}
    text = ""
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_images=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises many types on hostile markup; fall back below
        log.info("trafilatura failed (%s); falling back to resiliparse", exc)
        doc = None
    if doc is not None:
        text = (doc.text or "").strip()
        for key, attr in (("title", "title"), ("byline", "author"), ("publisher", "sitename"),
                          ("published", "date"), ("url", "url"), ("language", "language")):
            value = getattr(doc, attr, None)
            if value and str(value).strip():
                hints[key] = str(value).strip()
    if len(text) < 40:
        text = _resiliparse_text(html) or text
    if not text.strip():
        raise SkipArticle(errors.R108(detail="the page has no readable text"))
    return HtmlText(text, hints)


def _resiliparse_text(html: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    for main_content in (True, False):
        try:
            text = extract_plain_text(html, main_content=main_content, alt_texts=False,
                                      links=False, list_bullets=False)
        except Exception as exc:  # resiliparse refuses some malformed input; try the next mode
            log.info("resiliparse failed (%s)", exc)
            continue
        if text.strip():
            return text.strip()
    return ""
