"""Escalation series and index for one directed dyad (method: docs/escalation.md, "Escalation").

An event belongs to the dyad A-B when some actor is coded A and some recipient is coded B (as
`redline events --dyad`), its status is occurred or claimed (for a THREATEN event: threatened, the threat
having been made), and it is dated. For each period (day, or ISO
week starting Monday), from the dyad's first event to the latest event date in the store:

- `n`, `q1`..`q4`: counts of fused events (docs/fusion.md) by PLOVER quad class: five outlets reporting
  one strike count once, at the date and with the type of its earliest report in the dyad; `reports`
  counts the reports behind them;
- `scale_sum`: the sum of `event_scale` (negative is conflict);
- `conflict`: the material-conflict score, minus the sum of `event_scale` over quad-4 events (>= 0);
- `z`: `conflict` against the trailing baseline of the previous `baseline` periods (default 8):
  (conflict - mean) / max(sd, 1), 0 while fewer than 2 baseline periods exist;
- `drivers`: firsts of the dyad (see firsts.py), nuclear signalling (events of the dyad, any status but
  negated/denied, with context `cbrn`) and new weapon deliveries (the first AID event naming a weapon to
  B from a given supplier, any supplier); each adds `DRIVER_WEIGHT` to the index;
- `index = z + DRIVER_WEIGHT * len(drivers)`;
- `change`: a one-sided CUSUM on z, S = max(0, S + z - k) with k = 0.5, flags a change point when
  S > h = 4 (then S restarts at 0); a single period with z >= 3 is flagged too.
"""

from __future__ import annotations

import sqlite3
import statistics
from datetime import date, timedelta
from typing import Any

from redline.analyse.common import MATERIAL_STATUSES, Item, latest_date
from redline.analyse.firsts import find_firsts
from redline.analyse.firsts import firsts as stored_or_found_firsts
from redline.analyse.fusion import fusion_map
from redline.store.queries import (
    deliveries_to,
    dyad_series_days,
    dyad_signals,
    fusion_pending,
    latest_event_date,
    stored_dyad_series,
)

PERIODS = ("day", "week")
DRIVER_WEIGHT = 1.0
CUSUM_K = 0.5
CUSUM_H = 4.0
Z_ALERT = 3.0


def escalation(conn: sqlite3.Connection, dyad: str, *, period: str = "week", baseline: int = 8,
               items: list[Item] | None = None, fused: dict[str, str] | None = None,
               firsts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Series and escalation index for the directed dyad "A-B" (as "RUS-UKR").

    Args:
        conn: a store connection (read-only is enough).
        dyad: actor code, hyphen, recipient code.
        period: "day" or "week" (ISO weeks, labelled by their Monday).
        baseline: how many earlier periods the z-score compares with.
        items, fused, firsts: the store's events (`load_items`), fusion map (`fusion_map`) and firsts
            (`find_firsts`) when the caller has them already (one series per dyad of a whole store).
    Returns:
        {"dyad", "period", "baseline", "fusion_pending" (articles awaiting fusion: their reports count as
        events of their own), "series": [{"period", "n", "reports", "q1".."q4", "scale_sum", "conflict",
        "z", "drivers", "index", "cusum", "change"}]}.
    Docs: docs/escalation.md.
    """
    actor, sep, recipient = dyad.upper().partition("-")
    if not (sep and actor and recipient):
        raise ValueError(f"a dyad is written ACTOR-RECIPIENT, as RUS-UKR, not {dyad!r}")
    if period not in PERIODS:
        raise ValueError(f"period is day or week, not {period!r}")
    result: dict[str, Any] = {"dyad": f"{actor}-{recipient}", "period": period, "baseline": baseline,
                              "fusion_pending": len(fusion_pending(conn)), "series": []}
    if items is None:
        # A store of millions of events: the dyad's days and drivers come from the tables kept at ingest
        # (dyad_series, or event_dyad_rows while the dyad awaits a refresh; firsts), read with SQL; the same
        # series as from loaded items (tested).
        stored = stored_dyad_series(conn, actor, recipient)
        days = dyad_series_days(conn, actor, recipient) if stored is None else stored
        drivers = _drivers(stored_or_found_firsts(conn), dyad_signals(conn, actor, recipient),
                           deliveries_to(conn, recipient), actor, recipient)
        latest = latest_event_date(conn)
    else:
        mine = [i for i in items if i.date and actor in i.codes("actor") and recipient in i.codes("recipient")]
        material = [i for i in mine if counts_in_series(i)]
        counted, reports = _one_per_fused_event(material, fusion_map(conn) if fused is None else fused)
        days = _days(counted, reports)
        signals = [(i.date, i.id) for i in mine if "cbrn" in (i.event.get("context") or [])
                   and i.event.get("status") not in ("negated", "denied")]
        deliveries = [{"date": i.date, "event_id": i.id, "weapons": i.event.get("weapons") or [],
                       "actors": sorted(i.codes("actor"))} for i in items
                      if i.date and (i.event.get("event") or [None])[0] == "AID"
                      and i.event.get("status") in MATERIAL_STATUSES and recipient in i.codes("recipient")]
        drivers = _drivers(find_firsts(items) if firsts is None else firsts, signals, deliveries, actor, recipient)
        latest = latest_date(items)
    if not days and not drivers:
        return result
    start = min([d["date"] for d in days] + [d["date"] for d in drivers])
    buckets = {key: _empty(key) for key in _periods(start, latest, period)}
    for day in days:
        row = buckets[_bucket(day["date"], period)]
        for name in ("n", "reports", "q1", "q2", "q3", "q4", "scale_sum", "conflict"):
            row[name] += day[name]
    for driver in drivers:
        buckets[_bucket(driver["date"], period)]["drivers"].append(driver)
    series = list(buckets.values())
    cusum = 0.0
    for n, row in enumerate(series):
        history = [r["conflict"] for r in series[max(0, n - baseline):n]]
        z = 0.0
        if len(history) >= 2:
            z = (row["conflict"] - statistics.fmean(history)) / max(statistics.pstdev(history), 1.0)
        cusum = max(0.0, cusum + z - CUSUM_K)
        change = cusum > CUSUM_H or z >= Z_ALERT
        row.update(z=round(z, 3), index=round(z + DRIVER_WEIGHT * len(row["drivers"]), 3),
                   cusum=round(cusum, 3), change=change, scale_sum=round(row["scale_sum"], 2),
                   conflict=round(row["conflict"], 2))
        if cusum > CUSUM_H:
            cusum = 0.0
    result["series"] = series
    return result


def counts_in_series(item: Item) -> bool:
    """Status occurred or claimed, or a threat that was made (status "threatened" on a THREATEN event:
    its promise is what is pending)."""
    if item.event.get("status") in MATERIAL_STATUSES:
        return True
    return (item.event.get("event") or [None])[0] == "THREATEN" and item.event.get("status") == "threatened"


def _one_per_fused_event(items: list[Item], fused: dict[str, str]) -> tuple[list[Item], dict[str, int]]:
    """The first item (in `Item.key` order) of each fused event among `items`, and how many of `items`
    each stands for. A report missing from the fusion map stands for itself."""
    first: dict[str, Item] = {}
    reports: dict[str, int] = {}
    for item in items:
        key = fused.get(item.id, item.id)
        lead = first.setdefault(key, item)
        reports[lead.id] = reports.get(lead.id, 0) + 1
    return list(first.values()), reports


def _days(counted: list[Item], reports: dict[str, int]) -> list[dict[str, Any]]:
    """Per day, what `dyad_series_days` reads from the store, from loaded items."""
    days: dict[str, dict[str, Any]] = {}
    for item in counted:
        day = days.setdefault(item.date, {"date": item.date, "n": 0, "reports": 0, "q1": 0, "q2": 0, "q3": 0,
                                          "q4": 0, "scale_sum": 0.0, "conflict": 0.0})
        quad = item.event.get("quad_code")
        scale = float(item.event.get("event_scale") or 0)
        day["n"] += 1
        day["reports"] += reports[item.id]
        if quad in (1, 2, 3, 4):
            day[f"q{quad}"] += 1
        day["scale_sum"] += scale
        if quad == 4:
            day["conflict"] -= scale
    return sorted(days.values(), key=lambda d: d["date"])


def _drivers(firsts: list[dict[str, Any]], signals: list[tuple[str, str]], deliveries: list[dict[str, Any]],
             actor: str, recipient: str) -> list[dict[str, Any]]:
    """The dyad's drivers (module docstring) from the store's firsts, the dyad's nuclear signals
    ((date, event id)) and the deliveries of weapons to the recipient ({"date", "event_id", "weapons",
    "actors"}, in the analyses' order)."""
    found = [{"date": first["date"], "kind": f"first:{first['kind']}", "event_id": first["event_id"],
              "detail": first["weapon_class"]}
             for first in firsts
             if first["actor"] == actor and (first["recipient"] == recipient or first["territory"] == recipient)]
    found += [{"date": day, "kind": "nuclear_signalling", "event_id": event_id, "detail": None}
              for day, event_id in signals]
    delivered: set[tuple[str, str]] = set()
    for aid in deliveries:
        for weapon in aid["weapons"]:
            for supplier in sorted(set(aid["actors"]) - {recipient}):
                if (supplier, weapon) not in delivered:
                    delivered.add((supplier, weapon))
                    found.append({"date": aid["date"], "kind": "new_weapon_delivery", "event_id": aid["event_id"],
                                  "detail": f"{weapon} from {supplier}"})
    return sorted(found, key=lambda d: (d["date"], d["kind"], d["event_id"]))


def _empty(key: str) -> dict[str, Any]:
    return {"period": key, "n": 0, "reports": 0, "q1": 0, "q2": 0, "q3": 0, "q4": 0, "scale_sum": 0.0, "conflict": 0.0,
            "drivers": []}


def _bucket(day: str, period: str) -> str:
    if period == "day":
        return day
    d = date.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).isoformat()


def _periods(start: str, end: str | None, period: str) -> list[str]:
    first = date.fromisoformat(_bucket(start, period))
    last = date.fromisoformat(_bucket(max(start, end or start), period))
    step = timedelta(days=1 if period == "day" else 7)
    keys = []
    while first <= last:
        keys.append(first.isoformat())
        first += step
    return keys
