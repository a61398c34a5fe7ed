"""The seed-article scorer: a perfect and a wrong stub against the real gold file, and the matching
rules (also_in anchors, duplicates, optional events, forbidden text) on a small hand-made gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import redline
from redline.evaluate import seeds
from redline.evaluate.result import BenchmarkError
from redline.evaluate.seeds_gold import read_gold
from tests.evaluate.stubs import constant, entity, make_event

SEED_000 = "000_4e27982d45d48304.txt"


@pytest.fixture(scope="module")
def pipeline():
    return redline.load_pipeline()


@pytest.fixture(scope="module")
def gold_file() -> Path:
    if not seeds.GOLD_FILE.is_file():
        pytest.skip(f"seed gold file not written yet: {seeds.GOLD_FILE}")
    return seeds.GOLD_FILE


def codes(value) -> list[dict]:
    return [entity(c) for c in ([value] if isinstance(value, str) else (value or []))]


def from_gold(line: dict) -> dict:
    """The event a perfect extractor returns for one gold line (its evidence is the anchor itself)."""
    place, country = line.get("place"), line.get("country_code")
    loc = None
    if place or country:
        loc = {"resolved_place": place, "country_code": country, "resolution": 4 if place else 1}
    return make_event(line["event"], event_text=f"... {line['anchor']} ...", mode=[line["mode"]] if line.get("mode") else [],
                      actor=codes(line.get("actor")), recipient=codes(line.get("recipient")), event_loc=loc,
                      size={"dead": line.get("dead"), "injured": line.get("injured"),
                            "dead_qualifier": line.get("dead_qualifier"),
                            "injured_qualifier": line.get("injured_qualifier")},
                      weapons=line.get("weapons") or [], date=line.get("date"),
                      date_precision=line.get("date_precision"), status=line.get("status"),
                      cameo=line.get("cameo"), acled=line.get("acled"))


def gold_oracle(path: Path):
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    answers: dict[str, list[dict]] = {}
    for line in lines:
        if "event" in line:
            answers.setdefault(line["citation"], []).append(from_gold(line))

    def extract(text, *, published, citation):
        return answers.get(citation, [])

    return extract


def test_seeds_perfect_stub_scores_one_against_the_gold_file(bench, gold_file, pipeline):
    result = seeds.score(gold_oracle(gold_file), bench, limit=2, pipeline=pipeline)
    assert result.n == 2
    assert {"recall", "recall_all", "precision", "type_accuracy", "actor_accuracy", "place_accuracy",
            "dead_accuracy", "weapons_accuracy", "date_accuracy", "status_accuracy",
            "forbidden_clean_rate"} <= set(result.metrics)
    assert all(v == 1.0 for v in result.metrics.values()), result.errors[:5]


def test_seeds_wrong_stub_scores_low_against_the_gold_file(bench, gold_file, pipeline):
    def wrong(text, *, published, citation):
        first_line = text.splitlines()[0]
        return [make_event("PROTEST", event_text=first_line, actor=[entity("FRA")])]

    result = seeds.score(wrong, bench, limit=2, pipeline=pipeline)
    assert result.metrics["recall"] == 0.0
    assert result.metrics["precision"] == 0.0


def test_seeds_gold_file_reads(gold_file):
    gold = read_gold(gold_file)
    assert len(gold.events) == 5 and len(gold.forbidden) == 5
    assert any(not g.required for events in gold.events.values() for g in events)


SMALL_GOLD = [
    {"citation": SEED_000, "anchor": "was struck by Ukrainian forces",
     "also_in": ["The attack, labeled as one targeting civilians"], "event": "ASSAULT", "actor": "UKR",
     "recipient": "RUS", "place": "Belgorod", "dead": 18, "required": True,
     "alternatives": {"recipient": [None]}},
    {"citation": SEED_000, "anchor": "emergency UN Security Council meeting", "event": "CONSULT",
     "required": False},
    {"citation": SEED_000, "forbidden": ["Belgorod, previously untouched by the conflict"]},
]
STRIKE = "the Russian city of Belgorod was struck by Ukrainian forces, resulting in at least 18 reported fatalities"
SAME = "The attack, labeled as one targeting civilians, has intensified the conflict"
BOILER = "Belgorod, previously untouched by the conflict, became a victim"


def small_gold(tmp_path: Path, lines=SMALL_GOLD) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def test_seeds_duplicates_optional_events_and_forbidden_text(bench, tmp_path, pipeline):
    found = make_event("ASSAULT", event_text=STRIKE, actor=[entity("UKR")], recipient=[],
                       event_loc={"resolved_place": "Belgorod", "province": "Belgorod Oblast", "resolution": 4},
                       size={"dead": 18})
    duplicate = make_event("ASSAULT", event_text=SAME)
    invented = make_event("ACCUSE", event_text=BOILER)
    result = seeds.score(constant([found, duplicate, invented]), bench, limit=1, gold_path=small_gold(tmp_path),
                         pipeline=pipeline)
    assert result.metrics["recall"] == 1.0  # the required event is found
    assert result.metrics["recall_all"] == 0.5  # the optional CONSULT is not
    assert result.metrics["precision"] == 0.5  # the duplicate is left out; the invented event counts
    assert result.counts["duplicates"] == 1
    assert result.metrics["forbidden_clean_rate"] == 0.0 and result.counts["forbidden_events"] == 1
    assert result.metrics["actor_accuracy"] == 1.0
    assert result.metrics["recipient_accuracy"] == 1.0  # null is an accepted alternative
    assert result.metrics["place_accuracy"] == 1.0 and result.metrics["dead_accuracy"] == 1.0


def test_seeds_a_wrong_type_at_the_anchor_is_a_type_miss(bench, tmp_path, pipeline):
    result = seeds.score(constant([make_event("COERCE", event_text=STRIKE)]), bench, limit=1,
                         gold_path=small_gold(tmp_path), pipeline=pipeline)
    assert result.metrics["type_accuracy"] == 0.0 and result.metrics["recall"] == 0.0
    assert result.metrics["precision"] == 0.0


def test_seeds_gold_problems_are_reported(bench, tmp_path):
    with pytest.raises(BenchmarkError, match="not PLOVER types"):
        read_gold(small_gold(tmp_path, [{**SMALL_GOLD[0], "event": "FIGHT"}]))
    with pytest.raises(BenchmarkError, match="not in"):
        seeds.score(constant([]), bench, gold_path=small_gold(tmp_path, [{**SMALL_GOLD[0], "citation": "x.txt"}]))
