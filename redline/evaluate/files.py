"""Read benchmark files from the bench directory, failing with the file's name when one is missing or bad."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from redline.evaluate.result import BenchmarkError


def need_file(path: Path) -> Path:
    """Return `path`, or raise BenchmarkError saying which benchmark file is missing."""
    if not path.is_file():
        raise BenchmarkError(f"benchmark file not found: {path}")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """All records of a JSON Lines file; a malformed line raises BenchmarkError with its line number."""
    records = []
    with need_file(path).open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BenchmarkError(f"{path}:{number}: {exc}") from exc
            if not isinstance(record, dict):
                raise BenchmarkError(f"{path}:{number}: expected a JSON object")
            records.append(record)
    return records
