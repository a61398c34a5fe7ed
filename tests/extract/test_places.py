"""Place finding and geocoding (redline.extract.places) on hand-written sentences."""

import pytest

import redline
from redline.extract.knowledge import shared_knowledge


@pytest.fixture(scope="module")
def gazetteer():
    return shared_knowledge().gazetteer


def _places(gazetteer, text):
    return [(m.text, m.best()) for m in gazetteer.find(text)]


def _event_loc(extractor, pipeline, text, published="2022-03-10"):
    article = redline.clean_text(text, published=published, pipeline=pipeline)
    return next(e for e in extractor.extract(article) if e.acled).event_loc


@pytest.mark.parametrize("text, name, province", [
    ("Dozens of civilians left Kreminna in the Luhansk region on Friday.", "Kreminna", "Luhansk Oblast"),
    ("Troops entered Oleksandrivka village, Kherson region, at dawn.", "Oleksandrivka", "Kherson Oblast"),
    ("Troops entered Oleksandrivka village, Kirovohrad region, at dawn.", "Oleksandrivka", "Kirovohrad Oblast"),
])
def test_a_region_after_a_place_says_which_place(gazetteer, text, name, province):
    (found,) = _places(gazetteer, text)
    assert found[1].name == name and found[1].province == province and found[1].resolution == 4


def test_a_place_missing_from_the_gazetteer_stays_at_its_region(gazetteer):
    (found,) = _places(gazetteer, "Shells landed on Zzyzxivka village, Sumy region.")
    assert found[1].name == "Sumy Oblast" and found[1].resolution == 2 and found[1].lat is not None


def test_a_district_named_after_its_seat_is_located_at_district_level(gazetteer):
    (found,) = _places(gazetteer, "Two missiles were downed over the Obukhiv district overnight.")
    assert found[0] == "Obukhiv district"
    assert found[1].name == "Obukhiv" and found[1].resolution == 3 and found[1].province == "Kyiv Oblast"


def test_one_part_of_a_hyphenated_name_is_not_that_place(gazetteer):
    assert _places(gazetteer, "Monitors heard bursts of fire near Kalynove-Borshchuvate.") == []


def test_a_numbered_part_of_a_town_is_the_town(gazetteer):
    (found,) = _places(gazetteer, "Mortar rounds fell on Zolote-5, Luhansk, in the morning.")
    assert found[1].name == "Zolote" and found[1].province == "Luhansk Oblast"


@pytest.mark.parametrize("text, province", [
    ("Artillery from Belgorod shelled Zolochiv overnight.", "Kharkiv Oblast"),
    ("Russian forces shelled Zolochiv overnight.", "Lviv Oblast"),  # no context: the larger town
    ("In the Donetsk region, Russian forces shelled Vesele.", "Donetsk Oblast"),
    ("Russian forces shelled Vesele.", "Zaporizhzhia Oblast"),
])
def test_homonyms_are_told_apart_by_the_other_places_of_the_sentence(gazetteer, text, province):
    village = [p for name, p in _places(gazetteer, text) if name in ("Zolochiv", "Vesele")]
    assert village[0].province == province


def test_before_the_invasion_fire_near_a_shared_name_is_on_the_line_of_contact(extractor, pipeline):
    text = "Monitors recorded 12 explosions near Vesele."
    on_line = _event_loc(extractor, pipeline, text, published="2022-02-10")
    assert on_line.province == "Donetsk Oblast"
    later = _event_loc(extractor, pipeline, text, published="2022-06-10")
    assert later.province == "Zaporizhzhia Oblast"  # after the invasion the line says nothing: the larger town


def test_in_donetsk_and_luhansk_oblasts_the_village_on_the_line_is_meant(extractor, pipeline):
    loc = _event_loc(extractor, pipeline, "Russian forces shelled Opytne, Donetsk.", published="2022-06-10")
    assert loc.province == "Donetsk Oblast" and loc.lat < 48.3  # the Opytne beside Avdiivka, not near Bakhmut


def test_a_town_is_a_more_precise_place_than_its_country(extractor, pipeline):
    loc = _event_loc(extractor, pipeline, "Hundreds of people protested against the war in Ukraine in Enerhodar.")
    assert loc.resolved_place == "Enerhodar" and loc.resolution == 4


@pytest.mark.parametrize("text, name", [
    ("Shells hit Tavriyske, Kherson, on Monday.", "Tavriiske"),  # -yske for -iiske
    ("Missiles struck an oil depot near Zaporizhia.", "Zaporizhzhya"),  # zh for zhzh
    ("Heavy fighting went on in Vysokopillia, Kherson.", "Vysokopillya"),  # -ia for -ya
    ("Three missiles were shot down over Zaporizhia.", "Zaporizhzhya"),
])
def test_a_name_spelled_in_another_transliteration_is_found_where_a_place_is_expected(gazetteer, text, name):
    (found,) = _places(gazetteer, text)
    assert found[1].name == name and found[1].country_code == "UKR"


def test_a_person_named_like_a_village_in_another_spelling_is_no_place(gazetteer):
    assert _places(gazetteer, "Maria Zakharova said the talks had failed.") == []


@pytest.mark.parametrize("text", ["Shelling went on across Kyiv oblast.", "Shelling went on across the Kyiv region."])
def test_a_region_name_with_a_region_word_is_the_region_in_any_case(gazetteer, text):
    (found,) = _places(gazetteer, text)
    assert found[1].name == "Kyiv Oblast" and found[1].resolution == 2


def test_a_first_word_that_makes_another_village_keeps_the_name_unresolved(gazetteer):
    (found,) = _places(gazetteer, "Russian forces shelled Mala Kostromka, Dnipropetrovsk.")
    assert found[1].name == "Dnipropetrovsk Oblast" and found[1].resolution == 2


def test_a_list_of_cities_is_not_a_city_and_its_region(gazetteer):
    found = _places(gazetteer, "Missiles hit Sumy, Kharkiv and Kyiv overnight.")
    assert [p.name for _, p in found] == ["Sumy", "Kharkiv", "Kyiv"]


def test_a_place_in_the_agent_phrase_locates_an_attack_that_names_no_other(extractor, pipeline):
    loc = _event_loc(extractor, pipeline, "A truck of soldiers was blown up by a mine near Kryvyi Rih.")
    assert loc is not None and loc.resolved_place == "Kryvyy Rih"


def test_a_village_missing_from_geonames_is_located_at_its_hromada_centre(gazetteer):
    (found,) = _places(gazetteer, "Russian forces shelled Sokilnyky, Luhansk.")
    village = found[1]
    assert village.name == "Sokilnyky" and village.province == "Luhansk Oblast"
    assert village.resolution == 3 and village.district == "Hirske hromada" and village.geonameid is None
    seat = [p for p in gazetteer.names["Hirske"] if p.province == "Luhansk Oblast"]
    assert (village.lat, village.lon) in {(p.lat, p.lon) for p in seat}


def test_villages_of_one_name_in_several_hromadas_stay_at_their_region(gazetteer):
    (found,) = _places(gazetteer, "Russian forces shelled Stepne, Donetsk.")
    assert found[1].name == "Donetsk Oblast" and found[1].resolution == 2


def test_villages_of_one_name_in_several_regions_stay_at_their_country(gazetteer):
    (found,) = _places(gazetteer, "Shells fell near Hremiachka overnight.")
    assert found[1].name == "Ukraine" and found[1].resolution == 1


@pytest.mark.parametrize("text, name", [
    ("Monitors heard explosions near Shimshinovka.", "Shymshynivka"),  # Russian -ovka for Ukrainian -ivka
    ("Monitors heard explosions near Veselogorovka.", "Veselohorivka"),  # Russian g for Ukrainian h
])
def test_russian_endings_of_ukrainian_names(gazetteer, text, name):
    (found,) = _places(gazetteer, text)
    assert found[1].name == name
