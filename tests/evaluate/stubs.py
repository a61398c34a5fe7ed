"""Stub extractors for the evaluation tests: small callables returning hand-made contract events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Events = list[dict[str, Any]]


def entity(code: str | None, name: str = "", sector: str = "MIL") -> dict[str, Any]:
    """An entity dict in the contract form."""
    return {"code": code, "sector": sector, "name": name or (code or ""), "entity_text": name or (code or "")}


def make_event(event: str = "ASSAULT", **fields: Any) -> dict[str, Any]:
    """A contract event with empty defaults, overridden by `fields`."""
    base: dict[str, Any] = {"event": [event], "mode": [], "quad_code": 4, "cameo": None, "acled": None,
                            "actor": [], "recipient": [], "size": {"dead": None, "injured": None},
                            "event_loc": None, "date": None, "date_precision": "unknown", "status": "occurred",
                            "weapons": [], "event_text": "", "text_info": {}}
    base.update(fields)
    return base


def by_citation(answers: dict[str, Events]) -> Callable[..., Events]:
    """An extractor that looks up its answer by `citation` (an oracle built from the gold data)."""

    def extract(text: str, *, published: str | None, citation: str) -> Events:
        return answers.get(citation, [])

    return extract


def constant(events: Events) -> Callable[..., Events]:
    """An extractor that returns the same events for every text."""

    def extract(text: str, *, published: str | None, citation: str) -> Events:
        return [dict(e) for e in events]

    return extract


def nothing(text: str, *, published: str | None, citation: str) -> Events:
    """An extractor that never finds an event."""
    return []
