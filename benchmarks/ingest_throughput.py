"""Ingest throughput and memory on the development articles (../shared/bench/articles).

Measures, on one core:
  * clean: the ingest pipeline alone (decode, HTML/Markdown, boilerplate, metadata, language, fingerprint)
  * store: end to end into a fresh SQLite store (duplicate search and transactional writes included)
and the peak resident memory after 1x and 4x the corpus, to show memory stays flat in the number of
articles. Event extraction is left out unless --extract is given (benchmarks/extract_throughput.py measures
it). Usage: python benchmarks/ingest_throughput.py [--repeat 4] [--extract] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import redline
from redline.ingest.readers import ReadOptions

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "articles"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tile(records: list[dict], times: int, folder: Path) -> Path:
    """Write the corpus `times` over with distinct ids (same texts: the copies are found as duplicates)."""
    path = folder / f"tiled_{times}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for t in range(times):
            for r in records:
                fh.write(json.dumps({**r, "id": f"{t}-{r['id']}"}) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--extract", action="store_true", help="extract events at ingest too")
    args = parser.parse_args()
    records = [json.loads(line) for f in sorted(BENCH.glob("*.jsonl")) for line in f.open(encoding="utf-8")]
    chars = sum(len(r["text"]) for r in records)
    pipeline = redline.load_pipeline()

    start = time.perf_counter()
    for r in records:
        redline.clean_text(r["text"], format="markdown" if r["text"].startswith("---") else "text",
                           pipeline=pipeline)
    clean_s = time.perf_counter() - start

    results = {"articles": len(records), "mean_chars": chars // len(records),
               "clean_articles_per_s": round(len(records) / clean_s, 1)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for times in (1, args.repeat):
            corpus = tile(records, times, folder)
            settings = redline.load_settings(env={}, db=str(folder / f"store_{times}.db"),
                                             extract_on_ingest=args.extract)
            start = time.perf_counter()
            report = redline.ingest([corpus], settings, options=ReadOptions(), pipeline=pipeline)
            elapsed = time.perf_counter() - start
            results[f"store_{times}x_articles_per_s"] = round(report.records / elapsed, 1)
            results[f"store_{times}x_duplicates"] = report.duplicates
            results[f"peak_rss_mb_after_{times}x"] = round(peak_rss_mb(), 1)
    if args.json:
        print(json.dumps(results))
    else:
        for key, value in results.items():
            print(f"{key:32} {value}")


if __name__ == "__main__":
    if not BENCH.exists():
        sys.exit(f"development articles not found at {BENCH}")
    main()
