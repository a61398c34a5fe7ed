"""Alert rules and their evaluation over a small corpus written for these tests: each rule kind fires on
the events meant to trigger it, once, whatever the ingest order, and not on the events meant not to."""

from __future__ import annotations

import json
import warnings

import pytest
from typer.testing import CliRunner

import redline
from redline.analyse.alert_rules import RulesError, load_rules, parse_rules
from redline.analyse.alerts import SAME_EVENT_KINDS, alert_id, evaluate
from redline.cli import app
from redline.store.alerts import store_alerts
from redline.store.db import connect
from redline.store.queries import AlertFilter, count_alerts, list_alerts
from tests.conftest import write_articles as write_corpus

ARTICLES = {
    # Three quiet weeks of shelling (the baseline), then a week with four strikes (with n1, c1, c2): escalation.
    "e1.md": ("2025-04-08", "Russian artillery shelled Kupiansk in the Kharkiv region on Tuesday, officials said."),
    "e2.md": ("2025-04-15", "Russian artillery shelled Vovchansk in the Kharkiv region on Tuesday, officials said."),
    "e3.md": ("2025-04-22", "Russian artillery shelled Izium in the Kharkiv region on Tuesday, officials said."),
    "e4.md": ("2025-06-03", "Russian drones attacked the port of Izmail in the Odesa region on Tuesday, the governor "
                            "said."),
    # A red line drawn, crossed, then answered.
    "t1.md": ("2025-05-05", "Moscow warned on Monday that it would strike Romania if Bucharest sends Patriot "
                            "missiles to Ukraine."),
    "t2.md": ("2025-05-21", "Romania sent Patriot missiles to Ukraine on Wednesday, the Romanian government said."),
    "t3.md": ("2025-05-31", "Russian missiles struck a fuel depot near Constanta in Romania on Saturday, the "
                            "Romanian defence ministry said."),
    # A first: a strike on Russian soil with a British-made missile.
    "f1.md": ("2025-05-28", "Ukrainian forces hit an oil depot in the Belgorod region with Storm Shadow missiles on "
                            "Wednesday."),
    # A nuclear signal, and a denied one that must not alert.
    "n1.md": ("2025-06-02", "The Kremlin threatened on Monday to use nuclear weapons against Ukraine, a spokesman "
                            "said."),
    "n2.md": ("2025-06-04", "Moscow denied on Wednesday that it had deployed nuclear missiles in Belarus."),
    # One event with 23 dead and 41 injured; one with two dead, under every threshold.
    "c1.md": ("2025-06-05", "Russian missiles struck a shopping centre in Odesa on Thursday, killing 23 people and "
                            "wounding 41 others, the governor said."),
    # The Odesa strike again, from another outlet: fusion makes it one event with c1, hence one alert.
    "c3.md": ("2025-06-05", "At least 23 people were killed and 41 wounded when Russian missiles hit a shopping "
                            "centre in Odesa on Thursday, Ukraine's emergency service said."),
    "c2.md": ("2025-06-06", "A Russian drone hit a bus in Kherson on Friday, killing two passengers, local "
                            "officials said."),
}

RULES = """
version: 1
rules:
  - id: spike
    kind: escalation
    severity: high
    params: {measure: z, at_least: 3, period: week, baseline: 8}
    filters: {dyad: RUS-UKR}
  - id: crossed
    kind: redline_crossed
    severity: high
  - id: firsts-on-territory
    kind: first
    severity: medium
    params: {first_kinds: [supplier_weapon_on_territory]}
  - id: nuclear
    kind: nuclear_signal
    severity: critical
  - id: dead-20
    kind: casualties
    severity: high
    params: {count: dead, at_least: 20}
  - id: hurt-60
    kind: casualties
    severity: medium
    params: {count: dead_and_injured, at_least: 60}
  - id: hurt-60-on-poland
    kind: casualties
    severity: medium
    params: {count: dead_and_injured, at_least: 60}
    filters: {recipient: POL}
"""


def write_articles(directory, names):
    return write_corpus(directory, ARTICLES, names)


def _store(tmp_path_factory, label, names):
    directory = tmp_path_factory.mktemp(label)
    db = directory / "redline.db"
    report = redline.ingest(write_articles(directory / "news", names), redline.load_settings(env={}, db=str(db)))
    assert not report.failed, report.problems
    return db


@pytest.fixture(scope="session")
def rules(tmp_path_factory):
    path = tmp_path_factory.mktemp("rules") / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return load_rules(path)


@pytest.fixture(scope="session")
def alerts_store(tmp_path_factory):
    return _store(tmp_path_factory, "alerts_a", list(ARTICLES))


@pytest.fixture(scope="session")
def alerts_store_reversed(tmp_path_factory):
    return _store(tmp_path_factory, "alerts_b", list(reversed(ARTICLES)))


@pytest.fixture(scope="session")
def found(alerts_store, rules):
    return evaluate(connect(alerts_store, readonly=True), rules)


def _by_rule(found, rule):
    return [a for a in found if a.rule == rule]


def test_alerts_shipped_rules_are_valid_and_complete():
    shipped = load_rules()
    assert {r.kind for r in shipped} == {"escalation", "redline_crossed", "first", "nuclear_signal", "casualties"}
    assert all(r.params for r in shipped)


@pytest.mark.parametrize(("text", "problem"), [
    ("version: 1\nrules:\n  - {id: a, kind: nope, severity: high}", "kind"),
    ("version: 1\nrules:\n  - {id: a, kind: casualties, severity: high}", "params"),
    ("version: 1\nrules:\n  - {id: a, kind: casualties, severity: high, params: {at_least: 5, min: 3}}", "min"),
    ("version: 1\nrules:\n  - {id: a, kind: first, severity: high}\n  - {id: a, kind: first, severity: low}",
     "two rules"),
    # YAML 1.1 reads an unquoted NO (Norway) as false: the schema refuses it instead of matching nothing.
    ("version: 1\nrules:\n  - {id: a, kind: first, severity: high, filters: {actor: NO}}", "actor"),
    ("version: 1\nrules:\n  - {id: a, kind: escalation, severity: high, filters: {dyad: RUS}}", "dyad"),
])
def test_alerts_bad_rules_are_refused_with_the_place(text, problem):
    import yaml

    with pytest.raises(RulesError, match=problem):
        parse_rules(yaml.safe_load(text), "rules.yaml")


def test_alerts_missing_rules_file_is_a_rules_error(tmp_path):
    with pytest.raises(RulesError, match="missing.yaml"):
        load_rules(tmp_path / "missing.yaml")


def test_alerts_escalation_fires_once_when_the_band_is_crossed(found):
    (spike,) = _by_rule(found, "spike")
    assert spike.kind == "escalation" and spike.dyad == "RUS-UKR" and spike.severity == "high"
    assert spike.date == "2025-06-02" and spike.details["period_start"] == "2025-06-02"
    assert spike.details["value"] >= 3 and spike.details["n"] == 4
    assert "z-score" in spike.message and "week of 2025-06-02" in spike.message
    # The week's events are the evidence: the nuclear threat, the Izmail, Odesa and Kherson strikes.
    assert len(spike.event_ids) >= 4 and spike.evidence["sentence"] and spike.evidence["article_id"]


def test_alerts_red_line_crossed_and_followed_through(found):
    alerts = {a.details["stage"]: a for a in _by_rule(found, "crossed")}
    assert set(alerts) == {"crossed", "followed_through"}
    crossed, answered = alerts["crossed"], alerts["followed_through"]
    assert crossed.dyad == "RUS-ROU" and crossed.date == "2025-05-21"
    assert "Romania sent Patriot missiles" in crossed.evidence["sentence"]
    assert "Bucharest sends Patriot missiles" in crossed.message and "crossed on 2025-05-21" in crossed.message
    assert answered.date == "2025-05-31" and "Constanta" in answered.evidence["sentence"]
    assert "10 days later" in answered.message
    assert crossed.details["red_line"] == answered.details["red_line"] and crossed.id != answered.id


def test_alerts_first_filtered_by_first_kind(found):
    (first,) = _by_rule(found, "firsts-on-territory")
    assert first.details["kind"] == "supplier_weapon_on_territory" and first.details["supplier"] == "GBR"
    assert first.dyad == "UKR-RUS" and first.date == "2025-05-28"
    assert "Storm Shadow" in first.message and "Belgorod" in first.evidence["sentence"]


def test_alerts_nuclear_signal_one_per_sentence_and_not_when_denied(found):
    (signal,) = _by_rule(found, "nuclear")
    assert signal.date == "2025-06-02" and signal.severity == "critical"
    assert "nuclear weapons" in signal.evidence["sentence"]
    # The threat and the strike it threatens are one event (THREATEN, its act as second type): one alert.
    assert len(signal.event_ids) == 1 and signal.details["statuses"] == ["threatened"]
    assert "denied" not in signal.details["statuses"]


def test_alerts_casualties_thresholds_and_filters(found):
    (dead,) = _by_rule(found, "dead-20")  # c1 and c3 report one strike: one alert with both reports
    assert dead.details["dead"] == 23 and dead.details["injured"] == 41 and dead.date == "2025-06-05"
    assert dead.message.startswith("23 dead and 41 injured in one event") and "Odesa" in dead.message
    assert dead.details["articles"] == 2 and len(dead.event_ids) == 2 and "Reported in 2 articles" in dead.message
    (hurt,) = _by_rule(found, "hurt-60")
    assert hurt.evidence == dead.evidence and hurt.id != dead.id
    assert not _by_rule(found, "hurt-60-on-poland")  # the filter names a recipient no event has


def test_alerts_one_real_event_is_told_once_as_its_reports_arrive(tmp_path, rules):
    """The second outlet's report (c1) joins the first's (c3) event and becomes the group's lead (its article
    id sorts first): the alert's subject and id change, and the store still knows the event was told."""
    db = tmp_path / "redline.db"
    settings = redline.load_settings(env={}, db=str(db))
    redline.ingest(write_articles(tmp_path / "a", ["c3.md"]), settings)
    conn = connect(db)
    told = store_alerts(conn, evaluate(conn, rules), same_event_kinds=SAME_EVENT_KINDS)
    (before,) = [a for a in evaluate(conn, rules) if a.rule == "dead-20"]
    redline.ingest(write_articles(tmp_path / "b", ["c1.md"]), settings)
    (after,) = [a for a in evaluate(conn, rules) if a.rule == "dead-20"]
    assert len(after.event_ids) == 2 and after.id != before.id  # the new lead: a new subject
    assert store_alerts(conn, evaluate(conn, rules), same_event_kinds=SAME_EVENT_KINDS) == []
    assert before.id in told and count_alerts(conn, AlertFilter(rule="dead-20")) == 1
    # Without the same-event check the new lead would be a second alert for the same strike.
    assert store_alerts(conn, [after]) == [after.id]


def test_alerts_ids_are_stable_and_alert_json_is_complete(found):
    for alert in found:
        assert alert.id == alert_id(alert.rule, alert.subject)
        record = alert.to_json()
        assert set(record) == {"id", "rule", "kind", "severity", "date", "dyad", "message", "event_ids", "evidence",
                               "subject", "details"}
        assert set(record["evidence"]) == {"event_id", "article_id", "sentence", "citation"}
        assert record["evidence"]["event_id"] in record["event_ids"]
        json.dumps(record)


def test_alerts_do_not_depend_on_ingest_order(alerts_store, alerts_store_reversed, rules):
    a = evaluate(connect(alerts_store, readonly=True), rules)
    b = evaluate(connect(alerts_store_reversed, readonly=True), rules)
    assert [x.to_json() for x in a] == [x.to_json() for x in b]


def test_alerts_are_stored_once(alerts_store, rules, tmp_path):
    from tests.serve.conftest import copy_store

    db = copy_store(alerts_store, tmp_path / "copy.db")
    conn = connect(db)
    first = store_alerts(conn, evaluate(conn, rules), now="2026-01-01T00:00:00Z")
    again = store_alerts(conn, evaluate(conn, rules), now="2026-01-02T00:00:00Z")
    assert first and again == []
    stored = list_alerts(conn)
    assert len(stored) == len(first) == count_alerts(conn)
    assert {a["first_seen"] for a in stored} == {"2026-01-01T00:00:00Z"}  # evaluating again changes nothing
    assert [a["date"] for a in stored] == sorted((a["date"] for a in stored), reverse=True)
    assert count_alerts(conn, AlertFilter(kind="casualties")) == 2
    assert count_alerts(conn, AlertFilter(dyad="rus-rou")) == 2
    assert count_alerts(conn, AlertFilter(since="2025-06")) == count_alerts(conn, AlertFilter(until="2025-05")) + 1
    assert count_alerts(conn, AlertFilter(seen_since="2026-01-02")) == 0


def test_cli_alerts_evaluates_stores_and_lists(alerts_store, tmp_path):
    from tests.serve.conftest import copy_store

    db = copy_store(alerts_store, tmp_path / "cli.db")
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    runner = CliRunner()
    listed = runner.invoke(app, ["alerts", "--no-evaluate", "--format", "jsonl", "--db", str(db)])
    assert listed.exit_code == 0 and listed.stdout == ""
    result = runner.invoke(app, ["alerts", "--rules", str(rules), "--format", "jsonl", "--db", str(db)])
    assert result.exit_code == 0, result.output
    alerts = [json.loads(line) for line in result.stdout.splitlines()]
    assert {a["rule"] for a in alerts} == {"spike", "crossed", "firsts-on-territory", "nuclear", "dead-20", "hurt-60"}
    again = runner.invoke(app, ["alerts", "--rules", str(rules), "--kind", "casualties", "--format", "jsonl",
                                "--db", str(db)])
    assert [json.loads(line)["id"] for line in again.stdout.splitlines()] == [
        a["id"] for a in alerts if a["kind"] == "casualties"]
    assert runner.invoke(app, ["alerts", "--rules", str(rules), "--db", str(db)]).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nrules:\n  - {id: a, kind: nope, severity: high}\n", encoding="utf-8")
    refused = runner.invoke(app, ["alerts", "--rules", str(bad), "--db", str(db)])
    assert refused.exit_code == 2 and "R401" in refused.stderr
    missing = runner.invoke(app, ["alerts", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "store not found" in missing.stderr and not (tmp_path / "none.db").exists()


def test_api_alerts_lists_stored_alerts_with_filters(alerts_store, rules, tmp_path):
    from tests.serve.conftest import client_for, copy_store

    db = copy_store(alerts_store, tmp_path / "api.db")
    conn = connect(db)
    store_alerts(conn, evaluate(conn, rules))
    conn.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = client_for(db)
    body = client.get("/api/alerts").json()
    assert body["total"] == len(body["alerts"]) == 7 and body["limit"] == 100
    assert {"first_seen", "deliveries", "message", "evidence"} <= set(body["alerts"][0])
    page = client.get("/api/alerts", params={"limit": 2, "offset": 1}).json()
    assert [a["id"] for a in page["alerts"]] == [a["id"] for a in body["alerts"][1:3]] and page["total"] == 7
    assert client.get("/api/alerts", params={"kind": "nuclear_signal"}).json()["total"] == 1
    assert client.get("/api/alerts", params={"dyad": "RUS-ROU", "severity": "high"}).json()["total"] == 2
    assert client.get("/api/alerts", params={"since": "2025-06-04"}).json()["total"] == 2
    assert client.get("/api/alerts", params={"kind": "rumour"}).status_code == 422
    assert client.get("/api/alerts", params={"since": "yesterday"}).status_code == 422
