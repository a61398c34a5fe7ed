"""Score an extractor against hand-coded events for the seed articles (`benchmarks/gold/seeds_events.jsonl`).

Each seed in the seeds directory (default `<bench>/../seeds`) is cleaned with `redline.clean_file`,
and the extractor gets `article.text`, `published=article.published`, `citation=<file name>`. The gold
format is read by seeds_gold.py. Anchors and evidence sentences are compared case-, quote- and
whitespace-insensitively. Definitions:

- A predicted event is **anchored** to a gold event when its `event_text` contains the gold `anchor`
  or one of its `also_in` anchors (other sentences reporting the same event).
- A gold event is **found** when an anchored prediction has `event[0]` equal to the gold type or an
  accepted alternative type. Each prediction is matched to at most one gold event (gold in file order;
  among several candidates, the one agreeing on most fields).
- `recall`: found / gold events marked `required` (optional events give credit when found but no
  penalty when missed); `recall_all`: found / all gold events.
- `type_accuracy`: over gold events with at least one anchored prediction, the share found.
- `<field>_accuracy`, over found gold events, for each field the gold line gives; the gold value or
  any of its `alternatives` is accepted. `actor`/`recipient`: the set of predicted entity codes equals
  the gold code set (null: no code); `place`: a predicted location name (resolved, extracted, city,
  district, province; spellings as in admin1_variants.yaml) equals it (null: no location more precise
  than a country); `country_code`: `event_loc.country_code`; `mode`: the gold mode is in the predicted
  `mode` (null: none predicted); `weapons`: equal sets, case-insensitive; `cameo`: same two-digit root;
  `acled`: same type and sub-type; `dead`, `injured` and their qualifiers (from `size`), `date`,
  `date_precision`, `status`: equal.
- `precision`: matched predictions / (matched + unmatched). An unmatched prediction anchored to a gold
  event with an accepted type is a duplicate report of that event (for example, from an `also_in`
  sentence) and gets no credit and no penalty: it is left out and counted in `counts["duplicates"]`.
- `forbidden_clean_rate`: share of forbidden substrings from which no event came; an event comes from
  one when its `event_text` contains it or lies inside it. `counts["forbidden_events"]` counts them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from redline.api import clean_file, load_pipeline
from redline.evaluate import events as ev
from redline.evaluate.result import BenchmarkError, BenchmarkResult, Extractor, Scorecard, call_extractor
from redline.evaluate.seeds_gold import GoldEvent, field_results, norm, read_gold, shown

REPO = Path(__file__).resolve().parents[2]
GOLD_FILE = REPO / "benchmarks" / "gold" / "seeds_events.jsonl"


def score(extract: Extractor, bench_dir: Path, limit: int | None = None, *, strict: bool = False,
          seeds_dir: Path | None = None, gold_path: Path | None = None, pipeline: Any = None
          ) -> BenchmarkResult:
    """Clean and extract the first `limit` seed articles and score them (module docstring).

    `seeds_dir`, `gold_path` and `pipeline` (a loaded ingest pipeline) override the defaults.
    """
    seeds_dir = seeds_dir or bench_dir.parent / "seeds"
    gold = read_gold(gold_path or GOLD_FILE)
    files = {p.name: p for p in sorted(seeds_dir.glob("*.txt"))}
    unknown = sorted((set(gold.events) | set(gold.forbidden)) - set(files))
    if unknown:
        raise BenchmarkError(f"gold cites seed files not in {seeds_dir}: {unknown}")
    card = Scorecard("seeds", strict=strict)
    pipeline = pipeline or load_pipeline()
    names = sorted(files)[:limit] if limit is not None else sorted(files)
    for name in names:
        predicted: list[dict[str, Any]] = []
        for article in clean_file(files[name], pipeline=pipeline):
            if article.skip is not None:
                card.count("articles_skipped")
                card.miss(name, f"article skipped by cleaning: {article.skip}")
                continue
            predicted += call_extractor(extract, card, name, article.text, published=article.published,
                                        citation=name)
        score_article(card, name, gold.events.get(name, []), gold.forbidden.get(name, []), predicted)
    return card.result(len(names))


def score_article(card: Scorecard, name: str, golds: list[GoldEvent], forbidden: list[str],
                  predicted: list[dict[str, Any]]) -> None:
    """Match one article's predictions to its gold events and record every metric on `card`."""
    texts = [norm(p.get("event_text")) for p in predicted]
    matched: set[int] = set()
    for g in golds:
        anchored = [i for i, t in enumerate(texts) if g.anchored(t)]
        candidates = [i for i in anchored if ev.main_type(predicted[i]) in g.types and i not in matched]
        if anchored:
            card.check("type_accuracy", bool(candidates), g.label,
                       f"expected {g.types}, got {[ev.main_type(predicted[i]) for i in anchored]}")
        found = bool(candidates)
        card.check("recall_all", found, g.label, f"optional {g.types[0]} not found", keep=not g.required)
        if g.required:
            card.check("recall", found, g.label, f"no {g.types[0]} event found")
        if not found:
            continue
        best = max(candidates, key=lambda i: sum(field_results(g, predicted[i]).values()))
        matched.add(best)
        for field_name, ok in field_results(g, predicted[best]).items():
            card.check(f"{field_name}_accuracy", ok, g.label,
                       f"expected {g.accepted(field_name)!r}, got {shown(field_name, predicted[best])!r}")
    for i, p in enumerate(predicted):
        if i in matched:
            card.check("precision", True, name)
        elif any(g.anchored(texts[i]) and ev.main_type(p) in g.types for g in golds):
            card.count("duplicates")
        else:
            card.check("precision", False, f"{name} [{str(p.get('event_text', ''))[:60]}]",
                       f"predicted {ev.describe(p)} matches no gold event")
    for substring in forbidden:
        s = norm(substring)
        hits = [i for i, t in enumerate(texts) if t and (s in t or t in s)]
        card.count("forbidden_events", len(hits))
        card.check("forbidden_clean_rate", not hits, f"{name} [{substring[:60]}]",
                   f"{len(hits)} event(s) from forbidden text")
