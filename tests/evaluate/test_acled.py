"""The ACLED scorer: metric definitions on a hand-made file, and both directions on the real data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from redline.evaluate import acled
from redline.evaluate.vocab import load_acled_rules
from tests.evaluate.stubs import by_citation, constant, entity, make_event, nothing

RUS = "Military Forces of Russia (2000-)"
NAF = "NAF: United Armed Forces of Novorossiya"
ROWS = [
    # id, actor1, admin1, lat, lon, geo_precision, fatalities, notes
    ("T1", RUS, "Donetsk", 48.1394, 37.7497, 2, 2, "On 15 April 2022, Russian forces shelled Avdiivka. Two killed."),
    ("T2", NAF, "Donetsk", 48.0, 37.8, 1, 0, "On 14 April 2022, DPR forces shelled Marinka. No casualties."),
    ("T3", "Military Forces of Ukraine (2019-)", "Luhansk", 48.6, 38.3, 2, 10,
     "On 13 April 2022, Ukrainian forces hit a column. Unspecified fatalities coded as 10."),
    ("T4", "Protesters (Ukraine)", "Kyiv City", 50.45, 30.52, 3, 0, "On 12 April 2022, people protested in Kyiv."),
]


def write_bench(root: Path, rows=ROWS) -> Path:
    """A bench directory holding a small ACLED file in the real column layout."""
    path = root / acled.FILE
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "admin1",
                         "location", "latitude", "longitude", "geo_precision", "notes", "fatalities"])
        for rid, actor1, admin1, lat, lon, prec, dead, notes in rows:
            day = notes.split(",")[0].removeprefix("On ")
            writer.writerow([rid, day, "Explosions/Remote violence", "Shelling/artillery/missile attack", actor1,
                             admin1, "", lat, lon, prec, notes, dead])
    return root


def oracle_event(row: dict[str, str], side_entity: dict | None = None) -> dict:
    """The event a perfect extractor returns for one ACLED row."""
    side = load_acled_rules().side_of(row["actor1"])
    actor = side_entity or (entity(None, "Donetsk People's Republic", "REB") if side == "separatists"
                            else entity(side))
    return make_event(acled={"event_type": row["event_type"], "sub_event_type": row["sub_event_type"]},
                      event_loc={"lat": float(row["latitude"]), "lon": float(row["longitude"]),
                                 "province": row["admin1"]},
                      size={"dead": int(row["fatalities"]), "injured": None}, actor=[actor])


def oracle(bench: Path, limit: int | None = None):
    return by_citation({r["event_id_cnty"]: [oracle_event(r)] for r in acled.read_rows(bench, limit)})


METRICS = {"event_type_accuracy", "sub_event_type_accuracy", "location_accuracy", "deaths_exact_accuracy",
           "no_invented_deaths_rate", "attacker_side_accuracy"}


def test_acled_perfect_stub_scores_one_on_real_slice(bench):
    result = acled.score(oracle(bench, 80), bench, limit=80)
    assert result.n == 80
    assert set(result.metrics) == METRICS
    assert all(v == 1.0 for v in result.metrics.values()), result.errors[:5]
    assert result.errors == []


def test_acled_wrong_stub_scores_low_on_real_slice(bench):
    wrong = make_event(acled={"event_type": "Riots", "sub_event_type": "Mob violence"},
                       event_loc={"lat": 0.0, "lon": 0.0, "province": "Lviv"},
                       size={"dead": 999, "injured": None}, actor=[entity("USA")])
    result = acled.score(constant([wrong]), bench, limit=80)
    assert all(v == 0.0 for v in result.metrics.values()), result.metrics
    assert len(result.errors) == 50
    assert result.counts["event_type:Explosions/Remote violence -> Riots"] > 0


def test_acled_no_event_counts_as_wrong_type_and_invents_no_deaths(tmp_path):
    result = acled.score(nothing, write_bench(tmp_path))
    assert result.metrics["event_type_accuracy"] == 0.0
    assert result.metrics["no_invented_deaths_rate"] == 1.0
    assert result.counts["event_type:Explosions/Remote violence -> none"] == 4


def test_acled_published_is_the_event_date_in_iso_and_only_notes_are_read(tmp_path):
    seen = []

    def spy(text, *, published, citation):
        seen.append((text[:10], published, citation))
        return []

    acled.score(spy, write_bench(tmp_path), limit=1)
    assert seen == [("On 15 Apri", "2022-04-15", "T1")]
    assert acled.iso_date("1 March 2022") == "2022-03-01"


def test_acled_convention_rows_are_left_out_of_fatality_metrics(tmp_path):
    bench = write_bench(tmp_path)
    rows = {r["event_id_cnty"]: r for r in acled.read_rows(bench)}
    answers = {rid: [oracle_event(r)] for rid, r in rows.items()}
    answers["T3"][0]["size"] = {"dead": 0}  # would be wrong if T3 ("coded as 10") were scored
    result = acled.score(by_citation(answers), bench)
    assert result.counts["convention_rows"] == 1
    assert result.counts["n.deaths_exact_accuracy"] == 1
    assert result.counts["n.no_invented_deaths_rate"] == 2
    assert result.metrics["deaths_exact_accuracy"] == 1.0


@pytest.mark.parametrize("notes, convention", [
    ("Russian soldiers were killed. Unspecified fatalities coded as 10.", True),
    ("3 people were killed (3 fatalities split among 6 events).", True),
    ("Significant losses coded as 10 fatalities.", True),
    ("one civilian was killed (fatalities coded to Horlivka event).", True),
    ("Two pilots died, and at least two soldiers were killed.", False),
    ("Shelling was reported (coded to Izium as the exact location is unknown). No fatalities.", False),
])
def test_acled_fatality_convention_patterns(notes, convention):
    assert load_acled_rules().is_convention(notes) is convention


def test_acled_deaths_are_the_maximum_over_all_returned_events(tmp_path):
    bench = write_bench(tmp_path, ROWS[:1])
    two = [make_event(size={"dead": 1}), make_event(size={"dead": 2}), make_event(size={"dead": None})]
    assert acled.score(constant(two), bench).metrics["deaths_exact_accuracy"] == 1.0
    assert acled.score(constant(two[:1]), bench).metrics["deaths_exact_accuracy"] == 0.0


@pytest.mark.parametrize("actor1, side", [
    ("Military Forces of Russia (2000-)", "RUS"),
    ("Military Forces of Russia (2000-) Air Force", "RUS"),
    ("Wagner Group", "RUS"),
    ("Military Forces of Ukraine (2019-) Territorial Defense Forces", "UKR"),
    ("Police Forces of Ukraine (2019-) Security Service of Ukraine", "UKR"),
    ("Bucha Communal Militia (Ukraine)", "UKR"),
    ("NAF: United Armed Forces of Novorossiya", "separatists"),
    ("Military Forces of the Donetsk People's Republic", "separatists"),
    ("Protesters (Ukraine)", None),
    ("Civilians (Ukraine)", None),
    ("Unidentified Armed Group (Ukraine)", None),
])
def test_acled_side_mapping(actor1, side):
    assert load_acled_rules().side_of(actor1) == side


@pytest.mark.parametrize("predicted, ok", [
    (entity("RUS"), True),
    (entity("UKR", "Donetsk People's Republic", "REB"), True),
    (entity(None, "DPR forces", "REB"), True),
    (entity(None, "pro-Russian separatists", "REB"), True),
    (entity("UKR", "Armed Forces of Ukraine"), False),
    (entity(None, "rebels in the Odpra valley", "REB"), False),
])
def test_acled_separatist_side_accepts_rus_or_a_dpr_lpr_name(tmp_path, predicted, ok):
    bench = write_bench(tmp_path, ROWS[1:2])
    row = acled.read_rows(bench)[0]
    result = acled.score(by_citation({"T2": [oracle_event(row, side_entity=predicted)]}), bench)
    assert result.metrics["attacker_side_accuracy"] == (1.0 if ok else 0.0)


def test_acled_rows_without_a_side_are_left_out(tmp_path):
    result = acled.score(nothing, write_bench(tmp_path))
    assert result.counts["side_unmapped_rows"] == 1
    assert result.counts["n.attacker_side_accuracy"] == 3


@pytest.mark.parametrize("dlat, ok", [(0.0, True), (0.2, True), (0.3, False)])  # 0.2 deg ~ 22 km, 0.3 ~ 33 km
def test_acled_location_within_25_km(tmp_path, dlat, ok):
    bench = write_bench(tmp_path, ROWS[:1])
    loc = {"lat": 48.1394 + dlat, "lon": 37.7497, "province": "Donetsk"}
    result = acled.score(constant([make_event(acled={}, event_loc=loc)]), bench)
    assert result.metrics["location_accuracy"] == (1.0 if ok else 0.0)


@pytest.mark.parametrize("province, ok", [("Kiev", True), ("Kyiv Oblast", True), ("Kharkiv", False), (None, False)])
def test_acled_region_level_rows_accept_the_province(tmp_path, province, ok):
    bench = write_bench(tmp_path, ROWS[3:4])  # geo_precision 3, admin1 "Kyiv City"
    loc = {"lat": 0.0, "lon": 0.0, "province": province}
    result = acled.score(constant([make_event(acled={}, event_loc=loc)]), bench)
    assert result.metrics["location_accuracy"] == (1.0 if ok else 0.0)


def test_acled_province_is_not_enough_for_point_rows(tmp_path):
    bench = write_bench(tmp_path, ROWS[:1])  # geo_precision 2
    loc = {"lat": None, "lon": None, "province": "Donetsk"}
    assert acled.score(constant([make_event(acled={}, event_loc=loc)]), bench).metrics["location_accuracy"] == 0.0


def test_acled_prediction_is_the_first_event_with_acled_codes(tmp_path):
    bench = write_bench(tmp_path, ROWS[:1])
    plain = make_event("ACCUSE")
    coded = make_event(acled={"event_type": "Explosions/Remote violence",
                              "sub_event_type": "Shelling/artillery/missile attack"}, actor=[entity("RUS")])
    result = acled.score(constant([plain, coded]), bench)
    assert result.metrics["event_type_accuracy"] == 1.0
    assert result.metrics["attacker_side_accuracy"] == 1.0


def test_acled_extractor_errors_are_counted_or_raised_when_strict(tmp_path):
    bench = write_bench(tmp_path)

    def broken(text, *, published, citation):
        raise RuntimeError("boom")

    result = acled.score(broken, bench)
    assert result.counts["extractor_errors"] == 4
    assert result.errors[0] == ("T1", "extractor raised RuntimeError: boom")
    with pytest.raises(RuntimeError):
        acled.score(broken, bench, strict=True)
    result = acled.score(lambda text, *, published, citation: {"event": "ASSAULT"}, bench)
    assert result.counts["contract_violations"] == 4
