"""Score quad-class agreement with human CAMEO coders (`cameo/cameo_multirater_dev.jsonl`).

Each record is one sentence coded in one training round by 3-5 raters; a rater gives up to three
actions, each with a `pentaclass` ("0-Make a Statement", "1-Verbal Cooperation", "2-Material
Cooperation", "3-Verbal Conflict", "4-Material Conflict"). The same sentence recurs in several rounds
with different raters, so the unit is the record (item id `<round>:<id>`); the extractor runs once per
distinct sentence text (`published` None, `citation` the record id). Definitions:

- **A rater's quad class** is the pentaclass of their first action whose pentaclass is 1-4; PLOVER
  quad 1-4 equal pentaclass 1-4. Pentaclass 0 (make a statement) is skipped because PLOVER drops
  CAMEO 01/02 statements: "X said Russia shelled Y" is coded as the shelling. A rater with no such
  action (sentence marked irrelevant, or statements only) abstains.
- **Labelled records** have at least two raters with a quad class. Only these are scored.
- **Majority**: the most frequent quad class among a record's raters, if no other class is as frequent
  (a plurality without a tie); records with a tie have no majority.
- `coder_pairwise_agreement`: mean over labelled records of the share of rater pairs that agree.
- `coder_loo_agreement` (the fair human baseline): over every (rater, record) whose other raters have
  a majority, the share where the rater agrees with the others' majority.
- **The system's class** is the coders' class of the first returned event's CAMEO root (`cameo_classes.yaml`:
  the coders' scheme gives each root a class, e.g. "3-16 Reduce Relations"), or its `quad_code` when it
  has no CAMEO code. The two differ only on root 16 (reduce relations): verbal conflict for the coders,
  material conflict in redline's GDELT-style `quad_code`.
- `system_majority_agreement`: over records with a majority, the share where the system's class equals
  it (no event is a disagreement). Target: at least `coder_loo_agreement`.
- `system_quad_majority_agreement`: the same with the first event's own `quad_code`, unconverted.
- `system_rater_agreement`: mean over labelled records of the share of raters whose class equals the
  system's; the counterpart of `coder_pairwise_agreement` with the system as one more rater.
- `system_minus_coder_loo`: `system_majority_agreement - coder_loo_agreement` on the same records; a
  floor of 0 checks the target. (It can be negative: this one metric is not a rate.)

Caveat: upstream, 56 records carry a sentence truncated to 256 characters (PROVENANCE.md).
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

from redline.evaluate import events as ev
from redline.evaluate.files import read_jsonl
from redline.evaluate.result import BenchmarkError, BenchmarkResult, Extractor, Scorecard, call_extractor
from redline.evaluate.vocab import load_cameo_classes

FILE = "cameo/cameo_multirater_dev.jsonl"


def rater_quad(rater: dict[str, Any]) -> int | None:
    """A rater's quad class: the pentaclass of their first action coded 1-4, or None."""
    for action in rater.get("actions") or []:
        label = str(action.get("pentaclass", "")).strip()
        if not label[:1].isdigit():
            raise BenchmarkError(f"{FILE}: unreadable pentaclass {label!r}")
        if 1 <= int(label[:1]) <= 4:
            return int(label[:1])
    return None


def system_class(event: dict[str, Any] | None) -> int | None:
    """The coders' class of an event: that of its CAMEO root (`cameo_classes.yaml`), else its quad_code."""
    if not event:
        return None
    code = str(event.get("cameo") or "")
    return load_cameo_classes().get(code[:2], event.get("quad_code"))


def majority(labels: list[int]) -> int | None:
    """The most frequent label when no other is as frequent; None for a tie or no labels."""
    ranked = Counter(labels).most_common()
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def pairwise_agreement(labels: list[int]) -> float:
    """The share of label pairs that agree (needs two labels or more)."""
    pairs = list(combinations(labels, 2))
    return sum(a == b for a, b in pairs) / len(pairs)


def leave_one_out(labels: list[int]) -> tuple[int, int]:
    """(agreements, comparisons) of each label with the majority of the others, where they have one."""
    agree = total = 0
    for i, label in enumerate(labels):
        others = majority(labels[:i] + labels[i + 1:])
        if others is not None:
            total += 1
            agree += label == others
    return agree, total


def read_records(bench_dir: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The records as {id, text, labels}: the quad classes of the raters that gave one."""
    records = []
    for raw in read_jsonl(bench_dir / FILE):
        if not isinstance(raw.get("raters"), dict) or not raw.get("sentence"):
            raise BenchmarkError(f"{FILE}: record {raw.get('id')!r} has no sentence or raters")
        labels = [q for q in (rater_quad(r) for r in raw["raters"].values()) if q is not None]
        records.append({"id": f"{raw.get('round')}:{raw.get('id')}", "text": raw["sentence"], "labels": labels})
    return records[:limit] if limit is not None else records


def score(extract: Extractor, bench_dir: Path, limit: int | None = None, *, strict: bool = False
          ) -> BenchmarkResult:
    """Score the first `limit` records: coder agreement and system agreement (module docstring)."""
    card = Scorecard("cameo", strict=strict)
    records = read_records(bench_dir, limit)
    predicted: dict[str, Any] = {}
    pairwise: list[float] = []
    system_share: list[float] = []
    loo_agree = loo_total = 0
    for rec in records:
        labels = rec["labels"]
        if len(labels) < 2:
            card.count("unlabelled_records")
            continue
        if rec["text"] not in predicted:
            events = call_extractor(extract, card, rec["id"], rec["text"], published=None, citation=rec["id"])
            first = ev.first(events)
            predicted[rec["text"]] = (system_class(first), (first or {}).get("quad_code"))
        got, quad = predicted[rec["text"]]
        pairwise.append(pairwise_agreement(labels))
        system_share.append(sum(label == got for label in labels) / len(labels))
        agree, total = leave_one_out(labels)
        loo_agree, loo_total = loo_agree + agree, loo_total + total
        gold = majority(labels)
        if gold is None:
            card.count("no_majority_records")
            continue
        card.count(f"quad:{gold} -> {got if got is not None else 'none'}")
        card.check("system_majority_agreement", got == gold, rec["id"],
                   f"coders {labels} (majority {gold}), got {got}")
        card.check("system_quad_majority_agreement", quad == gold, rec["id"],
                   keep=False)
    card.set_value("coder_pairwise_agreement", _mean(pairwise), len(pairwise))
    card.set_value("system_rater_agreement", _mean(system_share), len(system_share))
    card.set_value("coder_loo_agreement", loo_agree / loo_total if loo_total else 0.0, loo_total)
    result = card.result(len(records))
    if "system_majority_agreement" in result.metrics and loo_total:
        result.metrics["system_minus_coder_loo"] = (result.metrics["system_majority_agreement"]
                                                    - result.metrics["coder_loo_agreement"])
        result.counts["n.system_minus_coder_loo"] = result.counts["n.system_majority_agreement"]
    return result


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0
