"""Red lines, firsts and escalation over small corpora written for these tests, and over the seeds."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import redline
from redline.analyse.escalation import escalation
from redline.analyse.firsts import firsts
from redline.analyse.redlines import parse_condition, red_lines
from redline.cli import app
from redline.store.db import connect
from tests.conftest import SEEDS, need_shared, write_articles

ARTICLES = {
    # A red line drawn, crossed, then followed through by a strike on Poland.
    "a1_threat.md": ("2025-03-03", "On Monday, Moscow warned it would strike Poland if Warsaw delivers F-16 jets to "
                                   "Ukraine.\n\nOfficials in Warsaw did not comment."),
    "a2_cross.md": ("2025-03-20", "Poland delivered F-16 jets to Ukraine on Wednesday, the Polish defence ministry "
                                  "said."),
    "a3_follow.md": ("2025-04-02", "Russian missiles struck an airfield in Rzeszow in Poland on Tuesday, killing two "
                                   "people."),
    # Never crossed: stays open.
    "a4_open.md": ("2025-03-10", "Russia warned on Monday that it would retaliate if Finland supplies Patriot "
                                 "missiles to Ukraine."),
    # Crossed, never answered: not followed through once the window has passed.
    "a6_taurus_threat.md": ("2025-03-05", "Russia warned on Wednesday that it would retaliate if Germany sends "
                                          "Taurus missiles to Ukraine."),
    "a7_taurus_sent.md": ("2025-03-28", "Germany sent Taurus missiles to Ukraine on Friday, officials in Berlin "
                                        "said."),
    # A first: Ukraine strikes Russian soil with a US-made weapon.
    "a8_kursk.md": ("2025-05-15", "Ukrainian forces struck an air base in the Kursk region with ATACMS missiles on "
                                  "Thursday."),
    # "Such a step": the condition is the act named in the sentence before the warning.
    "b1_step.md": ("2025-06-02", "British officials suggested that letting Ukraine fire Storm Shadow missiles at "
                                 "Russian territory would not widen the war.\n\nMoscow warned on Monday that such a "
                                 "step would make Britain a party to the conflict."),
    "b2_storm_shadow_fired.md": ("2025-06-20", "Ukrainian forces struck a Russian air base in the Belgorod region with "
                                         "Storm Shadow missiles on Thursday, officials said."),
    "b3_sanctions.md": ("2025-06-27", "Russia expelled British diplomats on Friday and imposed sanctions on Britain, "
                                      "the foreign ministry said."),
    # A warning "in response" to an attack reported just before: crossed as it is drawn, then answered.
    "c1_refinery.md": ("2025-06-09", "Ukrainian drones struck an oil refinery in Ryazan on Sunday, the regional "
                                     "governor said.\n\nThe Kremlin warned Kyiv of retaliation in response."),
    "c2_kyiv.md": ("2025-06-11", "Russian missiles struck Kyiv on Tuesday, killing four people, the city's mayor "
                                 "said."),
    # The latest event in the store, four months after the Taurus delivery.
    "a5_late.md": ("2025-07-30", "Russian forces shelled Pokrovsk in the Donetsk region on Tuesday, killing three "
                                 "civilians."),
}


def _write(directory, names):
    return write_articles(directory, ARTICLES, names)


def _store(tmp_path_factory, label, names):
    directory = tmp_path_factory.mktemp(label)
    db = directory / "redline.db"
    redline.ingest(_write(directory, names), redline.load_settings(env={}, db=str(db)))
    return db


@pytest.fixture(scope="session")
def store(tmp_path_factory):
    return _store(tmp_path_factory, "analyse_a", list(ARTICLES))


@pytest.fixture(scope="session")
def store_reversed(tmp_path_factory):
    return _store(tmp_path_factory, "analyse_b", list(reversed(ARTICLES)))


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory):
    db = tmp_path_factory.mktemp("analyse_seeds") / "redline.db"
    redline.ingest([str(need_shared(SEEDS))], redline.load_settings(env={}, db=str(db)))
    return db


@pytest.fixture(scope="session")
def lines(store):
    return {line["condition"]["text"]: line for line in red_lines(connect(store, readonly=True))}


def _line(lines, words):
    (found,) = [line for text, line in lines.items() if words in text]
    return found


def test_redlines_parse_condition_uses_engine_knowledge():
    pattern = parse_condition("if Warsaw delivers F-16 jets to Ukraine")
    assert pattern["actors"] == ["POL"] and pattern["event_type"] == "AID"
    assert pattern["beneficiaries"] == ["UKR"] and pattern["weapons"] == ["F-16"]
    allow = parse_condition("countries that allow Ukraine to use such weapons against Russia")
    assert allow["enabled"] == ["UKR"] and allow["event_type"] == "ASSAULT" and allow["targets"] == ["RUS"]


def test_redlines_followed_through(lines):
    line = _line(lines, "Warsaw delivers F-16")
    assert line["status"] == "followed_through"
    assert [a["code"] for a in line["actor"]] == ["RUS"] and [r["code"] for r in line["recipient"]] == ["POL"]
    assert line["drawn_on"] == "2025-03-03"
    assert len(line["crossing_event_ids"]) == 1 and len(line["response_event_ids"]) == 1
    assert line["lag_days"] == 13  # delivered 2025-03-19, struck 2025-04-01
    assert "F-16" in line["evidence"] and line["threat_event_id"] in line["event_ids"]


def test_redlines_open_and_not_followed_through(lines, store):
    assert _line(lines, "Finland supplies Patriot")["status"] == "open"
    taurus = _line(lines, "Germany sends Taurus")
    assert taurus["status"] == "not_followed_through" and taurus["crossing_event_ids"]
    assert not taurus["response_event_ids"]
    wide = {line["id"]: line for line in red_lines(connect(store, readonly=True), window_days=200)}
    assert wide[taurus["id"]]["status"] == "crossed"


def test_redlines_condition_named_in_the_previous_sentence(lines):
    line = _line(lines, "letting Ukraine fire Storm Shadow missiles")
    assert line["condition"]["source"] == "previous_sentence"
    assert line["condition"]["text"] == "letting Ukraine fire Storm Shadow missiles at Russian territory"
    pattern = line["condition"]["pattern"]
    assert pattern["enabled"] == ["UKR"] and pattern["targets"] == ["RUS"] and pattern["weapons"] == ["Storm Shadow"]
    assert "such a step" in line["evidence"] and [a["code"] for a in line["actor"]] == ["RUS"]
    # Crossed by the Storm Shadow strike; Britain made the missile, so sanctions on Britain answer it.
    assert line["status"] == "followed_through" and line["response_targets"] == ["GBR"]
    assert len(line["crossing_event_ids"]) == 1 and line["lag_days"] == 8


def test_redlines_warning_in_response_to_an_earlier_act(lines):
    line = _line(lines, "oil refinery in Ryazan")
    assert line["condition"]["source"] == "response"
    assert line["condition"]["act_event_id"] == line["crossing_event_ids"][0]
    assert line["condition"]["pattern"]["actors"] == ["UKR"]
    assert [r["code"] for r in line["recipient"]] == ["UKR"] and line["recipient_source"] == "threat"
    assert line["drawn_on"] == "2025-06-09" and "retaliation in response" in line["evidence"]
    assert line["status"] == "followed_through" and line["lag_days"] == 2  # the strike on Kyiv


def test_redlines_firsts_escalation_do_not_depend_on_ingest_order(store, store_reversed):
    a, b = connect(store, readonly=True), connect(store_reversed, readonly=True)
    assert json.dumps(red_lines(a)) == json.dumps(red_lines(b))
    assert firsts(a) == firsts(b)
    assert escalation(a, "RUS-POL") == escalation(b, "RUS-POL")


def test_firsts_weapon_class_and_supplier_on_territory(store):
    found = firsts(connect(store, readonly=True))
    kinds = {(f["kind"], f["actor"], f["recipient"] if f["kind"] == "weapon_class" else f["territory"],
              f["weapon"], f["supplier"]) for f in found}
    assert ("supplier_weapon_on_territory", "UKR", "RUS", "ATACMS", "USA") in kinds
    assert ("weapon_class", "RUS", "POL", "missile", None) in kinds
    assert ("weapon_class", "UKR", "RUS", "ATACMS", None) in kinds


def test_escalation_weekly_series_and_drivers(store):
    result = escalation(connect(store, readonly=True), "RUS-POL", period="week")
    # The threat made against Poland opens the series (verbal conflict), the strike comes four weeks on.
    threat = result["series"][0]
    assert threat["period"] == "2025-03-03" and threat["q3"] == 1 and threat["q4"] == 0
    first = next(row for row in result["series"] if row["q4"])
    assert first["period"] == "2025-03-31" and first["q4"] == 1 and first["conflict"] > 0
    assert any(d["kind"] == "first:weapon_class" for d in first["drivers"])
    assert first["index"] == first["z"] + len(first["drivers"])
    assert result["series"][-1]["period"] == "2025-07-28"  # runs to the latest event in the store
    with pytest.raises(ValueError):
        escalation(connect(store, readonly=True), "RUSPOL")


def test_cli_analyse_commands(store):
    runner = CliRunner()
    result = runner.invoke(app, ["redlines", "--format", "jsonl", "--db", str(store)])
    assert result.exit_code == 0, result.output
    statuses = {json.loads(line)["status"] for line in result.output.splitlines()}
    assert statuses == {"open", "followed_through", "not_followed_through"}
    for args in (["redlines"], ["firsts"], ["escalation", "--dyad", "RUS-POL", "--period", "day"]):
        result = runner.invoke(app, [*args, "--db", str(store)])
        assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["escalation", "--dyad", "RUS-POL", "--format", "jsonl", "--db", str(store)])
    assert json.loads(result.output.splitlines()[0])["dyad"] == "RUS-POL"


def test_redlines_seeds_shoigu_and_putin(seeds_store):
    lines = red_lines(connect(seeds_store, readonly=True))
    shoigu = _line({line["condition"]["text"]: line for line in lines}, "cluster munitions")
    assert "supply cluster munitions to Ukraine" in shoigu["condition"]["text"]
    assert shoigu["condition"]["pattern"]["actors"] == ["USA"]
    assert shoigu["condition"]["pattern"]["weapons"] == ["cluster munitions"]
    assert "Shoigu" in shoigu["evidence"]
    putin = _line({line["condition"]["text"]: line for line in lines}, "allow Ukraine to use such weapons")
    assert "would target military facilities" in putin["evidence"]
    assert putin["condition"]["pattern"]["enabled"] == ["UKR"]
    # The threat is drawn by Russia alone (not by Ukraine, which the condition names), against whoever
    # lets Ukraine strike; Shoigu's line is drawn against the United States, which must act to cross it.
    assert [a["code"] for a in putin["actor"]] == ["RUS"] and putin["recipient"] == []
    # The engine itself now codes a threat's recipient from the subject of its condition, so the red-line
    # table takes it from the threat event ("threat") rather than re-deriving it ("condition").
    assert [r["code"] for r in shoigu["recipient"]] == ["USA"] and shoigu["recipient_source"] in ("threat", "condition")
    # The Kremlin's warnings: "such actions" (seed 004) points at the act of the sentence before it, and
    # the formal warning "in response" (seed 001) answers the ATACMS strike on Crimea reported before it.
    sources = {line["condition"]["source"]: line for line in lines}
    assert "allowing Ukraine to use Western long-range missiles" in sources["previous_sentence"]["condition"]["text"]
    formal = sources["response"]
    assert "Peskov" in formal["evidence"] and "ATACMS" in formal["condition"]["pattern"]["weapons"]
    assert [r["code"] for r in formal["recipient"]] == ["USA"] and formal["crossing_event_ids"]


def test_escalation_reads_only_the_dyad_and_gives_the_full_analysis_answer(store):
    """The SQL path (the dyad's events and its possible drivers) against the series computed over every
    event of the store."""
    from redline.analyse.common import load_items

    conn = connect(store, readonly=True)
    items = load_items(conn)
    for dyad in ("RUS-POL", "RUS-UKR", "UKR-RUS", "RUS-DEU", "POL-UKR"):
        for period in ("day", "week"):
            assert escalation(conn, dyad, period=period) == escalation(conn, dyad, period=period, items=items)
    assert escalation(conn, "UKR-RUS")["fusion_pending"] == 0


def test_firsts_read_from_the_store_equal_firsts_over_every_event(store, seeds_store):
    from redline.analyse.common import load_items
    from redline.analyse.firsts import find_firsts

    for db in (store, seeds_store):
        conn = connect(db, readonly=True)
        found = firsts(conn)
        assert found and found == find_firsts(load_items(conn))


def _from_scratch(conn, window_days=90):
    """Red lines computed from every event, ignoring the stored ones."""
    from redline.analyse.redlines import _with_status, compute_red_lines
    from redline.store.queries import latest_event_date

    latest = latest_event_date(conn)
    return [_with_status(line, latest, window_days) for line in compute_red_lines(conn)]


@pytest.mark.parametrize(("seed", "max_linked"), [(1, 25), (2, 25), (3, 1)])
def test_stored_red_lines_refreshed_run_by_run_equal_red_lines_from_scratch(tmp_path_factory, store, seed, max_linked,
                                                                            monkeypatch):
    """One ingest run per article in a shuffled order: each run follows again only the lines its events
    touch, and the stored lines (with statuses) are those computed from every event, and (with the lists
    of crossings and responses as long as usual) those of the store ingested at once. With lists of one,
    a later crossing or response leaves a full list alone, an earlier one takes its place."""
    import random

    from redline.analyse import redlines

    monkeypatch.setattr(redlines, "MAX_LINKED", max_linked)

    names = list(ARTICLES)
    random.Random(seed).shuffle(names)
    directory = tmp_path_factory.mktemp("redlines_runs")
    db = directory / "redline.db"
    settings = redline.load_settings(env={}, db=str(db))
    paths = _write(directory, names)
    for n, path in enumerate(paths):
        redline.ingest([path], settings)
        conn = connect(db, readonly=True)
        assert not conn.execute("SELECT count(*) FROM analysis_pending").fetchone()[0]
        if n in (len(paths) // 2, len(paths) - 1):
            assert red_lines(conn) == _from_scratch(conn)
            assert red_lines(conn, window_days=10) == _from_scratch(conn, window_days=10)
    conn = connect(db, readonly=True)
    assert conn.execute("SELECT count(*) FROM red_lines").fetchone()[0] == len(red_lines(conn)) > 3
    if max_linked == 25:
        assert red_lines(conn) == red_lines(connect(store, readonly=True))


def test_stored_red_lines_follow_a_removed_crossing(tmp_path_factory):
    """Re-extracting the article that crossed a line (here: clearing its events) reopens the line."""
    from redline.analyse.stored import refresh_stored
    from redline.store.db import transaction
    from redline.store.events import write_events

    db = _store(tmp_path_factory, "redlines_removed", ["a1_threat.md", "a2_cross.md", "a3_follow.md", "a5_late.md"])
    conn = connect(db)
    (line,) = [line for line in red_lines(conn) if "F-16" in line["condition"]["text"]]
    assert line["status"] == "followed_through"
    (crossing,) = conn.execute("SELECT id FROM articles WHERE source LIKE '%a2_cross.md'").fetchone()
    with transaction(conn):
        write_events(conn, crossing, [])
    assert red_lines(conn) == _from_scratch(conn)  # pending: computed
    with transaction(conn):
        counts = refresh_stored(conn)["red_lines"]
    assert counts["followed"] >= 1
    (line,) = [line for line in red_lines(conn) if "F-16" in line["condition"]["text"]]
    assert line["status"] == "open" and line["crossing_event_ids"] == []
    assert red_lines(conn) == _from_scratch(conn)
