"""General extraction rules on hand-written sentences (each rule: one or two sentences of its own)."""

import pytest

import redline


def _events(extractor, pipeline, text, published="2022-03-10"):
    article = redline.clean_text(text, published=published, pipeline=pipeline)
    return [e.to_json() for e in extractor.extract(article)]


def _first_acled(events):
    return next(e for e in events if e["acled"])


@pytest.mark.parametrize("text, sub_event", [
    ("Russian troops stepped up shelling of the outskirts of Chernihiv on Tuesday.",
     "Shelling/artillery/missile attack"),
    ("Russian forces continued shelling Irpin overnight, the mayor said.", "Shelling/artillery/missile attack"),
    ("The Russian army carried out a drone strike on a fuel depot in Dnipro.", "Air/drone strike"),
])
def test_attack_noun_that_is_also_a_weapon_word_is_an_attack(extractor, pipeline, text, sub_event):
    e = _first_acled(_events(extractor, pipeline, text))
    assert e["event"][0] == "ASSAULT" and e["acled"]["sub_event_type"] == sub_event
    assert [a["code"] for a in e["actor"]] == ["RUS"]


def test_munition_noun_inside_a_weapon_name_is_no_second_attack(extractor, pipeline):
    events = _events(extractor, pipeline, "Russian aircraft dropped FAB-500 bombs on Vovchansk, officials said.")
    assert [e["trigger"]["text"] for e in events if e["event"][0] == "ASSAULT"] == ["dropped"]


def test_support_verb_subject_is_the_attacker_when_the_noun_names_only_a_weapon(extractor, pipeline):
    e = _first_acled(_events(extractor, pipeline, "Ukrainian forces conducted an artillery strike on a Russian "
                                                  "command post near Izium."))
    assert [a["code"] for a in e["actor"]] == ["UKR"]


@pytest.mark.parametrize("text, code, name_part", [
    ("Monitors recorded 30 explosions near Horlivka overnight.", "UKR", "Ukraine"),
    ("Monitors recorded 12 explosions near Avdiivka overnight.", "UKR", "Donetsk People"),
    ("Monitors recorded 5 explosions near Zolote-4 overnight.", "UKR", "Luhansk People"),
])
def test_fire_near_a_place_on_the_line_of_contact_came_from_the_other_side(extractor, pipeline, text, code,
                                                                             name_part):
    e = _first_acled(_events(extractor, pipeline, text, published="2022-02-10"))
    assert e["actor"][0]["code"] == code and name_part in e["actor"][0]["name"]


def test_line_of_contact_is_not_used_after_the_invasion_or_over_a_named_attacker(extractor, pipeline):
    later = _first_acled(_events(extractor, pipeline, "Monitors recorded 30 explosions near Horlivka overnight.",
                                 published="2022-06-10"))
    assert later["actor"] == []
    named = _first_acled(_events(extractor, pipeline, "Russian forces shelled Avdiivka on Tuesday.",
                                 published="2022-02-10"))
    assert [a["code"] for a in named["actor"]] == ["RUS"]


def test_fire_in_both_directions_is_an_armed_clash(extractor, pipeline):
    e = _first_acled(_events(extractor, pipeline, "Monitors counted 40 explosions in both directions of the "
                                                  "frontline near Svitlodarsk.", published="2022-02-10"))
    assert e["acled"] == {"event_type": "Battles", "sub_event_type": "Armed clash"}


@pytest.mark.parametrize("text, event_type, acled_type", [
    ("Hundreds of residents protested in Kherson against the occupation of the city.", "PROTEST", "Protests"),
    ("Students staged a rally outside the parliament in Tbilisi on Sunday.", "PROTEST", "Protests"),
    ("The railway bridge over the river was blown up near Irpin.", "ASSAULT", "Explosions/Remote violence"),
    ("Fighting continued between Russian and Ukrainian troops near Bakhmut.", "ASSAULT", "Battles"),
    ("Russian and Ukrainian units exchanged fire across the river near Kherson.", "ASSAULT", "Battles"),
])
def test_street_protests_blown_up_bridges_and_fighting_between_sides(extractor, pipeline, text, event_type,
                                                                      acled_type):
    e = _first_acled(_events(extractor, pipeline, text))
    assert e["event"][0] == event_type and e["acled"]["event_type"] == acled_type


def test_protest_lodged_with_an_embassy_is_an_accusation(extractor, pipeline):
    events = _events(extractor, pipeline, "Poland's foreign ministry protested to the Russian ambassador over the "
                                          "missile that fell near Przewodow.")
    assert events[0]["event"][0] == "ACCUSE"


@pytest.mark.parametrize("text, event_type", [
    ("The two governments reached an agreement on fishing rights after three days of talks.", "AGREE"),
    ("Turkey offered to host a new round of negotiations between the parties.", "AGREE"),
    ("The minister praised the courage of the rescue workers in a televised address.", "SUPPORT"),
    ("Qatar agreed to mediate between the government and the rebels.", "AGREE"),
    ("Egypt has been mediating between Israel and Hamas since the weekend.", "CONSULT"),
    ("The city council will provide subsidies to families hit by the floods.", "AID"),
    ("Thousands of families sought refuge in neighbouring Moldova last week.", "REQUEST"),
    ("Riot police dispersed the demonstration outside the ministry with water cannon.", "COERCE"),
    ("The rebels freed two kidnapped journalists on Monday.", "RETREAT"),
    ("The government lifted the curfew in the capital after a week of calm.", "CONCEDE"),
    ("Spain extradited the suspect to Germany on Friday.", "COOPERATE"),
])
def test_general_news_triggers(extractor, pipeline, text, event_type):
    events = _events(extractor, pipeline, text)
    assert events and events[0]["event"][0] == event_type, [(e["event"], e["trigger"]["text"]) for e in events]


def test_trigger_word_inside_a_proper_name_is_no_event(extractor, pipeline):
    events = _events(extractor, pipeline, "A photographer for Agence France-Press was in the building when it was "
                                          "struck.")
    assert [e["event"][0] for e in events] == ["ASSAULT"]


def test_phrase_trigger_that_ends_a_weapon_name_is_an_attack(extractor, pipeline):
    e = _first_acled(_events(extractor, pipeline, "A car bombing near the market killed at least 12 people."))
    assert e["trigger"]["text"] == "car bombing" and e["size"]["dead"] == 12


@pytest.mark.parametrize("text, event_type, actor", [
    ("The envoy undertook a mediation mission between the two capitals.", "CONSULT", None),
    ("The supreme court opened a hearing into the legality of the detentions.", "ACCUSE", None),
])
def test_compound_noun_triggers_and_hearings(extractor, pipeline, text, event_type, actor):
    events = _events(extractor, pipeline, text)
    assert events and events[0]["event"][0] == event_type


def test_machinegun_spelled_as_one_word_is_a_weapon(extractor):
    names = [w.name for w in extractor.k.weapons.find("bursts of fire involving heavy machineguns near the village")]
    assert names == ["heavy machine gun"]


@pytest.mark.parametrize("text, code", [
    ("Russian troops engaged in an offensive towards Sloviansk on Monday.", "RUS"),
    ("Two people were wounded in an explosion of a mine planted by Russian forces near Irpin.", "RUS"),
    ("A fuel depot burned after shelling by Ukrainian forces near Horlivka.", "UKR"),
])
def test_attacker_from_support_verbs_and_by_phrases(extractor, pipeline, text, code):
    e = _first_acled(_events(extractor, pipeline, text, published="2022-05-10"))
    assert e["actor"] and e["actor"][0]["code"] == code


@pytest.mark.parametrize("text, types", [
    ("The rebel leaders said they would meet the UN envoy if the army withdrew first.", ["AGREE", "CONSULT"]),
    ("The president announced that he will extend the curfew in the capital.", ["THREATEN", "COERCE"]),
])
def test_conditional_cooperation_is_an_offer_and_announced_coercion_a_threat(extractor, pipeline, text, types):
    events = _events(extractor, pipeline, text)
    assert events and events[0]["event"] == types


@pytest.mark.parametrize("text, actor", [
    ("The foreign minister said that Russia must withdraw its troops from the border.", None),
    ("Germany's chancellor insisted the talks must resume before the summer.", "DEU"),
])
def test_must_under_a_reporting_verb_is_a_demand(extractor, pipeline, text, actor):
    events = _events(extractor, pipeline, text)
    assert events and events[0]["event"][0] == "REQUEST"
    if actor:
        assert actor in [a["code"] for a in events[0]["actor"]]


def test_definite_event_noun_with_its_undergoer_is_a_new_event(extractor, pipeline):
    events = _events(extractor, pipeline, "The fraud inquiry triggered the arrest of three bankers in Lagos.")
    assert "COERCE" in [e["event"][0] for e in events]
    again = _events(extractor, pipeline, "Officials described the shelling of Kharkiv as deliberate.")
    assert not [e for e in again if e["event"][0] == "ASSAULT"]


def test_order_to_close_is_coercion(extractor, pipeline):
    events = _events(extractor, pipeline, "The government ordered the opposition newspaper to suspend publication.")
    assert events and events[0]["event"][0] == "COERCE"


@pytest.mark.parametrize("text, event_type", [
    ("The interior minister resigned on Friday after the prison break.", "RETREAT"),
    ("The government agreed last week, and on Monday it abolished the restrictions on foreign journalists.", "CONCEDE"),
    ("The two police forces will share intelligence on smuggling networks.", "COOPERATE"),
    ("The chancellor welcomed the decision of the court.", "SUPPORT"),
    ("The army put its units in the south on high alert.", "MOBILIZE"),
])
def test_plover_codebook_triggers(extractor, pipeline, text, event_type):
    events = _events(extractor, pipeline, text)
    assert event_type in [e["event"][0] for e in events], [(e["event"], e["trigger"]["text"]) for e in events]


def test_troop_movement_is_mobilisation(extractor, pipeline):
    e = _first_acled(_events(extractor, pipeline, "A column of Russian troops was moving towards Chernihiv."))
    assert e["event"][0] == "MOBILIZE" and e["acled"]["sub_event_type"] == "Change to group/activity"


def test_by_phrase_of_a_distant_clause_is_no_attacker(extractor, pipeline):
    events = _events(extractor, pipeline, "Moscow called the missile strike retaliation for the use of long-range "
                                          "weapons supplied by the United States.", published="2024-11-22")
    assert not [e for e in events if e["event"][0] == "ASSAULT" and "USA" in [a["code"] for a in e["actor"]]]


def test_words_said_to_a_named_party_in_the_passive_are_an_event_without_a_speaker(extractor, pipeline):
    events = _events(extractor, pipeline, "Belarus was accused on Tuesday of hosting the launchers used in the raid.")
    accuse = next(e for e in events if e["event"][0] == "ACCUSE")
    assert accuse["actor"] == [] and [r["code"] for r in accuse["recipient"]] == ["BLR"]
    # Words with neither a speaker nor a named party stay out.
    assert not any(e["event"][0] == "ACCUSE"
                   for e in _events(extractor, pipeline, "The plan was criticised as too slow."))


def test_its_in_a_target_stands_for_the_nearest_state_named_before_other_than_the_actor(extractor, pipeline):
    events = _events(extractor, pipeline,
                     "Lithuania's president thanked Latvia after a Belarusian drone violated its airspace.")
    (violation,) = [e for e in events if e["trigger"]["text"] == "violated"]
    assert [a["code"] for a in violation["actor"]] == ["BLR"] and [r["code"] for r in violation["recipient"]] == ["LVA"]
    shelled = _events(extractor, pipeline, "Moscow said Ukrainian troops had shelled its border villages overnight.")
    assert [r["code"] for r in shelled[0]["recipient"]] == ["RUS"]  # Ukraine, the attacker, is not "its"


def test_its_in_a_withdrawal_is_the_actors_own(extractor, pipeline):
    events = _events(extractor, pipeline,
                     "Under a truce brokered by Turkey, Russia pulled back its artillery from the river on Monday.")
    (withdrawal,) = [e for e in events if e["event"][0] == "RETREAT"]
    assert [a["code"] for a in withdrawal["actor"]] == ["RUS"]
    assert not any(r["code"] for r in withdrawal["recipient"])  # not Turkey, the broker


def test_a_march_of_people_is_a_protest_but_an_army_on_the_march_is_not(extractor, pipeline):
    e = _first_acled(_events(extractor, pipeline, "About 300 activists took part in a torch march in Lutsk on Sunday."))
    assert e["event"][0] == "PROTEST" and e["acled"]["event_type"] == "Protests"
    assert e["event_loc"]["resolved_place"] == "Lutsk"
    assert not [x for x in _events(extractor, pipeline, "Russian troops continued their march on Kyiv.") if x["acled"]]


def test_troops_that_regain_a_village_take_back_territory(extractor, pipeline):
    e = _first_acled(_events(extractor, pipeline, "Ukrainian troops regained the village of Moshchun on Monday."))
    assert e["acled"] == {"event_type": "Battles", "sub_event_type": "Government regains territory"}
    assert e["event_loc"]["resolved_place"] == "Moshchun"
    assert not [x for x in _events(extractor, pipeline, "The company regained its market share.") if x["acled"]]


def test_a_trigger_governors_stop_at_the_root_each_once(extractor):
    """spaCy's root is its own head: a root trigger is its own governor, and no chain repeats the root."""
    from redline.extract.status import _ancestors

    doc = extractor.parser.parse(["The governor said Russian forces shelled Kharkiv overnight."])[0]
    said, shelled = (next(t for t in doc if t.lower_ == w) for w in ("said", "shelled"))
    assert said.dep_ == "ROOT" and shelled.head.i == said.i
    assert [t.i for t in _ancestors(said)] == [said.i]
    assert [t.i for t in _ancestors(shelled, 6)] == [said.i]
