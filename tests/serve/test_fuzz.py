"""Generated query parameters never make the API fail: every answer is below 500 (bad input is 4xx)."""

from __future__ import annotations

import json
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.serve.conftest import TOKEN

WORDS = st.one_of(st.text(max_size=30), st.sampled_from(["RUS", "UKR", "RUS-UKR", "ASSAULT", "drone", "-", ",",
                                                        "2024-01-01", "2024", "1,2,3,4", "-181,0,0,0", "%", "'"]))
NUMBERS = st.one_of(st.integers(min_value=-10, max_value=2**40).map(str), WORDS)
EVENT_PARAMS = {name: WORDS for name in ("date_from", "date_to", "actor", "recipient", "dyad", "event_type", "mode",
                                         "status", "weapon", "place", "text", "bbox")}
EVENT_PARAMS.update(limit=NUMBERS, offset=NUMBERS, format=st.sampled_from(["json", "jsonl", "csv", "geojson",
                                                                           "parquet", "xml", ""]))
ARTICLE_PARAMS = {"language": WORDS, "published_from": WORDS, "published_to": WORDS, "search": WORDS,
                  "canonical_only": st.sampled_from(["true", "false", "1", "yes", "maybe"]), "limit": NUMBERS,
                  "offset": NUMBERS}
ANALYSIS_PARAMS = {"dyad": WORDS, "period": st.sampled_from(["day", "week", "year", ""]), "baseline": NUMBERS}
PATHS = {"/api/events": EVENT_PARAMS, "/api/dyads": EVENT_PARAMS, "/api/articles": ARTICLE_PARAMS,
         "/api/escalation": ANALYSIS_PARAMS, "/api/redlines": {"window_days": NUMBERS}}


@st.composite
def requests(draw):
    path = draw(st.sampled_from(sorted(PATHS)))
    chosen = draw(st.lists(st.sampled_from(sorted(PATHS[path])), unique=True, max_size=5))
    return path, {name: draw(PATHS[path][name]) for name in chosen}


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_fuzz_query_parameters_never_give_5xx(client, request):
    path, params = request
    resp = client.get(path, params=params)
    assert resp.status_code < 500, (path, params, resp.text)
    if resp.status_code >= 400:
        assert resp.json()["error"]["code"]


@settings(max_examples=30, deadline=None, database=None)
@given(st.text(max_size=40))
def test_fuzz_ids_never_give_5xx(client, ident):
    for route in ("/api/events/", "/api/articles/"):
        resp = client.get(route + quote(ident, safe=""))
        assert resp.status_code < 500, (route, ident, resp.text)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=8)
ARTICLE = st.fixed_dictionaries({}, optional={
    "text": st.one_of(st.text(max_size=60), JSON), "id": st.one_of(st.text(max_size=10), JSON),
    "title": st.text(max_size=10), "published": st.text(max_size=12), "language": st.text(max_size=3)})
BODIES = st.one_of(ARTICLE.map(json.dumps), st.lists(ARTICLE, max_size=3).map(json.dumps), JSON.map(json.dumps),
                   st.text(max_size=40))


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(BODIES)
def test_fuzz_article_bodies_never_give_5xx(write_client, body):
    resp = write_client.post("/api/articles", content=body.encode("utf-8", "surrogatepass"),
                             headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert resp.status_code in (200, 413, 422), (body, resp.text)
