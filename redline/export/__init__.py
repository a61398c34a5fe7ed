"""Exporters: one module per output format, each registered in `redline.registry.exporters`.

An exporter writes event records (docs/event-schema.md) to a stream the caller opens: a text stream for
`jsonl`, `csv` and `geojson`, a binary one for `parquet` (see `Exporter.binary`). Plug-ins add formats
through the `redline.exporters` entry-point group with the same `@exporter` decorator.
"""

from redline.export import csv, geojson, jsonl, parquet  # noqa: F401  (registers the built-in formats)
from redline.export.base import FLAT_COLUMNS, Exporter, exporter, flat_row, get_exporter

__all__ = ["FLAT_COLUMNS", "Exporter", "exporter", "flat_row", "get_exporter"]
