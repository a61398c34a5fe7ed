"""Acts undergone ("came under attack", "was placed under house arrest", "has been under siege"): the
subject of the verb is the recipient, the noun's own modifiers name the doer, and a bare state recalled is
no event. Hand-written sentences, one rule per test."""

import redline


def _events(extractor, pipeline, text, published="2024-03-12"):
    article = redline.clean_text(text, published=published, pipeline=pipeline)
    return [e.to_json() for e in extractor.extract(article)]


def _codes(entities):
    return [e["code"] for e in entities]


def test_a_town_that_came_under_attack_is_the_target_and_the_place(extractor, pipeline):
    text = "Kherson came under heavy artillery attack on Sunday evening, the regional governor said."
    event = _events(extractor, pipeline, text)[0]
    assert event["event"] == ["ASSAULT"]
    assert _codes(event["recipient"]) == ["UKR"]
    assert event["event_loc"]["resolved_place"] == "Kherson"


def test_the_demonym_of_the_shelling_names_the_attacker(extractor, pipeline):
    # The parser reads "came under Russian shelling" as "came under Russian, shelling".
    text = "The village of Velyka Pysarivka came under Russian shelling overnight, the regional governor said."
    event = _events(extractor, pipeline, text)[0]
    assert (event["event"], event["cameo"]) == (["ASSAULT"], "194")
    assert _codes(event["actor"]) == ["RUS"]
    assert event["event_loc"]["resolved_place"] == "Velyka Pysarivka"


def test_the_subject_placed_under_house_arrest_is_detained_not_the_house(extractor, pipeline):
    text = "The court placed opposition leader Alexei Navalny under house arrest on Friday after the rally."
    events = _events(extractor, pipeline, text)
    assert [(e["event"][0], e["cameo"]) for e in events][:1] == [("COERCE", "173")]
    assert all(a["entity_text"] != "house" for e in events for a in e["actor"])


def test_a_city_under_siege_is_the_recipient_of_the_siege(extractor, pipeline):
    text = "The city of Mariupol has been under siege for three weeks, the mayor told reporters on Monday."
    event = _events(extractor, pipeline, text)[0]
    assert (event["event"], event["cameo"]) == (["COERCE"], "191")
    assert _codes(event["recipient"]) == ["UKR"]
    assert event["event_loc"]["resolved_place"] == "Mariupol"


def test_a_region_under_lockdown_is_under_a_curfew(extractor, pipeline):
    text = "The northern province of Idlib has been under curfew since the riots, officials in Damascus said."
    event = _events(extractor, pipeline, text)[0]
    assert (event["event"], event["cameo"]) == (["COERCE"], "1723")
    assert _codes(event["recipient"]) == ["SYR"]


def test_a_curfew_only_recalled_is_no_event(extractor, pipeline):
    text = "The curfew runs from eleven at night until five in the morning, the city council said."
    assert _events(extractor, pipeline, text) == []


def test_a_historical_siege_named_in_passing_is_no_event(extractor, pipeline):
    text = "Putin laid flowers at the cemetery to mark the anniversary of the lifting of the Siege of Leningrad."
    assert all(e["trigger"]["rule"] != "siege" for e in _events(extractor, pipeline, text))


def test_forces_continuing_their_siege_are_its_actor(extractor, pipeline):
    text = "Russian forces continue their siege of Mariupol as the talks in Istanbul make little progress."
    events = _events(extractor, pipeline, text)
    siege = next(e for e in events if e["trigger"]["rule"] == "siege")
    assert _codes(siege["actor"]) == ["RUS"]


def test_an_interception_with_no_place_said_is_over_the_defenders_country(extractor, pipeline):
    # Russia, named only as the doer in a by-phrase, is not where the drones were shot down.
    text = "Latvia's air defence shot down drones launched by Russia, the defence ministry said on Monday."
    interception = next(e for e in _events(extractor, pipeline, text) if e["trigger"]["rule"] == "shoot-down")
    assert interception["event_loc"]["country_code"] == "LVA"
    assert interception["event_loc"]["resolution"] == 1


def test_an_interception_keeps_the_place_the_text_says(extractor, pipeline):
    text = "The missile was shot down by Ukrainian air defences over Odesa on Tuesday night, the navy said."
    interception = next(e for e in _events(extractor, pipeline, text) if e["trigger"]["rule"] == "shoot-down")
    assert interception["event_loc"]["resolved_place"] == "Odesa"
