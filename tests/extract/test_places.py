"""Place finding and geocoding (redline.extract.places) on hand-written sentences."""

import pytest

import redline
from redline.extract.knowledge import shared_knowledge
from redline.extract.places import spelling_key


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
    # the whole name is a village of the Kadiivka hromada, not GeoNames' Kalynove
    (found,) = _places(gazetteer, "Monitors heard bursts of fire near Kalynove-Borshchuvate.")
    assert found[0] == "Kalynove-Borshchuvate" and found[1].name == "Kalynove-Borshchuvate"
    assert found[1].district == "Kadiyivka hromada"


def test_a_hyphenated_name_may_be_a_village_written_with_a_space(gazetteer):
    (found,) = _places(gazetteer, "Shots were heard near Yuzhna-Lomuvatka.")
    assert found[0] == "Yuzhna-Lomuvatka" and found[1].name == "Yuzhna Lomuvatka"
    assert found[1].province == "Luhansk Oblast"


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


def test_after_the_invasion_a_village_of_a_shared_name_is_the_one_nearest_a_front(extractor, pipeline):
    text = "Russian forces shelled Kamianka, Kharkiv, overnight."
    loc = _event_loc(extractor, pipeline, text, published="2022-03-20")
    assert loc.province == "Kharkiv Oblast" and loc.resolution == 3 and loc.district == "Izyum hromada"
    before = _event_loc(extractor, pipeline, text, published="2021-05-01")  # no front then: the region
    assert before.resolved_place == "Kharkiv Oblast" and before.resolution == 2


def test_a_front_counts_only_while_it_was_active(gazetteer):
    (hostomel,) = [p for p in gazetteer.names["Hostomel"] if p.province == "Kyiv Oblast"]
    assert (hostomel.lat, hostomel.lon) in gazetteer.front_points("2022-03-10")
    assert (hostomel.lat, hostomel.lon) not in gazetteer.front_points("2022-06-01")
    assert gazetteer.front_points("2021-06-01") == []


def test_every_town_of_the_fronts_is_in_geonames(gazetteer):
    assert gazetteer.unplaced_front_towns == []


def test_a_village_on_the_line_of_contact_is_the_one_near_its_own_side(extractor, pipeline):
    # Orikhove is listed among the settlements Ukraine held facing the LPR: of the four villages of that
    # name in Donetsk and Luhansk oblasts, the one of the Hirske hromada, not the one behind Antratsyt.
    loc = _event_loc(extractor, pipeline, "Monitors recorded 14 explosions near Orikhove.", published="2022-02-10")
    assert loc.province == "Luhansk Oblast" and loc.district == "Hirske hromada"


@pytest.mark.parametrize("russian, ukrainian", [
    ("Logvinovo", "Lohvynove"),  # -ovo for -ove
    ("Debaltsevo", "Debaltseve"),  # -evo for -eve
    ("Michurino", "Michurine"),  # -ino for -ine
    ("Sosnovskoye", "Sosnivske"),  # -ovskoye for -ivske
    ("Trudovskiye", "Trudivske"),
    ("Verkhnyotoretske", "Verkhnotoretske"),  # the soft sign before o
])
def test_russian_and_ukrainian_spellings_of_a_settlement_share_a_key(russian, ukrainian):
    assert spelling_key(russian) == spelling_key(ukrainian)
    assert spelling_key("Lozove") != spelling_key("Lozova")


def test_a_village_in_a_russian_spelling_is_found_near_its_hromada(gazetteer):
    (found,) = _places(gazetteer, "Mortars were fired at Logvinovo, Donetsk.")
    assert found[1].name == "Lohvynove" and found[1].district == "Debaltseve hromada"


@pytest.mark.parametrize("text, name", [
    ("Shells hit Sukha Kamyanka, Kharkiv, at night.", "Sukha Kamianka"),  # two words, one of them a town's name
    ("Russian forces shelled Kluhyno-Bashkyrivka, Kharkiv.", "Kluhyno-Bashkyrivka"),
])
def test_a_village_known_only_by_its_hromada_is_found_before_its_region(gazetteer, text, name):
    found = [p for _, p in _places(gazetteer, text) if p.resolution >= 3]
    assert [p.name for p in found] == [name] and found[0].district is not None


def test_the_last_word_of_a_longer_name_before_a_region_is_not_a_village_of_its_own(gazetteer):
    found = _places(gazetteer, "Mortars were fired at Zalizna Balka, Donetsk.")
    assert [(p.name, p.resolution) for _, p in found] == [("Donetsk Oblast", 2)]


@pytest.mark.parametrize("text, name", [
    ("Mortar fire hit Nyzhnye Lozove, Donetsk, overnight.", "Nyzhnie Lozove"),  # the first word spelled otherwise
    ("Mortar fire hit Bila Kamianka, Donetsk, overnight.", "Bila Kamianka"),
])
def test_a_first_word_spelled_otherwise_still_makes_another_village(gazetteer, text, name):
    found = _places(gazetteer, text)
    assert [(p.name, p.province) for _, p in found] == [(name, "Donetsk Oblast")]


def test_an_attack_is_at_the_town_named_rather_than_the_country_in_a_name(extractor, pipeline):
    loc = _event_loc(extractor, pipeline,
                     "Russian artillery struck units of the Armed Forces of Ukraine in the direction of Moshchun overnight.")
    assert loc.resolved_place == "Moshchun" and loc.resolution == 4


def test_a_village_before_its_region_after_near_is_where_rather_than_an_area_in_a_name(extractor, pipeline):
    loc = _event_loc(extractor, pipeline, "On 3 February 2022, Ukrainian troops fired mortars at the positions of "
                     "the Donbass People's Militia near Sakhanka, Donetsk.", published="2022-02-03")
    assert loc.resolved_place == "Sakhanka" and loc.province == "Donetsk Oblast"


def test_a_spelling_of_the_text_is_no_reason_to_prefer_a_hamlet_over_a_town(gazetteer):
    # GeoNames spells the town of 12,000 "Mykhaylivka" and a hamlet of the same oblast "Mykhailivka"
    (found,) = _places(gazetteer, "Russian forces shelled Mykhailivka, Zaporizhia.")
    assert found[1].name == "Mykhaylivka" and found[1].population > 10_000


@pytest.mark.parametrize("attacker, hromada", [
    ("Russian forces", "Vuhledar hromada"),  # fire from Russia's side fell on the side Ukraine held
    ("Ukrainian forces", "Amvrosiivka hromada"),  # and Ukraine's on the side the DPR held
])
def test_in_donbas_the_village_of_a_shared_name_is_on_the_side_the_attacker_fought(extractor, pipeline, attacker,
                                                                                     hromada):
    loc = _event_loc(extractor, pipeline, f"{attacker} shelled Stepne, Donetsk, on Thursday.", published="2022-04-07")
    assert loc.province == "Donetsk Oblast" and loc.district == hromada


def test_a_thing_named_after_a_town_of_the_region_is_at_the_town(gazetteer):
    (found,) = _places(gazetteer, "Troops looted the Izium Forestry Station, Kharkiv, on Monday.")
    assert found[0] == "Izium" and found[1].name == "Izyum" and found[1].province == "Kharkiv Oblast"


@pytest.mark.parametrize("text, name, province, resolution", [
    # one Okhtyrka in the country, in Sumy oblast: the region written after it is a slip
    ("Shelling damaged houses in Okhtyrka, Kharkiv, overnight.", "Okhtyrka", "Sumy Oblast", 4),
    # several villages named Trostianets elsewhere, none in the region written: the region
    ("Shelling damaged houses in Trostianets, Kharkiv, overnight.", "Kharkiv Oblast", "Kharkiv Oblast", 2),
])
def test_a_settlement_unique_in_the_country_beats_a_region_it_is_not_in(gazetteer, text, name, province, resolution):
    (found,) = _places(gazetteer, text)
    assert (found[1].name, found[1].province, found[1].resolution) == (name, province, resolution)


def test_a_village_at_a_front_beats_a_geonames_village_of_its_name_far_from_any(extractor, pipeline):
    text = "Russian troops shelled Novodanylivka in the Zaporizhzhia region on Tuesday."
    loc = _event_loc(extractor, pipeline, text, published="2022-04-12")
    assert loc.district == "Orikhiv hromada" and loc.resolution == 3
    # a city of the name is still the one meant, front or not
    city = _event_loc(extractor, pipeline, "Russian troops shelled Lozova on Tuesday.", published="2022-04-12")
    assert city.resolved_place == "Lozova" and city.province == "Kharkiv Oblast"


def test_a_meeting_in_a_city_that_shares_its_name_with_a_village_is_in_the_city(extractor, pipeline):
    article = redline.clean_text("Ukraine's foreign minister met his US counterpart at the UN Security Council "
                                 "meeting in New York on Tuesday.", published="2024-07-16", pipeline=pipeline)
    meeting = next(e for e in extractor.extract(article) if e.trigger["text"] == "meeting")
    assert meeting.event_loc.country_code == "USA"
    # An act of force keeps the village of that name near the front.
    article = redline.clean_text("Russian forces captured New York in the Donetsk region on Tuesday.",
                                 published="2024-07-16", pipeline=pipeline)
    assert extractor.extract(article)[0].event_loc.country_code == "UKR"
