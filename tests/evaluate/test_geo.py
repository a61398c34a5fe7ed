"""Haversine distance, region-name normalisation, and the guards on the evaluation data files."""

from __future__ import annotations

import pytest

from redline.evaluate import vocab
from redline.evaluate.geo import haversine_km, names_place, same_region


def test_geo_haversine_known_distances():
    assert haversine_km(50.0, 30.0, 50.0, 30.0) == 0.0
    assert haversine_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.195, abs=0.01)  # one degree of latitude
    kyiv, kharkiv = (50.4501, 30.5234), (49.9935, 36.2304)
    assert haversine_km(*kyiv, *kharkiv) == pytest.approx(410, abs=3)
    assert haversine_km(*kyiv, *kharkiv) == pytest.approx(haversine_km(*kharkiv, *kyiv))
    assert haversine_km(0.0, 179.5, 0.0, -179.5) == pytest.approx(111.195, abs=0.01)  # across the date line


@pytest.mark.parametrize("a, b", [
    ("Kyiv", "Kiev Oblast"), ("Kyiv City", "Kyiv"), ("Kharkiv", "Kharkivs’ka Oblast’"),
    ("Odesa", "Odessa"), ("Mykolaiv", "Nikolaev"), ("Zaporizhia", "Zaporizhzhia"), ("Zaporizhia", "Zaporozhye"),
    ("Dnipropetrovsk", "Dnipro region"), ("Luhansk", "Lugansk"), ("Chernihiv", "Chernigov"),
    ("Crimea", "Autonomous Republic of Crimea"), ("Ivano-Frankivsk", "Ivano-Frankivs'k Oblast"),
    ("Belgorod", "Belgorod Oblast"), ("Kirovograd", "Kirovohrad"),
])
def test_geo_region_spelling_variants_compare_equal(a, b):
    assert same_region(a, b)


@pytest.mark.parametrize("a, b", [("Kyiv", "Kharkiv"), ("Donetsk", "Luhansk"), ("", ""), (None, "Kyiv")])
def test_geo_different_or_missing_regions_do_not_compare_equal(a, b):
    assert not same_region(a, b)


def test_geo_names_place_looks_at_every_name_of_the_location():
    loc = {"resolved_place": "Kharkiv", "province": "Kharkiv", "city": None}
    assert names_place(loc, "Kharkov")
    assert names_place({"extracted_place": "Belgorod"}, "Belgorod")
    assert not names_place({}, "Belgorod")


def test_vocab_refuses_a_spelling_listed_twice(tmp_path, monkeypatch):
    (tmp_path / "admin1_variants.yaml").write_text("strip: [oblast]\nvariants:\n  kyiv: [kiev]\n  kiev: []\n")
    monkeypatch.setattr(vocab, "HERE", tmp_path)
    vocab.load_place_names.cache_clear()
    try:
        with pytest.raises(vocab.VocabError, match="listed twice"):
            vocab.load_place_names()
    finally:
        vocab.load_place_names.cache_clear()


def test_vocab_refuses_unknown_sides_and_plover_targets(tmp_path, monkeypatch):
    (tmp_path / "acled_rules.yaml").write_text("sides: [{pattern: x, side: NATO}]\n")
    (tmp_path / "plover_types.yaml").write_text("renamed: {DEMAND: INSIST}\ntypes: [REQUEST]\n")
    monkeypatch.setattr(vocab, "HERE", tmp_path)
    for loader, message in ((vocab.load_acled_rules, "side"), (vocab.load_plover_types, "not a contract type")):
        loader.cache_clear()
        try:
            with pytest.raises(vocab.VocabError, match=message):
                loader()
        finally:
            loader.cache_clear()
