"""POST /api/articles: access (403 read-only, 401 token), limits (413), validation (422), real ingestion."""

from __future__ import annotations

import pytest

from tests.serve.conftest import TOKEN, api_error

AUTH = {"Authorization": f"Bearer {TOKEN}"}
STORY = ("Russian drones struck an energy facility in Odesa on Monday, killing two people and injuring "
         "five, the regional governor said. Air defences shot down most of the drones overnight, "
         "officials added, and power was restored by the afternoon.")


def test_write_read_only_server_refuses_with_403(client):
    api_error(client.post("/api/articles", json={"text": STORY}, headers=AUTH), 403, "read_only")


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                                     {"Authorization": f"Basic {TOKEN}"}])
def test_write_wrong_or_missing_token_is_401(write_client, headers):
    resp = write_client.post("/api/articles", json={"text": STORY}, headers=headers)
    api_error(resp, 401, "unauthorized")
    assert resp.headers["www-authenticate"] == "Bearer"


def test_write_oversize_body_is_413(write_client):
    resp = write_client.post("/api/articles", json={"text": STORY * 1000}, headers=AUTH)
    api_error(resp, 413, "too_large")


def test_write_streamed_oversize_body_is_413(write_client):
    chunks = (b'{"text": "' + b"x" * 8192 for _ in range(20))  # no Content-Length: chunked
    api_error(write_client.post("/api/articles", content=chunks, headers=AUTH), 413, "too_large")


@pytest.mark.parametrize("body", [b"{not json", b"", b"\xff\xfe", b"[]", b"42", b'"text"', b'{"title": "no text"}',
                                  b'{"text": ""}', b'{"text": "   "}', b'{"text": 5}', b'{"text": "ok", "colour": 1}',
                                  b'[{"text": "ok"}, {"id": "x"}]', b'{"text": "ok", "id": ""}',
                                  b'{"text": "\\ud800"}', b"[" * 20_000 + b"]" * 20_000])
def test_write_malformed_or_invalid_is_422(write_client, body):
    resp = write_client.post("/api/articles", content=body, headers={**AUTH, "Content-Type": "application/json"})
    api_error(resp, 422)


def test_write_article_is_ingested_and_readable(write_client):
    before = write_client.get("/api/stats").json()
    resp = write_client.post("/api/articles", headers=AUTH, json={
        "id": "api-odesa-1", "text": STORY, "title": "Drones hit Odesa", "published": "2024-11-18",
        "source": "Test Wire", "url": "https://example.test/odesa"})
    assert resp.status_code == 200, resp.text
    report = resp.json()
    assert report["ingested"] == 1 and report["extracted"] == 1 and not report["failed"]
    article = write_client.get("/api/articles/api-odesa-1").json()
    assert article["title"] == "Drones hit Odesa" and article["published"] == "2024-11-18"
    after = write_client.get("/api/stats").json()
    assert after["articles"]["articles"] == before["articles"]["articles"] + 1
    assert after["events"]["events"] == before["events"]["events"] + report["events"]
    again = write_client.post("/api/articles", headers=AUTH, json={"id": "api-odesa-1", "text": STORY}).json()
    assert again["ingested"] == 0 and again["unchanged"] == 1


def test_write_batch_reports_skips_with_codes(write_client):
    resp = write_client.post("/api/articles", headers=AUTH, json=[
        {"id": "api-batch-1", "text": STORY.replace("Odesa", "Mykolaiv")},
        {"id": "api-batch-2", "text": "Too short."},
    ])
    assert resp.status_code == 200, resp.text
    report = resp.json()
    assert report["records"] == 2 and report["ingested"] == 1 and report["skipped"] == 1
    (problem,) = report["problems"]
    assert problem["code"] in report["skipped_by_code"] and problem["origin"] == "item 1"
    assert write_client.get("/api/articles/api-batch-1").status_code == 200
    assert write_client.get("/api/articles/api-batch-2").status_code == 404


def test_write_ids_with_slashes_are_readable(write_client):
    ident = "https://example.test/news/2024/odesa?x=1"
    resp = write_client.post("/api/articles", headers=AUTH, json={"id": ident, "text": STORY})
    assert resp.status_code == 200 and resp.json()["ingested"] == 1, resp.text
    from urllib.parse import quote

    assert write_client.get(f"/api/articles/{quote(ident, safe='/')}").json()["id"] == ident
    events = write_client.get("/api/events", params={"text": "energy facility in Odesa", "limit": 1000}).json()["events"]
    mine = [e for e in events if e["id"].startswith(ident)]
    assert mine
    assert write_client.get(f"/api/events/{quote(mine[0]['id'], safe='/')}").json()["event"]["id"] == mine[0]["id"]
