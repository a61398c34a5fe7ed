"""Score CAMEO codes against the PETRARCH-2 gold validation sentences (`petrarch2/petr2_gsr_validation.jsonl`).

78 records: AFP sentences from 2008 plus PETRARCH-2's own test sentences, each with `expected_events`
(`{eventcode, sourcecode, targetcode}`) or `[{"noevents": "True"}]`. The gold codings were partly seeded
from PETRARCH-2's output, so treat the scores as a regression check. The extractor gets `published` =
the record's `date` as YYYY-MM-DD (None, counted as `unreadable_dates`, when it is not YYYYMMDD) and
`citation` = the record id. Records with empty text are skipped
(`counts["empty_text"]`). Definitions:

- **Prediction:** the first returned event whose `cameo` is not null.
- `cameo_root_accuracy`: over records with expected codes, the first two digits of the prediction's
  `cameo` equal the root of one of the expected event codes. No prediction is wrong.
- `source_code_accuracy`: over records with a scorable expected source, the prediction's `actor`
  entities overlap the expected source codes of all the record's expected events (codes reduced as in
  codes.py: USAGOV -> USA, IGOUNOMIL -> UN; `---` and IMG codes are not scorable).
- `target_code_accuracy`: the same for `targetcode` vs `recipient`.
- `no_event_accuracy`: over "noevents" records, the extractor returned no event with a `cameo` code.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from redline.evaluate import events as ev
from redline.evaluate.codes import any_match, gold_actors
from redline.evaluate.files import read_jsonl
from redline.evaluate.result import BenchmarkError, BenchmarkResult, Extractor, Scorecard, call_extractor

FILE = "petrarch2/petr2_gsr_validation.jsonl"


def root(code: Any) -> str | None:
    """The CAMEO root (first two digits) of a code such as "0352" or "195"; None if not a code."""
    text = str(code or "").strip()
    return text[:2] if len(text) >= 2 and text[:2].isdigit() else None


def read_records(bench_dir: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The first `limit` validation records, with `expected_events` checked to be a list."""
    records = read_jsonl(bench_dir / FILE)
    for record in records:
        if not isinstance(record.get("expected_events"), list):
            raise BenchmarkError(f"{FILE}: record {record.get('id')!r} has no expected_events list")
    return records[:limit] if limit is not None else records


def score(extract: Extractor, bench_dir: Path, limit: int | None = None, *, strict: bool = False
          ) -> BenchmarkResult:
    """Run `extract` on the first `limit` records and score its CAMEO codes (module docstring)."""
    card = Scorecard("petrarch2", strict=strict)
    records = read_records(bench_dir, limit)
    for record in records:
        item, text = str(record.get("id")), record.get("text") or ""
        if not text.strip():
            card.count("empty_text")
            continue
        published = _iso(record.get("date"))
        if published is None:
            card.count("unreadable_dates")
            card.miss(item, f"date {record.get('date')!r} is not YYYYMMDD; published=None passed")
        events = call_extractor(extract, card, item, text, published=published, citation=item)
        pred = ev.first(events, lambda e: e.get("cameo") is not None)
        expected = [e for e in record["expected_events"] if isinstance(e, dict) and e.get("eventcode")]
        if not expected:
            card.check("no_event_accuracy", pred is None, item, f"expected no event, got {ev.describe(pred)}")
            continue
        roots = sorted({r for r in (root(e["eventcode"]) for e in expected) if r})
        card.check("cameo_root_accuracy", root((pred or {}).get("cameo")) in roots, item,
                   f"expected root {roots}, got {ev.describe(pred)}")
        for metric, key, role in (("source_code_accuracy", "sourcecode", "actor"),
                                  ("target_code_accuracy", "targetcode", "recipient")):
            gold = gold_actors([e.get(key) for e in expected])
            if gold:
                predicted = ev.entities(pred, role)
                card.check(metric, any_match(gold, predicted), item,
                           f"expected {[str(g) for g in gold]}, got {[e.get('code') for e in predicted]}")
    return card.result(len(records))


def _iso(date: Any) -> str | None:
    """"20080804" as "2008-08-04"; None when absent or not YYYYMMDD (one gold record has "121108")."""
    try:
        return datetime.strptime(str(date or ""), "%Y%m%d").date().isoformat()
    except ValueError:
        return None
