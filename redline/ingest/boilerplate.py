"""Remove boilerplate lines from flattened article text, keeping an exact offset map.

The text is read line by line in three regions:

* the **head**, before the first article paragraph: tickers, category labels, the headline (taken as
  the title), bylines and datelines (taken as metadata), image file names and credits;
* the **body**: widgets and credits matching `data/boilerplate.yaml`, a repeated headline, duplicated
  paragraphs, and a truncated teaser ("... […]") that the full paragraph repeats later;
* the **tail**, after the last article paragraph: tags (including run-together tag lines such as
  "NATORUSSIAUkraine"), comment widgets, related links.

Nothing is rewritten: the result selects whole stripped lines of the input, so every character of the
cleaned text maps back to the same character of the input (see `redline.model.textmap`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from redline.ingest.dates import find_date
from redline.knowledge import compile_patterns, load_data_file
from redline.model.article import Block
from redline.model.textmap import TextMap

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_SENTENCE_END = re.compile(r"""[.!?…:;]["'”’»)\]]*$""")
_FULL_STOP = re.compile(r"""[.!?]["'”’»)\]]*$""")  # a sentence, not a lead-in to a list or link ("Read more:")
_TEASER_END = re.compile(r"\s*(\[\s*(…|\.\.\.)\s*\]|…|\.\.\.|\(more\)|read more\W*)\s*$", re.I)
_RUN_TOGETHER = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})


@dataclass
class Line:
    start: int  # stripped content, in the input text's offsets
    end: int
    text: str
    blank_before: bool

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


@dataclass
class CleanResult:
    textmap: TextMap
    blocks: list[Block]
    head_lines: list[str]  # the head's kept metadata lines, for diagnostics
    found: dict[str, Any] = field(default_factory=dict)  # text_title, text_byline, text_dates, text_language
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (rule id, line) for `--explain`


class BoilerplateRules:
    """The compiled contents of `data/boilerplate.yaml`."""

    def __init__(self, data: dict[str, Any]):
        self.max_widget_chars = data["max_widget_chars"]
        self.drop_lines = self._limited(data["drop_lines"], "drop_lines")
        self.tail_markers = self._limited(data["tail_markers"], "tail_markers")
        meta = data["metadata"]
        self.byline = re.compile(meta["byline"], re.I)
        self.date_label = re.compile(meta["date_label"], re.I)
        self.language_header = re.compile(meta["language_header"], re.I)
        self.dateline_max_other_words = meta["dateline_max_other_words"]
        self.shape = data["shape"]

    def _limited(self, entries: list[dict[str, Any]], section: str) -> list[tuple[str, re.Pattern[str], int]]:
        """Patterns with the longest line each may drop (its own `max_chars`, else the file's)."""
        limits = {e["id"]: e.get("max_chars", self.max_widget_chars) for e in entries}
        return [(rule_id, pattern, limits[rule_id])
                for rule_id, pattern in compile_patterns(entries, f"boilerplate.yaml {section}")]

    @classmethod
    def load(cls) -> BoilerplateRules:
        return cls(load_data_file("boilerplate.yaml", "boilerplate.schema.json"))

    def widget(self, line: str) -> str | None:
        return _first_match(self.drop_lines, line)

    def tail_marker(self, line: str) -> str | None:
        return _first_match(self.tail_markers, line)


def _first_match(rules: list[tuple[str, re.Pattern[str], int]], line: str) -> str | None:
    for rule_id, pattern, max_chars in rules:
        if len(line) <= max_chars and pattern.search(line):
            return rule_id
    return None


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    blank = False
    for raw in text.splitlines(keepends=True):
        content = raw.rstrip("\r\n")
        stripped = content.strip()
        if stripped:
            lead = len(content) - len(content.lstrip())
            start = pos + lead
            lines.append(Line(start, start + len(stripped), stripped, blank))
            blank = False
        else:
            blank = True
        pos += len(raw)
    return lines


def normalise(text: str) -> str:
    return " ".join(text.translate(_QUOTES).lower().split())


class Cleaner:
    """Applies `BoilerplateRules` to one text."""

    def __init__(self, rules: BoilerplateRules):
        self.rules = rules
        self.shape = rules.shape

    def is_paragraph(self, line: Line) -> bool:
        words = line.words
        return words >= self.shape["long_line_words"] or (
            words >= self.shape["paragraph_min_words"] and bool(_SENTENCE_END.search(line.text))
        )

    def is_sentence(self, line: Line) -> bool:
        """A short prose sentence (wire copy often ends on one: "Two people were killed."): enough words,
        closing punctuation, and mostly lower-case words, unlike titles, tags and credits."""
        words = line.text.split()
        lower = sum(1 for w in words if w[:1].islower())
        return (len(words) >= self.shape["sentence_min_words"] and bool(_FULL_STOP.search(line.text))
                and lower * 2 >= len(words))

    def is_label(self, line: Line) -> bool:
        return line.words <= self.shape["label_max_words"] and not _SENTENCE_END.search(line.text)

    def is_tag_run(self, line: Line) -> bool:
        """One long token mixing case at word joins: tags that lost their separators."""
        text = line.text
        return (" " not in text and len(text) >= self.shape["tag_run_min_chars"] and text.isalpha()
                and len(_RUN_TOGETHER.findall(text)) >= 1)

    def clean(self, textmap: TextMap, known_title: str | None = None) -> CleanResult:
        text = textmap.text
        lines = split_lines(text)
        keep: list[tuple[Line, str]] = []  # (line, kind)
        dropped: list[tuple[str, str]] = []
        found: dict[str, Any] = {"text_dates": []}
        head_lines: list[str] = []

        def drop(line: Line, why: str) -> None:
            dropped.append((why, line.text))

        candidates: list[Line] = []
        for line in lines:
            if not any(ch.isalnum() for ch in line.text):
                drop(line, "no-letters")
            elif rule := self.rules.widget(line.text):
                drop(line, rule)
            elif self.is_tag_run(line):
                drop(line, "tag-run")
            else:
                candidates.append(line)

        paragraphs = [i for i, line in enumerate(candidates) if self.is_paragraph(line)]
        if not paragraphs:
            # No prose at all (a headline-only record): keep the text as it is.
            return self._result(textmap, [(line, "paragraph") for line in candidates], head_lines, found, dropped)
        first_body, last_body = paragraphs[0], paragraphs[-1]

        title = known_title
        title_key = normalise(known_title) if known_title else None
        for line in candidates[:first_body]:
            if self._metadata_line(line, found):
                head_lines.append(line.text)
                drop(line, "metadata")
            elif title_key is not None and normalise(line.text) == title_key:
                drop(line, "title")
            elif title is None and self.shape["title_min_words"] <= line.words <= self.shape["title_max_words"]:
                title = line.text
                title_key = normalise(title)
                found["text_title"] = title
                drop(line, "title")
            elif self.is_label(line):
                drop(line, "label")
            else:
                keep.append((line, "paragraph"))

        tail_start = len(candidates)
        for index in range(first_body, len(candidates)):
            line = candidates[index]
            if index > last_body:
                if (self.rules.tail_marker(line.text) or self.is_label(line)
                        or not (self.is_paragraph(line) or self.is_sentence(line))):
                    tail_start = index
                    break
            elif self.rules.tail_marker(line.text) and not any(p > index for p in paragraphs):
                tail_start = index
                break
        for line in candidates[tail_start:]:
            drop(line, "tail")

        seen: set[str] = set()
        for line in candidates[first_body:tail_start]:
            key = normalise(line.text)
            if key == title_key:
                drop(line, "title")
            elif key in seen:
                drop(line, "duplicate")
            else:
                seen.add(key)
                kind = "paragraph" if self.is_paragraph(line) or line.words > self.shape["heading_max_words"] \
                    or _SENTENCE_END.search(line.text) else "heading"
                keep.append((line, kind))
        keep = self._drop_teasers(keep, dropped)
        return self._result(textmap, keep, head_lines, found, dropped)

    def _metadata_line(self, line: Line, found: dict[str, Any]) -> bool:
        """Read a head line as metadata (language header, dateline, byline); True if it was one."""
        text = line.text
        if m := self.rules.language_header.search(text):
            found.setdefault("text_language", m["language"].lower())
            found["text_dates"].append((m["date"], "day", 1))
            return True
        if m := self.rules.date_label.match(text):
            date = find_date(m["value"])
            if date:
                found["text_dates"].append((date.iso, date.precision, 0))
                return True
        if m := self.rules.byline.match(text):
            found.setdefault("text_byline", m["byline"].strip())
            return True
        date = find_date(text)
        if date and not _SENTENCE_END.search(text.rstrip(".")):
            rest = text[: date.start] + " " + text[date.end :]
            if len(_WORD.findall(rest)) <= self.rules.dateline_max_other_words:
                found["text_dates"].append((date.iso, date.precision, 2))
                return True
        return False

    def _drop_teasers(self, keep: list[tuple[Line, str]], dropped: list[tuple[str, str]]) -> list[tuple[Line, str]]:
        """Drop a paragraph cut short with an ellipsis when a later paragraph starts with the same words."""
        result = []
        for i, (line, kind) in enumerate(keep):
            m = _TEASER_END.search(line.text)
            if m:
                stem = normalise(line.text[: m.start()])
                if len(stem) >= 40 and any(normalise(other.text).startswith(stem) for other, _ in keep[i + 1:]):
                    dropped.append(("teaser", line.text))
                    continue
            result.append((line, kind))
        return result

    @staticmethod
    def _result(textmap: TextMap, keep: list[tuple[Line, str]], head_lines: list[str], found: dict[str, Any],
                dropped: list[tuple[str, str]]) -> CleanResult:
        keep.sort(key=lambda item: item[0].start)
        spans: list[tuple[int, int]] = []
        blocks: list[Block] = []
        pos = 0
        text = textmap.text
        for index, (line, kind) in enumerate(keep):
            if index:
                # Separate blocks with the input's own newline characters, so the map stays exact:
                # one newline between lines, two where the input had a blank line.
                sep = _separator(text, keep[index - 1][0].end, line.start, line.blank_before)
                spans.extend(sep)
                pos += sum(e - s for s, e in sep)
            spans.append((line.start, line.end))
            blocks.append(Block(pos, pos + line.end - line.start, kind))
            pos += line.end - line.start
        return CleanResult(textmap.select(spans), blocks, head_lines, found, dropped)


def _separator(text: str, prev_end: int, start: int, blank_before: bool) -> list[tuple[int, int]]:
    newlines = [i for i in range(prev_end, start) if text[i] == "\n"]
    if not newlines:
        # Lines always end in a newline; a missing one means a carriage-return-only text.
        breaks = [i for i in range(prev_end, start) if text[i] in "\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"]
        return [(breaks[0], breaks[0] + 1)] if breaks else []
    if blank_before and len(newlines) >= 2:
        return [(newlines[0], newlines[0] + 1), (newlines[-1], newlines[-1] + 1)]
    return [(newlines[0], newlines[0] + 1)]
