"""`total` of /api/events: exact up to a cap, then a lower bound flagged by `total_is_exact` (and the
`X-Total-Is-Exact` header of exports), exact again on the last page."""

from __future__ import annotations

import pytest

from redline.serve import api
from redline.store.db import connect
from redline.store.queries import EventFilter, count_events


@pytest.fixture(scope="module")
def true_total(read_db):
    with connect(read_db, readonly=True) as conn:
        return count_events(conn, EventFilter())


def test_api_totals_are_exact_under_the_cap(client, true_total):
    assert true_total < api.TOTAL_CAP
    body = client.get("/api/events", params={"limit": 3}).json()
    assert body["total"] == true_total and body["total_is_exact"] is True
    export = client.get("/api/events", params={"limit": 3, "format": "csv"})
    assert export.headers["x-total-count"] == str(true_total) and export.headers["x-total-is-exact"] == "true"


def test_api_totals_past_the_cap_are_a_lower_bound(client, true_total, monkeypatch):
    monkeypatch.setattr(api, "TOTAL_CAP", 10)
    assert true_total > 40
    body = client.get("/api/events", params={"limit": 5}).json()
    assert (body["total"], body["total_is_exact"], len(body["events"])) == (10, False, 5)
    deeper = client.get("/api/events", params={"limit": 5, "offset": 20}).json()
    assert (deeper["total"], deeper["total_is_exact"]) == (25, False)  # at least the events seen so far
    export = client.get("/api/events", params={"limit": 5, "format": "jsonl"})
    assert export.headers["x-total-count"] == "10" and export.headers["x-total-is-exact"] == "false"


def test_api_totals_are_exact_again_on_the_last_page(client, true_total, monkeypatch):
    monkeypatch.setattr(api, "TOTAL_CAP", 10)
    last = client.get("/api/events", params={"limit": 7, "offset": true_total - 3}).json()
    assert (last["total"], last["total_is_exact"], len(last["events"])) == (true_total, True, 3)
    beyond = client.get("/api/events", params={"limit": 7, "offset": true_total + 5}).json()
    assert (beyond["total"], beyond["total_is_exact"], beyond["events"]) == (10, False, [])


def test_api_totals_narrow_filters_stay_exact_with_a_small_cap(client, read_db, monkeypatch):
    monkeypatch.setattr(api, "TOTAL_CAP", 10)
    with connect(read_db, readonly=True) as conn:
        expected = count_events(conn, EventFilter(text="glide bombs"))
    assert 0 < expected <= 10
    body = client.get("/api/events", params={"text": "glide bombs", "limit": 1}).json()
    assert (body["total"], body["total_is_exact"]) == (expected, True)
