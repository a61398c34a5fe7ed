"""The ingest stages, registered by name. Their order is the `ingest_stages` setting.

html_text        raw HTML -> source_text + metadata hints (trafilatura, resiliparse)
front_matter     Markdown front matter -> hints; removed from the text
markdown_markup  Markdown syntax characters removed
strip_boilerplate  tickers, widgets, tags, repeated ledes removed; head lines read as metadata
read_metadata    title, byline, publisher, URL, publication date and its precision resolved
detect_language  language identified; articles outside `languages` skipped (R110)
check_length     articles with too little text skipped (R109)
fingerprint      exact text hash and MinHash signature for duplicate detection
"""

from __future__ import annotations

import re

from redline import errors
from redline.errors import SkipArticle
from redline.ingest import markdown
from redline.ingest.boilerplate import BoilerplateRules, Cleaner
from redline.ingest.dates import parse_date_value
from redline.ingest.fingerprint import minhash_signature, text_hash
from redline.ingest.html import html_to_text
from redline.model.article import Article
from redline.model.textmap import TextMap
from redline.pipeline import stage
from redline.settings import Settings


@stage("html_text", requires=("raw", "format"), assigns=("source_text", "textmap"))
def make_html_text(settings: Settings):
    def run(article: Article) -> Article:
        if article.format == "html":
            extracted = html_to_text(article.raw)
            article.source_text = extracted.text
            for key, value in extracted.hints.items():
                article.hints.setdefault(key, value)
        else:
            article.source_text = article.raw
        article.textmap = TextMap.identity(article.source_text)
        return article

    return run


@stage("front_matter", requires=("textmap",), assigns=("textmap",))
def make_front_matter(settings: Settings):
    def run(article: Article) -> Article:
        if article.format != "markdown" or article.textmap is None:
            return article
        fields, span = markdown.split_front_matter(article.textmap.text)
        if span:
            for key, value in markdown.front_matter_hints(fields).items():
                article.hints.setdefault(key, value)
            article.textmap = article.textmap.delete([span])
        return article

    return run


@stage("markdown_markup", requires=("textmap",), assigns=("textmap",))
def make_markdown_markup(settings: Settings):
    def run(article: Article) -> Article:
        if article.format == "markdown" and article.textmap is not None:
            article.textmap = markdown.strip_markup(article.textmap)
        return article

    return run


@stage("strip_boilerplate", requires=("textmap",), assigns=("textmap", "blocks", "head_lines"))
def make_strip_boilerplate(settings: Settings):
    cleaner = Cleaner(BoilerplateRules.load())

    def run(article: Article) -> Article:
        assert article.textmap is not None
        result = cleaner.clean(article.textmap, known_title=article.hints.get("title"))
        article.textmap = result.textmap
        article.blocks = result.blocks
        article.head_lines = result.head_lines
        for key, value in result.found.items():
            article.hints.setdefault(key, value)
        return article

    return run


@stage("read_metadata", requires=("textmap",),
       assigns=("title", "byline", "publisher", "url", "published", "published_precision"))
def make_read_metadata(settings: Settings):
    def run(article: Article) -> Article:
        hints = article.hints
        title, site = split_site_suffix(_clean(hints.get("title")) or _clean(hints.get("text_title")))
        article.title = title
        article.byline = _clean(hints.get("byline")) or _clean(hints.get("text_byline"))
        article.publisher = _clean(hints.get("publisher")) or _clean(hints.get("source")) or site
        article.url = _clean(hints.get("url"))
        parsed = parse_date_value(hints["published"]) if hints.get("published") else None
        if parsed is None and hints.get("text_dates"):
            # Labelled dates ("Published: ...") beat header dates, which beat bare datelines.
            iso, precision, _ = min(hints["text_dates"], key=lambda d: d[2])
            parsed = (iso, precision)
        if parsed:
            article.published, article.published_precision = parsed
        return article

    return run


_SITE_SEPARATOR = re.compile(r"\s+[|–—-]\s+")


def split_site_suffix(title: str | None) -> tuple[str | None, str | None]:
    """'Headline | Section | Site' -> ('Headline', 'Site'): page titles carry the site's name.

    Only short trailing parts (at most four words each) after a headline of at least four words are
    taken as site name and section, so 'Kyiv - a city under fire' keeps its dash.
    """
    if not title:
        return title, None
    parts = _SITE_SEPARATOR.split(title)
    if len(parts) < 2 or len(parts[0].split()) < 4:
        return title, None
    cut = len(parts)
    while cut > 1 and len(parts[cut - 1].split()) <= 4:
        cut -= 1
    if cut == len(parts):
        return title, None
    head = title[: _nth_separator_start(title, cut)]
    return head, parts[-1]


def _nth_separator_start(title: str, n: int) -> int:
    return list(_SITE_SEPARATOR.finditer(title))[n - 1].start()


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


@stage("detect_language", requires=("textmap",), assigns=("language",))
def make_detect_language(settings: Settings):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    accepted = [lang.lower() for lang in settings.languages]

    def run(article: Article) -> Article:
        given = (article.hints.get("language") or article.hints.get("text_language") or "").lower()[:2] or None
        language = given
        text = article.text
        if len(text) >= settings.language_min_chars:
            detected, probability = identifier.classify(text[:settings.language_sample_chars])
            if probability >= settings.language_confidence or given is None:
                language = settings.language_equivalents.get(detected, detected)
        article.language = language
        if accepted and language is not None and language not in accepted:
            raise SkipArticle(errors.R110(language=language, accepted=accepted))
        return article

    return run


@stage("check_length", requires=("textmap",))
def make_check_length(settings: Settings):
    def run(article: Article) -> Article:
        chars = len(article.text.strip())
        if chars < settings.min_text_chars:
            raise SkipArticle(errors.R109(chars=chars, minimum=settings.min_text_chars))
        return article

    return run


@stage("fingerprint", requires=("textmap",), assigns=("text_hash", "minhash"), optional=True)
def make_fingerprint(settings: Settings):
    def run(article: Article) -> Article:
        article.text_hash = text_hash(article.text)
        article.minhash = minhash_signature(article.text, permutations=settings.minhash_permutations,
                                            shingle_words=settings.shingle_words)
        return article

    return run
