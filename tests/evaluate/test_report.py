"""run(), the text report, and the floors gate."""

from __future__ import annotations

import json

import pytest

from redline.evaluate import BENCHMARKS, BenchmarkResult, FloorsError, run
from redline.evaluate.report import check_floors, format_report, load_floors
from tests.evaluate.stubs import nothing


def result(name: str, **metrics: float) -> BenchmarkResult:
    return BenchmarkResult(name, 10, metrics, {f"n.{m}": 10 for m in metrics}, [])


def test_report_registry_names_every_benchmark():
    assert set(BENCHMARKS) == {"acled", "plover", "cameo", "petrarch2", "seeds"}


def test_report_run_refuses_unknown_benchmarks_before_running(tmp_path):
    with pytest.raises(ValueError, match="unknown benchmark"):
        run(["plover", "gdelt"], nothing, tmp_path)


def test_report_run_scores_each_named_benchmark(bench):
    results = run(["plover", "petrarch2"], nothing, bench, limit=5)
    assert list(results) == ["plover", "petrarch2"]
    assert results["plover"].n == 5 and results["plover"].metrics["event_type_accuracy"] == 0.0


def test_report_format_is_a_plain_table():
    text = format_report({"acled": result("acled", event_type_accuracy=0.9123)})
    lines = text.splitlines()
    assert lines[0].split() == ["benchmark", "metric", "value", "n"]
    assert any(line.split() == ["acled", "event_type_accuracy", "0.912", "10"] for line in lines)


def test_report_format_mentions_extractor_errors():
    res = result("plover", event_type_accuracy=0.5)
    res.counts["extractor_errors"] = 3
    assert "plover: extractor_errors=3" in format_report({"plover": res})


def test_report_floors_fail_below_and_pass_at_or_above():
    results = {"acled": result("acled", event_type_accuracy=0.85, location_accuracy=0.9)}
    floors = {"acled.event_type_accuracy": 0.9, "acled.location_accuracy": 0.9}
    assert check_floors(results, floors) == ["acled.event_type_accuracy: 0.850 is below the floor 0.900"]
    assert check_floors(results, {"acled.location_accuracy": 0.5}) == []


def test_report_floors_of_unrun_benchmarks_are_ignored_but_missing_metrics_fail():
    results = {"acled": result("acled", event_type_accuracy=0.95)}
    floors = {"plover.event_type_accuracy": 0.9, "acled.deaths_exact_accuracy": 0.5}
    assert check_floors(results, floors) == ["acled.deaths_exact_accuracy: not measured (floor 0.500)"]


def test_report_floors_file_is_loaded_and_checked(tmp_path):
    path = tmp_path / "floors.json"
    path.write_text(json.dumps({"acled.event_type_accuracy": 0.9, "cameo.system_minus_coder_loo": 0}))
    assert load_floors(path) == {"acled.event_type_accuracy": 0.9, "cameo.system_minus_coder_loo": 0.0}
    for bad in ({"event_type_accuracy": 0.9}, {"acled.x": "high"}, [0.9]):
        path.write_text(json.dumps(bad))
        with pytest.raises(FloorsError):
            load_floors(path)
    with pytest.raises(FloorsError):
        load_floors(tmp_path / "absent.json")
