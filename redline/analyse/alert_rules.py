"""Alert rules: read a rules file (the shipped `redline/data/alerts.yaml` or a user's copy), check it against
`alerts.schema.json` and fill in each kind's default parameters (docs/alerts.md, "Rules").

The thresholds live in the file, not here: the defaults below only stand in for parameters a rule leaves out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from redline.knowledge import data_path

KINDS = ("escalation", "redline_crossed", "first", "nuclear_signal", "casualties")
SEVERITIES = ("low", "medium", "high", "critical")
FILTERS = ("actor", "recipient", "dyad")
SHIPPED = "alerts.yaml"
SCHEMA = "schemas/alerts.schema.json"

DEFAULT_PARAMS: dict[str, dict[str, Any]] = {
    "escalation": {"measure": "z", "at_least": 3.0, "period": "week", "baseline": 8, "min_events": 10},
    "redline_crossed": {"statuses": ["crossed", "followed_through"], "window_days": 90},
    "first": {"first_kinds": ["weapon_class", "supplier_weapon_on_territory"], "weapon_classes": []},
    "nuclear_signal": {"exclude_statuses": ["negated", "denied"]},
    "casualties": {"count": "dead"},
}


class RulesError(ValueError):
    """The rules file is missing or malformed: the message names the file and the problem."""


@dataclass(frozen=True)
class Rule:
    """One alert rule, with its kind's defaults filled in and filter codes upper-cased as lists."""

    id: str
    kind: str
    severity: str
    params: dict[str, Any]
    filters: dict[str, list[str]] = field(default_factory=dict)
    description: str | None = None


def rules_path(path: str | Path | None = None) -> Path:
    """The rules file to use: `path` when given (and not empty), else the shipped one."""
    return Path(path) if path else data_path(SHIPPED)


def load_rules(path: str | Path | None = None) -> list[Rule]:
    """The rules of `path` (default: the shipped `redline/data/alerts.yaml`), checked and completed.

    Raises:
        RulesError: unreadable file, invalid YAML, a schema violation or two rules with one id.
    """
    source = rules_path(path)
    try:
        with source.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{source}: {exc}") from exc
    return parse_rules(data, str(source))


def parse_rules(data: Any, source: str = "<rules>") -> list[Rule]:
    """Rules from already-parsed YAML/JSON data (see `load_rules`)."""
    with data_path(SCHEMA).open(encoding="utf-8") as fh:
        validator = jsonschema.Draft202012Validator(json.load(fh))
    problems = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if problems:
        # With if/then per kind, the deepest error says the most (a bad parameter, not "rule invalid").
        best = max(problems, key=lambda e: len(e.absolute_path))
        where = "/".join(str(p) for p in best.absolute_path) or "(top)"
        raise RulesError(f"{source}: {where}: {best.message}")
    rules, seen = [], set()
    for raw in data["rules"]:
        if raw["id"] in seen:
            raise RulesError(f"{source}: two rules have the id {raw['id']!r}")
        seen.add(raw["id"])
        filters = {name: [c.upper() for c in _as_list(raw.get("filters", {}).get(name))] for name in FILTERS}
        rules.append(Rule(id=raw["id"], kind=raw["kind"], severity=raw["severity"],
                          params={**DEFAULT_PARAMS[raw["kind"]], **(raw.get("params") or {})},
                          filters={k: v for k, v in filters.items() if v}, description=raw.get("description")))
    return rules


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
