"""The read endpoints: every route's happy path, filters, formats, paging and errors."""

from __future__ import annotations

import csv
import importlib.util
import io
import json

import pyarrow.parquet as pq
import pytest

from redline.store.db import connect
from redline.store.queries import EventFilter, count_events
from tests.conftest import ROOT
from tests.serve.conftest import api_error


def test_api_openapi_and_docs_are_served(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/articles/{article_id}",
                 "/api/dyads", "/api/escalation", "/api/redlines", "/api/firsts", "/api/alerts", "/api/stats"):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/articles"]
    assert client.get("/docs").status_code == 200


def test_api_events_lists_with_total_and_paging(client, read_db):
    with connect(read_db, readonly=True) as conn:
        total = count_events(conn, EventFilter())
    first = client.get("/api/events", params={"limit": 5}).json()
    assert first["total"] == total > 5
    assert len(first["events"]) == 5
    second = client.get("/api/events", params={"limit": 5, "offset": 5}).json()
    assert {e["id"] for e in first["events"]}.isdisjoint(e["id"] for e in second["events"])
    assert client.get("/api/events", params={"limit": 0}).json()["events"] == []


@pytest.mark.parametrize("params", [
    {"dyad": "RUS-UKR"}, {"actor": "RUS"}, {"recipient": "UKR"}, {"event_type": "ASSAULT"},
    {"status": "occurred"}, {"date_from": "2024-01-01", "date_to": "2024-12-31"}, {"weapon": "drone"},
    {"place": "UA"}, {"text": "missile"}, {"bbox": "22,44,41,53"}, {"mode": "aerial"}, {"mode": "heavy-weapons"},
])
def test_api_events_filters_match_the_query_layer(client, read_db, params):
    names = {"bbox": lambda v: tuple(float(x) for x in v.split(","))}
    flt = EventFilter(**{k: names.get(k, lambda v: v)(v) for k, v in params.items()})
    with connect(read_db, readonly=True) as conn:
        expected = count_events(conn, flt)
    body = client.get("/api/events", params={**params, "limit": 1000}).json()
    assert body["total"] == expected == len(body["events"])


def test_api_events_filters_narrow(client):
    body = client.get("/api/events", params={"dyad": "RUS-UKR", "limit": 1000}).json()
    assert 0 < body["total"] < client.get("/api/events").json()["total"]
    for event in body["events"]:
        assert "RUS" in [a["code"] for a in event["actor"]]
        assert "UKR" in [r["code"] for r in event["recipient"]]
    box = client.get("/api/events", params={"bbox": "22,44,41,53", "limit": 1000}).json()["events"]
    assert box and all(22 <= e["event_loc"]["lon"] <= 41 and 44 <= e["event_loc"]["lat"] <= 53 for e in box)


def test_api_events_formats_parse_back(client):
    page = client.get("/api/events", params={"limit": 20}).json()
    ids = [e["id"] for e in page["events"]]
    jsonl = client.get("/api/events", params={"limit": 20, "format": "jsonl"})
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert jsonl.headers["x-total-count"] == str(page["total"])
    assert [json.loads(line)["id"] for line in jsonl.text.splitlines()] == ids
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events", params={"limit": 20, "format": "csv"}).text)))
    assert [r["id"] for r in rows] == ids
    geo = client.get("/api/events", params={"limit": 20, "format": "geojson"}).json()
    assert geo["type"] == "FeatureCollection"
    located = [e["id"] for e in page["events"] if (e.get("event_loc") or {}).get("lat") is not None]
    assert [f["id"] for f in geo["features"]] == located
    table = pq.read_table(io.BytesIO(client.get("/api/events", params={"limit": 20, "format": "parquet"}).content))
    assert table.column("id").to_pylist() == ids


def test_api_event_has_its_article_and_evidence(client):
    event = client.get("/api/events", params={"limit": 1, "dyad": "RUS-UKR"}).json()["events"][0]
    body = client.get(f"/api/events/{event['id']}").json()
    assert body["event"] == event
    assert body["article"]["id"]
    assert body["evidence"] == event["event_text"]


def test_api_articles_list_one_and_filters(client):
    listed = client.get("/api/articles", params={"limit": 1000}).json()["articles"]
    assert listed
    one = client.get(f"/api/articles/{listed[0]['id']}").json()
    assert one["id"] == listed[0]["id"] and "copies" in one
    canonical = client.get("/api/articles", params={"canonical_only": True, "limit": 1000}).json()["articles"]
    assert all(a["duplicate_of"] is None for a in canonical) and len(canonical) < len(listed)
    found = client.get("/api/articles", params={"search": "Odesa"}).json()["articles"]
    assert found and all("odesa" in (a["text"] + (a["title"] or "")).lower() for a in found)


def test_api_stats_and_dyads(client):
    stats = client.get("/api/stats").json()
    assert stats["articles"]["articles"] > 0 and stats["events"]["events"] > 0
    dyads = client.get("/api/dyads").json()["dyads"]
    assert dyads and dyads == sorted(dyads, key=lambda d: (-d["events"], d["actor"], d["recipient"]))
    top = dyads[0]
    total = client.get("/api/events", params={"dyad": f"{top['actor']}-{top['recipient']}"}).json()["total"]
    assert top["events"] == total
    assert client.get("/api/dyads", params={"date_from": "2099"}).json()["dyads"] == []


def _analysis_built(module: str) -> bool:
    return importlib.util.find_spec(f"redline.analyse.{module}") is not None


@pytest.mark.parametrize(("url", "module", "key"), [
    ("/api/escalation?dyad=RUS-UKR", "escalation", "series"), ("/api/escalation?dyad=rus-ukr&period=day", "escalation", "series"),
    ("/api/redlines", "redlines", "redlines"), ("/api/redlines?window_days=10", "redlines", "redlines"),
    ("/api/firsts", "firsts", "firsts"),
])
def test_api_analysis_routes_serve_the_analysis_layer(client, url, module, key):
    resp = client.get(url)
    if not _analysis_built(module):
        api_error(resp, 501, "not_implemented")
        return
    assert resp.status_code == 200, resp.text
    assert isinstance(resp.json()[key], list)


@pytest.mark.parametrize("url", ["/api/escalation", "/api/escalation?dyad=RUS", "/api/escalation?dyad=RUS-UKR&period=year",
                                 "/api/escalation?dyad=RUS-UKR&baseline=0", "/api/redlines?window_days=-1"])
def test_api_analysis_routes_refuse_bad_parameters(client, url):
    api_error(client.get(url), 422, "invalid_request")


def test_api_alerts_list_is_empty_before_any_evaluation(client):
    # The session store was never evaluated (`redline alerts` or `redline watch` store alerts; the API reads).
    assert client.get("/api/alerts").json() == {"total": 0, "limit": 100, "offset": 0, "alerts": []}
    api_error(client.get("/api/alerts", params={"limit": 5000}), 422, "invalid_request")


@pytest.mark.parametrize("url", ["/api/events/no-such-event", "/api/articles/no-such-article", "/api/nothing"])
def test_api_missing_things_are_404(client, url):
    api_error(client.get(url), 404, "not_found")


@pytest.mark.parametrize("params", [
    {"limit": 1001}, {"limit": -1}, {"offset": -3}, {"limit": "many"}, {"format": "xml"}, {"bbox": "1,2,3"},
    {"bbox": "a,b,c,d"}, {"bbox": "10,10,0,0"}, {"bbox": "nan,0,1,1"}, {"dyad": "RUS"}, {"dyad": "-UKR"},
    {"date_from": "2024-13-01"}, {"date_to": "yesterday"}, {"actor": "R U S"}, {"text": "x" * 500},
])
def test_api_bad_parameters_are_422_with_a_reason(client, params):
    api_error(client.get("/api/events", params=params), 422, "invalid_request")


def test_api_store_missing_is_503(tmp_path):
    from tests.serve.conftest import client_for

    api_error(client_for(tmp_path / "gone.db").get("/api/stats"), 503, "unavailable")


def test_api_every_route_is_documented(client):
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for path, methods in client.get("/openapi.json").json()["paths"].items():
        for method in methods:
            assert f"`{method.upper()} {path}`" in doc, (method, path)


def test_api_unexpected_error_is_a_logged_500_with_the_json_body(read_db, monkeypatch, caplog):
    from redline.store import queries
    from tests.serve.conftest import client_for

    def broken(conn):
        raise KeyError("a bug")

    monkeypatch.setattr(queries, "stats", broken)
    api_error(client_for(read_db).get("/api/stats"), 500, "internal")
    assert "unexpected error on GET /api/stats" in caplog.text
