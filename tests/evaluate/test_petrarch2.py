"""The PETRARCH-2 gold scorer: CAMEO roots, source/target codes, and no-event records."""

from __future__ import annotations

import json

import pytest

from redline.evaluate import petrarch2
from redline.evaluate.codes import gold_actor
from tests.evaluate.stubs import by_citation, constant, entity, make_event

ORGS = {"IGOUNO": "UN", "IGOEUR": "EU", "IGOCOP": "INTERPOL"}


def as_entity(code: str | None) -> dict:
    """A predicted entity for a CAMEO code: the country part, or the organisation."""
    code = code or "---"
    return entity(ORGS.get(code[:6], None if code.startswith(("---", "IMG")) else code[:3]))


def oracle(bench):
    answers = {}
    for line in (bench / petrarch2.FILE).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        coded = [e for e in record["expected_events"] if e.get("eventcode")]
        answers[record["id"]] = [make_event(cameo=e["eventcode"], actor=[as_entity(e["sourcecode"])],
                                            recipient=[as_entity(e["targetcode"])]) for e in coded]
    return by_citation(answers)


def test_petrarch2_perfect_stub_scores_one(bench):
    result = petrarch2.score(oracle(bench), bench)
    assert set(result.metrics) == {"cameo_root_accuracy", "source_code_accuracy", "target_code_accuracy",
                                   "no_event_accuracy"}
    assert all(v == 1.0 for v in result.metrics.values()), [e for e in result.errors if "date" not in e[1]]
    assert result.counts["empty_text"] == 1


def test_petrarch2_wrong_stub_scores_low(bench):
    wrong = make_event(cameo="2041", actor=[entity("ZZZ")], recipient=[entity("ZZZ")])
    result = petrarch2.score(constant([wrong]), bench, limit=30)
    assert result.metrics["cameo_root_accuracy"] == 0.0
    assert result.metrics["source_code_accuracy"] == 0.0
    assert result.metrics["target_code_accuracy"] == 0.0


def test_petrarch2_no_event_records_want_no_coded_event(bench):
    records = petrarch2.read_records(bench)
    quiet = [r for r in records if not any(e.get("eventcode") for e in r["expected_events"])]
    assert len(quiet) == 12
    uncoded = constant([make_event("ACCUSE", cameo=None)])
    assert petrarch2.score(uncoded, bench).metrics["no_event_accuracy"] == 1.0
    assert petrarch2.score(constant([make_event(cameo="190")]), bench).metrics["no_event_accuracy"] == 0.0


@pytest.mark.parametrize("code, root", [("0352", "03"), ("190", "19"), ("1124", "11"), (None, None), ("x", None)])
def test_petrarch2_root(code, root):
    assert petrarch2.root(code) == root


@pytest.mark.parametrize("code, expected", [
    ("USAGOV", "USA"), ("IGOUNOMIL", "UN"), ("IGOEUREEC", "EU"), ("JAP", "JPN"), ("IGO", "<IGO>"),
    ("---GOV", None), ("IMGMUSISI", None), ("", None),
])
def test_petrarch2_gold_codes_are_reduced_to_what_redline_codes(code, expected):
    actor = gold_actor(code)
    assert (str(actor) if actor else None) == expected
