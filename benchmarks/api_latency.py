"""Latency of the dashboard's queries on a large store (default 1,000,000 events), p50 and p95.

Builds a synthetic store through the store's own writer (`store.events.write_events`, so the rows are
exactly what ingest writes) from varied copies of a real event record, then times typical dashboard
requests through the REST API in-process (FastAPI TestClient: routing, query, JSON encoding) and the
same queries through the shared query layer alone.

Usage: python benchmarks/api_latency.py [--events 1000000] [--runs 30] [--db PATH] [--keep]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from redline.store.db import connect, transaction
from redline.store.events import write_events
from redline.store.queries import EventFilter, count_events, dyad_counts, list_events

CODES = ["RUS"] * 6 + ["UKR"] * 6 + ["USA", "GBR", "POL", "BLR", "NATO", "DEU", "FRA", "IRN", "PRK"]
TYPES = ["ASSAULT"] * 8 + ["THREATEN", "ACCUSE", "AID", "CONSULT", "SUPPORT", "REQUEST", "COERCE", "MOBILIZE",
                           "SANCTION", "REJECT", "AGREE", "RETREAT", "PROTEST", "COOPERATE", "CONCEDE"]
WEAPONS = [[], [], ["drone"], ["ballistic missile"], ["artillery"], ["glide bomb"], ["ATACMS"], ["Storm Shadow"]]
PLACES = [("Kharkiv", 49.98, 36.25, 4), ("Odesa", 46.48, 30.72, 4), ("Dnipro", 48.45, 34.98, 4),
          ("Kyiv", 50.45, 30.52, 4), ("Belgorod", 50.6, 36.6, 4), ("Kursk Oblast", 51.7, 36.2, 2),
          ("Zaporizhzhia Oblast", 47.5, 35.5, 2), ("Ukraine", None, None, 1), (None, None, None, 0)]


def synthetic_event(rng: random.Random, event_id: str, day: date) -> dict:
    actor, recipient = rng.sample(CODES, 2)
    place, lat, lon, resolution = rng.choice(PLACES)
    return {
        "id": event_id, "date": day.isoformat(), "date_precision": "day",
        "actor": [{"entity_text": actor, "code": actor, "sector": "MIL", "name": actor, "office": None}],
        "recipient": [{"entity_text": recipient, "code": recipient, "sector": "GOV", "name": recipient,
                       "office": None}],
        "event": [rng.choice(TYPES)], "mode": ["aerial"], "context": ["military"], "quad_code": 4,
        "event_scale": -9.0, "cameo": "190", "acled": None, "status": "occurred", "condition": None,
        "weapons": rng.choice(WEAPONS),
        "size": {"dead": rng.choice([None, None, 0, 1, 3, 12]), "injured": None, "arrested": None},
        "event_loc": None if place is None else {
            "extracted_place": place, "resolved_place": place, "geonameid": None, "lat": lat, "lon": lon,
            "province": None, "country": None, "country_code": "UKR", "feature_class": None,
            "feature_code": None, "resolution": resolution},
        "attribution": None, "event_text": f"Synthetic report {event_id} of a strike near {place}.",
        "text_info": {"sequence": 0, "start": 0, "end": 40}, "cite_info": {"citation": event_id},
        "confidence": 0.7, "trigger": {}, "explain": {},
    }


def build(db: Path, n_events: int, per_article: int = 100, seed: int = 7, n_threats: int = 2000) -> None:
    rng = random.Random(seed)
    conn = connect(db)
    start_day = date(2022, 2, 24)
    with transaction(conn):
        conn.execute("INSERT INTO ingest_runs (started_at, status, inputs, settings) "
                     "VALUES (datetime('now'), 'finished', '[]', '{}')")
        for a in range(n_events // per_article):
            article_id = f"synthetic-{a:07d}"
            conn.execute(
                "INSERT INTO articles (id, source, origin, format, published, published_precision, raw, text, "
                "textmap, blocks, hints, warnings, content_hash, text_hash, run_id, ingested_at) "
                "VALUES (?, ?, ?, 'text', ?, 'day', '', '', '[]', '[]', '{}', '[]', ?, ?, 1, datetime('now'))",
                (article_id, article_id, article_id, (start_day + timedelta(days=a % 1000)).isoformat(),
                 article_id, article_id))
            day = start_day + timedelta(days=a % 1000)
            write_events(conn, article_id, [synthetic_event(rng, f"{article_id}-e{i}", day)
                                            for i in range(per_article)])
    add_red_lines(conn, n_threats)
    settle(conn)
    conn.close()


# Conditional threats, whose conditions the synthetic events can meet (AID and ASSAULT events naming these
# weapons): what the stored red lines are made of. Written here, in the benchmark's own words.
CONDITIONS = [
    ("RUS", "{sup}", "Moscow warned on {day} that it would respond if {name} supplies {weapon} missiles to Ukraine."),
    ("RUS", "UKR", "Russia threatened on {day} to retaliate if Ukraine strikes Russian territory with {weapon} "
                   "missiles."),
    ("RUS", "{sup}", "The Kremlin said on {day} it would hit back if {name} lets Ukraine fire {weapon} missiles at "
                     "Russia."),
]
SUPPLIERS = [("USA", "the United States"), ("GBR", "Britain"), ("FRA", "France"), ("DEU", "Germany")]


def add_red_lines(conn, n_threats: int, seed: int = 11, per_article: int = 100) -> None:
    """`n_threats` conditional threats in articles of their own, spread over the store's dates."""
    rng = random.Random(seed)
    start_day = date(2022, 2, 24)
    with transaction(conn):
        for a in range(n_threats // per_article):
            article_id = f"threats-{a:05d}"
            conn.execute(
                "INSERT INTO articles (id, source, origin, format, published, published_precision, raw, text, "
                "textmap, blocks, hints, warnings, content_hash, text_hash, run_id, ingested_at) "
                "VALUES (?, ?, ?, 'text', NULL, 'unknown', '', '', '[]', '[]', '{}', '[]', ?, ?, 1, datetime('now'))",
                (article_id,) * 5)
            events = []
            for i in range(per_article):
                actor, recipient, text = rng.choice(CONDITIONS)
                code, name = rng.choice(SUPPLIERS)
                weapon = rng.choice(["ATACMS", "Storm Shadow"])
                day = start_day + timedelta(days=rng.randrange(1000))
                recipient = code if recipient == "{sup}" else recipient
                sentence = text.format(day=day.strftime("%A"), name=name, weapon=weapon)
                event = synthetic_event(rng, f"{article_id}-e{i}", day)
                condition = sentence[sentence.index(" if ") + 1:].rstrip(".")
                event.update(
                    actor=[{"entity_text": actor, "code": actor, "sector": "GOV", "name": actor, "office": None}],
                    recipient=[{"entity_text": recipient, "code": recipient, "sector": "GOV", "name": recipient,
                                "office": None}],
                    event=["THREATEN"], status="threatened", condition=condition, quad_code=3, event_scale=-4.0,
                    weapons=[], event_text=sentence, text_info={"sequence": i, "start": i * 200, "end": i * 200 + 150})
                events.append(event)
            write_events(conn, article_id, events)


def settle(conn) -> None:
    """What the end of an ingest run stores: firsts and red lines (refreshed as ingest does) and the fusion.
    Fusion is stood in for by grouping the reports of one day, type, dyad and place across articles (the
    clustering itself is measured by benchmarks/fusion_eval.py), so that the analyses read a fused store."""
    from redline.analyse.stored import refresh_stored

    with transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO event_fusion (event_id, article_id, block, fused_id) "
            "SELECT id, article_id, event_type, 'fe-' || first_value(id) OVER (PARTITION BY date, event_type, "
            "actor_code, recipient_code, place ORDER BY article_id, id) FROM events")
        conn.execute("DELETE FROM fusion_pending")
        start = time.perf_counter()
        counts = refresh_stored(conn)
        print(f"firsts and red lines stored in {time.perf_counter() - start:.0f} s: {counts}")
    conn.execute("ANALYZE")


def refresh_after_ingest(conn, n_articles: int = 5, per_article: int = 100, seed: int = 5) -> list[float]:
    """Seconds the end of an ingest run spends bringing the stored analyses up to date (fusion aside, stood
    in for here) after `n_articles` new articles of the store's mix (with a few conditional threats), each
    in a run of its own; the articles are taken out again afterwards, so the store is left as it was."""
    from redline.analyse.stored import refresh_stored

    rng = random.Random(seed)
    timings, written = [], []
    for a in range(n_articles):
        article_id = f"probe-{a:03d}"
        day = date(2024, 6, 1) + timedelta(days=a)
        events = [synthetic_event(rng, f"{article_id}-e{i}", day) for i in range(per_article)]
        for event in events[:3]:
            event.update(event=["THREATEN"], status="threatened", condition="if Britain supplies Storm Shadow "
                         "missiles to Ukraine", actor=[{"code": "RUS", "name": "RUS"}],
                         recipient=[{"code": "GBR", "name": "GBR"}], event_text="Moscow warned it would respond "
                         "if Britain supplies Storm Shadow missiles to Ukraine.")
        with transaction(conn):
            conn.execute(
                "INSERT INTO articles (id, source, origin, format, published, published_precision, raw, text, "
                "textmap, blocks, hints, warnings, content_hash, text_hash, run_id, ingested_at) VALUES "
                "(?, ?, ?, 'text', ?, 'day', '', '', '[]', '[]', '{}', '[]', ?, ?, 1, datetime('now'))",
                (article_id, article_id, article_id, day.isoformat(), article_id, article_id))
            write_events(conn, article_id, events)
            conn.execute("DELETE FROM fusion_pending")  # fusion is measured by fusion_eval.py
            start = time.perf_counter()
            refresh_stored(conn)
            timings.append(time.perf_counter() - start)
        written.append(article_id)
    from redline.store.events import delete_events

    with transaction(conn):
        for article_id in written:
            delete_events(conn, article_id)
            conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        conn.execute("DELETE FROM fusion_pending")
        refresh_stored(conn)
    return timings


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    db = args.db or folder / "large.db"
    if not db.exists():
        start = time.perf_counter()
        build(db, args.events)
        print(f"built {args.events:,} events in {time.perf_counter() - start:.0f} s ({db.stat().st_size >> 20} MB)")

    from fastapi.testclient import TestClient

    from redline.serve import create_app

    client = TestClient(create_app(db))
    rng = random.Random(1)

    def day() -> str:
        return (date(2022, 2, 24) + timedelta(days=rng.randrange(900))).isoformat()

    api_cases = {
        # What the dashboard asks on load (redline/serve/dashboard/app.js) ...
        "dashboard: stats": lambda: "/api/stats",
        "dashboard: dyads (50)": lambda: "/api/dyads?limit=50",
        "dashboard: first 1000": lambda: "/api/events?limit=1000",
        "dashboard: red lines": lambda: "/api/redlines",
        "dashboard: escalation RUS-UKR": lambda: "/api/escalation?dyad=RUS-UKR",
        "dashboard: firsts": lambda: "/api/firsts",
        "escalation, another dyad (day)": lambda: f"/api/escalation?dyad={rng.choice(['UKR-RUS', 'RUS-USA', 'UKR-IRN'])}"
                                                  f"&period=day",
        # ... and when its filter form is used (date_from, date_to, dyad, actor, event_type, text).
        "first page (100)": lambda: "/api/events?limit=100",
        "dyad RUS-UKR + 30 days": lambda: f"/api/events?dyad=RUS-UKR&date_from={(d := day())}&date_to="
                                          f"{(date.fromisoformat(d) + timedelta(days=30)).isoformat()}&limit=100",
        "dyad + 30 days + type (1000)": lambda: f"/api/events?dyad=UKR-RUS&event_type=ASSAULT&date_from="
                                                f"{(d := day())}&date_to="
                                                f"{(date.fromisoformat(d) + timedelta(days=30)).isoformat()}"
                                                f"&limit=1000",
        "type + weapon": lambda: "/api/events?event_type=ASSAULT&weapon=ATACMS&limit=100",
        "bbox (map)": lambda: "/api/events?bbox=35,49,37,51&limit=1000&format=geojson",
        "actor UKR, page 50": lambda: "/api/events?actor=UKR&limit=100&offset=5000",
        "dyads": lambda: "/api/dyads",
        "dyads, one year": lambda: "/api/dyads?date_from=2023&date_to=2023-12-31",
        "one event": lambda: f"/api/events/synthetic-{rng.randrange(args.events // 100):07d}-e{rng.randrange(100)}",
        "text search": lambda: "/api/events?text=Kharkiv&limit=100",
        "text search, rare": lambda: f"/api/events?text=report%20synthetic-{rng.randrange(args.events // 100):07d}"
                                     f"-e{rng.randrange(100)}%20&limit=100",
        "text search + dyad": lambda: "/api/events?text=Odesa&dyad=RUS-UKR&limit=1000",
    }
    writable = connect(db)
    timings = refresh_after_ingest(writable)
    writable.close()
    print(f"refresh of the stored analyses after one new article (100 events): "
          f"{', '.join(f'{t:.2f}' for t in timings)} s")
    conn = connect(db, readonly=True)
    query_cases = {
        "list_events dyad + 30 days": lambda: list_events(conn, EventFilter(dyad="RUS-UKR", date_from=day(), limit=100)),
        "count_events type": lambda: count_events(conn, EventFilter(event_type="ASSAULT")),
        "dyad_counts": lambda: dyad_counts(conn),
    }
    results = {}
    for name, make in api_cases.items():
        samples = []
        for _ in range(args.runs):
            url = make()
            start = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code, response.text[:200])
        results[f"api: {name}"] = percentiles(samples)
    for name, call in query_cases.items():
        samples = []
        for _ in range(max(5, args.runs // 3)):
            start = time.perf_counter()
            call()
            samples.append(time.perf_counter() - start)
        results[f"query: {name}"] = percentiles(samples)
    for name, (p50, p95) in results.items():
        print(f"{name:34} p50 {p50 * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms")
    print(json.dumps({k: {"p50_ms": round(v[0] * 1000, 1), "p95_ms": round(v[1] * 1000, 1)} for k, v in results.items()}))
    if not args.keep and args.db is None:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
