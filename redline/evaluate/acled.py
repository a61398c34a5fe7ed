"""Score an extractor against ACLED's human coding of its own event notes (`acled/acled_ukraine_2022q1_dev.csv`).

The extractor reads only a row's `notes` ("On 15 April 2022, Russian forces shelled Avdiivka, ..."),
with `published` = the row's `event_date` as YYYY-MM-DD and `citation` = `event_id_cnty` (the item id
in errors). Definitions:

- **prediction** for a note: the first returned event whose `acled` is not null. No such event makes
  every metric that uses the prediction wrong for that note.
- `event_type_accuracy`, `sub_event_type_accuracy`: the prediction's `acled.event_type` /
  `acled.sub_event_type` equals ACLED's, as exact strings. Over all notes. `counts` holds the confusion
  table as `event_type:<ACLED type> -> <predicted type or "none">`.
- `location_accuracy`: the prediction's `event_loc` lat/lon lies within 25 km (haversine) of ACLED's
  latitude/longitude; or, for rows with `geo_precision` 3 (ACLED only knew the region), its `province`
  is ACLED's `admin1` after normalisation (lower case; apostrophes, "oblast", "region", "city (of)"
  removed; spelling variants from admin1_variants.yaml). Over all notes.
- `deaths_exact_accuracy`: over notes with fatalities > 0, the predicted deaths equal ACLED's
  fatalities. Predicted deaths = the largest `size.dead` over ALL events returned for the note (null
  counts as 0), because a note may describe several events.
- `no_invented_deaths_rate`: over notes with fatalities == 0, the share where no returned event has
  `size.dead` > 0.
- Both fatality metrics leave out notes that describe ACLED's own fatality convention ("Unspecified
  fatalities coded as 10", "3 fatalities split among 6 events"): there the number is not in the text.
  The patterns are in acled_rules.yaml; `counts["convention_rows"]` says how many were left out.
- `attacker_side_accuracy`: ACLED `actor1` mapped to a side (acled_rules.yaml): Russian military, police
  or government and Wagner -> RUS; Ukrainian forces, police, government and Ukrainian groups -> UKR;
  "NAF: ..." and DPR/LPR forces -> separatists. Predicted side = the first actor `code` of the
  prediction. RUS and UKR must match exactly; separatists are matched by a first actor coded RUS or
  named as a DPR/LPR/separatist force. Rows whose actor1 has no side (protesters, civilians,
  unidentified groups) are left out.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from redline.evaluate import events as ev
from redline.evaluate.files import need_file
from redline.evaluate.geo import haversine_km, point, same_region
from redline.evaluate.result import BenchmarkError, BenchmarkResult, Extractor, Scorecard, call_extractor
from redline.evaluate.vocab import AcledRules, load_acled_rules

FILE = "acled/acled_ukraine_2022q1_dev.csv"
LOCATION_TOLERANCE_KM = 25.0
COLUMNS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "admin1", "latitude",
           "longitude", "geo_precision", "notes", "fatalities")


def iso_date(acled_date: str) -> str:
    """ACLED's "15 April 2022" as "2022-04-15"."""
    return datetime.strptime(acled_date.strip(), "%d %B %Y").date().isoformat()


def read_rows(bench_dir: Path, limit: int | None = None) -> list[dict[str, str]]:
    """The first `limit` rows of the ACLED file, checked for the columns the scorer uses."""
    path = need_file(bench_dir / FILE)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise BenchmarkError(f"{path}: missing columns {missing}")
        rows = []
        for row in reader:
            if limit is not None and len(rows) >= limit:
                break
            rows.append(row)
    return rows


def score(extract: Extractor, bench_dir: Path, limit: int | None = None, *, strict: bool = False
          ) -> BenchmarkResult:
    """Run `extract` on the notes of the first `limit` ACLED rows and score it (see the module docstring)."""
    rules = load_acled_rules()
    card = Scorecard("acled", strict=strict)
    rows = read_rows(bench_dir, limit)
    for row in rows:
        item = row["event_id_cnty"]
        events = call_extractor(extract, card, item, row["notes"], published=iso_date(row["event_date"]),
                                citation=item)
        _score_row(card, rules, row, events)
    return card.result(len(rows))


def _score_row(card: Scorecard, rules: AcledRules, row: dict[str, str], events: list[dict]) -> None:
    item = row["event_id_cnty"]
    pred = ev.first(events, lambda e: isinstance(e.get("acled"), dict))
    acled = (pred or {}).get("acled") or {}
    got_type, got_sub = acled.get("event_type"), acled.get("sub_event_type")
    card.count(f"event_type:{row['event_type']} -> {got_type or 'none'}")
    card.check("event_type_accuracy", got_type == row["event_type"], item,
               f"expected {row['event_type']!r}, got {got_type!r}")
    card.check("sub_event_type_accuracy", got_sub == row["sub_event_type"], item,
               f"expected {row['sub_event_type']!r}, got {got_sub!r}")
    _score_location(card, row, ev.location(pred))
    _score_deaths(card, rules, row, events)
    _score_side(card, rules, row, pred)


def _score_location(card: Scorecard, row: dict[str, str], loc: dict) -> None:
    item = row["event_id_cnty"]
    gold = (float(row["latitude"]), float(row["longitude"]))
    got = point(loc)
    km = haversine_km(*gold, *got) if got else None
    ok = km is not None and km <= LOCATION_TOLERANCE_KM
    if not ok and row["geo_precision"].strip() == "3":
        ok = same_region(loc.get("province"), row["admin1"])
    where = f"{km:.0f} km away" if km is not None else "no lat/lon"
    card.check("location_accuracy", ok, item,
               f"expected {row['admin1']}/{row.get('location', '')} {gold}, got {loc.get('resolved_place')!r} "
               f"province={loc.get('province')!r} ({where})")


def _score_deaths(card: Scorecard, rules: AcledRules, row: dict[str, str], events: list[dict]) -> None:
    item = row["event_id_cnty"]
    if rules.is_convention(row["notes"]):
        card.count("convention_rows")
        return
    fatalities = int(row["fatalities"])
    dead = max((ev.size(e, "dead") or 0 for e in events), default=0)
    if fatalities > 0:
        card.check("deaths_exact_accuracy", dead == fatalities, item, f"expected {fatalities}, got {dead}")
    else:
        card.check("no_invented_deaths_rate", dead == 0, item, f"no deaths coded, predicted {dead}")


def _score_side(card: Scorecard, rules: AcledRules, row: dict[str, str], pred: dict | None) -> None:
    side = rules.side_of(row["actor1"])
    if side is None:
        card.count("side_unmapped_rows")
        return
    actors = ev.entities(pred, "actor")
    first_actor = actors[0] if actors else {}
    if side == "separatists":
        ok = bool(first_actor) and rules.marks_separatist(first_actor)
    else:
        ok = first_actor.get("code") == side
    card.check("attacker_side_accuracy", ok, row["event_id_cnty"],
               f"actor1 {row['actor1']!r} ({side}), got {first_actor.get('code')!r} {first_actor.get('name')!r}")
