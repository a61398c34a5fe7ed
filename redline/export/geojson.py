"""GeoJSON: a FeatureCollection with one Point per geocoded event (events without coordinates are left out).

Each feature's properties carry the place's `resolution` (5 sub-city, 4 city, 3 district, 2 province,
1 country) and its name, so that a map can draw a province-level event as vague as it is rather than as
a precise point. Features are written one per line, so a large export streams.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from redline.export.base import exporter, flat_row

RESOLUTIONS = {5: "sub-city", 4: "city", 3: "district", 2: "province", 1: "country"}


def feature(event: dict[str, Any]) -> dict[str, Any] | None:
    """The GeoJSON Feature of one event record, or None when it has no coordinates."""
    row = flat_row(event)
    lat, lon = row.pop("lat"), row.pop("lon")
    if lat is None or lon is None:
        return None
    row["resolution_name"] = RESOLUTIONS.get(row["resolution"])
    return {"type": "Feature", "id": event["id"], "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": row}


@exporter("geojson", suffix=".geojson", media_type="application/geo+json")
def write_geojson(events: Iterable[dict[str, Any]], stream: TextIO) -> int:
    stream.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for event in events:
        item = feature(event)
        if item is None:
            continue
        stream.write((",\n" if count else "") + json.dumps(item, ensure_ascii=False))
        count += 1
    stream.write("\n]}\n")
    return count
