"""The read structures of migration 0003 (order indexes, `events_fts`, `event_dyad_days`) give the same
answers as the plain queries they replace, stay so as articles are re-extracted or cleared, and are built
for a store created before them. Timings are not asserted here (benchmarks/api_latency.py measures them)."""

from __future__ import annotations

import dataclasses
import json
import random
import sqlite3
import string

import pytest

from redline.store import migrations, queries
from redline.store.db import connect, transaction
from redline.store.events import EVENT_COLUMNS, delete_events, entity_rows, event_columns, write_events
from redline.store.queries import (
    EventFilter,
    _dyad_counts_live,
    count_events,
    count_events_upto,
    dyad_counts,
    event_stats,
    list_events,
)

CODES = ["RUS", "UKR", "BLR", "USA", None]
TEXTS = ["Russian drones hit a power plant near Kharkiv.", "KHARKIV was shelled again overnight.",
         "Удар по Харкову: the \"Storm Shadow\" story.", "Ukraine said 100% of targets were hit.",
         "Odesa port attacked; grain silo burnt.", "No fighting reported near Kyiv on Tuesday.",
         "The \u212aELVIN sign is not an ASCII K."]
# Substrings searched: long and short, any case, quotes and FTS5 syntax, non-ASCII (which lower() leaves
# alone: "харков" must not find "Харкову", nor "kelvin" the Kelvin sign, though Unicode folds them).
SEARCHES = ["kharkiv", "KhArKiV", "power plant", "hit", "ha", "k", "\"storm shadow\"", "Storm", "100%",
            "харков", "ХАРКОВ", "Харков", "; grain", "OR", "NOT", "t AND p", "*", "nowhere at all", "a.",
            "ов: t", "kelvin", "\u212aelvin", "\u212aEL", "elvin sign"]
# Phrases looked up in events_fts, which indexes the sentences as lower() has them.
FTS_PROBES = ["kharkiv", "power", "харков", "Харков", "storm shadow", "100%", "silo", "kyiv on", "kelvin", "elvin"]
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)  # what SQLite's lower() does


def _event(rng: random.Random, event_id: str) -> dict:
    """A minimal event record with varied dates, codes (repeated, missing) and evidence sentences."""
    def entities():
        return [{"code": rng.choice(CODES), "name": "x"} for _ in range(rng.choice([0, 1, 1, 2, 3]))]

    record = {"id": event_id, "event": [rng.choice(["ASSAULT", "THREATEN", "AID"])], "mode": ["aerial"],
              "status": rng.choice(["occurred", "threatened"]),
              "date": rng.choice([None, "2024-01-05", "2024-01-31", "2024-02-01", "2024-02-29", "2025-03-10"]),
              "actor": entities(), "recipient": entities(),
              "weapons": rng.choice([[], [], ["drone"], ["ATACMS", "drone"]]),
              "context": rng.choice([[], ["military"], ["military", "cbrn"]]),
              "quad_code": rng.choice([None, 1, 3, 4]), "event_scale": rng.choice([None, -9.0, 3.5]),
              "event_text": rng.choice(TEXTS), "cite_info": {"coder": rng.choice([None, "v1", "v2"])},
              "event_loc": rng.choice([None, {"resolved_place": "Kharkiv", "lat": 50.0, "lon": 36.2},
                                       {"extracted_place": "Odesa", "lat": None, "lon": None}])}
    if rng.random() < 0.1:
        del record["event_text"]
    return record


def _add_article(conn: sqlite3.Connection, article_id: str) -> None:
    if not conn.execute("SELECT 1 FROM ingest_runs").fetchone():
        conn.execute("INSERT INTO ingest_runs (started_at, status, inputs, settings) "
                     "VALUES (datetime('now'), 'finished', '[]', '{}')")
    conn.execute("INSERT INTO articles (id, source, origin, format, published_precision, raw, text, textmap, "
                 "blocks, hints, warnings, content_hash, text_hash, run_id, ingested_at) VALUES "
                 "(?, ?, ?, 'text', 'unknown', '', '', '[]', '[]', '{}', '[]', ?, ?, 1, datetime('now'))",
                 (article_id,) * 5)


def _articles(seed: int, n_articles: int = 30, per_article: int = 10) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    return {f"a{a}": [_event(rng, f"a{a}-s{seed}-e{i}") for i in range(rng.randrange(per_article))]
            for a in range(n_articles)}


@pytest.fixture()
def store(tmp_path):
    conn = connect(tmp_path / "speed.db")
    with transaction(conn):
        for article_id, events in _articles(seed=1).items():
            _add_article(conn, article_id)
            write_events(conn, article_id, events)
    yield conn
    conn.close()


def _plain_text_ids(conn: sqlite3.Connection, text: str) -> list[str]:
    """The text filter as it was before the index: a scan of every evidence sentence."""
    return [r[0] for r in conn.execute(
        "SELECT e.id FROM events e WHERE instr(lower(json_extract(e.json, '$.event_text')), lower(?)) > 0 "
        "ORDER BY e.date IS NULL, e.date, e.id", (text,))]


def _fresh_dyad_days(conn: sqlite3.Connection) -> set[tuple]:
    """`event_dyad_days` computed from scratch (as migration 0003 fills it)."""
    return set(map(tuple, conn.execute(
        "SELECT a.code, r.code, coalesce(e.date, ''), count(DISTINCT e.id) FROM events e "
        "JOIN event_entities a ON a.event_id = e.id AND a.role = 'actor' AND a.code IS NOT NULL "
        "JOIN event_entities r ON r.event_id = e.id AND r.role = 'recipient' AND r.code IS NOT NULL "
        "GROUP BY 1, 2, 3")))


def _fresh_dyad_rows(conn: sqlite3.Connection) -> set[tuple]:
    """`event_dyad_rows` (migration 0006) computed in Python from the stored records: each dated event once
    per pair of an actor code and a recipient code."""
    rows = set()
    for article_id, start, doc in conn.execute("SELECT article_id, sentence_start, json FROM events"):
        ev = json.loads(doc)
        if not ev.get("date"):
            continue
        for actor in {e["code"] for e in ev.get("actor") or [] if e.get("code")}:
            for recipient in {e["code"] for e in ev.get("recipient") or [] if e.get("code")}:
                rows.add((actor, recipient, ev["date"], article_id, start or 0, ev["id"], ev["event"][0],
                          ev.get("status"), ev.get("quad_code"), ev.get("event_scale"),
                          json.dumps(ev.get("weapons") or []), int("cbrn" in (ev.get("context") or []))))
    return rows


def _plain_event_stats(conn: sqlite3.Connection) -> dict:
    """`event_stats` as it was before `event_facets`: every count read from the events (ties by name)."""
    def one(sql):
        return conn.execute(sql).fetchone()[0]

    def by(sql):
        return {str(k): v for k, v in conn.execute(sql)}

    return {
        "events": one("SELECT count(*) FROM events"),
        "articles_extracted": one("SELECT count(*) FROM articles WHERE events_extracted_at IS NOT NULL"),
        "articles_not_extracted": one("SELECT count(*) FROM articles WHERE events_extracted_at IS NULL"),
        "dated": one("SELECT count(*) FROM events WHERE date IS NOT NULL"),
        "geocoded": one("SELECT count(*) FROM events WHERE lat IS NOT NULL"),
        "first_date": one("SELECT min(date) FROM events"),
        "last_date": one("SELECT max(date) FROM events"),
        "by_type": by("SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1"),
        "by_status": by("SELECT status, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1"),
        "by_month": by("SELECT substr(date, 1, 7), count(*) FROM events WHERE date IS NOT NULL GROUP BY 1 ORDER BY 1"),
        "top_dyads": by("SELECT actor_code || '-' || recipient_code, count(*) FROM events WHERE actor_code IS NOT NULL "
                        "AND recipient_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20"),
        "extractor_versions": by("SELECT coalesce(extractor_version, 'unknown'), count(*) FROM events GROUP BY 1 "
                                 "ORDER BY 2 DESC, 1"),
    }


def assert_derived_consistent(conn: sqlite3.Connection) -> None:
    """The derived tables say exactly what the events say."""
    fast, plain = event_stats(conn), _plain_event_stats(conn)
    assert {k: list(v.items()) if isinstance(v, dict) else v for k, v in fast.items()} == \
        {k: list(v.items()) if isinstance(v, dict) else v for k, v in plain.items()}
    stored = set(map(tuple, conn.execute("SELECT actor, recipient, date, events FROM event_dyad_days")))
    assert stored == _fresh_dyad_days(conn)
    assert set(map(tuple, conn.execute("SELECT * FROM event_dyad_rows"))) == _fresh_dyad_rows(conn)
    texts = {rowid: json.loads(doc).get("event_text") for rowid, doc in conn.execute("SELECT rowid, json FROM events")}
    for probe in FTS_PROBES:
        found = {r[0] for r in conn.execute("SELECT rowid FROM events_fts WHERE events_fts MATCH ?", (f'"{probe}"',))}
        assert found == {rowid for rowid, text in texts.items() if text and probe in text.translate(ASCII_LOWER)}, probe
    for text in SEARCHES:
        assert [e["id"] for e in list_events(conn, EventFilter(text=text))] == _plain_text_ids(conn, text), text


def test_query_speed_text_filter_answers_as_the_plain_scan(store):
    answers = {text: _plain_text_ids(store, text) for text in SEARCHES}
    assert answers["kharkiv"] and answers["kharkiv"] == answers["KhArKiV"] and answers["Харков"]
    assert answers["ХАРКОВ"] == answers["харков"] == answers["kelvin"] == [] and answers["\u212aelvin"]
    assert answers["ha"] and answers["\"storm shadow\""]
    assert_derived_consistent(store)
    for text in SEARCHES:
        flt = EventFilter(text=text, actor="RUS")
        assert count_events(store, flt) == len(list_events(store, flt))


def _codes(event: dict, role: str) -> set:
    return {entity.get("code") for entity in event.get(role) or []}


@pytest.mark.parametrize("drive_max", [0, 3, 100_000])  # never, sometimes, always start from an index
@pytest.mark.parametrize("flt, keep", [
    (EventFilter(actor="rus"), lambda e: "RUS" in _codes(e, "actor")),
    (EventFilter(recipient="UKR", actor="BLR"), lambda e: "UKR" in _codes(e, "recipient") and "BLR" in _codes(e, "actor")),
    (EventFilter(dyad="USA-RUS", date_from="2024-02"), lambda e: "USA" in _codes(e, "actor")
        and "RUS" in _codes(e, "recipient") and (e["date"] or "") >= "2024-02"),
    (EventFilter(text="KHARKIV", actor="UKR"), lambda e: "kharkiv" in e.get("event_text", "").lower()
        and "UKR" in _codes(e, "actor")),
    (EventFilter(text="hit", date_to="2024-02-01"), lambda e: "hit" in e.get("event_text", "").lower()
        and e["date"] and e["date"] <= "2024-02-01"),
    (EventFilter(text="Ki", recipient="RUS"), lambda e: "ki" in e.get("event_text", "").lower()
        and "RUS" in _codes(e, "recipient")),
    (EventFilter(text="no such sentence", actor="RUS"), lambda e: False),
])
def test_query_speed_any_starting_index_gives_the_same_events(store, monkeypatch, drive_max, flt, keep):
    monkeypatch.setattr(queries, "DRIVE_MAX", drive_max)
    monkeypatch.setattr(queries, "COUNT_START_MAX", drive_max)
    everything = list_events(store)
    expected = [e["id"] for e in everything if keep(e)]
    assert expected or flt.text == "no such sentence"
    assert [e["id"] for e in list_events(store, flt)] == expected
    assert count_events(store, flt) == len(expected)
    page = dataclasses.replace(flt, limit=2, offset=1)
    assert [e["id"] for e in list_events(store, page)] == expected[1:3]
    assert sum(d["events"] for d in dyad_counts(store, flt)) == sum(
        len(_codes(e, "actor") - {None}) * len(_codes(e, "recipient") - {None}) for e in everything if keep(e))


@pytest.mark.parametrize("dates", [{}, {"date_from": "2024-02"}, {"date_to": "2024-01-31"},
                                   {"date_from": "2024", "date_to": "2024-12-31"}, {"date_to": "2024-02"},
                                   {"date_from": "2030"}])
def test_query_speed_dyad_counts_from_the_day_table_equal_the_live_count(store, dates):
    flt = EventFilter(**dates)
    fast = dyad_counts(store, flt)
    assert fast == _dyad_counts_live(store, flt)
    assert dates.get("date_from") == "2030" or fast
    for pair in fast:
        assert pair["events"] == count_events(store, EventFilter(dyad=f"{pair['actor']}-{pair['recipient']}", **dates))
    paged = dataclasses.replace(flt, limit=3, offset=2)
    assert dyad_counts(store, paged) == _dyad_counts_live(store, paged) == fast[2:5]


def test_query_speed_derived_tables_follow_reextraction_and_clearing(store):
    assert_derived_consistent(store)
    replacements = _articles(seed=2)
    with transaction(store):
        for article_id in list(replacements)[:6]:
            write_events(store, article_id, replacements[article_id])  # new dates, codes and sentences
        delete_events(store, "a7")
        write_events(store, "a8", [])
    assert_derived_consistent(store)
    assert not store.execute("SELECT count(*) FROM events WHERE article_id IN ('a7', 'a8')").fetchone()[0]
    assert store.execute("SELECT min(events) FROM event_dyad_days").fetchone()[0] > 0  # emptied days dropped
    assert store.execute("SELECT min(events) FROM event_facets").fetchone()[0] > 0
    with transaction(store):
        for article_id in replacements:
            delete_events(store, article_id)
    assert store.execute("SELECT count(*) FROM event_dyad_days").fetchone()[0] == 0
    assert store.execute("SELECT count(*) FROM event_facets").fetchone()[0] == 0
    assert event_stats(store)["events"] == 0 and event_stats(store)["by_type"] == {}
    assert store.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH '\"kharkiv\"'").fetchone()[0] == 0


def test_query_speed_a_failed_batch_leaves_the_derived_tables_as_they_were(store):
    before = set(map(tuple, store.execute("SELECT * FROM event_dyad_days")))
    with pytest.raises(KeyError), transaction(store):
        write_events(store, "a1", _articles(seed=3)["a1"])
        write_events(store, "no-such-article", [])
    assert set(map(tuple, store.execute("SELECT * FROM event_dyad_days"))) == before
    assert_derived_consistent(store)


def test_query_speed_text_index_survives_vacuum(store):
    # events_fts is keyed by the events' implicit rowid, which VACUUM keeps (this pins that down).
    with transaction(store):  # leave gaps in the rowids, which a renumbering VACUUM would close
        delete_events(store, "a2")
        write_events(store, "a5", [{**e, "id": e["id"] + "-again"} for e in _articles(seed=1)["a5"][::2]])
    before = {text: _plain_text_ids(store, text) for text in SEARCHES}
    rowids = dict(store.execute("SELECT id, rowid FROM events"))
    assert sorted(rowids.values()) != list(range(1, len(rowids) + 1))
    store.execute("VACUUM")
    assert dict(store.execute("SELECT id, rowid FROM events")) == rowids
    assert {text: [e["id"] for e in list_events(store, EventFilter(text=text))] for text in SEARCHES} == before


def test_query_speed_count_upto_stops_at_the_cap(store):
    total = count_events(store, EventFilter())
    assert total > 10
    assert count_events_upto(store, EventFilter(), total) == (total, True)
    assert count_events_upto(store, EventFilter(), total + 5) == (total, True)
    assert count_events_upto(store, EventFilter(), total - 1) == (total - 1, False)
    assert count_events_upto(store, EventFilter(), 3) == (3, False)
    flt = EventFilter(actor="RUS", date_from="2024-02")
    assert count_events_upto(store, flt, 10_000) == (len(list_events(store, flt)), True)


@pytest.mark.parametrize("flt", [EventFilter(actor="RUS"), EventFilter(recipient="UKR"), EventFilter(text="Kharkiv")])
def test_query_speed_count_upto_of_one_indexed_filter_counts_events(store, flt):
    # Counted from the index alone: an event whose actors repeat a code still counts once.
    twice = [e for e in list_events(store) if len([a for a in e["actor"] if a["code"] == "RUS"]) > 1]
    assert twice
    total = len(list_events(store, flt))
    assert count_events_upto(store, flt, 10_000) == (total, True) == (count_events(store, flt), True)
    assert count_events_upto(store, flt, total - 1) == (total - 1, False)


def test_query_speed_count_upto_visits_a_bounded_number_of_events(store, monkeypatch):
    flt = EventFilter(actor="RUS", text="kharkiv")
    total = count_events(store, flt)
    candidates = min(count_events(store, EventFilter(actor="RUS")), count_events(store, EventFilter(text="kharkiv")))
    assert 0 < total < candidates
    monkeypatch.setattr(queries, "COUNT_START_MAX", candidates)
    assert count_events_upto(store, flt, 10_000) == (total, True)
    monkeypatch.setattr(queries, "COUNT_START_MAX", candidates - 1)  # not every candidate visited
    found, exact = count_events_upto(store, flt, 10_000)
    assert found <= total and not exact
    assert count_events(store, flt) == total  # the exact count does not take the shortcut
    dated = dataclasses.replace(flt, date_from="2024")
    assert count_events_upto(store, dated, 10_000) == (count_events(store, dated), True)  # the dates are walked
    monkeypatch.setattr(queries, "WALK_MAX", 0)
    found, exact = count_events_upto(store, dated, 10_000)
    assert found <= count_events(store, dated) and not exact


def test_query_speed_date_filters_keep_their_meaning(store):
    everything = list_events(store)
    for lo, hi in [("2024-01-31", None), (None, "2024-02"), ("2024-02", "2024-02-29"), ("2024", "2025")]:
        expected = [e["id"] for e in everything if e["date"] and (lo is None or e["date"] >= lo)
                    and (hi is None or e["date"] <= hi)]
        assert expected
        assert [e["id"] for e in list_events(store, EventFilter(date_from=lo, date_to=hi))] == expected


def _create_0002_store(path, monkeypatch, articles: dict[str, list[dict]]) -> None:
    """A store as the code before migration 0003 wrote it: schema 0002, events and entity rows only."""
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:2])
        conn = connect(path)
    with transaction(conn):
        for article_id, events in articles.items():
            _add_article(conn, article_id)
            for data in events:
                columns = event_columns(data)
                conn.execute(f"INSERT INTO events (id, article_id, {', '.join(EVENT_COLUMNS)}, json, extracted_at) "
                             f"VALUES ({', '.join('?' * (len(EVENT_COLUMNS) + 4))})",
                             (data["id"], article_id, *(columns[c] for c in EVENT_COLUMNS), json.dumps(data),
                              "2024-01-01T00:00:00+00:00"))
                conn.executemany("INSERT INTO event_entities VALUES (?, ?, ?, ?, ?, ?)", entity_rows(data))
    assert [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")] == \
        ["0001_articles", "0002_events"]
    conn.close()


def test_query_speed_an_old_store_is_migrated_and_backfilled(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    articles = _articles(seed=4)
    _create_0002_store(path, monkeypatch, articles)
    with pytest.raises(RuntimeError, match="0003_query_speed"):
        connect(path, readonly=True)  # a reader cannot migrate: it asks for one writable open

    conn = connect(path)
    assert conn.execute("SELECT 1 FROM schema_migrations WHERE name = '0003_query_speed'").fetchone()
    assert conn.execute("SELECT count(*) FROM event_dyad_days").fetchone()[0] > 0
    assert event_stats(conn)["events"] == sum(map(len, articles.values()))
    assert len(event_stats(conn)["extractor_versions"]) == 3 and event_stats(conn)["geocoded"] > 0
    assert_derived_consistent(conn)
    assert dyad_counts(conn) == _dyad_counts_live(conn, EventFilter())
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"events_order", "events_type_order", "event_entities_code_event"} <= indexes
    with transaction(conn):  # and the writer carries on from the backfill
        write_events(conn, "a3", _articles(seed=5)["a3"])
        delete_events(conn, "a4")
    assert_derived_consistent(conn)
