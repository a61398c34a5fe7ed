"""Fusion of reports into real-world events over a small corpus written for these tests."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from redline.analyse.fusion import Report, cluster, compatible, fuse, fused_events, fusion_map, refresh
from redline.cli import app
from redline.store.db import connect
from tests.conftest import ingest_articles

STRIKE = ("Russian missiles struck the city of Dnipro on Tuesday, killing {dead} civilians and injuring dozens, "
          "{who}.")
ARTICLES = {
    # Three outlets report the same strike on Dnipro with different death tolls.
    "f1_wire.md": ("Agency One", "2025-06-04", STRIKE.format(dead=18, who="the regional governor said") +
                   "\n\nRescue teams searched the rubble of a five-storey building through the night, and the "
                   "city declared a day of mourning on Wednesday for the victims."),
    "f2_daily.md": ("Daily Two", "2025-06-04", "Russian missiles hit a residential district of Dnipro on Tuesday, "
                    "killing 21 people, officials said.\n\nThe attack hit a residential district."),
    "f3_post.md": ("Evening Post", "2025-06-05", STRIKE.format(dead=18, who="local officials said") +
                   "\n\nThe mayor said schools would stay closed."),
    # A syndicated copy of the wire story: more reports, not another independent source.
    "f4_copy.md": ("Agency One", "2025-06-04", STRIKE.format(dead=18, who="the regional governor said") +
                   "\n\nRescue teams searched the rubble of a five-storey building through the night, and the "
                   "city declared a day of mourning on Wednesday for the victims."),
    # A different event the same day, in another city.
    "f5_odesa.md": ("Daily Two", "2025-06-04", "Russian drones struck the port of Odesa on Tuesday, killing two "
                    "dock workers, the regional governor said."),
    # The same city a month later: another event.
    "f6_later.md": ("Evening Post", "2025-07-09", "Russian missiles struck the city of Dnipro on Tuesday, killing "
                    "five civilians, officials said."),
}


def _store(tmp_path_factory, label, names, *, one_run_each=False):
    return ingest_articles(tmp_path_factory, label, ARTICLES, names, one_run_each=one_run_each)


@pytest.fixture(scope="session")
def fusion_stores(tmp_path_factory):
    names = list(ARTICLES)
    return (_store(tmp_path_factory, "fusion_a", names),
            _store(tmp_path_factory, "fusion_b", [names[i] for i in (5, 3, 1, 4, 0, 2)]))


def _by_article(fused):
    return {a: f for f in fused for a in f["article_ids"]}


def test_fusion_does_not_depend_on_ingest_order(fusion_stores):
    a, b = (fuse(connect(db, readonly=True)) for db in fusion_stores)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _dump(fused):
    return json.dumps(fused, sort_keys=True)


@pytest.mark.parametrize("order", [(0, 1, 2, 3, 4, 5), (3, 5, 0, 2, 4, 1), (4, 1, 3, 0, 5, 2)])
def test_stored_fusion_updated_run_by_run_equals_fusion_from_scratch(tmp_path_factory, fusion_stores, order):
    """One run per article, in several orders (the copy before its original in some): each run refreshes
    only the blocks its reports touch, and the stored result is what clustering everything gives."""
    names = list(ARTICLES)
    db = _store(tmp_path_factory, "fusion_incremental", [names[i] for i in order], one_run_each=True)
    conn = connect(db, readonly=True)
    assert conn.execute("SELECT count(*) FROM fusion_pending").fetchone()[0] == 0
    stored = fused_events(conn)
    assert stored and _dump(stored) == _dump(fuse(conn))
    assert _dump(stored) == _dump(fuse(connect(fusion_stores[0], readonly=True)))
    members = fusion_map(conn)
    assert set(members) == {r[0] for r in conn.execute("SELECT id FROM events")}
    assert {f["id"] for f in stored} == set(members.values())


def test_refresh_after_reextraction_and_pending_fallback(tmp_path_factory):
    db = _store(tmp_path_factory, "fusion_reextract", list(ARTICLES))
    conn = connect(db)
    before = fused_events(conn)
    # Re-extracting an article replaces its events: the triggers mark it pending; until refreshed,
    # readers compute fusion from scratch rather than serve the stale table.
    (article_id,) = conn.execute("SELECT id FROM articles WHERE source = 'f2_daily.md'").fetchone()
    rows = conn.execute("SELECT json FROM events WHERE article_id = ?", (article_id,)).fetchall()
    from redline.store.db import transaction
    from redline.store.events import write_events
    with transaction(conn):
        write_events(conn, article_id, [])
    assert [r[0] for r in conn.execute("SELECT article_id FROM fusion_pending")] == [article_id]
    without = fused_events(conn)
    assert all(article_id not in f["article_ids"] for f in without)
    assert _dump(without) == _dump(fuse(conn))
    with transaction(conn):
        counts = refresh(conn)
    assert counts["articles"] == 1 and counts["blocks"] >= 1
    assert _dump(fused_events(conn)) == _dump(without)
    # Putting the events back restores the first clustering exactly.
    with transaction(conn):
        write_events(conn, article_id, [json.loads(r[0]) for r in rows])
        refresh(conn)
    assert _dump(fused_events(conn)) == _dump(before)


def test_old_store_is_marked_for_fusion_by_the_migration(tmp_path):
    from redline.store.migrations import MIGRATIONS, migrate
    db = tmp_path / "old.db"
    conn = connect(db)
    assert conn.execute("SELECT count(*) FROM fusion_pending").fetchone()[0] == 0
    # Rebuild the store as version 0002 had it, with an event, then migrate it.
    conn.close()
    db.unlink()
    import sqlite3
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, sql in MIGRATIONS:
        if name in ("0001_articles", "0002_events"):
            raw.executescript(sql)
            raw.execute("INSERT INTO schema_migrations VALUES (?, 'then')", (name,))
    raw.execute("INSERT INTO ingest_runs (id, started_at, status, inputs, settings) VALUES (1, 'x', 'finished', "
                "'[]', '{}')")
    raw.execute("INSERT INTO articles (id, source, origin, format, published_precision, raw, text, textmap, "
                "blocks, hints, warnings, content_hash, text_hash, run_id, ingested_at) VALUES ('a1', 's', 'o', "
                "'text', 'unknown', 'r', 't', '[]', '[]', '{}', '[]', 'h', 'h', 1, 'x')")
    raw.execute("INSERT INTO events (id, article_id, event_type, status, date_precision, weapons, json, "
                "extracted_at) VALUES ('e1', 'a1', 'ASSAULT', 'occurred', 'unknown', '[]', '{\"id\": \"e1\"}', 'x')")
    raw.close()
    migrated = sqlite3.connect(db)
    migrate(migrated, db)
    assert [r[0] for r in migrated.execute("SELECT article_id FROM fusion_pending")] == ["a1"]


def test_fusion_groups_one_strike_across_outlets(fusion_stores):
    conn = connect(fusion_stores[0], readonly=True)
    ids = {r[0]: r[1] for r in conn.execute("SELECT source, id FROM articles")}
    fused = fuse(conn)
    by_article = _by_article(fused)
    strike = by_article[ids["f1_wire.md"]]
    assert {ids[n] for n in ("f1_wire.md", "f2_daily.md", "f3_post.md")} <= set(strike["article_ids"])
    assert strike["n_independent_sources"] == 3
    assert strike["n_reports"] >= 3 and strike["n_articles"] >= 3
    assert strike["dead"] == 18  # two sources against one
    dead = {d["value"]: d["sources"] for d in strike["disagreements"]["dead"]}
    assert dead[18] == ["agency one", "evening post"] and dead[21] == ["daily two"]
    assert strike["first_seen"] == "2025-06-04" and strike["last_seen"] == "2025-06-05"
    assert strike["id"] == f"fe-{strike['report_ids'][0]}"
    # the Odesa strike and the strike on Dnipro a month later stay separate
    assert ids["f5_odesa.md"] not in strike["article_ids"] and ids["f6_later.md"] not in strike["article_ids"]
    assert by_article[ids["f5_odesa.md"]]["id"] != by_article[ids["f6_later.md"]]["id"]


def test_fusion_syndicated_copy_adds_reports_not_sources(fusion_stores):
    conn = connect(fusion_stores[0], readonly=True)
    copies = [r[0] for r in conn.execute("SELECT id FROM articles WHERE duplicate_of IS NOT NULL")]
    strike = _by_article(fuse(conn)).get(copies[0]) if copies else None
    if strike is None:
        pytest.skip("the copy was not flagged as syndicated or has no event")
    assert strike["n_independent_sources"] == 3 and strike["n_articles"] == 4


def test_fusion_compatibility_rules():
    def report(rid, day, place=None, dead=None, weapons=(), article="a"):
        return Report({"id": rid, "date": day, "date_precision": "day", "event": ["ASSAULT"], "status": "occurred",
                       "actor": [{"code": "RUS"}], "recipient": [{"code": "UKR"}], "event_loc": place,
                       "size": {"dead": dead}, "weapons": list(weapons), "event_text": "strike"}, article, article)

    kyiv = {"resolved_place": "Kyiv", "country_code": "UKR", "lat": 50.45, "lon": 30.52, "resolution": 4}
    brovary = {"resolved_place": "Brovary", "country_code": "UKR", "lat": 50.51, "lon": 30.79, "resolution": 4}
    lviv = {"resolved_place": "Lviv", "country_code": "UKR", "lat": 49.84, "lon": 24.03, "resolution": 4}
    assert compatible(report("a", "2025-01-01", kyiv), report("b", "2025-01-02", brovary, article="b"))
    assert not compatible(report("a", "2025-01-01", kyiv), report("b", "2025-01-01", lviv, article="b"))
    assert not compatible(report("a", "2025-01-01", kyiv), report("b", "2025-01-05", kyiv, article="b"))
    assert not compatible(report("a", "2025-01-01", kyiv, dead=2), report("b", "2025-01-01", kyiv, dead=40))
    assert not compatible(report("a", "2025-01-01", kyiv, weapons=["drone"]),
                          report("b", "2025-01-01", kyiv, weapons=["ATACMS"]))


def test_fusion_undated_report_is_placed_by_its_publication_day():
    """A report the engine left undated ("has struck": no date is invented) had happened by the day its
    article was published: it fuses with a similar report dated in the few days before, not with one dated
    weeks earlier, nor on dissimilar wording; two undated reports need publication days a day apart."""
    text = "Russian missiles have struck the port of Odesa, the regional governor said on the radio."

    def report(rid, day, published, article, words=text):
        return Report({"id": rid, "date": day, "date_precision": "day" if day else "unknown", "event": ["ASSAULT"],
                       "status": "occurred", "actor": [{"code": "RUS"}], "recipient": [{"code": "UKR"}],
                       "event_loc": None, "size": {}, "weapons": [], "event_text": words},
                      article, article, published=published)

    undated = report("u", None, "2025-06-05", "a")
    assert compatible(undated, report("d", "2025-06-03", "2025-06-03", "b"))
    assert compatible(report("d", "2025-06-05", "2025-06-05", "b"), undated)
    assert not compatible(undated, report("d", "2025-05-20", "2025-05-20", "b"))
    assert not compatible(undated, report("d", "2025-06-03", "2025-06-03", "b", words="Talks on grain exports "
                                          "resumed in Istanbul, officials said."))
    assert compatible(undated, report("v", None, "2025-06-06", "c"))
    assert not compatible(undated, report("v", None, "2025-06-09", "c"))
    assert not compatible(report("w", None, None, "e"), report("d", "2025-06-03", "2025-06-03", "b"))
    # The clustering finds the dated report for the undated one (it comes last in its block).
    clusters = cluster([undated, report("d", "2025-06-03", "2025-06-03", "b"), report("x", "2025-05-01", None, "f")])
    assert sorted(len(c) for c in clusters) == [1, 2]


def test_cli_fused(fusion_stores):
    runner = CliRunner()
    result = runner.invoke(app, ["fused", "--format", "jsonl", "--min-sources", "2", "--db", str(fusion_stores[0])])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert rows and all(r["n_independent_sources"] >= 2 for r in rows)
    table = runner.invoke(app, ["fused", "--db", str(fusion_stores[0])])
    assert table.exit_code == 0 and "ASSAULT" in table.output


def test_cli_fused_refresh_stores_pending_fusion(tmp_path_factory):
    db = _store(tmp_path_factory, "fusion_cli_refresh", list(ARTICLES))
    conn = connect(db)
    conn.execute("INSERT INTO fusion_pending SELECT id FROM articles")
    result = CliRunner().invoke(app, ["fused", "--refresh", "--format", "jsonl", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert conn.execute("SELECT count(*) FROM fusion_pending").fetchone()[0] == 0
    assert [json.loads(line) for line in result.output.splitlines()] == fuse(conn)
    missing = CliRunner().invoke(app, ["fused", "--refresh", "--db", str(db.parent / "nope.db")])
    assert missing.exit_code == 2 and not (db.parent / "nope.db").exists()


def test_escalation_counts_fused_events_not_reports(fusion_stores):
    """Three outlets (and a syndicated copy) report one strike on Dnipro; with the Odesa strike the same
    day, the day has two events behind four reports of canonical articles."""
    from redline.analyse.escalation import escalation

    days = {r["period"]: r for r in escalation(connect(fusion_stores[0], readonly=True), "RUS-UKR",
                                               period="day")["series"] if r["n"]}
    assert {d: (r["n"], r["reports"], r["q4"]) for d, r in days.items()} == {
        "2025-06-03": (2, 4, 2), "2025-07-08": (1, 1, 1)}
    other = escalation(connect(fusion_stores[1], readonly=True), "RUS-UKR", period="day")
    assert other["series"] == escalation(connect(fusion_stores[0], readonly=True), "RUS-UKR", period="day")["series"]


def test_min_sources_filter_and_event_detail_list_every_report(fusion_stores):
    from fastapi.testclient import TestClient

    from redline.serve.api import create_app
    from redline.store.queries import EventFilter, count_events, get_event, list_events

    conn = connect(fusion_stores[0], readonly=True)
    fused = {f["id"]: f for f in fuse(conn)}
    wide = [f for f in fused.values() if f["n_independent_sources"] >= 2]
    expected = {r for f in wide for r in f["report_ids"]}
    assert expected and {e["id"] for e in list_events(conn, EventFilter(min_sources=2))} == expected
    assert count_events(conn, EventFilter(min_sources=1)) == count_events(conn)
    strike = max(wide, key=lambda f: f["n_reports"])
    detail = get_event(conn, strike["report_ids"][-1])["fused"]
    assert detail["id"] == strike["id"] and detail["n_independent_sources"] == 3
    assert [r["event_id"] for r in detail["reports"]] and {r["event_id"] for r in detail["reports"]} == set(
        strike["report_ids"])
    assert all("Dnipro" in r["evidence"] for r in detail["reports"])
    client = TestClient(create_app(fusion_stores[0]))
    body = client.get("/api/events", params={"min_sources": 3, "limit": 1000}).json()
    assert {e["id"] for e in body["events"]} == {r for f in fused.values() if f["n_independent_sources"] >= 3
                                                 for r in f["report_ids"]}
    assert client.get("/api/events", params={"min_sources": 0}).status_code == 422
