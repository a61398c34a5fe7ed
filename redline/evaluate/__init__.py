"""Score any extractor against the team's development benchmarks.

An extractor is any callable `extract(text, *, published, citation) -> list[event dict]` returning
events in the contract form (docs/event-schema.md). The benchmark data is read at run time from a
bench directory (default `<repo>/../shared/bench`); it is never copied into the repository.

    from redline.evaluate import run, format_report, check_floors, load_floors
    results = run(["acled", "plover"], extract, bench_dir, limit=200)
    print(format_report(results))
    failures = check_floors(results, load_floors(Path("benchmarks/floors.json")))

Each benchmark module documents its metrics exactly: acled, plover, cameo, petrarch2, seeds.
"""

from __future__ import annotations

from pathlib import Path

from redline.evaluate import acled, cameo, petrarch2, plover, seeds
from redline.evaluate.report import FloorsError, check_floors, format_report, load_floors
from redline.evaluate.result import BenchmarkError, BenchmarkResult, Extractor, Scorer

DEFAULT_BENCH_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "bench"

# Benchmark name -> scorer `score(extract, bench_dir, limit=None, *, strict=False) -> BenchmarkResult`.
BENCHMARKS: dict[str, Scorer] = {
    "acled": acled.score,
    "plover": plover.score,
    "cameo": cameo.score,
    "petrarch2": petrarch2.score,
    "seeds": seeds.score,
}


def run(benchmarks: list[str], extract: Extractor, bench_dir: Path | None = None, limit: int | None = None,
        *, strict: bool = False) -> dict[str, BenchmarkResult]:
    """Score `extract` on each named benchmark, in order.

    Args:
        benchmarks: names from `BENCHMARKS`; an unknown name raises ValueError before anything runs.
        extract: the extractor under test.
        bench_dir: the shared bench directory (default `DEFAULT_BENCH_DIR`).
        limit: score only the first `limit` items of each benchmark (rows, sentences, articles).
        strict: raise the extractor's exceptions instead of counting them as `extractor_errors`.

    Returns:
        benchmark name -> BenchmarkResult.
    """
    unknown = [b for b in benchmarks if b not in BENCHMARKS]
    if unknown:
        raise ValueError(f"unknown benchmark(s) {unknown}; known: {sorted(BENCHMARKS)}")
    bench_dir = Path(bench_dir) if bench_dir is not None else DEFAULT_BENCH_DIR
    return {name: BENCHMARKS[name](extract, bench_dir, limit, strict=strict) for name in benchmarks}


__all__ = ["BENCHMARKS", "DEFAULT_BENCH_DIR", "BenchmarkError", "BenchmarkResult", "Extractor", "FloorsError",
           "check_floors", "format_report", "load_floors", "run"]
