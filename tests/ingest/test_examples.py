"""The bundled example articles against their hand-written manifest (tests/fixtures)."""

import pytest

from tests.conftest import FIXTURES

MANIFEST = FIXTURES / "examples_expected.json"


def _keys():
    import json

    return sorted(json.loads(MANIFEST.read_text(encoding="utf-8")))


@pytest.mark.parametrize("key", _keys())
def test_example_metadata_and_cleaning(example_articles, examples_expected, key):
    expected = examples_expected[key]
    article = example_articles[key]
    assert article.skip is None
    assert article.title == expected["title"]
    assert article.published == expected["published"]
    if expected.get("publisher"):
        assert article.publisher == expected["publisher"]
    assert article.language == expected["language"]
    for junk in expected["must_not_contain"]:
        assert junk not in article.text, junk
    for sentence in expected["must_contain"]:
        assert sentence in article.text, sentence
