"""JSON Lines: one event record per line, exactly as docs/event-schema.md describes it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from redline.export.base import exporter


@exporter("jsonl", suffix=".jsonl", media_type="application/x-ndjson")
def write_jsonl(events: Iterable[dict[str, Any]], stream: TextIO) -> int:
    count = 0
    for event in events:
        stream.write(json.dumps(event, ensure_ascii=False) + "\n")
        count += 1
    return count
