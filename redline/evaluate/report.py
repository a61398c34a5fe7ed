"""Present benchmark results as a plain-text table, and gate them on pinned floors.

A floors file is a JSON object mapping `<benchmark>.<metric>` to the lowest acceptable value, e.g.
`{"acled.event_type_accuracy": 0.9, "cameo.system_minus_coder_loo": 0.0}`.
"""

from __future__ import annotations

import json
from pathlib import Path

from redline.evaluate.result import BenchmarkResult

SHOWN_COUNTS = ("extractor_errors", "contract_violations")


class FloorsError(ValueError):
    """The floors file is missing or malformed."""


def format_report(results: dict[str, BenchmarkResult]) -> str:
    """One line per metric: benchmark, metric, value, and the number of items it was computed on."""
    rows = [("benchmark", "metric", "value", "n")]
    notes = []
    for name, result in results.items():
        rows.append((name, "(items)", "", str(result.n)))
        for metric, value in result.metrics.items():
            rows.append((name, metric, f"{value:.3f}", str(result.counts.get(f"n.{metric}", ""))))
        problems = [f"{k}={result.counts[k]}" for k in SHOWN_COUNTS if result.counts.get(k)]
        if problems:
            notes.append(f"{name}: {', '.join(problems)} (see result.errors)")
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]:>{widths[3]}}".rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines + notes)


def load_floors(path: Path) -> dict[str, float]:
    """Read a floors file; refuse keys not of the form `<benchmark>.<metric>` and non-numeric floors.
    Keys starting with "_" are notes for people (JSON has no comments) and are skipped."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise FloorsError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise FloorsError(f"{path}: expected a JSON object of \"benchmark.metric\": floor")
    floors = {}
    for key, value in data.items():
        if key.startswith("_"):
            continue
        bench, _, metric = key.partition(".")
        if not bench or not metric:
            raise FloorsError(f"{path}: key {key!r} is not of the form benchmark.metric")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FloorsError(f"{path}: floor of {key!r} is not a number: {value!r}")
        floors[key] = float(value)
    return floors


def check_floors(results: dict[str, BenchmarkResult], floors: dict[str, float]) -> list[str]:
    """Failures, one line each, for metrics below their floor or not measured.

    Floors of benchmarks that were not run are ignored, so a partial run gates only what it ran.
    """
    failures = []
    for key, floor in sorted(floors.items()):
        bench, _, metric = key.partition(".")
        if bench not in results:
            continue
        value = results[bench].metrics.get(metric)
        if value is None:
            failures.append(f"{key}: not measured (floor {floor:.3f})")
        elif value < floor:
            failures.append(f"{key}: {value:.3f} is below the floor {floor:.3f}")
    return failures
