"""`redline events`, `redline explain` and the event side of `redline ingest`, as a user runs them."""

import csv
import json

import pyarrow.parquet as pq
from typer.testing import CliRunner

from redline.cli import app
from redline.cli.explain import STYLES, highlighted_sentence
from redline.export import FLAT_COLUMNS
from redline.registry import exporters
from tests.conftest import EXAMPLES

runner = CliRunner()


def _jsonl(db, *args):
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_events_cli_table_shows_one_line_per_event(event_store):
    db, _ = event_store
    result = runner.invoke(app, ["events", "--db", str(db), "--type", "ASSAULT", "--limit", "3"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["id", "date", "type"] and len(lines) == 4
    assert all("ASSAULT" in line for line in lines[1:])
    assert "use --limit and --offset" in result.stderr


def test_events_cli_filters_and_jsonl(event_store):
    db, _ = event_store
    rows = _jsonl(db, "--dyad", "RUS-UKR", "--type", "assault", "--since", "2024-01-01", "--until", "2024-12-31")
    assert rows
    for e in rows:
        assert e["event"][0] == "ASSAULT" and "2024-01-01" <= e["date"] <= "2024-12-31"
        assert "RUS" in {a["code"] for a in e["actor"]} and "UKR" in {r["code"] for r in e["recipient"]}
    bad = runner.invoke(app, ["events", "--db", str(db), "--dyad", "RUSUKR"])
    assert bad.exit_code == 2 and "RUS-UKR" in bad.output


def test_events_cli_every_format_parses_back(event_store, tmp_path):
    db, _ = event_store
    filters = ["--actor", "RUS"]
    expected = _jsonl(db, *filters)
    assert {"jsonl", "csv", "parquet", "geojson"} <= set(exporters.names())

    out = {}
    for fmt in ("csv", "parquet", "geojson", "jsonl"):
        out[fmt] = tmp_path / f"events.{fmt}"
        result = runner.invoke(app, ["events", "--db", str(db), "--format", fmt, "--output", str(out[fmt]), *filters])
        assert result.exit_code == 0, result.output

    with out["csv"].open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == [e["id"] for e in expected]
    assert tuple(rows[0]) == FLAT_COLUMNS
    assert all("RUS" in r["actor_codes"].split(";") for r in rows)

    table = pq.read_table(out["parquet"])
    assert table.num_rows == len(expected) and table.column("id").to_pylist() == [e["id"] for e in expected]
    assert json.loads(table.column("actor").to_pylist()[0]) == expected[0]["actor"]

    collection = json.loads(out["geojson"].read_text(encoding="utf-8"))
    located = [e for e in expected if (e["event_loc"] or {}).get("lat") is not None]
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == len(located) > 0
    feature = collection["features"][0]
    assert feature["geometry"]["coordinates"] == [located[0]["event_loc"]["lon"], located[0]["event_loc"]["lat"]]
    assert feature["properties"]["resolution"] == located[0]["event_loc"]["resolution"]

    assert [json.loads(line) for line in out["jsonl"].read_text(encoding="utf-8").splitlines()] == expected

    needs_file = runner.invoke(app, ["events", "--db", str(db), "--format", "parquet"])
    assert needs_file.exit_code == 2 and "--output" in needs_file.output


def test_events_cli_explain_highlights_the_trigger_and_shows_markup_literally(event_store):
    db, _ = event_store
    (event,) = _jsonl(db, "--text", "<script>", "--type", "ASSAULT")
    result = runner.invoke(app, ["explain", event["id"], "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "[bold]x[/bold]" in result.stdout and "<script>alert(1)</script>" in result.stdout
    assert event["event_text"] in result.stdout
    assert "trigger rule" in result.stdout and event["trigger"]["rule"] in result.stdout  # the field table
    spans = highlighted_sentence(event).spans
    styled = {event["event_text"][s.start:s.end]: s.style for s in spans}
    assert styled[event["trigger"]["text"]] == STYLES["trigger"] and styled["Russian forces"] == STYLES["actor"]
    assert "Shelling hits Kharkiv suburb" in result.stdout  # the article it came from
    as_json = json.loads(runner.invoke(app, ["explain", event["id"], "--db", str(db), "--json"]).stdout)
    assert as_json["evidence"] == event["event_text"]
    assert runner.invoke(app, ["explain", "no-such-event", "--db", str(db)]).exit_code == 1


def test_events_cli_ingest_no_extract_then_reextract(tmp_path):
    db = str(tmp_path / "r.db")
    story = str(EXAMPLES / "kharkiv_glide_bombs.txt")
    bare = json.loads(runner.invoke(app, ["ingest", story, "--db", db, "--json", "--no-extract"]).stdout)
    assert bare["ingested"] == 1 and bare["events"] == 0
    assert _jsonl(db) == []
    filled = runner.invoke(app, ["ingest", "--reextract", "--db", db, "--json"])
    report = json.loads(filled.stdout)
    assert filled.exit_code == 0 and report["reextracted"] == 1 and report["events"] == len(_jsonl(db)) > 0
    summary = runner.invoke(app, ["ingest", story, "--db", db])
    assert "events extracted" in summary.stdout
    assert runner.invoke(app, ["ingest", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["ingest", "--reextract", "--no-extract", "--db", db]).exit_code == 2
    stats = json.loads(runner.invoke(app, ["stats", "--db", db, "--json"]).stdout)
    assert stats["events"]["events"] == report["events"] and stats["events"]["articles_not_extracted"] == 0
