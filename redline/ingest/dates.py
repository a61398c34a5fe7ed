"""Publication dates: find them in a dateline or parse them from a metadata field, with a precision.

Fast regular expressions handle the common forms ("Published: December 31, 2023 at 2:52 pm EST",
"Tuesday, July 16, 2024", "2024-11-22, 3:48pm", "31 December 2023", RFC 822 feed dates); dateparser is
the slow fallback for field values nothing else understands. A date that cannot be read stays None:
nothing here ever falls back to today's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"

# Ordered: the first pattern that yields a valid date wins.
_DAY_PATTERNS = (
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})(?![\d])"),
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I),
)
_MONTH_PATTERN = re.compile(r"\b" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I)

EARLIEST = date(1900, 1, 1)


@dataclass(frozen=True)
class FoundDate:
    iso: str  # YYYY-MM-DD (the first day of the month for month precision)
    precision: str  # "day" | "month"
    start: int
    end: int


def _plausible(year: int, month: int, day: int) -> date | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    # Publication dates a day in the future occur (time zones); further out they are misreadings.
    if value < EARLIEST or value > date.today() + timedelta(days=1):
        return None
    return value


def find_date(text: str) -> FoundDate | None:
    """The first explicit calendar date in `text` (day precision, else month precision), or None."""
    best: FoundDate | None = None
    for pattern in _DAY_PATTERNS:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()]
            value = _plausible(int(groups["year"]), month, int(groups["day"]))
            if value and (best is None or m.start() < best.start):
                best = FoundDate(value.isoformat(), "day", m.start(), m.end())
                break
    if best:
        return best
    m = _MONTH_PATTERN.search(text)
    if m:
        value = _plausible(int(m["year"]), MONTHS[m["month"].lower()], 1)
        if value:
            return FoundDate(value.isoformat(), "month", m.start(), m.end())
    return None


def parse_date_value(value: str) -> tuple[str, str] | None:
    """Parse a metadata value (ISO 8601, RFC 822, "20240302", free text) into `(iso_date, precision)`."""
    value = value.strip()
    if not value:
        return None
    parsed = _parse_machine_date(value)
    if parsed is not None:
        return parsed
    found = find_date(value)
    if found:
        return found.iso, found.precision
    if re.fullmatch(r"\d{4}", value) and _plausible(int(value), 1, 1):
        return f"{value}-01-01", "year"
    return _parse_with_dateparser(value)


def _parse_machine_date(value: str) -> tuple[str, str] | None:
    candidate = value.replace("Z", "+00:00") if value.endswith("Z") else value
    for parse in (datetime.fromisoformat, parsedate_to_datetime):
        try:
            dt = parse(candidate)
        except (ValueError, TypeError, IndexError):
            continue
        if dt is None:
            continue
        if isinstance(dt, datetime) and dt.tzinfo is not None:
            dt = dt.astimezone(UTC)
        day = dt.date() if isinstance(dt, datetime) else dt
        if _plausible(day.year, day.month, day.day):
            return day.isoformat(), "day"
        return None
    if re.fullmatch(r"\d{8}(T\d{6}Z?)?", value):
        checked = _plausible(int(value[:4]), int(value[4:6]), int(value[6:8]))
        return (checked.isoformat(), "day") if checked else None
    return None


def _parse_with_dateparser(value: str) -> tuple[str, str] | None:
    import dateparser  # slow to import and to call: only for values nothing above understood

    dt = dateparser.parse(value, languages=["en"], settings={
        "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["year", "month"], "RETURN_AS_TIMEZONE_AWARE": False,
    })
    if dt is None or not _plausible(dt.year, dt.month, dt.day):
        return None
    has_day = bool(re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", re.sub(r"\b\d{4}\b", "", value)))
    return (dt.date().isoformat(), "day") if has_day else (dt.date().replace(day=1).isoformat(), "month")
