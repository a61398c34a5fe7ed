"""Fusion of reports into real-world events over a small corpus written for these tests."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import redline
from redline.analyse.fusion import Report, compatible, fuse
from redline.cli import app
from redline.store.db import connect

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


def _store(tmp_path_factory, label, names):
    directory = tmp_path_factory.mktemp(label)
    paths = []
    for name in names:
        publisher, published, body = ARTICLES[name]
        path = directory / name
        path.write_text(f"---\ntitle: {name}\npublisher: {publisher}\npublished: {published}\n---\n{body}\n",
                        encoding="utf-8")
        paths.append(str(path))
    db = directory / "redline.db"
    redline.ingest(paths, redline.load_settings(env={}, db=str(db)))
    return db


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


def test_cli_fused(fusion_stores):
    runner = CliRunner()
    result = runner.invoke(app, ["fused", "--format", "jsonl", "--min-sources", "2", "--db", str(fusion_stores[0])])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert rows and all(r["n_independent_sources"] >= 2 for r in rows)
    table = runner.invoke(app, ["fused", "--db", str(fusion_stores[0])])
    assert table.exit_code == 0 and "ASSAULT" in table.output
