"""CSV: one flat row per event (`FLAT_COLUMNS`), lists ';'-joined, for spreadsheets."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from redline.export.base import FLAT_COLUMNS, exporter, flat_row


@exporter("csv", suffix=".csv", media_type="text/csv")
def write_csv(events: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write a header and one row per event; open a file stream with newline="" as the csv module asks."""
    writer = csv.DictWriter(stream, fieldnames=FLAT_COLUMNS)
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(flat_row(event))
        count += 1
    return count
