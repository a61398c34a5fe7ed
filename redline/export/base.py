"""What every exporter shares: the `Exporter` record, its registering decorator, and the flat row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from redline.registry import exporters

WriteFn = Callable[[Iterable[dict[str, Any]], IO[Any]], int]


@dataclass(frozen=True)
class Exporter:
    """A named output format: `write(events, stream) -> number of events written`."""

    name: str
    write: WriteFn
    binary: bool  # the stream is binary (else text, opened with newline="")
    suffix: str
    media_type: str


def exporter(name: str, *, binary: bool = False, suffix: str, media_type: str) -> Callable[[WriteFn], WriteFn]:
    """Register a write function as the exporter `name` (a decorator)."""

    def register(write: WriteFn) -> WriteFn:
        exporters.register(name, Exporter(name, write, binary, suffix, media_type))
        return write

    return register


def get_exporter(name: str) -> Exporter:
    """The exporter registered as `name`; KeyError naming the known ones otherwise."""
    return exporters.get(name)


# One row per event for tabular formats (csv, parquet): lists are ';'-joined, keeping the positions of
# actors and recipients aligned between their codes and names (an unknown code is an empty string).
FLAT_COLUMNS = ("id", "date", "date_precision", "event", "mode", "quad_code", "cameo", "acled_event_type",
                "acled_sub_event_type", "status", "actor_codes", "actor_names", "recipient_codes",
                "recipient_names", "place", "country_code", "lat", "lon", "resolution", "dead", "injured",
                "weapons", "attribution", "condition", "citation", "event_text", "event_scale", "context",
                "confidence")


def flat_row(data: dict[str, Any]) -> dict[str, Any]:
    """The flat form of one event record, keyed as in `FLAT_COLUMNS`; numbers stay numbers."""
    acled = data.get("acled") or {}
    loc = data.get("event_loc") or {}
    size = data.get("size") or {}
    join = lambda items: ";".join("" if i is None else str(i) for i in items or [])  # noqa: E731
    entities = lambda role, key: join(e.get(key) for e in data.get(role) or [])  # noqa: E731
    return {
        "id": data["id"], "date": data.get("date"), "date_precision": data.get("date_precision"),
        "event": join(data.get("event")), "mode": join(data.get("mode")), "quad_code": data.get("quad_code"),
        "cameo": data.get("cameo"), "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"), "status": data.get("status"),
        "actor_codes": entities("actor", "code"), "actor_names": entities("actor", "name"),
        "recipient_codes": entities("recipient", "code"), "recipient_names": entities("recipient", "name"),
        "place": loc.get("resolved_place") or loc.get("extracted_place"), "country_code": loc.get("country_code"),
        "lat": loc.get("lat"), "lon": loc.get("lon"), "resolution": loc.get("resolution"),
        "dead": size.get("dead"), "injured": size.get("injured"), "weapons": join(data.get("weapons")),
        "attribution": data.get("attribution"), "condition": data.get("condition"),
        "citation": (data.get("cite_info") or {}).get("citation"), "event_text": data.get("event_text"),
        "event_scale": data.get("event_scale"), "context": join(data.get("context")),
        "confidence": data.get("confidence"),
    }
