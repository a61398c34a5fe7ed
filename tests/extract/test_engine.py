"""The extraction engine on real text: the seed articles and hand-written sentences."""

import pytest

import redline
from redline.model.event import EVENT_TYPES


@pytest.fixture(scope="session")
def seed_events(extractor, seed_articles):
    return {seed: [e.to_json() for e in extractor.extract(a)] for seed, a in seed_articles.items()}


def _find(events, event_type, **where):
    for e in events:
        if e["event"][0] != event_type:
            continue
        if all(check(e) for check in where.values()):
            return e
    raise AssertionError(f"no {event_type} event matching {list(where)} in "
                         f"{[(x['event'][0], x['trigger']['text']) for x in events]}")


def test_engine_seed_000_belgorod_strike_passive_voice(seed_events):
    e = _find(seed_events["000"], "ASSAULT", trigger=lambda e: e["trigger"]["text"] == "struck")
    assert [a["code"] for a in e["actor"]] == ["UKR"] and e["actor"][0]["sector"] == "MIL"
    assert "RUS" in [r["code"] for r in e["recipient"]]
    assert e["event_loc"]["resolved_place"] == "Belgorod" and e["event_loc"]["country_code"] == "RUS"
    assert e["size"]["dead"] == 18 and e["size"]["dead_qualifier"] == "at least"
    assert "emergencies ministry" in e["attribution"]
    assert e["acled"]["event_type"] == "Explosions/Remote violence" and e["quad_code"] == 4


def test_engine_seed_004_drone_strike_near_shebekino(seed_events):
    e = _find(seed_events["004"], "ASSAULT", place=lambda e: (e["event_loc"] or {}).get("resolved_place") == "Shebekino")
    assert e["mode"] == ["drone"] and e["weapons"] == ["drone"]
    assert e["size"]["injured"] == 1 and e["size"]["dead"] is None
    assert e["date"] is None and e["date_precision"] == "unknown"  # the article has no publication date


def test_engine_seed_003_planned_meeting_is_dated_to_the_next_tuesday(seed_events):
    e = _find(seed_events["003"], "CONSULT", status=lambda e: e["status"] == "planned")
    assert e["date"] == "2024-11-26" and e["date_precision"] == "day"


def test_engine_seed_002_conditional_threat_keeps_its_condition(seed_events):
    e = _find(seed_events["002"], "THREATEN", actor=lambda e: any(a["name"] == "Sergei Shoigu" for a in e["actor"]))
    assert "cluster munitions" in e["condition"] and e["condition"].startswith("if")
    # The delivery in the if-clause is the threat's condition, not an event of its own; the delivery
    # the US confirmed ("it will send cluster munitions") is.
    assert not [e for e in seed_events["002"] if e["event"][0] == "AID" and "In the event that" in e["event_text"]]
    # Announced as the US's intent ("confirmed that it will send"): a promise of aid, AGREE with the
    # delivery kept as the second type (PLOVER: "promises of future actions" are AGREE).
    aid = _find(seed_events["002"], "AGREE", actor=lambda e: [a["code"] for a in e["actor"]] == ["USA"],
                second=lambda e: e["event"][1:] == ["AID"])
    assert "cluster munitions" in aid["weapons"] and aid["status"] == "planned"


def test_engine_conditional_action_is_a_threat_of_that_action(extractor, pipeline):
    article = redline.clean_text("The Kremlin leader warned that Russia would strike military facilities in countries "
                                 "that allow Ukraine to use such weapons against Russia.", published="2024-11-22",
                                 pipeline=pipeline)
    events = [e.to_json() for e in extractor.extract(article)]
    threat = _find(events, "THREATEN", second=lambda e: e["event"][1:] == ["ASSAULT"])
    assert threat["status"] == "threatened" and threat["quad_code"] == 3 and threat["cameo"].startswith("13")


def test_engine_seed_001_monday_resolves_against_publication_date(seed_events):
    e = _find(seed_events["001"], "ACCUSE", actor=lambda e: [a["code"] for a in e["actor"]] == ["RUS"])
    assert e["date"] == "2024-07-15" and [r["code"] for r in e["recipient"]] == ["USA"]


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_engine_every_event_carries_exact_evidence(seed_articles, seed_events, seed):
    article = seed_articles[seed]
    ids = [e["id"] for e in seed_events[seed]]
    assert len(ids) == len(set(ids))
    for e in seed_events[seed]:
        info = e["text_info"]
        assert article.text[info["start"]:info["end"]] == e["event_text"]
        assert article.text[e["trigger"]["start"]:e["trigger"]["end"]].lower().startswith(e["trigger"]["text"].split()[0][:3].lower())
        assert e["event"][0] in EVENT_TYPES and e["cite_info"]["citation"] == article.source
        assert e["date"] is None or article.published is not None or e["date_precision"] == "day"


def test_engine_nothing_from_headings_or_boilerplate(seed_events):
    for events in seed_events.values():
        for e in events:
            assert "UNRWA" not in e["event_text"] and "Tags" not in e["event_text"]
            assert e["event_text"] not in ("US and UK Support for Ukraine", "Escalating Conflict and Retaliatory Strikes")


def test_engine_person_office_follows_the_event_date(extractor):
    shoigu = extractor.k.actors.by_id["sergei-shoigu"]
    assert extractor.k.actors.office_on(shoigu, "2023-07-11")["sector"] == "MIL"
    assert extractor.k.actors.office_on(shoigu, "2025-01-01")["sector"] == "GOV"


def test_engine_negated_event_is_marked(extractor, pipeline):
    article = redline.clean_text("Ukrainian forces did not strike the bridge near Kherson on Monday, officials said "
                                 "in a statement issued in Kyiv.", published="2024-03-05", pipeline=pipeline)
    events = [e.to_json() for e in extractor.extract(article)]
    assert events and events[0]["status"] == "negated"


def _events(extractor, pipeline, text, published="2025-05-20"):
    return [e.to_json() for e in extractor.extract(redline.clean_text(text, published=published, pipeline=pipeline))]


def test_engine_seed_003_first_strike_with_supplied_missiles_on_russian_soil(seed_events):
    e = _find(seed_events["003"], "ASSAULT", actor=lambda e: [a["code"] for a in e["actor"]] == ["UKR"])
    assert [r["code"] for r in e["recipient"]] == ["RUS"] and e["weapons"] == ["long-range missile"]
    assert e["weapon_suppliers"] == ["GBR", "USA"]
    assert e["event_loc"]["country_code"] == "RUS" and e["event_loc"]["resolution"] == 1
    # "US- and UK-supplied" describes the missiles: no delivery is reported in that sentence.
    assert not [x for x in seed_events["003"] if x["event"][0] == "AID" and "first time" in x["event_text"]]


def test_engine_clause_opener_read_as_preposition_still_gives_the_subject(extractor, pipeline):
    events = _events(extractor, pipeline, "The blackout comes as Russia for the third night has used Shahed "
                                          "drones to strike power stations in Odesa.")
    e = _find(events, "ASSAULT", actor=lambda e: [a["code"] for a in e["actor"]] == ["RUS"])
    assert e["weapons"] == ["Shahed-136"] and e["event_loc"]["resolved_place"] == "Odesa"
    assert len([x for x in events if x["event"][0] == "ASSAULT"]) == 1  # "used ... to strike": one attack


def test_engine_supplier_made_weapon_and_territory_noun(extractor, pipeline):
    events = _events(extractor, pipeline, "Ukrainian forces hit an airfield on Russian territory with "
                                          "German-made missiles on Monday.")
    e = _find(events, "ASSAULT", actor=lambda e: [a["code"] for a in e["actor"]] == ["UKR"])
    assert e["weapon_suppliers"] == ["DEU"] and e["event_loc"]["country_code"] == "RUS"


def test_engine_parties_of_a_relative_condition_are_no_roles(extractor, pipeline):
    events = _events(extractor, pipeline, "Moscow warned that it would target military bases in countries that "
                                          "allow Kyiv to fire such missiles against Russia.")
    assert events and all([a["code"] for a in e["actor"]] == ["RUS"] for e in events)
    assert all(r["code"] not in ("UKR", "RUS") for e in events for r in e["recipient"])
    assert {e["status"] for e in events} == {"threatened"}  # a threat made: what it promises is pending


def test_engine_parses_with_numpy_matmul_exactly_as_with_thincs_blis(extractor):
    import spacy

    from redline.extract.parse import EXCLUDED, SPACY_MODEL, MatmulOps

    sentences = ["Russian forces shelled the outskirts of Kharkiv overnight, killing three people, the governor said.",
                 "Ukraine's air force said it shot down 40 of the 52 drones launched from Kursk region.",
                 "Moscow warned that it would respond if Western long-range missiles were used against its territory."]
    blis = spacy.load(SPACY_MODEL, exclude=EXCLUDED)
    assert not any(isinstance(n.ops, MatmulOps) for n in blis.get_pipe("tok2vec").model.walk())
    assert all(isinstance(n.ops, MatmulOps) for n in extractor.nlp.get_pipe("tok2vec").model.walk())
    for ours, theirs in zip(extractor.nlp.pipe(sentences), blis.pipe(sentences), strict=True):
        assert [(t.tag_, t.dep_, t.head.i) for t in ours] == [(t.tag_, t.dep_, t.head.i) for t in theirs]


def test_engine_a_sentence_seen_recently_is_not_parsed_again(extractor, monkeypatch):
    from redline.extract import parse

    parser = extractor.parser
    copy = "Kherson was shelled again on Sunday night, the regional governor reported on Telegram."
    fresh = "Air defence units shot down nine drones over the Poltava region before dawn, officials said."
    first = parser.parse([copy])[0]
    seen, original = [], parser.pipe

    def counting_pipe(texts, batch_size=64):
        seen.extend(texts)
        return original(texts, batch_size)

    monkeypatch.setattr(parser, "pipe", counting_pipe)
    docs = parser.parse([copy, fresh, copy])
    assert seen == [fresh] and docs[0] is first and docs[2] is first  # the copy came from the cache
    assert [t.dep_ for t in docs[1]] == [t.dep_ for t in next(original([fresh]))]
    monkeypatch.setattr(parse, "RECENT_PARSES", 1)
    parser.parse([fresh])
    assert list(parser._recent) == [fresh]  # bounded: older parses are dropped
