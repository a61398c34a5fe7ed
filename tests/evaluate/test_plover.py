"""The PLOVER gold-standard scorer: both directions on real sentences, merging, renaming, macro-F1."""

from __future__ import annotations

import json

import pytest

from redline.evaluate import plover
from redline.evaluate.codes import any_match, gold_actors
from tests.evaluate.stubs import by_citation, constant, entity, make_event

RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
LEGACY = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


def as_entities(actors) -> list[dict]:
    """Gold actors as predicted entities: legacy codes translated, kinds (IGO, NGO) as sectors."""
    out = []
    for a in actors if isinstance(actors, list) else []:
        code = LEGACY.get(a["code"], a["code"])
        out.append(entity(None, a["actorText"], code) if code in ("IGO", "NGO") else entity(code, a["actorText"]))
    return out


def oracle(bench):
    """Answers for each sentence (keyed by its first record id), built from the raw gold file."""
    answers, seen = {}, set()
    for line in (bench / plover.FILE).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["text"] in seen:
            continue
        seen.add(record["text"])
        answers[record["id"]] = [make_event(RENAMED.get(record["event"], record["event"]),
                                            actor=as_entities(record.get("source")),
                                            recipient=as_entities(record.get("target")))]
    return by_citation(answers)


def test_plover_perfect_stub_scores_one_on_real_slice(bench):
    result = plover.score(oracle(bench), bench, limit=60)
    assert set(result.metrics) == {"event_type_accuracy", "event_type_macro_f1", "actor_code_accuracy",
                                   "recipient_code_accuracy"}
    assert all(v == 1.0 for v in result.metrics.values()), result.errors[:5]


def test_plover_wrong_stub_scores_low_on_real_slice(bench):
    wrong = make_event("MOBILIZE", actor=[entity("ZZZ")], recipient=[entity("ZZZ")])
    result = plover.score(constant([wrong]), bench, limit=60)
    assert result.metrics["event_type_accuracy"] < 0.2
    assert result.metrics["event_type_macro_f1"] < 0.2
    assert result.metrics["actor_code_accuracy"] == 0.0
    assert result.metrics["recipient_code_accuracy"] == 0.0


def test_plover_sentences_with_two_gold_events_are_merged_and_types_renamed(bench):
    sentences = plover.read_sentences(bench)
    assert len(sentences) == len({s["text"] for s in sentences})
    ivory = next(s for s in sentences if s["text"].startswith("Ivory Coast rebels on Friday again rejected"))
    assert ivory["types"] == ["REJECT"]
    assert {"SEN", "IGO"} <= set(ivory["targets"])
    all_types = {t for s in sentences for t in s["types"]}
    assert "REQUEST" in all_types and "ACCUSE" in all_types
    assert not all_types & set(RENAMED)


def test_plover_only_the_first_event_counts(bench):
    right = make_event("AGREE")
    assert plover.score(constant([right, make_event("REJECT")]), bench, limit=3).metrics[
        "event_type_accuracy"] == 1.0
    assert plover.score(constant([make_event("REJECT"), right]), bench, limit=3).metrics[
        "event_type_accuracy"] == 0.0


@pytest.mark.parametrize("predicted, ok", [
    (entity("UN", "United Nations", "GOV"), True),
    (entity(None, "the regional force", "IGO"), True),
    (entity("USA", "Washington", "GOV"), False),
    (entity(None, "aid workers", "NGO"), False),
])
def test_plover_bare_igo_gold_matches_an_organisation(predicted, ok):
    assert any_match(gold_actors(["IGO"]), [predicted]) is ok


def test_plover_legacy_country_codes_are_translated():
    assert any_match(gold_actors(["JAP"]), [entity("JPN")])
    assert not any_match(gold_actors(["JAP"]), [entity("JAP")])


@pytest.mark.parametrize("pairs, expected", [
    ([(["A"], "A"), (["B"], "B")], 1.0),
    ([(["A"], "B"), (["B"], "A")], 0.0),
    ([(["A"], "A"), (["A"], "B")], (2 / 3 + 0.0) / 2),  # A: tp1 fn1 -> 2/3; B: fp1 -> 0
    ([(["A"], None)], 0.0),
    ([(["A", "B"], "B")], 0.5),  # B right, A missed
])
def test_plover_macro_f1(pairs, expected):
    assert plover.macro_f1(pairs) == pytest.approx(expected)
