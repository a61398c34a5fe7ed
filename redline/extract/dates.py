"""The day an event happened, resolved against the article's publication date, with a precision.

"On Monday" in an article published on Tuesday 16 July 2024 is 15 July; a planned "meeting on Tuesday"
is the next Tuesday. "Last week" has week precision, "last month" month precision. With no cue in the
sentence, the publication date is used (the contract: "not the publication day, unless that is all we
know"), and `explain` says so; with no publication date and no explicit date, the date stays null.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from redline.extract.mentions import folded
from redline.ingest.dates import MONTHS

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_WEEKDAY = re.compile(r"\b(?P<day>" + "|".join(WEEKDAYS) + r")(?:'s)?\b", re.I)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m>" + _MONTH_NAMES + r")\.?(?:,?\s+(?P<y>\d{4}))?\b", re.I)
_MONTH_DAY = re.compile(r"\b(?P<m>" + _MONTH_NAMES + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?\b", re.I)
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_IN_MONTH_YEAR = re.compile(r"\bin\s+(?:early\s+|late\s+|mid-?)?(?P<m>" + _MONTH_NAMES + r")\.?,?\s+(?P<y>(?:19|20)\d{2})\b", re.I)
_IN_YEAR = re.compile(r"\bin\s+(?:early\s+|late\s+|mid-?)?(?P<y>(?:19|20)\d{2})\b(?!\s*[-/]\d)", re.I)
_RELATIVE = {
    "yesterday": (-1, "day"), "today": (0, "day"), "tonight": (0, "day"), "this morning": (0, "day"),
    "tomorrow": (1, "day"), "last night": (-1, "day"), "overnight": (0, "day"),
}
_RELATIVE_CUE = re.compile(r"\b(?:" + "|".join(_RELATIVE) + r")\b")
_DIGIT = re.compile(r"\d")


def resolve_event_date(sentence: str, published: str | None, *, future: bool,
                       perfect: bool = False, own: Callable[[int], bool] = lambda at: True
                       ) -> tuple[str | None, str, str]:
    """`(date, precision, rule)` for an event described in `sentence`.

    `perfect`: the event is told in a perfect tense ("has struck", "had warned"). With no date cue such an
    event is not dated to the publication day: "has repeatedly warned" may span months, so the date is
    unknown. "in March 2022" and "in 2014" give month and year precision when nothing finer is said and
    `own(offset)` says the phrase at that offset belongs to the event's own clause (not "X, which annexed
    Crimea in 2014, struck ...")."""
    pub = date.fromisoformat(published) if published else None
    has_digit = _DIGIT.search(sentence) is not None  # every explicit date holds one; most sentences none
    for pattern in (_ISO, _DAY_MONTH, _MONTH_DAY) if has_digit else ():
        m = pattern.search(sentence)
        if m:
            month = int(m["m"]) if m["m"].isdigit() else MONTHS[m["m"].lower().rstrip(".")]
            year = int(m["y"]) if m["y"] else (pub.year if pub else None)
            if year is None:
                continue
            try:
                found = date(year, month, int(m["d"]))
            except ValueError:
                continue
            if not m["y"] and pub and found > pub + timedelta(days=1) and not future:
                found = found.replace(year=found.year - 1)  # "on 28 December" in a January article
            return found.isoformat(), "day", "explicit date"
    lowered = sentence.lower()
    # Every pattern below needs a word of its own ("day", a cue, "last week"): a substring test first,
    # as a case-insensitive regex is slow to scan (see `folded`).
    if pub is None:
        return (not future and has_digit and _month_or_year(sentence, None, own)) or \
            (None, "unknown", "no publication date")
    m = _WEEKDAY.search(sentence) if "day" in folded(sentence) else None
    if m:
        target = WEEKDAYS[m["day"].lower()]
        if future or re.search(r"\b(next|coming)\s+" + m["day"], lowered):
            delta = (target - pub.weekday()) % 7 or 7
            return (pub + timedelta(days=delta)).isoformat(), "day", "weekday ahead"
        delta = (pub.weekday() - target) % 7
        if re.search(r"\blast\s+" + m["day"], lowered):
            delta = delta or 7
        return (pub - timedelta(days=delta)).isoformat(), "day", "weekday before publication"
    if any(c in lowered for c in _RELATIVE) and (said := {m[0] for m in _RELATIVE_CUE.finditer(lowered)}):
        cue = next(c for c in _RELATIVE if c in said)  # the table's order decides between two cues
        days, precision = _RELATIVE[cue]
        return (pub + timedelta(days=days)).isoformat(), precision, cue
    if "last week" in lowered and re.search(r"\blast week\b", lowered):
        return (pub - timedelta(days=7)).isoformat(), "week", "last week"
    if "last month" in lowered and re.search(r"\blast month\b", lowered):
        first = pub.replace(day=1) - timedelta(days=1)
        return first.replace(day=1).isoformat(), "month", "last month"
    if "this month" in lowered and re.search(r"\b(earlier )?this month\b", lowered):
        return pub.replace(day=1).isoformat(), "month", "this month"
    if not future and has_digit and (coarse := _month_or_year(sentence, pub, own)):
        return coarse
    if future:
        return None, "unknown", "future, no date given"
    if perfect:
        return None, "unknown", "perfect tense, no date in the sentence"
    return pub.isoformat(), "day", "publication date (no date in the sentence)"


def _month_or_year(sentence: str, pub: date | None, own: Callable[[int], bool]) -> tuple[str, str, str] | None:
    """"in March 2022" (month precision), "in 2014" (year precision; not a year after publication)."""
    for m in _IN_MONTH_YEAR.finditer(sentence):
        if own(m.start("y")):
            return date(int(m["y"]), MONTHS[m["m"].lower().rstrip(".")], 1).isoformat(), "month", "month and year"
    for m in _IN_YEAR.finditer(sentence):
        if (pub is None or int(m["y"]) <= pub.year) and own(m.start("y")):
            return date(int(m["y"]), 1, 1).isoformat(), "year", "year"
    return None
