"""Stored firsts (migration 0006) and the escalation series read from the store: refreshed run by run, in any
order, they say what computing from every event says. Articles written for these tests."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from redline.analyse.common import load_items
from redline.analyse.escalation import escalation
from redline.analyse.firsts import find_firsts, firsts
from redline.analyse.stored import refresh_stored
from redline.cli import app
from redline.store.db import connect, transaction
from redline.store.events import write_events
from tests.conftest import ingest_articles

KURSK = "Ukrainian forces struck an air base in the Kursk region with ATACMS missiles on Thursday, officials said."
ARTICLES = {
    "k1_kursk.md": ("Agency One", "2025-05-16", KURSK + "\n\nThe base housed fighter jets."),
    # A syndicated copy of k1: whichever of the two has the smaller id speaks for the story.
    "k2_copy.md": ("Agency One", "2025-05-16", KURSK + "\n\nThe base housed fighter jets."),
    "k3_bryansk.md": ("Daily Two", "2025-05-20", "Ukrainian drones hit an oil depot in Bryansk on Monday, the "
                                                 "regional governor said."),
    # An earlier strike with the same US-made weapon on Russian soil: the first moves to it when it arrives.
    "k4_belgorod.md": ("Evening Post", "2025-04-09", "Ukraine fired ATACMS missiles at a command post in the "
                                                     "Belgorod region on Tuesday, the Russian defence ministry said."),
    "k5_kyiv.md": ("Daily Two", "2025-04-16", "Russian missiles struck Kyiv on Tuesday, killing four people, the "
                                              "city's mayor said."),
    "k6_nuclear.md": ("Evening Post", "2025-05-02", "Russia threatened on Friday to use nuclear weapons against "
                                                    "Ukraine if its forces enter Crimea."),
}
NAMES = list(ARTICLES)


def _store(tmp_path_factory, label, names, *, one_run_each=False):
    return ingest_articles(tmp_path_factory, label, ARTICLES, names, one_run_each=one_run_each)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return _store(tmp_path_factory, "firsts_ref", NAMES, one_run_each=False)


def _kinds(found):
    return {(f["kind"], f["actor"], f["recipient"] if f["kind"] == "weapon_class" else f["territory"],
             f["weapon_class"], f["supplier"], f["date"]) for f in found}


def test_stored_firsts_hold_the_earliest_precedent(reference):
    conn = connect(reference, readonly=True)
    assert conn.execute("SELECT count(*) FROM analysis_pending").fetchone()[0] == 0
    stored = firsts(conn)
    assert conn.execute("SELECT count(*) FROM firsts").fetchone()[0] == len(stored)
    kinds = _kinds(stored)
    # The Belgorod strike (8 April) is the first with a US-made weapon on Russian soil, not Kursk's.
    assert ("supplier_weapon_on_territory", "UKR", "RUS", "ballistic missile", "USA", "2025-04-08") in kinds
    assert not any(k[0] == "supplier_weapon_on_territory" and k[5] > "2025-04-08" for k in kinds)
    assert ("weapon_class", "RUS", "UKR", "missile (unspecified)", None, "2025-04-15") in kinds
    assert stored == find_firsts(load_items(conn))
    assert all(f["evidence"] for f in stored)


@pytest.mark.parametrize("order", [(0, 1, 2, 3, 4, 5), (1, 3, 5, 0, 2, 4), (5, 4, 3, 2, 1, 0)])
def test_run_by_run_equals_computing_from_every_event(tmp_path_factory, reference, order):
    db = _store(tmp_path_factory, "firsts_runs", [NAMES[i] for i in order], one_run_each=True)
    conn = connect(db, readonly=True)
    assert firsts(conn) == find_firsts(load_items(conn)) == firsts(connect(reference, readonly=True))
    # The escalation series are read from the stored per-day table, refreshed run by run.
    assert conn.execute("SELECT count(*) FROM dyad_pending").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM dyad_series WHERE actor = 'UKR' AND recipient = 'RUS'").fetchone()[0] >= 3
    items = load_items(conn)
    for dyad in ("UKR-RUS", "RUS-UKR", "RUS-USA"):
        for period in ("day", "week"):
            assert escalation(conn, dyad, period=period) == escalation(conn, dyad, period=period, items=items)


def test_reextraction_marks_pending_and_refresh_settles_again(tmp_path_factory):
    db = _store(tmp_path_factory, "firsts_reextract", NAMES, one_run_each=False)
    conn = connect(db)
    (belgorod,) = conn.execute("SELECT id FROM articles WHERE source LIKE '%k4_belgorod.md'").fetchone()
    saved = [json.loads(r[0]) for r in conn.execute("SELECT json FROM events WHERE article_id = ?", (belgorod,))]
    before = firsts(conn)
    with transaction(conn):
        write_events(conn, belgorod, [])
    # Until refreshed, readers compute from the events rather than serve the stale table.
    assert [r[0] for r in conn.execute("SELECT article_id FROM analysis_pending")] == [belgorod]
    assert ("UKR", "RUS") in {tuple(r) for r in conn.execute("SELECT * FROM dyad_pending")}
    assert escalation(conn, "UKR-RUS") == escalation(conn, "UKR-RUS", items=load_items(conn))
    pending = firsts(conn)
    assert pending == find_firsts(load_items(conn))
    assert ("supplier_weapon_on_territory", "UKR", "RUS", "ballistic missile", "USA", "2025-05-15") in _kinds(pending)
    with transaction(conn):
        counts = refresh_stored(conn)["firsts"]
    assert counts["articles"] == 1 and counts["keys"] >= 1
    assert firsts(conn) == pending
    assert escalation(conn, "UKR-RUS") == escalation(conn, "UKR-RUS", items=load_items(conn))
    with transaction(conn):
        write_events(conn, belgorod, saved)
        refresh_stored(conn)
    assert firsts(conn) == before


def test_rebuild_recomputes_every_article_from_the_cli(tmp_path_factory):
    db = _store(tmp_path_factory, "firsts_rebuild", NAMES, one_run_each=False)
    conn = connect(db)
    before = firsts(conn)
    with transaction(conn):  # a store whose stored firsts went astray (as after a lexicon edit)
        conn.execute("DELETE FROM firsts")
        conn.execute("DELETE FROM event_precedents")
    assert firsts(conn) == []
    result = CliRunner().invoke(app, ["firsts", "--rebuild", "--format", "jsonl", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.output.splitlines()] == before
