"""Read the fields the scorers need from event dicts in the contract form (docs/event-schema.md).

The extractor under test may be incomplete, so a missing or null field reads as "nothing predicted"
rather than raising: the scorer then counts a miss, which is what a missing field is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Event = dict[str, Any]


def first(events: Iterable[Event], where: Callable[[Event], bool] | None = None) -> Event | None:
    """The first event (that satisfies `where`), or None."""
    return next((e for e in events if where is None or where(e)), None)


def main_type(event: Event | None) -> str | None:
    """The main PLOVER type: the first element of `event`."""
    types = (event or {}).get("event") or []
    return types[0] if isinstance(types, list) and types else None


def entities(event: Event | None, role: str) -> list[dict[str, Any]]:
    """The entity dicts of `actor` or `recipient`."""
    found = (event or {}).get(role) or []
    return [e for e in found if isinstance(e, dict)]


def codes(event: Event | None, role: str) -> list[str]:
    """The non-null `code`s of the actor or recipient entities, in order."""
    return [e["code"] for e in entities(event, role) if e.get("code")]


def size(event: Event | None, key: str) -> int | None:
    """`size[key]` (dead, injured, ...) as given, None when absent."""
    value = ((event or {}).get("size") or {}).get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def location(event: Event | None) -> dict[str, Any]:
    """`event_loc`, or an empty dict when there is none."""
    loc = (event or {}).get("event_loc")
    return loc if isinstance(loc, dict) else {}


def describe(event: Event | None) -> str:
    """A short one-line summary of a predicted event, for error messages."""
    if event is None:
        return "no event"
    actor = ",".join(codes(event, "actor")) or "-"
    recipient = ",".join(codes(event, "recipient")) or "-"
    return f"{main_type(event)} {actor}->{recipient} cameo={event.get('cameo')} quad={event.get('quad_code')}"
