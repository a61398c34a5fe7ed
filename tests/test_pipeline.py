"""The pipeline seam: stage contracts are checked, and a failing stage becomes a coded skip."""

import pytest

from redline.model.article import Article
from redline.pipeline import Pipeline, StageSpec
from redline.settings import load_settings


def _article():
    return Article(id="x", source="x", origin="x", format="text", raw="Some text about a strike.")


def test_pipeline_refuses_a_stage_whose_inputs_nothing_provides():
    spec = StageSpec("needs_events", lambda s: (lambda a: a), requires=("events",), assigns=())
    with pytest.raises(ValueError, match="needs_events.*events"):
        Pipeline([spec], load_settings(env={}))


def test_pipeline_turns_a_crashing_stage_into_an_r190_skip():
    def explode(settings):
        def run(article):
            raise ZeroDivisionError("boom")
        return run

    pipeline = Pipeline([StageSpec("explode", explode, (), ())], load_settings(env={}))
    article = pipeline(_article())
    assert article.skip.code == "R190" and "explode" in article.skip.detail and "boom" in article.skip.detail


def test_pipeline_rejects_a_stage_that_returns_something_else():
    pipeline = Pipeline([StageSpec("bad", lambda s: (lambda a: None), (), ())], load_settings(env={}))
    with pytest.raises(TypeError, match="bad"):
        pipeline(_article())


def test_pipeline_unknown_stage_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="strip_boilerplate"):
        Pipeline.from_names(["no_such_stage"], load_settings(env={}))


def test_settings_environment_and_overrides(tmp_path):
    settings = load_settings(env={"REDLINE_LANGUAGES": "en,uk", "REDLINE_COMMIT_EVERY": "7"}, db="x.db")
    assert settings.languages == ["en", "uk"] and settings.commit_every == 7 and settings.db == "x.db"
    with pytest.raises(ValueError, match="lsh_bands"):
        load_settings(env={"REDLINE_LSH_BANDS": "5"})


def test_a_pipeline_for_extraction_leaves_out_fingerprints_but_keeps_every_check():
    from redline.extract.engine import ARTICLE_FIELDS

    settings = load_settings(env={})
    full = Pipeline.from_names(settings.ingest_stages, settings)
    lean = Pipeline.from_names(settings.ingest_stages, settings, needs=ARTICLE_FIELDS)
    assert "fingerprint" in full.names
    assert lean.names == [n for n in full.names if n != "fingerprint"]
    text = "Russian forces shelled the town of Kupiansk overnight, regional officials said. " * 8
    a, b = full(_article_with(text)), lean(_article_with(text))
    assert a.text == b.text and a.blocks == b.blocks and a.language == b.language == "en"
    assert a.minhash is not None and b.minhash is None
    assert lean(_article_with("Too short.")).skip.code == full(_article_with("Too short.")).skip.code


def _article_with(text):
    return Article(id="y", source="y", origin="y", format="text", raw=text)
