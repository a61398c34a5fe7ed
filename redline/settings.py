"""Every tunable value, declared once.

Each `Setting` has a name, a default, a type and a help text. Values are read, in rising priority, from
the defaults below, a `redline.toml` file (`[redline]` table), environment variables `REDLINE_<NAME>`,
and explicit overrides (CLI flags). `docs/settings.md` lists them; a test keeps the two in step.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "redline.db", "Path of the SQLite store."),
    Setting("max_input_mb", 512, "Largest input file (or decompressed stream) read, in MiB; larger ones are skipped (R102)."),
    Setting("max_record_chars", 2_000_000, "Longest text kept from one record; longer text is truncated with warning W102."),
    Setting("min_text_chars", 40, "Articles with less cleaned text than this are skipped (R109)."),
    Setting("languages", ["en"], "Accepted article languages (ISO 639-1); others are skipped (R110)."),
    Setting("language_min_chars", 120, "Shorter texts are not language-checked; the input's own language field is used."),
    Setting("language_confidence", 0.8, "Detected languages below this probability are not trusted over the input's field."),
    Setting("language_sample_chars", 1500, "How much of the text, from its start, the language is detected on."),
    Setting("language_equivalents", {"pcm": "en"},
            "Detected languages read as another: the detector takes some short English texts for Nigerian Pidgin."),
    Setting("near_duplicate_threshold", 0.6, "Estimated Jaccard similarity of word shingles at or above which an article is a syndicated copy."),
    Setting("minhash_permutations", 128, "MinHash signature size; must equal lsh_bands x lsh_rows."),
    Setting("lsh_bands", 32, "LSH bands for near-duplicate candidate search (more bands: fewer missed candidates)."),
    Setting("lsh_rows", 4, "Rows per LSH band."),
    Setting("shingle_words", 3, "Words per shingle for near-duplicate detection."),
    Setting("exclude_files", ["README*", "LICENSE*", "PROVENANCE*", "CHANGELOG*", "COPYING*"],
            "Globs of files passed over when walking directories (files named explicitly are always read)."),
    Setting("commit_every", 50, "Articles written per store transaction during ingest."),
    Setting("extract_on_ingest", True, "Extract the events of every newly stored article during ingest, in the "
            "article's transaction (flag --no-extract turns it off)."),
    Setting("ingest_stages", [
        "html_text", "front_matter", "markdown_markup", "strip_boilerplate",
        "read_metadata", "detect_language", "check_length", "fingerprint",
    ], "Ordered pipeline stages run on each article at ingest."),
    Setting("alert_rules", "", "Alert rules file of `redline alerts` and `redline watch` (flag --rules); empty: the "
            "shipped redline/data/alerts.yaml."),
    Setting("alert_delivery_timeout", 10.0, "Seconds to wait for a webhook or mail server before a delivery "
            "fails (W401, W402)."),
    Setting("alert_delivery_attempts", 3, "Attempts to deliver one alert on one channel (webhook, email) before "
            "`redline watch` gives up on it; failed ones are retried on later passes."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Resolved settings: read-only, passed explicitly to whatever needs them."""

    values: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        values = object.__getattribute__(self, "values")
        if name in values:
            return values[name]
        if name in _BY_NAME:
            return _BY_NAME[name].default
        raise AttributeError(f"unknown setting {name!r}")

    def replace(self, **overrides: Any) -> Settings:
        """A copy with some values overridden (None means 'not given')."""
        merged = dict(self.values)
        for name, value in overrides.items():
            if name not in _BY_NAME:
                raise KeyError(f"unknown setting {name!r}")
            if value is not None:
                merged[name] = value
        return Settings(merged)


def _coerce(setting: Setting, raw: str) -> Any:
    """Environment values are strings; give them the default's type."""
    default = setting.default
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, dict):
        return json.loads(raw)
    if isinstance(default, list):
        raw = raw.strip()
        return json.loads(raw) if raw.startswith("[") else [p.strip() for p in raw.split(",") if p.strip()]
    return raw


def load_settings(config_file: str | Path | None = None, env: dict[str, str] | None = None,
                  **overrides: Any) -> Settings:
    """Resolve settings from defaults, a TOML file, the environment and explicit overrides."""
    values: dict[str, Any] = {}
    path = Path(config_file) if config_file else Path("redline.toml")
    if path.is_file():
        with path.open("rb") as fh:
            table = tomllib.load(fh)
        table = table.get("redline", table)
        for name, value in table.items():
            if name not in _BY_NAME:
                raise KeyError(f"{path}: unknown setting {name!r}")
            values[name] = value
    elif config_file:
        raise FileNotFoundError(f"config file not found: {config_file}")
    env = os.environ if env is None else env
    for setting in SETTINGS:
        raw = env.get(f"REDLINE_{setting.name.upper()}")
        if raw is not None and raw != "":
            values[setting.name] = _coerce(setting, raw)
    settings = Settings(values).replace(**overrides)
    _validate(settings)
    return settings


def _validate(settings: Settings) -> None:
    if settings.lsh_bands * settings.lsh_rows != settings.minhash_permutations:
        raise ValueError("lsh_bands x lsh_rows must equal minhash_permutations")
    if not 0 < settings.near_duplicate_threshold <= 1:
        raise ValueError("near_duplicate_threshold must be in (0, 1]")
