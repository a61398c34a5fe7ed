"""The CAMEO multi-rater scorer: rater labels, majority, agreement, and the system's agreement."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from redline.evaluate import cameo
from tests.evaluate.stubs import by_citation, constant, make_event

ROUND_1 = 51  # the first 51 records are round 1: each sentence once


def rater(*pentaclasses: str) -> dict:
    return {"relevant": "True", "actions": [{"pentaclass": p, "cameo_root": ""} for p in pentaclasses]}


def test_cameo_rater_quad_skips_statements_and_abstains_without_an_action():
    assert cameo.rater_quad(rater("4-Material Conflict", "0-Make a Statement")) == 4
    assert cameo.rater_quad(rater("0-Make a Statement", "3-Verbal Conflict")) == 3
    assert cameo.rater_quad(rater("0-Make a Statement")) is None
    assert cameo.rater_quad({"relevant": "False", "actions": []}) is None


@pytest.mark.parametrize("labels, majority", [([4, 4, 3], 4), ([4, 3], None), ([1, 2, 2, 3], 2), ([1, 1, 2, 2], None),
                                              ([], None)])
def test_cameo_majority_is_a_plurality_without_ties(labels, majority):
    assert cameo.majority(labels) == majority


def test_cameo_pairwise_and_leave_one_out_agreement():
    assert cameo.pairwise_agreement([4, 4, 3]) == pytest.approx(1 / 3)
    assert cameo.pairwise_agreement([2, 2]) == 1.0
    # rater 1 (4) vs others [4,3]: tie, skipped; rater 2 likewise; rater 3 (3) vs [4,4]: majority 4, disagrees
    assert cameo.leave_one_out([4, 4, 3]) == (0, 1)
    assert cameo.leave_one_out([4, 4, 4]) == (3, 3)


def raw_majorities(bench, limit):
    """Majority quad per record id, computed here from the raw file, independently of the scorer."""
    answers = {}
    for line in (bench / cameo.FILE).read_text(encoding="utf-8").splitlines()[:limit]:
        record = json.loads(line)
        labels = []
        for r in record["raters"].values():
            quads = [int(a["pentaclass"][0]) for a in r["actions"] if a["pentaclass"][0] in "1234"]
            labels += quads[:1]
        top = Counter(labels).most_common(2)
        if len(labels) >= 2 and (len(top) == 1 or top[0][1] > top[1][1]):
            answers[f"{record['round']}:{record['id']}"] = top[0][0]
    return answers


def test_cameo_perfect_stub_agrees_with_every_majority(bench):
    answers = raw_majorities(bench, ROUND_1)
    stub = by_citation({rid: [make_event(quad_code=q)] for rid, q in answers.items()})
    result = cameo.score(stub, bench, limit=ROUND_1)
    assert result.counts["n.system_majority_agreement"] == len(answers) > 10
    assert result.metrics["system_majority_agreement"] == 1.0
    assert result.metrics["system_minus_coder_loo"] > 0


def test_cameo_wrong_stub_disagrees(bench):
    result = cameo.score(constant([make_event(quad_code=1)]), bench, limit=ROUND_1)
    assert result.metrics["system_majority_agreement"] < 0.2
    assert result.metrics["system_minus_coder_loo"] < 0
    assert result.metrics["coder_loo_agreement"] > 0.5  # the coder baseline does not depend on the system


def test_cameo_human_baseline_on_the_whole_dev_half(bench):
    result = cameo.score(constant([]), bench)
    assert result.n == 513
    assert result.metrics["coder_pairwise_agreement"] == pytest.approx(0.742, abs=0.001)
    assert result.metrics["coder_loo_agreement"] == pytest.approx(0.818, abs=0.001)
    assert result.counts["n.system_majority_agreement"] == 200


def test_cameo_each_distinct_sentence_is_extracted_once(bench):
    calls = []

    def spy(text, *, published, citation):
        calls.append(text)
        return []

    cameo.score(spy, bench, limit=120)
    assert len(calls) == len(set(calls))


def test_cameo_system_class_follows_the_coders_scheme_for_reduce_relations():
    # The coders file root 16 (reduce relations) under verbal conflict; quad_code keeps GDELT's 4.
    assert cameo.system_class(make_event("SANCTION", cameo="163", quad_code=4)) == 3
    assert cameo.system_class(make_event("ASSAULT", cameo="190", quad_code=4)) == 4
    assert cameo.system_class(make_event("REQUEST", cameo="020", quad_code=1)) == 1
    assert cameo.system_class(make_event("AID", cameo=None, quad_code=2)) == 2  # no CAMEO code: its quad
    assert cameo.system_class(None) is None


def test_cameo_reports_the_unconverted_quad_agreement_beside_the_converted_one(bench):
    answers = raw_majorities(bench, ROUND_1)
    # Every event coded as a sanction: agrees as class 3 where the coders say 3, as quad 4 where they say 4.
    stub = by_citation({rid: [make_event("SANCTION", cameo="163", quad_code=4)] for rid in answers})
    result = cameo.score(stub, bench, limit=ROUND_1)
    threes = sum(q == 3 for q in answers.values()) / len(answers)
    fours = sum(q == 4 for q in answers.values()) / len(answers)
    assert result.metrics["system_majority_agreement"] == pytest.approx(threes)
    assert result.metrics["system_quad_majority_agreement"] == pytest.approx(fours)
    assert threes != fours
