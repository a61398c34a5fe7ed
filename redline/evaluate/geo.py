"""Distances and place-name comparison for the location metrics."""

from __future__ import annotations

import math
from typing import Any

from redline.evaluate.vocab import load_place_names

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
PLACE_FIELDS = ("resolved_place", "extracted_place", "city", "district", "province")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in decimal degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def point(loc: dict[str, Any]) -> tuple[float, float] | None:
    """(lat, lon) of a location dict, or None when either is missing or not a number."""
    lat, lon = loc.get("lat"), loc.get("lon")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return float(lat), float(lon)
    return None


def same_region(predicted: str | None, gold: str | None) -> bool:
    """True when two admin1 names are the same region after normalisation (see admin1_variants.yaml)."""
    names = load_place_names()
    a, b = names.normalise(predicted), names.normalise(gold)
    return bool(a) and a == b


def names_place(loc: dict[str, Any], gold: str) -> bool:
    """True when any name of a predicted location (resolved, extracted, city, district, province) is `gold`."""
    return any(same_region(loc.get(f), gold) for f in PLACE_FIELDS)
