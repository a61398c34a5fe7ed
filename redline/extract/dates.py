"""The day an event happened, resolved against the article's publication date, with a precision.

"On Monday" in an article published on Tuesday 16 July 2024 is 15 July; a planned "meeting on Tuesday"
is the next Tuesday. "Last week" has week precision, "last month" month precision. With no cue in the
sentence, the publication date is used (the contract: "not the publication day, unless that is all we
know"), and `explain` says so; with no publication date and no explicit date, the date stays null.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from redline.ingest.dates import MONTHS

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_WEEKDAY = re.compile(r"\b(?P<day>" + "|".join(WEEKDAYS) + r")(?:'s)?\b", re.I)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m>" + _MONTH_NAMES + r")\.?(?:,?\s+(?P<y>\d{4}))?\b", re.I)
_MONTH_DAY = re.compile(r"\b(?P<m>" + _MONTH_NAMES + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?\b", re.I)
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_RELATIVE = {
    "yesterday": (-1, "day"), "today": (0, "day"), "tonight": (0, "day"), "this morning": (0, "day"),
    "tomorrow": (1, "day"), "last night": (-1, "day"), "overnight": (0, "day"),
}


def resolve_event_date(sentence: str, published: str | None, *, future: bool) -> tuple[str | None, str, str]:
    """`(date, precision, rule)` for an event described in `sentence`."""
    pub = date.fromisoformat(published) if published else None
    for pattern in (_ISO, _DAY_MONTH, _MONTH_DAY):
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
    if pub is None:
        return None, "unknown", "no publication date"
    m = _WEEKDAY.search(sentence)
    if m:
        target = WEEKDAYS[m["day"].lower()]
        if future or re.search(r"\b(next|coming)\s+" + m["day"], lowered):
            delta = (target - pub.weekday()) % 7 or 7
            return (pub + timedelta(days=delta)).isoformat(), "day", "weekday ahead"
        delta = (pub.weekday() - target) % 7
        if re.search(r"\blast\s+" + m["day"], lowered):
            delta = delta or 7
        return (pub - timedelta(days=delta)).isoformat(), "day", "weekday before publication"
    for cue, (days, precision) in _RELATIVE.items():
        if re.search(r"\b" + cue + r"\b", lowered):
            return (pub + timedelta(days=days)).isoformat(), precision, cue
    if re.search(r"\blast week\b", lowered):
        return (pub - timedelta(days=7)).isoformat(), "week", "last week"
    if re.search(r"\blast month\b", lowered):
        first = pub.replace(day=1) - timedelta(days=1)
        return first.replace(day=1).isoformat(), "month", "last month"
    if re.search(r"\b(earlier )?this month\b", lowered):
        return pub.replace(day=1).isoformat(), "month", "this month"
    if future:
        return None, "unknown", "future, no date given"
    return pub.isoformat(), "day", "publication date (no date in the sentence)"
