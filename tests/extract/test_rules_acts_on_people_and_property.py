"""Acts on people and property, and noun phrases the parser reads in unusual ways, on hand-written
sentences (one rule per test): property destroyed, captives held, officials suspended, releases, aid
announced as an amount, "demonstrate" as "show", laws signed."""

import pytest

import redline


def _events(extractor, pipeline, text, published="2023-05-10"):
    article = redline.clean_text(text, published=published, pipeline=pipeline)
    return [e.to_json() for e in extractor.extract(article)]


def _codes(events):
    return [(e["event"][0], e["cameo"]) for e in events]


@pytest.mark.parametrize("text", [
    "Masked men torched the village school near the river late on Saturday, the police said.",
    "Army bulldozers demolished the family home of the suspected gunman in the northern town on Tuesday.",
    "Two churches were razed by the militia when it entered the district last week, residents said.",
])
def test_buildings_destroyed_are_property_destruction(extractor, pipeline, text):
    events = _events(extractor, pipeline, text)
    assert _codes(events)[:1] == [("ASSAULT", "1712")]
    assert events[0]["quad_code"] == 4


def test_a_destroyed_career_is_no_event(extractor, pipeline):
    text = "Critics said the long scandal had destroyed the career of the young minister for good."
    assert _codes(_events(extractor, pipeline, text)) == []


@pytest.mark.parametrize("text", [
    "The reporter was held in custody for nine days before the court in the capital let him go.",
    "Gunmen have been holding forty villagers hostage in the hills since the raid on Monday.",
    "The militia kept the aid workers captive in a farmhouse for three weeks, the agency said.",
])
def test_captives_held_are_a_detention(extractor, pipeline, text):
    assert _codes(_events(extractor, pipeline, text))[:1] == [("COERCE", "173")]


def test_talks_held_stay_a_meeting(extractor, pipeline):
    text = "Officials of both governments held talks in the border town on Thursday about the prisoners."
    assert _codes(_events(extractor, pipeline, text))[:1] == [("CONSULT", "043")]


@pytest.mark.parametrize("text", [
    "The provincial court suspended a clerk on Friday over the missing case files, the bar said.",
    "The electoral commission barred the main opposition leader from the presidential race on Monday.",
])
def test_officials_suspended_or_barred_are_an_administrative_sanction(extractor, pipeline, text):
    assert _codes(_events(extractor, pipeline, text))[:1] == [("COERCE", "172")]


def test_aid_suspended_stays_reduced_relations(extractor, pipeline):
    text = "The government of Norway suspended its development aid to the junta on Wednesday."
    assert _codes(_events(extractor, pipeline, text))[:1] == [("SANCTION", "160")]


def test_a_released_group_of_people_is_a_release(extractor, pipeline):
    text = "Kidnappers released eleven Christians and a sergeant in the north of the country on Sunday."
    assert _codes(_events(extractor, pipeline, text))[:1] == [("RETREAT", "0841")]


def test_participle_with_an_object_misread_as_a_noun_phrase_keeps_its_subject(extractor, pipeline):
    # The parser reads "The rebels released ..." as "the rebels [who were] released": no main verb.
    text = "The rebels released at least 12 Christians on Monday, the diocese said."
    events = _events(extractor, pipeline, text)
    assert _codes(events)[:1] == [("RETREAT", "0841")]
    assert [a["entity_text"] for a in events[0]["actor"]] == ["The rebels"]


@pytest.mark.parametrize("text, actor", [
    ("The European Commission announced additional humanitarian assistance of 60 million euros for Chad.", "EU"),
    ("Germany announced 50 million euros in humanitarian assistance to Sudan on Monday.", "DEU"),
])
def test_aid_led_by_its_adjective_or_given_as_an_amount_is_aid(extractor, pipeline, text, actor):
    events = _events(extractor, pipeline, text)
    assert _codes(events)[:1] == [("AID", "074")]
    assert [a["code"] for a in events[0]["actor"]] == [actor]


def test_demonstrating_that_something_is_true_is_no_protest(extractor, pipeline):
    text = "The minister said the new budget was meant to demonstrate that the years of austerity were over."
    assert "PROTEST" not in {e["event"][0] for e in _events(extractor, pipeline, text)}


def test_demonstrating_in_the_streets_is_a_protest(extractor, pipeline):
    text = "Thousands of students demonstrated in the capital against the new tuition fees on Sunday."
    assert _codes(_events(extractor, pipeline, text))[:1] == [("PROTEST", "141")]


def test_a_law_signed_is_no_agreement(extractor, pipeline):
    text = "The president signed two laws on Monday that limit pretrial detention in the country."
    assert "AGREE" not in {e["event"][0] for e in _events(extractor, pipeline, text)}
