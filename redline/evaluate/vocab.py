"""Load the small data files the scorers use (`redline/evaluate/*.yaml`), each checked as it is read.

A file that is malformed, lists a spelling twice, or maps a name to something unknown raises
`VocabError` naming the file and the entry: scores computed from a silently broken table would mislead.
Each loader runs once per process; the returned objects are read-only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
APOSTROPHES = re.compile(r"['’ʼ`´]")
NON_WORD = re.compile(r"[^\w\s]")
SIDES = ("RUS", "UKR", "separatists")


class VocabError(ValueError):
    """An evaluation data file is malformed: the message names the file and what is wrong."""


def _load(name: str) -> dict[str, Any]:
    path = HERE / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise VocabError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise VocabError(f"{path}: expected a mapping at the top level")
    return data


def _get(data: dict[str, Any], key: str, kind: type, source: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise VocabError(f"{source}: `{key}` must be a {kind.__name__}, got {type(value).__name__}")
    return value


def _regex(pattern: Any, source: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise VocabError(f"{source}: empty or non-text pattern {pattern!r}")
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise VocabError(f"{source}: bad pattern {pattern!r}: {exc}") from exc


@dataclass(frozen=True)
class PlaceNames:
    """Normalises region and place names so that spelling variants compare equal."""

    strip: re.Pattern[str]
    canonical: dict[str, str]  # every known spelling -> its canonical name

    def base(self, name: str | None) -> str:
        """Lower case, no apostrophes or punctuation, without the `strip` words; no variant lookup."""
        if not name:
            return ""
        text = APOSTROPHES.sub("", name.casefold())
        text = NON_WORD.sub(" ", text.replace("-", " "))
        return " ".join(self.strip.sub(" ", text).split())

    def normalise(self, name: str | None) -> str:
        """The canonical form of `name` ("Kiev Oblast" -> "kyiv"); "" for no name."""
        text = self.base(name)
        return self.canonical.get(text, text)


@cache
def load_place_names() -> PlaceNames:
    """Read `admin1_variants.yaml`; refuse a spelling listed twice or one that is not normalised."""
    source = "admin1_variants.yaml"
    data = _load(source)
    words = sorted(_get(data, "strip", list, source), key=len, reverse=True)
    if not words or not all(isinstance(w, str) and w for w in words):
        raise VocabError(f"{source}: `strip` must list non-empty words")
    strip = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    names = PlaceNames(strip=strip, canonical={})
    canonical: dict[str, str] = {}
    for name, variants in _get(data, "variants", dict, source).items():
        if not isinstance(variants, list):
            raise VocabError(f"{source}: variants of {name!r} must be a list")
        for spelling in [name, *variants]:
            if not isinstance(spelling, str) or names.base(spelling) != spelling:
                raise VocabError(f"{source}: {spelling!r} (under {name!r}) is not normalised")
            if spelling in canonical:
                raise VocabError(f"{source}: {spelling!r} is listed twice")
            canonical[spelling] = name
    return PlaceNames(strip=strip, canonical=canonical)


@dataclass(frozen=True)
class AcledRules:
    """ACLED actor1 -> side, what counts as a separatist actor, and ACLED's fatality-convention notes."""

    sides: tuple[tuple[re.Pattern[str], str | None], ...]
    separatist_codes: frozenset[str]
    separatist_names: tuple[re.Pattern[str], ...]
    fatality_convention: tuple[re.Pattern[str], ...]

    def side_of(self, actor1: str) -> str | None:
        """RUS, UKR, "separatists", or None when the actor has no side (or no rule matches)."""
        for pattern, side in self.sides:
            if pattern.search(actor1):
                return side
        return None

    def is_convention(self, notes: str) -> bool:
        """True when the note describes ACLED's own fatality bookkeeping rather than a reported count."""
        return any(p.search(notes) for p in self.fatality_convention)

    def marks_separatist(self, entity: dict[str, Any]) -> bool:
        """True when a predicted entity is coded RUS or is named as a DPR/LPR (separatist) force."""
        if entity.get("code") in self.separatist_codes:
            return True
        texts = [str(entity.get(k) or "") for k in ("name", "entity_text", "code")]
        return any(p.search(t) for p in self.separatist_names for t in texts)


@cache
def load_acled_rules() -> AcledRules:
    """Read `acled_rules.yaml`; refuse unknown sides and bad patterns."""
    source = "acled_rules.yaml"
    data = _load(source)
    sides = []
    for rule in _get(data, "sides", list, source):
        if not isinstance(rule, dict) or rule.get("side") not in (*SIDES, None):
            raise VocabError(f"{source}: side rule {rule!r} needs a pattern and a side in {SIDES} or null")
        sides.append((_regex(rule.get("pattern"), source), rule["side"]))
    sep = _get(data, "separatists", dict, source)
    names = [_regex(p, source) for p in _get(sep, "names", list, source)]
    names += [_regex(p, source, flags=0) for p in _get(sep, "abbreviations", list, source)]
    convention = [_regex(p, source) for p in _get(data, "fatality_convention", list, source)]
    return AcledRules(sides=tuple(sides), separatist_codes=frozenset(_get(sep, "codes", list, source)),
                      separatist_names=tuple(names), fatality_convention=tuple(convention))


@dataclass(frozen=True)
class GoldCodes:
    """How actor codes in old gold files translate into the codes redline emits."""

    legacy: dict[str, str]
    organisations: dict[str, str]
    kinds: dict[str, str]
    igo_codes: frozenset[str]
    unscored: tuple[str, ...]


@cache
def load_gold_codes() -> GoldCodes:
    """Read `gold_codes.yaml`; every table must be present and every code a non-empty string."""
    source = "gold_codes.yaml"
    data = _load(source)
    tables = {key: _get(data, key, dict, source) for key in ("legacy", "organisations", "kinds")}
    lists = {key: _get(data, key, list, source) for key in ("igo_codes", "unscored")}
    for key, table in tables.items():
        for old, new in table.items():
            if not (isinstance(old, str) and old and isinstance(new, str) and new):
                raise VocabError(f"{source}: `{key}` entry {old!r}: {new!r} must map text to text")
    return GoldCodes(legacy=tables["legacy"], organisations=tables["organisations"], kinds=tables["kinds"],
                     igo_codes=frozenset(lists["igo_codes"]), unscored=tuple(lists["unscored"]))


@dataclass(frozen=True)
class PloverTypes:
    """PLOVER 0.5 gold types -> the contract's current PLOVER types."""

    renamed: dict[str, str]
    types: frozenset[str]

    def current(self, old: str) -> str:
        """The contract's name for a gold type (DEMAND -> REQUEST); unchanged when not renamed."""
        return self.renamed.get(old, old)


@cache
def load_plover_types() -> PloverTypes:
    """Read `plover_types.yaml`; every renamed type must map to one of the contract's types."""
    source = "plover_types.yaml"
    data = _load(source)
    types = frozenset(_get(data, "types", list, source))
    renamed = _get(data, "renamed", dict, source)
    for old, new in renamed.items():
        if new not in types:
            raise VocabError(f"{source}: {old!r} is renamed to {new!r}, which is not a contract type")
    return PloverTypes(renamed=renamed, types=types)


@cache
def load_cameo_classes() -> dict[str, int]:
    """Read `cameo_classes.yaml`: the CAMEO coders' class (0-4) of each two-digit CAMEO root."""
    source = "cameo_classes.yaml"
    roots = _get(_load(source), "roots", dict, source)
    for root, klass in roots.items():
        if not (isinstance(root, str) and len(root) == 2 and root.isdigit()) or klass not in range(5):
            raise VocabError(f"{source}: root {root!r} -> {klass!r}: expected a two-digit root and a class 0-4")
    if sorted(roots) != [f"{n:02d}" for n in range(1, 21)]:
        raise VocabError(f"{source}: expected the 20 CAMEO roots 01-20")
    return dict(roots)
