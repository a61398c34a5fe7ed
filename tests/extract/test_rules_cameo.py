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
    ("The army reported forty ceasefire violations by the militia around the town on Sunday.", "ceasefire violations"),
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


@pytest.mark.parametrize("text, cameo", [
    # a relative clause's event comes before the main verb in the text
    ("The opposition party, which had won the support of young voters, was dissolved by the court in May.", "171"),
    # a participle describing the subject
    ("Government forces backed by foreign warplanes shelled the rebel-held district on Thursday.", "194"),
])
def test_the_main_clauses_event_comes_first(extractor, pipeline, text, cameo):
    assert _first(extractor, pipeline, text)["cameo"] == cameo


def test_an_adverbial_clause_before_the_main_clause_comes_second(extractor, pipeline):
    events = _events(extractor, pipeline,
                     "After the rebels shelled the airport, the government expelled the ambassador of their ally.")
    assert [e["event"][0] for e in events][:2] == ["SANCTION", "ASSAULT"]


def test_a_heading_word_before_a_colon_keeps_its_place(extractor, pipeline):
    e = _first(extractor, pipeline, "Looting: On 9 March, soldiers looted shops in the town and took control of the port.")
    assert e["trigger"]["text"] == "Looting"


def test_call_upon_is_an_appeal(extractor, pipeline):
    e = _first(extractor, pipeline, "Germany called upon both sides to resume negotiations in Geneva.")
    assert (e["event"][0], e["cameo"], e["trigger"]["text"]) == ("REQUEST", "020", "call upon")


@pytest.mark.parametrize("text, cameo", [
    ("The foreign minister called for sanctions against the junta after the coup.", "100"),
    ("The foreign minister called for talks with the junta after the coup.", "020"),
])
def test_a_call_for_sanctions_is_a_demand_not_an_appeal(extractor, pipeline, text, cameo):
    e = _first(extractor, pipeline, text)
    assert (e["event"][0], e["cameo"]) == ("REQUEST", cameo)


@pytest.mark.parametrize("text, first", [
    ("A freighter carrying food aid for the flooded provinces arrived at the port of the armed forces in Tartus.", "AID"),
    ("Hundreds of Russian troops arrived in the border town of Klintsy on Monday.", "MOBILIZE"),
])
def test_a_movement_of_forces_needs_forces_among_who_moves(extractor, pipeline, text, first):
    assert _first(extractor, pipeline, text)["event"][0] == first


def test_a_reduction_needs_aid_or_ties_as_what_is_reduced(extractor, pipeline):
    events = _events(extractor, pipeline,
                     "The government launched a programme which aims to reduce poverty through school meals linked to attendance.")
    assert not any("SANCTION" in e["event"] for e in events)


def test_mobilising_funds_is_no_deployment_of_forces(extractor, pipeline):
    events = _events(extractor, pipeline,
                     "The European Union is mobilising new funds to help the armed forces of the region disarm.")
    assert not any(e["event"][0] == "MOBILIZE" for e in events)
    e = _first(extractor, pipeline, "Belarus is mobilising its reservists near the border with Poland.")
    assert e["event"][0] == "MOBILIZE"


@pytest.mark.parametrize("text, event_type, cameo", [
    ("Chile and Peru held joint war games off the coast in March.", "COOPERATE", "062"),
    ("The museum returned a looted portrait to its owners in Vienna last week.", "RETREAT", "0842"),
    ("Sudan let free forty political prisoners on Sunday.", "RETREAT", "0841"),
    ("Three engineers were released from captivity in Mali on Sunday, the company said.", "RETREAT", "0841"),
    ("The ruling party's candidate conceded defeat after the runoff.", "CONCEDE", "080"),
    ("The ministry strongly refuted the ambassador's comments on the election.", "REJECT", "120"),
    ("The governor denied permission to the opposition for a march in the capital.", "REJECT", "120"),
    ("The junta forced foreign journalists out of the country.", "SANCTION", "166"),
    ("Pyongyang has violated the arms embargo again, the panel of experts found.", "REJECT", "128"),
    ("Insurgents overran an army outpost in the Sahel region of Burkina Faso.", "ASSAULT", "190"),
    ("The militia is responsible for mass killings in the eastern provinces of the Congo.", "ASSAULT", "202"),
    ("The prime minister held bilateral discussions with the Somali president in Addis Ababa.", "CONSULT", "043"),
    ("The army said it had ceased military operations in the north of the country.", "RETREAT", "0874"),
    ("The president backed down on Wednesday and abandoned the policy after weeks of protests.", "CONCEDE", "080"),
    ("The rebels spurned repeated offers of talks by the government in the capital this year.", "REJECT", "120"),
    ("Militia units were engaged in ethnic cleansing in the northern district, the UN report said.", "ASSAULT", "203"),
])
def test_general_news_events(extractor, pipeline, text, event_type, cameo):
    e = _first(extractor, pipeline, text)
    assert (e["event"][0], e["cameo"]) == (event_type, cameo)


def test_refusing_to_end_a_strike_is_a_rejection(extractor, pipeline):
    e = _first(extractor, pipeline, "The dockers' union said its workers will not end the strike until wages rise.")
    assert (e["event"][0], e["quad_code"]) == ("REJECT", 3)


def test_a_figurative_fight_is_no_clash(extractor, pipeline):
    events = _events(extractor, pipeline, "The government spent millions last year fighting the cholera epidemic in the south.")
    assert not any(e["event"][0] == "ASSAULT" for e in events)
    e = _first(extractor, pipeline, "Kurdish fighters fought Islamic State militants near the town of Kobani.")
    assert e["event"][0] == "ASSAULT"


def test_demands_accepted_are_a_concession(extractor, pipeline):
    e = _first(extractor, pipeline, "The cabinet accepted the main demands of the striking miners on Friday.")
    assert (e["event"][0], e["cameo"], e["quad_code"]) == ("CONCEDE", "080", 2)


@pytest.mark.parametrize("text, first", [
    ("Prosecutors say the former mayor accepted more than $3 million in bribes from builders.", "COOPERATE"),
    ("The former mayor accepted the invitation of the builders' union.", "AGREE"),
])
def test_money_or_goods_received_are_material_exchange(extractor, pipeline, text, first):
    assert _first(extractor, pipeline, text)["event"][0] == first


@pytest.mark.parametrize("text, first", [
    ("European sanctions against Belarus were lifted in March, the council said.", "CONCEDE"),
    ("A Russian attack on an aid convoy was condemned by the United Nations on Monday.", "ACCUSE"),
])
def test_a_verb_comes_before_the_noun_trigger_it_acts_on(extractor, pipeline, text, first):
    assert _first(extractor, pipeline, text)["event"][0] == first


def test_allowing_food_in_is_access_granted(extractor, pipeline):
    e = _first(extractor, pipeline, "The junta allowed the World Food Programme to deliver food to the besieged town.")
    assert (e["event"][0], e["cameo"]) == ("RETREAT", "086")


def test_a_weapon_handed_over_is_a_delivery(extractor, pipeline):
    e = _first(extractor, pipeline, "The United States gave 500 rifles to the Philippine Marines last week.")
    assert (e["event"][0], e["cameo"]) == ("AID", "074")


def test_the_act_an_approval_approves_comes_first(extractor, pipeline):
    events = _events(extractor, pipeline, "A Belgian court on Monday approved the extradition of a former minister to Spain.")
    assert [e["event"][0] for e in events][:2] == ["COOPERATE", "AGREE"]


def test_a_noun_acted_on_follows_its_verb_not_the_whole_clause(extractor, pipeline):
    events = _events(extractor, pipeline,
                     "European sanctions were lifted in March, two months after the arrest of the opposition leader.")
    assert [e["event"][0] for e in events] == ["CONCEDE", "SANCTION", "COERCE"]


@pytest.mark.parametrize("text, cameo", [
    ("Japan lent $2 billion to Sri Lanka to ease its currency crisis.", "074"),
    ("The Dutch government has earmarked 3 million euros in emergency aid for Mozambique.", "074"),
    ("The charity flew ten tonnes of medicine into Kabul on Sunday.", "073"),
    ("Turkey dispatched forty search-and-rescue teams to the quake zone in Albania.", "073"),
])
def test_aid_lent_earmarked_flown_in_or_rescuers_sent(extractor, pipeline, text, cameo):
    e = _first(extractor, pipeline, text)
    assert (e["event"][0], e["cameo"]) == ("AID", cameo)


def test_a_suspect_flown_somewhere_is_no_delivery(extractor, pipeline):
    events = _events(extractor, pipeline, "The suspect was flown to Madrid and held as a material witness in the case.")
    assert not any(e["event"][0] == "AID" for e in events)


def test_a_ceasefire_declared_after_a_ban_is_lifted_is_no_restriction(extractor, pipeline):
    # The restriction must be what is declared or imposed, not a word elsewhere in the clause.
    text = "A rebel group declared a unilateral ceasefire on Thursday after parliament removed it from a list of banned groups."
    assert _first(extractor, pipeline, text)["event"][0] == "RETREAT"


def test_officials_sent_by_the_united_states_are_no_troops(extractor, pipeline):
    # "United" was lemmatised as a past tense of "unit", a word of troops.
    text = "The United States has sent senior government officials to Qatar to look into the report."
    assert all(e["event"][0] != "MOBILIZE" for e in _events(extractor, pipeline, text))


def test_the_subject_of_be_ready_to_is_the_actor_of_the_act(extractor, pipeline):
    text = "Denmark is ready to send more artillery to Ukraine if parliament agrees, the defence minister said."
    sending = next(e for e in _events(extractor, pipeline, text) if "AID" in e["event"])
    assert [a["code"] for a in sending["actor"]] == ["DNK"]


def test_a_ceasefire_agreement_violated_is_one_violation(extractor, pipeline):
    events = _events(extractor, pipeline, "Russia violated the ceasefire agreement in the east on Sunday, monitors said.")
    assert [e["trigger"]["rule"] for e in events] == ["violate-ceasefire"]


@pytest.mark.parametrize(("text", "recipient"), [
    ("Minsk has offered to hand over to Poland the two pilots who crossed the border last week.", "POL"),
    ("The British defence secretary has promised to continue military aid to Moldova.", "MDA"),
])
def test_an_offer_is_made_to_whoever_would_receive_the_act(extractor, pipeline, text, recipient):
    offer = _first(extractor, pipeline, text)
    assert offer["event"][0] == "AGREE" and [r["code"] for r in offer["recipient"]] == [recipient]


@pytest.mark.parametrize(("text", "actor", "place"), [
    ("Blinken arrived in Kyiv on Tuesday for talks with Zelensky about air defence.", "USA", "Kyiv"),
    ("The Polish prime minister flew to Washington for a meeting with the president on Friday.", "POL",
     "Washington"),
])
def test_talks_a_journey_is_for_are_the_travellers_and_held_where_it_ends(extractor, pipeline, text, actor, place):
    talks = _first(extractor, pipeline, text)
    assert talks["event"] == ["CONSULT"] and actor in [a["code"] for a in talks["actor"]]
    assert talks["event_loc"]["resolved_place"] == place


def test_the_subject_of_a_passive_engaged_in_does_the_act(extractor, pipeline):
    text = "Russian forces were engaged in heavy fighting near Bakhmut on Sunday, the general staff said."
    fighting = _first(extractor, pipeline, text)
    assert fighting["event"] == ["ASSAULT"] and [a["code"] for a in fighting["actor"]] == ["RUS"]


def test_a_press_conference_is_no_demand_and_phone_talks_one_call(extractor, pipeline):
    text = "Emmanuel Macron told a press conference in Berlin that he plans to hold phone talks with Putin on Friday."
    (call,) = _events(extractor, pipeline, text)
    assert (call["event"], call["cameo"], call["mode"], call["status"]) == (["CONSULT"], "041", ["phone"], "planned")
    assert call["trigger"]["text"] == "phone talks"  # the words as written, not their dictionary forms


def test_forces_named_in_a_clause_describing_the_object_move_nowhere(extractor, pipeline):
    text = "The minister said the review reinforces the need to deter aggression with the credible threat of force."
    assert "MOBILIZE" not in [e["event"][0] for e in _events(extractor, pipeline, text)]
    moved = _events(extractor, pipeline, "Belarus reinforced the units that guard its border with Poland on Tuesday.")
    assert [e["event"][0] for e in moved] == ["MOBILIZE"]
