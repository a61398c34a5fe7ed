import pytest

from redline.ingest.dates import find_date, parse_date_value


@pytest.mark.parametrize("line, iso, precision", [
    ("Published: December 31, 2023 at 2:52 pm EST", "2023-12-31", "day"),
    ("Tuesday, July 16, 2024", "2024-07-16", "day"),
    ("Greenwatch Desk Diplomacy 2024-11-22, 3:48pm", "2024-11-22", "day"),
    ("date 2023-12-31 en English", "2023-12-31", "day"),
    ("Updated 18 May 2024", "2024-05-18", "day"),
    ("Sat 2nd March 2024", "2024-03-02", "day"),
    ("Sept. 5, 2023", "2023-09-05", "day"),
    ("July 2024", "2024-07-01", "month"),
])
def test_dates_find_date_in_datelines(line, iso, precision):
    found = find_date(line)
    assert (found.iso, found.precision) == (iso, precision)


@pytest.mark.parametrize("text", ["on Monday", "last week", "2024-02-30", "3:48pm", "in 2014", "February 31, 2023"])
def test_dates_find_date_refuses_what_is_not_a_full_date(text):
    assert find_date(text) is None


@pytest.mark.parametrize("value, expected", [
    ("2022-01-25T09:00:00Z", ("2022-01-25", "day")),
    ("2024-11-20T23:30:00-05:00", ("2024-11-21", "day")),
    ("Thu, 21 Nov 2024 08:05:00 GMT", ("2024-11-21", "day")),
    ("20240302", ("2024-03-02", "day")),
    ("2024", ("2024-01-01", "year")),
    ("12 March 2022", ("2022-03-12", "day")),
    ("not a date", None),
    ("", None),
])
def test_dates_parse_metadata_values(value, expected):
    assert parse_date_value(value) == expected


def test_dates_future_dates_are_refused_as_publication_dates():
    assert parse_date_value("2999-01-01") is None
