"""Events in the store: written with their article at ingest, derived columns that agree with the JSON,
re-ingestion that changes nothing, --no-extract and --reextract, and the filters of the query layer."""

import json
import shutil
import sqlite3

import pytest

from redline.ingest.run import ingest
from redline.settings import load_settings
from redline.store.db import connect, transaction
from redline.store.events import EVENT_COLUMNS, event_columns, write_events
from redline.store.queries import EventFilter, count_events, event_stats, get_event, list_events
from tests.conftest import EXAMPLES


@pytest.fixture()
def reader(event_store):
    conn = connect(event_store[0], readonly=True)
    yield conn
    conn.close()


@pytest.fixture()
def store_copy(event_store, tmp_path):
    """A private copy of the session store, for tests that write."""
    for suffix in ("", "-wal"):
        source = event_store[0].with_name(event_store[0].name + suffix)
        if source.exists():
            shutil.copy(source, tmp_path / f"copy.db{suffix}")
    return tmp_path / "copy.db"


def _snapshot(conn: sqlite3.Connection) -> dict[str, tuple]:
    return {r["id"]: (r["article_id"], r["json"], r["extracted_at"]) for r in conn.execute("SELECT * FROM events")}


def test_events_store_every_article_is_stored_with_its_events(event_store, reader):
    _, report = event_store
    assert report.events > 100 and report.extracted == report.ingested
    rows = reader.execute("""SELECT a.id, a.event_count, a.events_extracted_at, a.events_run_id,
        (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS n FROM articles a""").fetchall()
    assert all(r["events_extracted_at"] and r["events_run_id"] == report.run_id for r in rows)
    assert all(r["event_count"] == r["n"] for r in rows)
    assert sum(r["n"] for r in rows) == report.events
    for row in reader.execute("SELECT id, article_id, json FROM events"):
        data = json.loads(row["json"])
        assert data["id"] == row["id"] and row["id"].startswith(row["article_id"] + "-")
    assert reader.execute("PRAGMA foreign_key_check").fetchall() == []


def test_events_store_derived_columns_agree_with_the_json(reader):
    rows = reader.execute(f"SELECT json, {', '.join(EVENT_COLUMNS)} FROM events").fetchall()
    for row in rows:
        assert event_columns(json.loads(row["json"])) == {c: row[c] for c in EVENT_COLUMNS}
    entities = reader.execute("SELECT count(*) FROM event_entities").fetchone()[0]
    assert entities == sum(len(json.loads(r["json"])["actor"]) + len(json.loads(r["json"])["recipient"])
                           for r in rows)


def test_events_store_syndicated_copies_get_their_own_events(reader):
    copies = reader.execute("SELECT id, event_count FROM articles WHERE duplicate_of IS NOT NULL").fetchall()
    assert copies and all(c["event_count"] > 0 for c in copies)
    glide = {e["id"].rsplit("-s", 1)[0] for e in list_events(reader, EventFilter(text="glide bombs"))}
    assert {"WD-2024-0518-K", "4f3bf4ebcad3dccc"} <= glide  # the copy and its canonical article


def test_events_store_reingesting_changes_nothing(store_copy):
    before = _snapshot(connect(store_copy, readonly=True))
    report = ingest([EXAMPLES], load_settings(env={}, db=str(store_copy)))
    assert report.ingested == 0 and report.extracted == 0 and report.events == 0
    assert _snapshot(connect(store_copy, readonly=True)) == before


def test_events_store_no_extract_stores_none_and_reextract_fills_in(tmp_path, reader):
    settings = load_settings(env={}, db=str(tmp_path / "bare.db"), extract_on_ingest=False)
    report = ingest([EXAMPLES], settings)
    conn = connect(settings.db, readonly=True)
    assert report.ingested == 16 and report.events == 0
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM articles WHERE events_extracted_at IS NULL").fetchone()[0] == 16

    again = ingest([], settings, reextract=True)
    assert again.reextracted == 16 and again.events > 0
    ids = {r[0] for r in conn.execute("SELECT id FROM events")}
    expected = {r[0] for r in reader.execute(
        "SELECT e.id FROM events e JOIN articles a ON a.id = e.article_id WHERE a.origin LIKE ?", (f"{EXAMPLES}%",))}
    assert ids == expected and len(ids) == again.events


def test_events_store_reextract_replaces_an_articles_events(store_copy):
    writer = connect(store_copy)
    article_id = "4f3bf4ebcad3dccc"
    stale = {"id": f"{article_id}-stale", "event": ["PROTEST"], "mode": [], "status": "occurred",
             "actor": [{"code": "XXX"}], "recipient": [], "weapons": []}
    with transaction(writer):
        write_events(writer, article_id, [stale])
    assert [e["id"] for e in list_events(writer, EventFilter(actor="XXX"))] == [stale["id"]]
    writer.close()

    report = ingest([], load_settings(env={}, db=str(store_copy)), reextract=True)
    conn = connect(store_copy, readonly=True)
    assert list_events(conn, EventFilter(actor="XXX")) == []
    assert report.reextracted == conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert report.events == conn.execute("SELECT count(*) FROM events").fetchone()[0]
    runs = {r[0] for r in conn.execute("SELECT DISTINCT events_run_id FROM articles")}
    assert runs == {report.run_id}


def _ids(events):
    return [e["id"] for e in events]


@pytest.mark.parametrize("flt, keep", [
    (EventFilter(actor="RUS"), lambda e: any(a["code"] == "RUS" for a in e["actor"])),
    (EventFilter(dyad="RUS-UKR"), lambda e: any(a["code"] == "RUS" for a in e["actor"])
        and any(r["code"] == "UKR" for r in e["recipient"])),
    (EventFilter(date_from="2024-05-01", date_to="2024-11-30"), lambda e: e["date"] and "2024-05-01" <= e["date"] <= "2024-11-30"),
    (EventFilter(event_type="ASSAULT"), lambda e: e["event"][0] == "ASSAULT"),
    (EventFilter(bbox=(35.0, 49.0, 37.5, 50.5)), lambda e: e["event_loc"] and e["event_loc"]["lat"] is not None
        and 35.0 <= e["event_loc"]["lon"] <= 37.5 and 49.0 <= e["event_loc"]["lat"] <= 50.5),
    (EventFilter(weapon="atacms"), lambda e: any("atacms" in w.lower() for w in e["weapons"])),
    (EventFilter(place="rus"), lambda e: e["event_loc"] and (e["event_loc"]["country_code"] == "RUS" or "rus" in
        (e["event_loc"]["resolved_place"] or e["event_loc"]["extracted_place"]).lower())),
    (EventFilter(text="Kharkiv"), lambda e: "kharkiv" in e["event_text"].lower()),
    (EventFilter(event_type="assault", status="occurred", actor="RUS", date_from="2024-01-01"),
     lambda e: e["event"][0] == "ASSAULT" and e["status"] == "occurred" and e["date"] and e["date"] >= "2024-01-01"
        and any(a["code"] == "RUS" for a in e["actor"])),
])
def test_events_store_filters_select_what_they_say(reader, flt, keep):
    everything = list_events(reader)
    expected = [e for e in everything if keep(e)]
    got = list_events(reader, flt)
    assert expected and len(expected) < len(everything)
    assert sorted(_ids(got)) == sorted(_ids(expected))
    assert count_events(reader, flt) == len(got)


def test_events_store_list_is_ordered_by_date_and_pages(reader):
    everything = list_events(reader)
    dated = [e["date"] for e in everything if e["date"]]
    assert dated == sorted(dated) and everything[-1]["date"] is None  # one article is undated
    page = list_events(reader, EventFilter(limit=5, offset=10))
    assert _ids(page) == _ids(everything[10:15])
    with pytest.raises(ValueError, match="RUS-UKR"):
        list_events(reader, EventFilter(dyad="RUS"))


def test_events_store_get_event_returns_the_evidence_and_its_article(reader):
    (first,) = list_events(reader, EventFilter(text="glide bombs", limit=1))
    item = get_event(reader, first["id"])
    assert item["event"] == first and item["evidence"] == first["event_text"]
    assert item["article"]["title"] and item["article"]["source"]
    assert get_event(reader, "no-such-event") is None


def test_events_store_stats(reader, event_store):
    data = event_stats(reader)
    assert data["events"] == event_store[1].events and data["articles_not_extracted"] == 0
    assert data["by_type"]["ASSAULT"] > 10 and sum(data["by_type"].values()) == data["events"]


class _Failing:
    """Stands in for the extractor: raises, or returns two events with one id."""

    def __init__(self, mode):
        self.mode = mode

    def extract(self, article, options=None):
        if self.mode == "raise":
            raise RuntimeError("engine bug")
        twin = {"id": f"{article.id}-s0-e0", "event": ["ASSAULT"], "mode": [], "status": "occurred", "actor": [],
                "recipient": [], "weapons": []}
        return [twin, dict(twin)]

    def extract_many(self, articles, options=None):
        for article in articles:
            yield article, self.extract(article, options)


@pytest.mark.parametrize("mode", ["raise", "duplicate ids"])
def test_events_store_an_engine_failure_keeps_the_article_and_is_retried_by_reextract(tmp_path, mode):
    settings = load_settings(env={}, db=str(tmp_path / "f.db"))
    report = ingest([EXAMPLES / "kharkiv_glide_bombs.txt"], settings, extractor=_Failing(mode))
    assert report.ingested == 1 and report.skipped["R201"] == 1 and report.failed
    conn = connect(settings.db, readonly=True)
    assert conn.execute("SELECT events_extracted_at FROM articles").fetchone()[0] is None
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    retry = ingest([], settings, reextract=True)
    assert retry.reextracted == 1 and retry.events > 0 and not retry.failed


class _FailsOnOne:
    """Stands in for the extractor: the real one, except that it fails on articles naming Odesa."""

    def __init__(self, real):
        self.real = real

    def extract(self, article, options=None):
        if "Odesa" in article.text:
            raise RuntimeError("engine bug")
        return self.real.extract(article, options)

    def extract_many(self, articles, options=None):
        for article in articles:
            yield article, self.extract(article, options)


def test_events_store_an_engine_failure_in_a_batch_costs_only_that_article_its_events(tmp_path, extractor):
    settings = load_settings(env={}, db=str(tmp_path / "b.db"))
    files = [EXAMPLES / n for n in ("kharkiv_glide_bombs.txt", "odesa_drone_attack.txt", "kremlin_warning.md")]
    report = ingest(files, settings, extractor=_FailsOnOne(extractor))
    assert report.ingested == 3 and report.extracted == 2 and report.skipped["R201"] == 1
    conn = connect(settings.db, readonly=True)
    rows = conn.execute("SELECT source, events_extracted_at IS NOT NULL AS done, "
                        "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS n FROM articles a").fetchall()
    assert {(r["source"].split("/")[-1], r["done"], r["n"] > 0) for r in rows} == {
        ("kharkiv_glide_bombs.txt", 1, True), ("odesa_drone_attack.txt", 0, False), ("kremlin_warning.md", 1, True)}
