"""Load the knowledge data files shipped in `redline/data/` (or a user's copy), checked against their
JSON Schemas. Loaded once per process and treated as read-only by everything that receives them."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import yaml

DATA_DIR = Path(str(files("redline") / "data"))
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when installed: the same result, faster


# Every knowledge file shipped in redline/data with the schema that checks it (`redline data check`).
DATA_FILES: dict[str, str] = {
    "boilerplate.yaml": "boilerplate.schema.json",
    "actors.yaml": "actors.schema.json",
    "actors_world.yaml": "actors.schema.json",
    "weapons.yaml": "weapons.schema.json",
    "places/regions.yaml": "regions.schema.json",
    "triggers.yaml": "triggers.schema.json",
    "ontology/cameo_roots.yaml": "cameo_roots.schema.json",
    "ontology/acled.yaml": "acled.schema.json",
    "ontology/plover.yaml": "plover.schema.json",
    "language.yaml": "language.schema.json",
    "sectors.yaml": "sectors.schema.json",
    "redlines.yaml": "redlines.schema.json",
    "alerts.yaml": "alerts.schema.json",
    "places/contact_line.yaml": "contact_line.schema.json",
    "places/place_words.yaml": "place_words.schema.json",
    "places/settlements.yaml": "settlements.schema.json",
    "places/fronts.yaml": "fronts.schema.json",
}


class KnowledgeError(ValueError):
    """A data file is malformed: it names the file and what is wrong."""


def data_path(name: str) -> Path:
    return DATA_DIR / name


@cache
def load_data_file(name: str, schema: str) -> dict[str, Any]:
    """Read `redline/data/<name>` and validate it against `redline/data/schemas/<schema>`."""
    path = data_path(name)
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path}: {exc}") from exc
    with data_path(f"schemas/{schema}").open(encoding="utf-8") as fh:
        validator = jsonschema.Draft202012Validator(json.load(fh))
    problems = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if problems:
        where = "/".join(str(p) for p in problems[0].absolute_path) or "(top)"
        raise KnowledgeError(f"{path}: {where}: {problems[0].message} ({len(problems)} problem(s))")
    return data


def compile_patterns(entries: list[dict[str, Any]], source: str) -> list[tuple[str, re.Pattern[str]]]:
    """Compile `{id, pattern}` entries case-insensitively; refuse duplicate ids and bad expressions."""
    compiled: list[tuple[str, re.Pattern[str]]] = []
    seen: set[str] = set()
    for entry in entries:
        if entry["id"] in seen:
            raise KnowledgeError(f"{source}: duplicate pattern id {entry['id']!r}")
        seen.add(entry["id"])
        try:
            compiled.append((entry["id"], re.compile(entry["pattern"], re.IGNORECASE)))
        except re.error as exc:
            raise KnowledgeError(f"{source}: pattern {entry['id']!r}: {exc}") from exc
    return compiled


def check_all() -> dict[str, str]:
    """Validate every shipped data file; maps file name to "ok" or the problem found."""
    results = {}
    for name, schema in DATA_FILES.items():
        try:
            load_data_file(name, schema)
            results[name] = "ok"
        except KnowledgeError as exc:
            results[name] = str(exc)
    return results
