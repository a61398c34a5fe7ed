"""Parquet (pyarrow): the flat columns with their types, plus every nested field as a JSON string.

The flat columns (`FLAT_COLUMNS`) serve filtering and plotting; the JSON columns (`actor`, `recipient`,
`acled`, `size`, `event_loc`, `text_info`, `cite_info`, `trigger`, `explain`) keep the whole record, so
nothing of an event is lost. Rows are written in row groups of `ROW_GROUP` events, so a large export streams.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

from redline.export.base import FLAT_COLUMNS, exporter, flat_row

ROW_GROUP = 10_000
NESTED = ("actor", "recipient", "acled", "size", "event_loc", "text_info", "cite_info", "trigger", "explain")
_TYPES = {"quad_code": "int8", "resolution": "int8", "dead": "int32", "injured": "int32", "lat": "float64",
          "lon": "float64", "event_scale": "float64", "confidence": "float64"}


def schema():  # -> pyarrow.Schema (pyarrow is imported only when parquet is asked for)
    import pyarrow as pa

    types = {"int8": pa.int8(), "int32": pa.int32(), "float64": pa.float64()}
    return pa.schema([(name, types[_TYPES[name]] if name in _TYPES else pa.string())
                      for name in (*FLAT_COLUMNS, *NESTED)])


def _row(event: dict[str, Any]) -> dict[str, Any]:
    row = flat_row(event)
    for name in NESTED:
        value = event.get(name)
        row[name] = None if value is None else json.dumps(value, ensure_ascii=False)
    return row


@exporter("parquet", binary=True, suffix=".parquet", media_type="application/vnd.apache.parquet")
def write_parquet(events: Iterable[dict[str, Any]], stream: BinaryIO) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_schema = schema()
    count = 0
    with pq.ParquetWriter(stream, arrow_schema) as writer:
        batch: list[dict[str, Any]] = []
        for event in events:
            batch.append(_row(event))
            if len(batch) >= ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=arrow_schema))
                count, batch = count + len(batch), []
        if batch or not count:  # an empty export is still a valid file with the schema
            writer.write_table(pa.Table.from_pylist(batch, schema=arrow_schema))
            count += len(batch)
    return count
