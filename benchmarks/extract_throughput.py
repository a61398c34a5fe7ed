"""End-to-end `extract` throughput on the development articles, one core: clean + extract.

Reports articles per wall-clock second and per CPU second (the per-core figure, robust to other load on
the machine; run with OMP_NUM_THREADS=1 so the parser uses one core), sentences parsed vs. total (the prefilter's effect), events per article and peak
memory. Usage: python benchmarks/extract_throughput.py [--limit N] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import redline
from redline.extract.engine import ARTICLE_FIELDS, Extractor
from redline.extract.sentences import split_sentences

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "articles" / "gdelt_ukraine_articles_dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (as `redline extract --jobs`)")
    args = parser.parse_args()
    records = [json.loads(line) for line in BENCH.open(encoding="utf-8")][: args.limit]
    pipeline = redline.load_pipeline(needs=ARTICLE_FIELDS)  # as `redline extract` builds it
    if args.jobs > 1:
        parallel(records, pipeline, args.jobs)
        return
    start = time.perf_counter()
    extractor = Extractor.load()
    extractor.k.gazetteer  # noqa: B018  build the lazy index before timing
    load_s = time.perf_counter() - start
    events = sentences = kept = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    articles = (redline.clean_text(r["text"], published=r["seendate"][:10], pipeline=pipeline) for r in records)
    for _, found in extractor.extract_many(a for a in articles if a.skip is None):
        events += len(found)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    for record in records:  # the prefilter's effect, counted outside the timed loop
        article = redline.clean_text(record["text"], published=record["seendate"][:10], pipeline=pipeline)
        split = split_sentences(article.text, article.blocks, extractor.k.abbreviations)
        sentences += len(split)
        kept += sum(extractor.k.triggers.may_contain(s.text, lambda t=s.text: bool(extractor.k.weapons.find(t)))
                    for s in split)
    print(json.dumps({
        "articles": len(records), "load_s": round(load_s, 1), "articles_per_s": round(len(records) / elapsed, 1),
        "articles_per_cpu_s": round(len(records) / cpu, 1),
        "sentences": sentences, "sentences_parsed": kept, "events": events,
        "events_per_article": round(events / len(records), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))


def parallel(records: list[dict], pipeline, jobs: int) -> None:
    """Wall-clock articles per second on `jobs` worker processes, workers' model loading included (it
    happens in parallel with the first chunks' cleaning), as `redline extract --jobs` runs."""
    from redline.extract.parallel import extract_parallel

    start = time.perf_counter()
    articles = (redline.clean_text(r["text"], published=r["seendate"][:10], pipeline=pipeline) for r in records)
    events = sum(len(found) for _, found in extract_parallel((a for a in articles if a.skip is None), jobs))
    elapsed = time.perf_counter() - start
    print(json.dumps({"articles": len(records), "jobs": jobs, "seconds": round(elapsed, 1),
                      "articles_per_s": round(len(records) / elapsed, 1), "events": events}))


if __name__ == "__main__":
    main()
