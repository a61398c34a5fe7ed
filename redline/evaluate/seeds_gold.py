"""Read the hand-coded seed gold file (`benchmarks/gold/seeds_events.jsonl`, described in its README.md)
and compare one gold field with one predicted event.

Event lines carry `citation`, `anchor`, `also_in` (anchors of other sentences reporting the same
event), `event`, the contract fields, `required` and `alternatives` (per-field lists of other accepted
values). Forbidden lines carry `citation` and `forbidden` (boilerplate substrings).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redline.evaluate import events as ev
from redline.evaluate.files import read_jsonl
from redline.evaluate.geo import names_place
from redline.evaluate.result import BenchmarkError
from redline.evaluate.vocab import load_plover_types

QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def norm(text: Any) -> str:
    """Text for substring comparison: NFKC, straight quotes, single spaces, case-folded."""
    text = unicodedata.normalize("NFKC", str(text or "")).translate(QUOTES)
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass
class GoldEvent:
    """One hand-coded event: where its evidence is, which types are accepted, and the raw line."""

    citation: str
    anchors: list[str]  # normalised: the anchor first, then `also_in`
    types: list[str]  # the main type first, then accepted alternatives
    required: bool
    line: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.citation} [{self.line['anchor']}]"

    def anchored(self, event_text: str) -> bool:
        """True when a (normalised) evidence sentence contains one of this event's anchors."""
        return any(a in event_text for a in self.anchors)

    def accepted(self, name: str) -> list[Any]:
        """The gold value of a field followed by its accepted alternatives."""
        return [self.line[name], *((self.line.get("alternatives") or {}).get(name) or [])]


@dataclass
class SeedGold:
    """The gold events and forbidden substrings, per seed file name."""

    events: dict[str, list[GoldEvent]] = field(default_factory=dict)
    forbidden: dict[str, list[str]] = field(default_factory=dict)


def read_gold(path: Path) -> SeedGold:
    """Read and check the gold file: each line needs a citation, and an anchor and a known type or a
    forbidden list."""
    known = load_plover_types().types
    gold = SeedGold()
    for number, line in enumerate(read_jsonl(path), 1):
        where = f"{path} (record {number})"
        citation = line.get("citation")
        if not isinstance(citation, str) or not citation:
            raise BenchmarkError(f"{where}: no citation")
        if "forbidden" in line:
            substrings = line["forbidden"]
            if not isinstance(substrings, list) or not all(isinstance(s, str) and s.strip() for s in substrings):
                raise BenchmarkError(f"{where}: `forbidden` must list non-empty strings")
            gold.forbidden.setdefault(citation, []).extend(substrings)
        if "event" not in line and "anchor" not in line:
            continue
        anchors = [line.get("anchor"), *(line.get("also_in") or [])]
        if not all(isinstance(a, str) and a.strip() for a in anchors):
            raise BenchmarkError(f"{where}: anchor and also_in must be non-empty strings")
        alternatives = line.get("alternatives") or {}
        if not isinstance(alternatives, dict):
            raise BenchmarkError(f"{where}: `alternatives` must be an object")
        types = [line.get("event"), *(alternatives.get("event") or [])]
        if unknown := [t for t in types if t not in known]:
            raise BenchmarkError(f"{where}: {unknown} not PLOVER types")
        gold.events.setdefault(citation, []).append(
            GoldEvent(citation, [norm(a) for a in anchors], types, line.get("required", True) is not False, line))
    return gold


def _code_set(value: Any) -> set[str]:
    return {value} if isinstance(value, str) else {v for v in (value or []) if v}


def _no_place(loc: dict[str, Any]) -> bool:
    """No location, or one no more precise than a country."""
    if not loc:
        return True
    if isinstance(loc.get("resolution"), int):
        return loc["resolution"] <= 1
    return not any(loc.get(f) for f in ("city", "district", "province"))


def _folded(values: Any) -> set[str]:
    return {str(v).casefold() for v in ([values] if isinstance(values, str) else (values or []))}


def _root(code: Any) -> str | None:
    text = str(code or "")
    return text[:2] if text[:2].isdigit() else None


def _acled(value: Any, pred: dict[str, Any]) -> bool:
    got = pred.get("acled")
    if value is None or not isinstance(got, dict):
        return value is None and got is None
    return all(got.get(k) == value.get(k) for k in ("event_type", "sub_event_type"))


def _qualifier(key: str) -> Callable[[Any, dict[str, Any]], bool]:
    return lambda v, p: ((p.get("size") or {}).get(key) if isinstance(p.get("size"), dict) else None) == v


# Field -> does one accepted gold value agree with the prediction? Fields not listed are not scored
# (context, condition, attribution, names and offices: free text or not yet stable).
COMPARE: dict[str, Callable[[Any, dict[str, Any]], bool]] = {
    "actor": lambda v, p: _code_set(v) == set(ev.codes(p, "actor")),
    "recipient": lambda v, p: _code_set(v) == set(ev.codes(p, "recipient")),
    "place": lambda v, p: _no_place(ev.location(p)) if v is None else names_place(ev.location(p), v),
    "country_code": lambda v, p: ev.location(p).get("country_code") == v,
    "mode": lambda v, p: not _folded(p.get("mode")) if v is None else str(v).casefold() in _folded(p.get("mode")),
    "dead": lambda v, p: ev.size(p, "dead") == v,
    "dead_qualifier": _qualifier("dead_qualifier"),
    "injured": lambda v, p: ev.size(p, "injured") == v,
    "injured_qualifier": _qualifier("injured_qualifier"),
    "weapons": lambda v, p: _folded(v) == _folded(p.get("weapons")),
    "date": lambda v, p: p.get("date") == v,
    "date_precision": lambda v, p: p.get("date_precision") == v,
    "status": lambda v, p: p.get("status") == v,
    "cameo": lambda v, p: _root(p.get("cameo")) == _root(v),
    "acled": _acled,
}


def field_results(gold: GoldEvent, pred: dict[str, Any]) -> dict[str, bool]:
    """For each scored field the gold line gives: does the prediction equal the value or an alternative?"""
    return {name: any(check(v, pred) for v in gold.accepted(name))
            for name, check in COMPARE.items() if name in gold.line}


def shown(name: str, pred: dict[str, Any]) -> Any:
    """The predicted value of a field, for error messages."""
    if name in ("actor", "recipient"):
        return ev.codes(pred, name)
    if name in ("dead", "injured", "dead_qualifier", "injured_qualifier"):
        return (pred.get("size") or {}).get(name)
    if name in ("place", "country_code"):
        loc = ev.location(pred)
        return loc.get("country_code") if name == "country_code" else loc.get("resolved_place")
    return pred.get(name)
