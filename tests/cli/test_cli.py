"""The command line as a user runs it: exit codes, output contracts, stdin."""

import json
import subprocess
import sys

from typer.testing import CliRunner

from redline import __version__
from redline.cli import app
from tests.conftest import BENCH, EXAMPLES, ROOT, SEEDS, need_shared

runner = CliRunner()


def test_cli_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"redline {__version__}"


def test_cli_ingest_seeds_then_export_articles_as_jsonl(tmp_path):
    db = str(tmp_path / "r.db")
    result = runner.invoke(app, ["ingest", str(need_shared(SEEDS)), "--db", db])
    assert result.exit_code == 0, result.output
    assert "stored" in result.stdout
    result = runner.invoke(app, ["articles", "--db", db, "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 5
    for row in rows:
        assert {"id", "source", "title", "published", "language", "text", "duplicate_of"} <= set(row)
    by_source = {r["source"]: r for r in rows}
    assert by_source["002_a1d383cc9a6d370f.txt"]["published"] is None
    assert by_source["000_4e27982d45d48304.txt"]["published"] == "2023-12-31"


def test_cli_ingest_exit_code_says_whether_anything_failed(tmp_path):
    db = str(tmp_path / "r.db")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "fine text about a missile strike on Kharkiv that killed two people."}\n{oops\n')
    result = runner.invoke(app, ["ingest", str(bad), "--db", db, "--json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert report["ingested"] == 1 and report["skipped_by_code"] == {"R105": 1}
    assert report["problems"][0]["detail"].startswith("malformed JSON on line 2")


def test_cli_policy_skips_do_not_fail_the_run(tmp_path):
    db = str(tmp_path / "r.db")
    short = tmp_path / "short.txt"
    short.write_text("Kyiv.\n")
    result = runner.invoke(app, ["ingest", str(short), "--db", db, "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["skipped_by_code"] == {"R109": 1}


def test_cli_ingest_reads_stdin(tmp_path):
    db = str(tmp_path / "r.db")
    text = (EXAMPLES / "odesa_drone_attack.txt").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "redline", "ingest", "-", "--db", db, "--json", "--no-extract"], input=text,
                          capture_output=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["ingested"] == 1


def test_cli_articles_show_and_filters(tmp_path):
    db = str(tmp_path / "r.db")
    runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db, "--quiet"])
    listed = runner.invoke(app, ["articles", "--db", db, "--format", "json", "--since", "2024-11-01",
                                 "--until", "2024-11-30"])
    rows = json.loads(listed.stdout)
    assert {r["published"][:7] for r in rows} == {"2024-11"} and len(rows) == 3
    canonical = runner.invoke(app, ["articles", "--db", db, "--format", "jsonl", "--canonical"])
    assert len(canonical.stdout.splitlines()) == 15
    shown = runner.invoke(app, ["articles", "4f3bf4ebcad3dccc", "--db", db])
    assert shown.exit_code == 0 and "WD-2024-0518-K" in shown.stdout
    missing = runner.invoke(app, ["articles", "nope", "--db", db])
    assert missing.exit_code == 1


def test_cli_reading_a_missing_store_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["stats", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "store not found" in result.output


def test_cli_stats_json(tmp_path):
    db = str(tmp_path / "r.db")
    runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db, "--quiet"])
    data = json.loads(runner.invoke(app, ["stats", "--db", db, "--json"]).stdout)
    assert data["articles"] == 16 and data["duplicates"] == 1 and data["undated"] == 1


def test_cli_bench_articles_ingest_without_crash(tmp_path):
    """The 316 development documents: all read, summary counts ingested, copies and skips.

    Extraction is left out to keep the suite quick; tests/store/test_events_store.py covers it at ingest."""
    folder = need_shared(BENCH / "articles")
    db = str(tmp_path / "bench.db")
    result = runner.invoke(app, ["ingest", str(folder), "--include", "*.jsonl", "--db", db, "--json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0, report["problems"][:5]
    assert report["records"] == 316
    assert report["ingested"] + report["skipped"] == 316
    assert report["duplicates"] >= 15  # wire re-runs and re-crawled pages
    assert report["events"] >= 2 * report["ingested"]  # the engine ran over every article
    data = json.loads(runner.invoke(app, ["stats", "--db", db, "--json"]).stdout)
    assert data["by_language"] == {"en": report["ingested"]}


def test_cli_eval_scores_the_engine_on_a_benchmark_slice():
    need_shared(BENCH / "petrarch2")
    result = runner.invoke(app, ["eval", "--benchmark", "petrarch2", "--limit", "5", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["petrarch2"]["n"] == 5 and "cameo_root_accuracy" in data["petrarch2"]["metrics"]
    assert "misses" not in data["petrarch2"]
    listed = json.loads(runner.invoke(app, ["eval", "-b", "petrarch2", "--limit", "20", "--json", "--misses"]).stdout)
    misses = listed["petrarch2"]["misses"]
    assert all(m[0] and m[1] for m in misses)  # (item id, what was wrong)
    assert any(m[1].startswith("cameo_root_accuracy: expected root") for m in misses)
    unknown = runner.invoke(app, ["eval", "--benchmark", "nope"])
    assert unknown.exit_code == 2
