"""Score an extractor against the PLOVER gold-standard records (`plover/plover_gsr_dev.jsonl`).

The records are edited CAMEO-manual example sentences coded in PLOVER 0.5 (2016): one record per
(sentence, event), with `event` a single type, `source`/`target` lists of `{actorText, code, sector}`,
and a placeholder `date` (2000-01-01) that is not passed on (`published` is None; `citation` is the
record id). Definitions:

- **Sentences, not records:** records with the same `text` are one sentence with several gold events
  (the dev half has one such pair). The item id is the first record's id.
- **Gold types** are translated to the contract's PLOVER types (plover_types.yaml: DEMAND -> REQUEST,
  DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT).
- **Prediction:** the first returned event.
- `event_type_accuracy`: the prediction's `event[0]` is one of the sentence's gold types. Over all
  sentences; no event is wrong.
- `event_type_macro_f1`: per type, precision and recall over sentences (a sentence with gold types G and
  predicted type p is a true positive for p if p is in G, else a false positive for p; every gold type
  other than a matched p is a false negative), F1 averaged over every type seen in gold or predictions.
- `actor_code_accuracy`: over sentences whose gold `source` has a scorable code, the prediction's
  `actor` entities and the gold source codes overlap (at least one match; codes translated as in
  codes.py: JAP -> JPN, a bare IGO/NGO matched by sector).
- `recipient_code_accuracy`: the same for gold `target` vs predicted `recipient`, over sentences with a
  scorable target.
- `counts` holds the confusion table as `event:<gold type> -> <predicted type or "none">`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from redline.evaluate import events as ev
from redline.evaluate.codes import GoldActor, any_match, gold_actors
from redline.evaluate.files import read_jsonl
from redline.evaluate.result import BenchmarkError, BenchmarkResult, Extractor, Scorecard, call_extractor
from redline.evaluate.vocab import load_plover_types

FILE = "plover/plover_gsr_dev.jsonl"


def _actor_codes(value: Any) -> list[str | None]:
    """Codes of a gold `source`/`target`, which may be a list of actor dicts, "" or missing."""
    return [a.get("code") for a in value if isinstance(a, dict)] if isinstance(value, list) else []


def read_sentences(bench_dir: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The gold sentences: {id, text, types, sources, targets}, records with the same text merged."""
    types = load_plover_types()
    merged: dict[str, dict[str, Any]] = {}
    for record in read_jsonl(bench_dir / FILE):
        text, event = record.get("text"), record.get("event")
        if not text or not isinstance(event, str):
            raise BenchmarkError(f"{FILE}: record {record.get('id')!r} has no text or event")
        sentence = merged.setdefault(text, {"id": record["id"], "text": text, "types": [], "sources": [],
                                            "targets": []})
        if types.current(event) not in sentence["types"]:
            sentence["types"].append(types.current(event))
        sentence["sources"] += _actor_codes(record.get("source"))
        sentence["targets"] += _actor_codes(record.get("target"))
    sentences = list(merged.values())
    return sentences[:limit] if limit is not None else sentences


def macro_f1(pairs: list[tuple[list[str], str | None]]) -> float:
    """Macro-F1 over types from (gold types, predicted type or None) per sentence (module docstring)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold, got in pairs:
        if got is not None and got in gold:
            tp[got] += 1
        elif got is not None:
            fp[got] += 1
        for g in gold:
            if g != got:
                fn[g] += 1
    labels = set(tp) | set(fp) | set(fn)
    scores = []
    for label in labels:
        denominator = 2 * tp[label] + fp[label] + fn[label]
        scores.append(2 * tp[label] / denominator if denominator else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def score(extract: Extractor, bench_dir: Path, limit: int | None = None, *, strict: bool = False
          ) -> BenchmarkResult:
    """Run `extract` on the first `limit` gold sentences and score it (see the module docstring)."""
    card = Scorecard("plover", strict=strict)
    sentences = read_sentences(bench_dir, limit)
    pairs: list[tuple[list[str], str | None]] = []
    for s in sentences:
        events = call_extractor(extract, card, s["id"], s["text"], published=None, citation=s["id"])
        pred = ev.first(events)
        got = ev.main_type(pred)
        pairs.append((s["types"], got))
        for gold in s["types"]:
            card.count(f"event:{gold} -> {got or 'none'}")
        card.check("event_type_accuracy", got in s["types"], s["id"], f"expected {s['types']}, got {got}")
        _check_actors(card, "actor_code_accuracy", s["id"], gold_actors(s["sources"]), pred, "actor")
        _check_actors(card, "recipient_code_accuracy", s["id"], gold_actors(s["targets"]), pred, "recipient")
    card.set_value("event_type_macro_f1", macro_f1(pairs), len(pairs))
    return card.result(len(sentences))


def _check_actors(card: Scorecard, metric: str, item: str, gold: list[GoldActor], pred: dict | None,
                  role: str) -> None:
    if not gold:
        return
    predicted = ev.entities(pred, role)
    card.check(metric, any_match(gold, predicted), item,
               f"expected {[str(g) for g in gold]}, got {[e.get('code') for e in predicted]}")
