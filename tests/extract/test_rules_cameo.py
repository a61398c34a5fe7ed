"""CAMEO codes of general-news events (peacekeeping, ceasefire violations, alerts, cyber operations, aid
cuts, conditional offers, the main clause's event first), on hand-written sentences (one rule per test)."""

import pytest

import redline
from redline.extract.engine import Extractor


@pytest.fixture(scope="module")
def extractor():
    return Extractor.load()


def _events(extractor, pipeline, text, published="2023-05-10"):
    article = redline.clean_text(text, published=published, pipeline=pipeline)
    return [e.to_json() for e in extractor.extract(article)]


def _first(extractor, pipeline, text):
    events = _events(extractor, pipeline, text)
    assert events, text
    return events[0]


@pytest.mark.parametrize("text", [
    "Canada is sending two hundred troops to the UN peacekeeping mission in Cyprus next month.",
    "A battalion of Irish peacekeepers arrived in southern Lebanon on Tuesday to relieve the Finnish unit.",
])
def test_troops_sent_to_keep_the_peace_are_aid_not_a_show_of_force(extractor, pipeline, text):
    e = _first(extractor, pipeline, text)
    assert (e["event"][0], e["cameo"], e["quad_code"]) == ("AID", "074", 2)


def test_troops_sent_without_peacekeeping_stay_a_mobilisation(extractor, pipeline):
    e = _first(extractor, pipeline, "Belarus is deploying two hundred troops to the border with Lithuania next month.")
    assert (e["event"][0], e["cameo"]) == ("MOBILIZE", "152")


def test_peacekeepers_withdrawn_reduce_relations(extractor, pipeline):
    e = _first(extractor, pipeline, "The United Nations withdrew its peacekeepers from two posts near the frontier on Monday.")
    assert (e["event"][0], e["cameo"]) == ("SANCTION", "1661")


@pytest.mark.parametrize("text, trigger", [
    ("Rebel fighters violated the truce twice overnight near the northern frontier, the army said.", "violate truce"),
    ("The army reported forty ceasefire violations by the militia around the town on Sunday.", "ceasefire violation"),
])
def test_ceasefire_violated_is_fighting_and_its_ceasefire_no_event(extractor, pipeline, text, trigger):
    events = _events(extractor, pipeline, text)
    assert [(e["cameo"], e["trigger"]["text"]) for e in events] == [("196", trigger)]
    assert events[0]["quad_code"] == 4


def test_troops_remaining_on_alert_show_force(extractor, pipeline):
    e = _first(extractor, pipeline, "Dutch soldiers remained on alert in the capital after two nights of riots.")
    assert (e["event"][0], e["cameo"], e["trigger"]["text"]) == ("MOBILIZE", "152", "alert")


def test_noun_modified_by_the_adjective_cyber_is_a_cyber_operation(extractor, pipeline):
    e = _first(extractor, pipeline, "Moscow launched cyber warfare against Estonia during the dispute over the statue.")
    assert (e["event"][0], e["mode"], e["cameo"]) == ("COERCE", ["cyber"], "176")


@pytest.mark.parametrize("text", [
    "The Dutch government reduced military aid to Chad by five million euros this year.",
    "The agency suspended food supplies to the northern provinces after the convoy was looted.",
])
def test_aid_reduced_or_supplies_suspended_reduce_relations(extractor, pipeline, text):
    e = _first(extractor, pipeline, text)
    assert (e["event"][0], e["cameo"][:2]) == ("SANCTION", "16")


def test_conditional_withdrawal_is_an_offer_not_a_threat(extractor, pipeline):
    e = _first(extractor, pipeline, "Poland is willing to withdraw its troops if the new government asks it to.")
    assert (e["event"], e["cameo"], e["quad_code"]) == (["AGREE", "RETREAT"], "030", 1)
