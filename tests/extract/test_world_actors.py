"""The world-states fallback (`actors_world.yaml`): states outside the hand-made dictionary resolve, the
hand-made entries win, and names that are also given names stay people (invented sentences)."""

import pytest

import redline
from redline.extract.actors import ActorIndex, with_fallback
from redline.extract.knowledge import shared_knowledge
from redline.knowledge import check_all, load_data_file

GRAMMAR = {"past_office_words": [], "title_stopwords": [], "title_spellings": {}}


def _events(extractor, pipeline, text, published="2024-03-12"):
    article = redline.clean_text(text, published=published, pipeline=pipeline)
    return [e.to_json() for e in extractor.extract(article)]


def _codes(events, role):
    return {e["code"] for event in events for e in event[role] if e["code"]}


def _found(text):
    return [(m.text, m.entry["country"]) for m in shared_knowledge().actors.find(text)]


@pytest.mark.parametrize("text, code", [
    ("Malawi expelled two diplomats after the dispute over fishing rights.", "MWI"),
    ("Mauritanian officials condemned the raid on the border post.", "MRT"),
    ("Paraguay deported three men accused of smuggling weapons.", "PRY"),
])
def test_world_state_is_the_source_actor(extractor, pipeline, text, code):
    assert code in _codes(_events(extractor, pipeline, text), "actor")


def test_world_state_is_the_recipient(extractor, pipeline):
    events = _events(extractor, pipeline, "Ecuador accused Peru of violating its airspace.")
    accuse = next(e for e in events if e["event"][0] == "ACCUSE")
    assert _codes([accuse], "actor") == {"ECU"} and _codes([accuse], "recipient") == {"PER"}


def test_given_name_is_no_actor_in_an_event(extractor, pipeline):
    events = _events(extractor, pipeline, "Jordan Peterson criticised the university.")
    assert "JOR" not in _codes(events, "actor") | _codes(events, "recipient")


@pytest.mark.parametrize("text, found", [
    ("Gabon and Botswana signed a trade accord.", [("Gabon", "GAB"), ("Botswana", "BWA")]),
    ("Nigerien and Nigerian troops patrolled the river.", [("Nigerien", "NER"), ("Nigerian", "NGA")]),
    ("Officials from Côte d'Ivoire met Ivorian exiles.", [("Côte d'Ivoire", "CIV"), ("Ivorian", "CIV")]),
    ("Papua New Guinea and Guinea-Bissau voted against.", [("Papua New Guinea", "PNG"), ("Guinea-Bissau", "GNB")]),
])
def test_world_names_and_demonyms(text, found):
    assert _found(text) == found


@pytest.mark.parametrize("text", [
    "Jordan Peterson said the lecture was cancelled.",
    "Chad Walker scored twice on Sunday.",
    "Militants in the Niger Delta blew up a pipeline.",
])
def test_given_name_or_longer_name_is_not_a_state(text):
    assert _found(text) == []


def test_given_name_alone_is_still_the_state():
    assert _found("Jordan said it would reopen the crossing.") == [("Jordan", "JOR")]


def test_bare_congo_names_no_state():
    assert _found("Boats sailed up the Congo.") == []


def test_hand_made_entry_wins_over_the_fallback():
    hand = [{"id": "ruritania", "name": "Ruritania", "kind": "state", "country": "RRR", "sector": "GOV",
             "aliases": ["Ruritania", "Strelsau"], "demonyms": ["Ruritanian"]}]
    world = [{"id": "ruritania-world", "name": "Ruritania", "kind": "state", "country": "RRR", "sector": "GOV",
              "aliases": ["Ruritania"]},
             {"id": "graustark", "name": "Graustark", "kind": "state", "country": "GGG", "sector": "GOV",
              "aliases": ["Graustark", "Strelsau"], "demonyms": ["Graustarkian", "Ruritanian"]}]
    merged = with_fallback(hand, world)
    assert [a["id"] for a in merged] == ["ruritania", "graustark"]
    assert merged[1]["aliases"] == ["Graustark"] and merged[1]["demonyms"] == ["Graustarkian"]
    index = ActorIndex(merged, {}, GRAMMAR)
    assert [m.entry["id"] for m in index.find("Strelsau and Graustark")] == ["ruritania", "graustark"]


def test_shipped_fallback_leaves_hand_made_states_alone():
    hand = load_data_file("actors.yaml", "actors.schema.json")["actors"]
    merged = with_fallback(hand, load_data_file("actors_world.yaml", "actors.schema.json")["actors"])
    hand_states = {a["country"] for a in hand if a["kind"] == "state"}
    added = merged[len(hand):]
    assert len(added) > 100 and not {a["country"] for a in added} & hand_states
    assert _found("Georgia and Turkey") == [("Georgia", "GEO"), ("Turkey", "TUR")]
    assert shared_knowledge().actors.find("Georgia")[0].entry["id"] == "georgia"


def test_world_file_is_checked_by_data_check():
    results = check_all()
    assert results["actors_world.yaml"] == "ok"


def test_world_entries_are_sound():
    world = load_data_file("actors_world.yaml", "actors.schema.json")["actors"]
    forms: dict[str, str] = {}
    for entry in world:
        assert entry["kind"] == "state" and entry["name"] in entry["aliases"]
        assert set(entry.get("not_before_names", [])) <= set(entry["aliases"])
        for form in (*entry["aliases"], *entry.get("demonyms", [])):
            assert forms.setdefault(form, entry["id"]) == entry["id"], form
