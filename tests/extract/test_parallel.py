"""Extraction on several worker processes gives the events of one process, in input order."""

from redline.extract.engine import ExtractOptions
from redline.extract.parallel import extract_parallel
from tests.conftest import SEEDS, need_shared


def test_two_workers_one_article_per_chunk_keep_the_input_order(extractor, seed_articles):
    need_shared(SEEDS)
    articles = [seed_articles[key] for key in sorted(seed_articles)] * 2  # more chunks than workers
    expected = [[e.to_json() for e in extractor.extract(a, ExtractOptions())] for a in articles]
    got = list(extract_parallel(articles, jobs=2, chunk=1))
    assert [a.id for a, _ in got] == [a.id for a in articles]
    assert [events for _, events in got] == expected
    assert sum(map(len, expected)) > 40
