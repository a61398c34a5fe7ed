"""Conditions set as phrases ("in case of", "in the event of"), acts counted by a noun ("a new round of
talks", "a series of airstrikes"), and a clause the parser hangs on a noun with no relative pronoun.
Hand-written sentences, one rule per test."""

import pytest

import redline


def _events(extractor, pipeline, text, published="2024-03-12"):
    article = redline.clean_text(text, published=published, pipeline=pipeline)
    return [e.to_json() for e in extractor.extract(article)]


def _codes(entities):
    return [e["code"] for e in entities]


def test_a_precaution_taken_in_case_of_fighting_happened(extractor, pipeline):
    # The of-phrase is the whole condition: the alert is neither inside it nor threatened by it.
    events = _events(extractor, pipeline, "Cambodian troops remained on alert in case of more fighting near the temple.")
    assert [(e["event"], e["status"]) for e in events][:1] == [(["MOBILIZE"], "occurred")]


def test_an_act_in_the_present_perfect_is_done_whatever_its_purpose(extractor, pipeline):
    text = ("Training missions by US, British and Canadian troops have been withdrawn, to keep them out of the "
            "line of fire in the event of a Russian attack.")
    withdrawal = next(e for e in _events(extractor, pipeline, text) if "RETREAT" in e["event"])
    assert (withdrawal["event"], withdrawal["status"]) == (["RETREAT"], "occurred")


@pytest.mark.parametrize("text", [
    "The EU will impose new sanctions on Moscow in the event of an attack on Kyiv, the commission president said.",
    "Washington will impose new sanctions on Moscow in the case of an attack on Kyiv, the secretary of state said.",
])
def test_sanctions_promised_in_the_event_of_an_attack_are_a_threat_on_the_target_alone(extractor, pipeline, text):
    sanction = next(e for e in _events(extractor, pipeline, text) if "SANCTION" in e["event"])
    assert sanction["event"] == ["THREATEN", "SANCTION"] and sanction["status"] == "threatened"
    assert sanction["condition"].startswith("in the")
    assert _codes(sanction["recipient"]) == ["RUS"]  # Kyiv is in the condition, not the target


def test_a_strike_threatened_in_the_past_conditional_stays_a_threat(extractor, pipeline):
    text = "Russia would have struck Kyiv in the event of an attack on Crimea, the defence minister said."
    strike = _events(extractor, pipeline, text)[0]
    assert (strike["event"], strike["status"]) == (["THREATEN", "ASSAULT"], "threatened")


@pytest.mark.parametrize(("text", "event", "actors", "recipients"), [
    ("Ukraine and Russia held a new round of talks in Istanbul on Monday, officials said.",
     "CONSULT", ["UKR", "RUS"], []),
    ("Israel carried out a series of airstrikes on Beirut on Sunday night, residents said.",
     "ASSAULT", ["ISR"], ["LBN"]),
    ("Russia launched a wave of drone attacks on Kyiv overnight, the city administration said.",
     "ASSAULT", ["RUS"], ["UKR"]),
])
def test_an_act_counted_by_a_noun_takes_the_clause_of_that_noun(extractor, pipeline, text, event, actors, recipients):
    events = _events(extractor, pipeline, text)
    assert len(events) == 1  # "launched a wave of drone attacks" is one attack, not a launch and an attack
    assert events[0]["event"] == [event]
    assert _codes(events[0]["actor"]) == actors and _codes(events[0]["recipient"]) == recipients


def test_a_clause_with_no_subject_of_its_own_is_said_of_the_noun_it_hangs_on(extractor, pipeline):
    # Parsed as a relative clause on "number" with no relative pronoun.
    text = ("The Afghan government, a number of political parties and the Taliban on Thursday condemned US "
            "President Donald Trump's decision to recognize Jerusalem as Israel's capital.")
    condemnation = _events(extractor, pipeline, text)[0]
    assert condemnation["event"] == ["ACCUSE"] and _codes(condemnation["actor"]) == ["AFG"]
    assert condemnation["actor"][0]["name"] == "Taliban"


def test_a_strike_threatened_if_a_condition_is_met_stays_a_threat(extractor, pipeline):
    # The perfect tense of the threat does not make the strike it names done.
    text = "Russia has threatened a strike against the government quarter of Kyiv if Ukraine uses western missiles."
    strike = next(e for e in _events(extractor, pipeline, text) if "ASSAULT" in e["event"])
    assert strike["status"] == "threatened"


@pytest.mark.parametrize(("text", "status"), [
    ("French President Emmanuel Macron has said he cannot rule out sending Western troops to Ukraine.",
     "threatened"),
    ("The French president repeated last week that he does not exclude sending troops to Ukraine.", "threatened"),
    ("The German chancellor ruled out sending German troops to Ukraine on Monday.", "negated"),
])
def test_troops_sent_under_a_verb_of_exclusion_are_not_sent(extractor, pipeline, text, status):
    sending = next(e for e in _events(extractor, pipeline, text) if "MOBILIZE" in e["event"])
    assert sending["status"] == status


@pytest.mark.parametrize(("text", "actor", "recipient"), [
    ("Germany sent a team of paratroopers to Lithuania on Monday after the drone incident.", "DEU", "LTU"),
    ("Russia dispatched 3,000 troops to the border with Finland last week, the defence ministry said.", "RUS", "FIN"),
])
def test_troops_sent_are_a_troop_movement(extractor, pipeline, text, actor, recipient):
    moved = _events(extractor, pipeline, text)[0]
    assert (moved["event"], moved["cameo"], moved["status"]) == (["MOBILIZE"], "152", "occurred")
    assert _codes(moved["actor"]) == [actor] and recipient in _codes(moved["recipient"])


def test_a_letter_sent_to_troops_moves_no_troops(extractor, pipeline):
    text = "The ministry sent a letter to the soldiers in the region on Monday about the new rules."
    assert all(e["trigger"]["rule"] != "send-troops" for e in _events(extractor, pipeline, text))


@pytest.mark.parametrize(("text", "actor", "mode"), [
    ("Washington announced $33 million in additional assistance to Ukraine on Tuesday, the State Department said.",
     "USA", []),
    ("The EU approved 50 billion euros of financial support for Ukraine at the summit in Brussels on Thursday.",
     "EU", ["economic"]),
])
def test_aid_counted_in_money_is_aid(extractor, pipeline, text, actor, mode):
    aid = next(e for e in _events(extractor, pipeline, text) if e["trigger"]["rule"] == "aid-amount")
    assert aid["event"] == ["AID"] and _codes(aid["actor"]) == [actor] and aid["mode"] == mode


def test_aid_mentioned_without_an_amount_is_no_event(extractor, pipeline):
    text = "Western aid to Ukraine has slowed in recent months as the debate in Congress drags on."
    assert _events(extractor, pipeline, text) == []


def test_the_worth_of_aid_names_no_actor(extractor, pipeline):
    text = "Germany pledged military aid worth 2.7 billion euros to Kyiv during the visit of the Ukrainian president."
    events = _events(extractor, pipeline, text)
    assert {c for e in events for c in _codes(e["actor"])} == {"DEU"}


@pytest.mark.parametrize("text", [
    "The opposition leader did not talk about the rigging for a year, the newspaper's editor said on Friday.",
    "The two foreign ministers have not met since the summit in Geneva three years ago.",
])
def test_a_past_act_negated_is_no_refusal(extractor, pipeline, text):
    events = _events(extractor, pipeline, text)
    assert [(e["event"], e["status"]) for e in events] == [(["CONSULT"], "negated")]


def test_a_meeting_refused_is_a_rejection(extractor, pipeline):
    events = _events(extractor, pipeline, "Poland will not meet the envoy of the junta, the foreign minister said.")
    assert events[0]["event"] == ["REJECT", "CONSULT"]


def test_a_participle_after_a_misread_reported_clause_is_said_by_the_reporter(extractor, pipeline):
    # "marks" is read as a noun heading the reported clause, and "accusing" as a clause describing it.
    text = ("Belarusian officials assert that this latest incident marks a dangerous provocation, accusing Poland "
            "of direct involvement in operations against Belarusian villages.")
    accusation = _events(extractor, pipeline, text)[0]
    assert accusation["event"] == ["ACCUSE"]
    assert _codes(accusation["actor"]) == ["BLR"] and _codes(accusation["recipient"]) == ["POL"]


@pytest.mark.parametrize(("text", "second", "recipient"), [
    ("Moscow threatened to strike British military facilities in Ukraine, the foreign ministry said on Monday.",
     "ASSAULT", "GBR"),
    ("A French minister threatened on Tuesday to impose import restrictions against German goods.", "COERCE", "DEU"),
    # The act as the threat's object, or after the party threatened: no more a strike done than the above.
    ("Russia has threatened strikes on British military installations in Ukraine and beyond.", "ASSAULT", "GBR"),
    ("The United States threatened Beijing with sanctions if Chinese banks keep helping Russia.", "SANCTION", "CHN"),
])
def test_an_act_threatened_is_one_threat_aimed_at_its_target(extractor, pipeline, text, second, recipient):
    events = _events(extractor, pipeline, text)
    assert [(e["event"], e["status"]) for e in events] == [(["THREATEN", second], "threatened")]
    assert recipient in _codes(events[0]["recipient"])


def test_a_threat_names_its_target_through_the_act_threatened(extractor, pipeline):
    events = _events(extractor, pipeline, "Pakistan threatened to break off diplomatic relations with Israel.")
    assert events[0]["event"][0] == "THREATEN" and "ISR" in _codes(events[0]["recipient"])


@pytest.mark.parametrize(("text", "second", "actors"), [
    ("Putin offered to send free grain to six African countries over the coming months.", "AID", ["RUS"]),
    ("Russia agreed to withdraw its forces from the area around Kyiv.", "RETREAT", ["RUS"]),
    # The act agreed to takes the parties who agreed.
    ("Israel and Hamas agreed to a ceasefire on Wednesday after mediation by Egypt and Qatar.", "RETREAT",
     ["ISR", "PSE"]),
])
def test_an_act_offered_or_agreed_is_one_agreement_not_yet_done(extractor, pipeline, text, second, actors):
    (agreement,) = _events(extractor, pipeline, text)
    assert (agreement["event"], agreement["status"]) == (["AGREE", second], "planned")
    assert _codes(agreement["actor"]) == actors


def test_an_act_warned_against_is_the_warnings_condition(extractor, pipeline):
    text = "Moscow warned Israel against providing weapons to Ukraine, saying it would escalate the crisis."
    (warning,) = _events(extractor, pipeline, text)
    assert warning["event"] == ["THREATEN"] and _codes(warning["recipient"]) == ["ISR"]
    assert warning["condition"] == "against providing weapons to Ukraine"


def test_an_inverted_condition_sets_off_a_threat_and_is_no_event(extractor, pipeline):
    text = "Washington has warned of severe consequences, should China give military support to Moscow."
    (warning,) = _events(extractor, pipeline, text)
    assert warning["event"] == ["THREATEN"] and _codes(warning["recipient"]) == ["CHN"]
    assert warning["condition"] == "should China give military support to Moscow"


def test_an_act_that_could_not_be_ruled_out_has_not_happened(extractor, pipeline):
    events = _events(extractor, pipeline, "Macron said that sending Western troops to Ukraine could not be ruled out.")
    assert [e["status"] for e in events if "MOBILIZE" in e["event"]] == ["threatened"]


@pytest.mark.parametrize("text", [
    "Boris Johnson warned of a lightning strike on Kyiv in the coming weeks.",
    "Zelensky warned of a new Russian offensive in the east this summer.",
])
def test_another_act_warned_of_is_foretold_not_done(extractor, pipeline, text):
    assert [e["event"] for e in _events(extractor, pipeline, text)] == [["THREATEN"]]


def test_sanctions_warned_of_are_the_speakers_threat(extractor, pipeline):
    text = "The foreign ministry warned of sanctions against any company that helps Moscow evade export controls."
    (warning,) = _events(extractor, pipeline, text)
    assert (warning["event"], warning["status"]) == (["THREATEN", "SANCTION"], "threatened")


def test_what_hangs_on_an_agreement_without_committing_to_it_happened(extractor, pipeline):
    text = "Joe Biden and Olaf Scholz agreed in a phone call on Wednesday that sanctions had not worked."
    (call,) = [e for e in _events(extractor, pipeline, text) if e["event"][0] == "CONSULT"]
    assert call["status"] == "occurred" and call["mode"] == ["phone"]


def test_an_act_joined_to_a_plan_word_used_without_an_infinitive_is_its_own(extractor, pipeline):
    text = "The government pledged support last week, and on Monday the army withdrew its troops from the town."
    (retreat,) = [e for e in _events(extractor, pipeline, text) if e["event"][0] == "RETREAT"]
    assert retreat["status"] == "occurred"


def test_leaders_agreeing_that_a_party_must_act_demand_it(extractor, pipeline):
    text = "Joe Biden and Olaf Scholz agreed in a phone call on Wednesday that Russia must pull back its troops."
    events = _events(extractor, pipeline, text)
    assert sorted(e["event"][0] for e in events) == ["CONSULT", "REQUEST"]  # the pull-back has not happened
    assert sorted(_codes(next(e for e in events if e["event"] == ["REQUEST"])["actor"])) == ["DEU", "USA"]


@pytest.mark.parametrize(("text", "events"), [
    ("Should Ukraine use the long-range missiles against targets on Russian territory?", []),
    ("Will Putin attack the Baltic states once the war in Ukraine is over?", []),
    # A question that takes the act as known reports it.
    ("Why did Russia strike the children's hospital in Kyiv on Monday?", [["ASSAULT"]]),
])
def test_a_question_reports_no_act_unless_it_takes_it_as_known(extractor, pipeline, text, events):
    assert [e["event"] for e in _events(extractor, pipeline, text)] == events
