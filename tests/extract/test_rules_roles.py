"""Roles, dates, weapons and modes of verbal events, on hand-written sentences (one rule per test)."""

import pytest

import redline


def _events(extractor, pipeline, text, published="2023-05-10"):
    article = redline.clean_text(text, published=published, pipeline=pipeline)
    return [e.to_json() for e in extractor.extract(article)]


def _first(events, event_type):
    return next(e for e in events if e["event"][0] == event_type)


def _codes(event, role):
    return sorted(e["code"] for e in event[role] if e["code"])


@pytest.mark.parametrize("text, event_type", [
    ("Moscow has repeatedly warned Poland against hosting more troops.", "THREATEN"),
    ("Belarus has deployed more troops near the border with Lithuania.", "MOBILIZE"),
])
def test_perfect_tense_without_a_date_is_undated(extractor, pipeline, text, event_type):
    e = _first(_events(extractor, pipeline, text), event_type)
    assert e["date"] is None and e["date_precision"] == "unknown"


def test_simple_past_without_a_date_keeps_the_publication_day(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "Moscow warned Poland against hosting more troops."), "THREATEN")
    assert e["date"] == "2023-05-10" and e["date_precision"] == "day"


def test_month_and_year_in_the_events_own_clause(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "Russian forces shelled Vuhledar in February 2023."), "ASSAULT")
    assert (e["date"], e["date_precision"]) == ("2023-02-01", "month")


def test_year_of_a_relative_clause_is_not_the_events_date(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "Russia, which seized the peninsula in 2014, shelled Kherson on "
                                            "Monday."), "ASSAULT")
    assert e["date_precision"] == "day" and e["date"] != "2014-01-01"


def test_verbal_event_does_not_take_the_weapons_of_the_attack_it_is_about(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "Moscow blamed Kyiv for a raid on a refinery using Storm Shadow "
                                            "missiles."), "ACCUSE")
    assert e["weapons"] == []


def test_threat_is_aimed_at_whoever_would_set_off_its_condition(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "The Russian foreign ministry warned of grave consequences if "
                                            "Germany delivers Taurus missiles."), "THREATEN")
    assert _codes(e, "recipient") == ["DEU"]


def test_title_beside_a_name_chooses_the_office(extractor, pipeline):
    # Undated article: the current office would be Norwegian; "NATO chief" names the office meant.
    article = redline.clean_text("The Kremlin condemned NATO chief Jens Stoltenberg over his remarks.",
                                 pipeline=pipeline)
    e = _first([x.to_json() for x in extractor.extract(article)], "ACCUSE")
    assert _codes(e, "recipient") == ["NATO"]


def test_apposition_beside_a_named_actor_is_not_a_second_actor(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "France, the EU's largest military power, accused Russia of "
                                            "jamming satellites."), "ACCUSE")
    assert _codes(e, "actor") == ["FRA"]


def test_possessor_names_the_target_of_a_condemnation(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "The ministers condemned Russia's war and its violations of the "
                                            "UN Charter."), "ACCUSE")
    assert _codes(e, "recipient") == ["RUS"]


def test_recipient_of_a_dative_to_phrase(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "Canada sent more ammunition to Kyiv."), "AID")
    assert _codes(e, "recipient") == ["UKR"]


def test_discussed_topic_is_not_a_recipient(extractor, pipeline):
    events = _events(extractor, pipeline, "Japan and Ukraine will meet in Tokyo to discuss Russia's attacks "
                                          "on ports.")
    e = _first(events, "CONSULT")
    assert _codes(e, "actor") == ["JPN", "UKR"] and "RUS" not in _codes(e, "recipient")


def test_visit_to_a_country_has_it_as_recipient(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "Emmanuel Macron made a visit to China."), "CONSULT")
    assert _codes(e, "recipient") == ["CHN"]


@pytest.mark.parametrize("text, mode", [
    ("The UN chief urged an immediate ceasefire in Gaza.", "yield"),
    ("Moldova asked for more air defence systems.", "assist"),
    ("Serbia requested a meeting of the Security Council.", "meet"),
])
def test_request_mode_from_what_is_asked_for(extractor, pipeline, text, mode):
    assert _first(_events(extractor, pipeline, text), "REQUEST")["mode"] == [mode]


def test_missile_entering_airspace_is_a_show_of_force(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "A Russian drone entered Romanian airspace overnight."), "MOBILIZE")
    assert _codes(e, "actor") == ["RUS"]


def test_attack_on_cities_of_a_country_is_placed_in_it(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "Russia launched missile strikes on Ukrainian cities."), "ASSAULT")
    assert e["event_loc"] and e["event_loc"]["country_code"] == "UKR"


def test_charged_party_is_the_actor_of_the_alleged_act(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "Moscow accused Kyiv of shelling a market in Donetsk."), "ASSAULT")
    assert _codes(e, "actor") == ["UKR"] and e["status"] == "claimed"
    e = _first(_events(extractor, pipeline, "Russia blamed Britain for an attack on a naval base."), "ASSAULT")
    assert _codes(e, "actor") == ["GBR"]


def test_noun_described_by_a_participle_clause_is_its_subject(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "Despite Ukrainian units making an advance into Russia's Belgorod "
                                            "region, the front held."), "ASSAULT")
    assert _codes(e, "actor") == ["UKR"] and _codes(e, "recipient") == ["RUS"]


def test_permitted_act_is_no_event(extractor, pipeline):
    events = _events(extractor, pipeline, "Washington is allowing Ukraine to use ATACMS against targets in Russia.")
    assert not [e for e in events if e["event"][0] == "ASSAULT"]


def test_gerund_subject_names_an_act_in_general(extractor, pipeline):
    events = _events(extractor, pipeline, "Shelling the city will not break its defenders, the mayor said.")
    assert not [e for e in events if e["event"][0] == "ASSAULT"]


def test_words_of_a_named_speaker_reported_before_are_no_new_event(extractor, pipeline):
    events = _events(extractor, pipeline, "Lithuania dismissed the Kremlin's threats.")
    assert not [e for e in events if e["event"][0] == "THREATEN"]
    events = _events(extractor, pipeline, "The Kremlin's warning to Lithuania was unusually blunt.")
    assert [e for e in events if e["event"][0] == "THREATEN"]


def test_weapon_of_a_relative_clause_is_launched_by_the_owner_of_its_launch(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "Officials condemned Russia's launch of a cruise missile that hit a "
                                            "power plant in Lviv."), "ASSAULT")
    assert _codes(e, "actor") == ["RUS"] and e["weapons"] == ["cruise missile"]


def test_delivery_is_not_located_at_its_destination(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "Germany delivered more artillery shells to Kyiv."), "AID")
    assert _codes(e, "recipient") == ["UKR"] and e["event_loc"] is None


def test_unspecified_munitions_add_nothing_beside_a_named_weapon(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "The US will send cluster munitions to Ukraine as part of a new "
                                            "military aid package."), "AID")
    assert e["weapons"] == ["cluster munitions"]


def test_pledged_delivery_is_planned(extractor, pipeline):
    events = _events(extractor, pipeline, "Norway pledged to send more artillery shells to Ukraine.")
    e = next(e for e in events if "AID" in e["event"])
    assert e["status"] == "planned" and e["event"] == ["AGREE", "AID"]


def test_direct_violence_is_an_attack_even_with_nobody_named(extractor, pipeline):
    assert [e for e in _events(extractor, pipeline, "Two men were shot dead in Kharkiv on Monday.")
            if e["event"][0] == "ASSAULT"]
    assert not [e for e in _events(extractor, pipeline, "Two men were killed in Kharkiv on Monday.")
                if e["event"][0] == "ASSAULT"]


def test_trigger_noun_describing_a_thing_is_no_event(extractor, pipeline):
    assert not [e for e in _events(extractor, pipeline, "Russian attack helicopters flew low over Kupiansk.")
                if e["event"][0] == "ASSAULT"]


@pytest.mark.parametrize("text, event_type", [
    ("The former mayor of Odesa faces corruption charges.", "ACCUSE"),
    ("The election commission disqualified the opposition candidate.", "COERCE"),
    ("A convoy carrying humanitarian aid reached Kherson.", "AID"),
    ("The Hungarian prime minister lashed out at the European Commission.", "ACCUSE"),
])
def test_lexicon_of_general_news(extractor, pipeline, text, event_type):
    events = _events(extractor, pipeline, text)
    assert events and events[0]["event"][0] == event_type


def test_signed_treaty_is_support_and_indictment_is_a_legal_accusation(extractor, pipeline):
    e = _events(extractor, pipeline, "Poland and Ukraine signed a security agreement in Warsaw.")[0]
    assert e["event"][0] == "SUPPORT" and e["cameo"] == "057"
    e = _events(extractor, pipeline, "Prosecutors in Kyiv indicted a former deputy minister.")[0]
    # PLOVER's codebook: a criminal indictment is ACCUSE; CAMEO's: legal action (173, material conflict).
    assert e["event"][0] == "ACCUSE" and e["quad_code"] == 4


def test_an_event_attended_is_no_condition(extractor, pipeline):
    e = _events(extractor, pipeline, "The Moldovan president took part in a virtual event hosted by NATO to "
                                     "discuss energy security.")[0]
    assert e["event"][0] == "CONSULT" and e["status"] == "occurred"


def test_figurative_combat_is_no_battle(extractor, pipeline):
    events = _events(extractor, pipeline, "The government unveiled a plan focused on combating corruption in "
                                          "the customs service.")
    assert not [e for e in events if e["event"][0] == "ASSAULT"]


def test_threatened_blockade(extractor, pipeline):
    e = _events(extractor, pipeline, "Truckers said they would blockade the capital from Monday.")[0]
    assert e["event"] == ["THREATEN", "COERCE"]


@pytest.mark.parametrize("text", [
    "Hungary said it will not accept any more asylum seekers from Serbia.",
    "The Georgian prime minister refused to meet the EU envoy.",
    "The Slovak president cancelled a planned visit to Kyiv.",
])
def test_refused_cooperation_is_a_rejection(extractor, pipeline, text):
    e = _events(extractor, pipeline, text)[0]
    assert e["event"][0] == "REJECT" and e["quad_code"] == 3


def test_demand_is_verbal_conflict_and_appeal_verbal_cooperation(extractor, pipeline):
    assert _first(_events(extractor, pipeline, "Kyiv demanded the release of its sailors."), "REQUEST")["quad_code"] == 3
    assert _first(_events(extractor, pipeline, "Kyiv appealed to Ankara for help."), "REQUEST")["quad_code"] == 1


def test_what_a_request_asks_for_is_no_event(extractor, pipeline):
    events = _events(extractor, pipeline, "The UN chief urged an immediate cessation of hostilities in Sudan.")
    assert [e["event"][0] for e in events] == ["REQUEST"]


@pytest.mark.parametrize("text, event_type", [
    ("Italy returned looted paintings to the Odesa museum.", "RETREAT"),
    ("Sudan's army declared a cease-fire in Khartoum.", "RETREAT"),
    ("British instructors trained Ukrainian soldiers in Kent.", "COOPERATE"),
    ("Washington lifted tariffs on Ukrainian steel.", "CONCEDE"),
    ("Prosecutors shared evidence with their Polish counterparts.", "COOPERATE"),
    ("The last defenders surrendered to Russian forces.", "RETREAT"),
])
def test_lexicon_of_material_cooperation(extractor, pipeline, text, event_type):
    events = _events(extractor, pipeline, text)
    assert events and events[0]["event"][0] == event_type and events[0]["quad_code"] == 2


def test_roles_of_a_phrase_trigger_hang_on_its_head(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "The Ukrainian air force carried out three air strikes near Kherson."),
               "ASSAULT")
    assert _codes(e, "actor") == ["UKR"]
    assert [e for e in _events(extractor, pipeline, "Detained activists went on hunger strike in Minsk.")
            if e["event"][0] == "PROTEST"]


def test_lower_case_adjective_on_a_noun_trigger_names_no_actor(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "Polish President Andrzej Duda held separate talks with the "
                                            "Lithuanian leader."), "CONSULT")
    assert _codes(e, "actor") == ["POL"]


def test_promised_cooperation_is_an_intent_but_a_scheduled_act_is_not(extractor, pipeline):
    assert _events(extractor, pipeline, "The rebels said they will release the captured journalists.")[0][
        "event"][0] == "AGREE"
    assert _events(extractor, pipeline, "Turkey is willing to provide air defence systems to Azerbaijan.")[0][
        "event"][0] == "AGREE"
    assert _events(extractor, pipeline, "The government will provide subsidies to farmers from January.")[0][
        "event"][0] == "AID"


@pytest.mark.parametrize("text, event_type", [
    ("The government declared a state of siege in the province.", "COERCE"),
    ("The militants used villagers as human shields.", "COERCE"),
    ("Belarus and Russia began joint military exercises near Brest.", "COOPERATE"),
    ("Ankara struck a deal with Kyiv on grain exports.", "AGREE"),
    ("Armenia restored diplomatic relations with Turkey.", "SUPPORT"),
    ("Poland accepted thousands of refugees from Belarus.", "AID"),
    ("The rebels gave up their arms in Goma.", "RETREAT"),
])
def test_lexicon_of_general_news_2(extractor, pipeline, text, event_type):
    events = _events(extractor, pipeline, text)
    assert events and events[0]["event"][0] == event_type


def test_fixed_phrase_names_no_event(extractor, pipeline):
    assert not [e for e in _events(extractor, pipeline, "Moscow informed Washington of the launch in advance.")
                if e["event"][0] == "ASSAULT"]


def test_statement_is_located_where_it_hangs_on_the_trigger(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "The ministers met in Brussels on Tuesday."), "CONSULT")
    assert e["event_loc"] and e["event_loc"]["country_code"] == "BEL"
    e = _first(_events(extractor, pipeline, "Moscow blamed Kyiv for an attack on Donetsk."), "ACCUSE")
    assert e["event_loc"] is None


def test_charge_hanging_on_the_accused_is_no_party(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "Peskov accused the NATO chief of ignoring Russia's warnings about "
                                            "Ukraine."), "ACCUSE")
    assert _codes(e, "recipient") == ["NATO"]


def test_attack_by_a_weapon_alone_takes_the_attacker_of_the_same_weapon_in_its_paragraph(extractor, pipeline):
    events = _events(extractor, pipeline, "Russian drone attacks on Kharkiv continued overnight. The mayor said "
                                          "a drone hit a warehouse near the station.")
    e = next(e for e in events if e["trigger"]["text"] == "hit")
    assert _codes(e, "actor") == ["RUS"]


def test_mode_of_a_request_from_the_noun_its_participle_describes(extractor, pipeline):
    e = _first(_events(extractor, pipeline, "The session, requested by France, will open on Monday."), "REQUEST")
    assert e["mode"] == ["meet"]


@pytest.mark.parametrize("text, event_type", [
    ("The separatists said they will return the weapons seized from the police.", "AGREE"),
    ("The militia has been holding villagers as human shields near the front.", "COERCE"),
    ("The Polish president gave a warm welcome to the visiting Ukrainian leader.", "CONSULT"),
])
def test_lexicon_of_general_news_3(extractor, pipeline, text, event_type):
    events = _events(extractor, pipeline, text)
    assert events and events[0]["event"][0] == event_type


def test_parties_named_in_a_relative_clause_are_not_the_party_of_its_noun(extractor, pipeline):
    (strike, _) = _events(extractor, pipeline, "The drones struck a depot which Belarus had supplied with fuel.")
    assert strike["event"][0] == "ASSAULT" and not [r["code"] for r in strike["recipient"] if r["code"]]


def test_a_passive_subject_misread_as_an_apposition_is_still_the_target(extractor, pipeline):
    events = _events(extractor, pipeline, "In a week that deepened the rift between Moscow and Minsk, the Ukrainian "
                                          "port of Izmail was hit by Russian drones.")
    (attack,) = [e for e in events if e["event"][0] == "ASSAULT"]
    assert [a["code"] for a in attack["actor"]] == ["RUS"] and [r["code"] for r in attack["recipient"]] == ["UKR"]


def test_a_country_named_in_a_by_phrase_is_not_where_the_event_happened(extractor, pipeline):
    events = _events(extractor, pipeline, "Kyiv residents woke after a night attack in which Ukraine's air defence "
                                          "downed drones launched by Russia.")
    attack = next(e for e in events if e["trigger"]["text"] == "attack")
    assert attack["event_loc"]["country_code"] == "UKR"


def test_a_noun_act_after_with_on_a_verb_is_the_subjects_act(extractor, pipeline):
    (event,) = _events(extractor, pipeline, "The EU responded with new sanctions against Russian banks.")
    assert event["event"][0] == "SANCTION" and [a["code"] for a in event["actor"]] == ["EU"]


@pytest.mark.parametrize(("text", "accused"), [
    # The parser hangs the charge on the last party charged; the parties it names are not accused.
    ("The Russian president accused the US and its allies of ignoring Russia's demands to keep Ukraine out of "
     "Nato.", ["USA"]),
    ("Moscow accused Kyiv and its western backers of planning a provocation at the nuclear plant.", ["UKR"]),
    # An of-phrase naming a party is part of the party accused.
    ("Poland accused the head of the Belarusian border guard of organising the crossings.", ["BLR"]),
])
def test_the_accused_are_the_parties_before_the_charge(extractor, pipeline, text, accused):
    accusation = _first(_events(extractor, pipeline, text), "ACCUSE")
    assert _codes(accusation, "recipient") == accused


def test_support_for_a_party_is_support_of_that_party(extractor, pipeline):
    (support,) = _events(extractor, pipeline, "The alliance stepped up its support for Kyiv last year, diplomats said.")
    assert support["event"] == ["SUPPORT"] and _codes(support, "recipient") == ["UKR"]


def test_an_act_the_verb_would_do_something_with_is_not_done(extractor, pipeline):
    (support,) = _events(extractor, pipeline, "The alliance could step up its support for Kyiv next year, diplomats said.")
    assert support["status"] == "planned" and support["event"] == ["AGREE", "SUPPORT"]


def test_a_verb_that_carries_a_noun_act_lends_it_its_subject(extractor, pipeline):
    (aid,) = _events(extractor, pipeline, "Germany increased its military aid to Ukraine this year, the government said.")
    assert aid["event"] == ["AID"] and _codes(aid, "actor") == ["DEU"]
    # The noun act and the word that reaffirms it are one event.
    (support,) = _events(extractor, pipeline, "NATO reaffirmed its support for Ukraine at the summit in Vilnius.")
    assert _codes(support, "actor") == ["NATO"] and _codes(support, "recipient") == ["UKR"]


@pytest.mark.parametrize("text", [
    "The buildup of Russian troops prompted NATO to deploy more jets to Poland.",
    "Russia's invasion of Ukraine underlines our purpose - to protect the country and to be ready to fight on "
    "land, the general wrote.",
])
def test_an_act_named_as_a_clauses_subject_does_not_do_the_act_below_it(extractor, pipeline, text):
    assert all("RUS" not in _codes(e, "actor") for e in _events(extractor, pipeline, text) if e["event"][-1] in
               ("MOBILIZE", "ASSAULT"))
