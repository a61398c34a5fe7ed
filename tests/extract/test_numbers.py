"""Casualty counts on sentences of the kind war reports use."""

import pytest
import yaml

from redline.extract.numbers import NumberReader
from redline.knowledge import data_path


@pytest.fixture(scope="module")
def reader():
    data = yaml.safe_load(data_path("language.yaml").read_text(encoding="utf-8"))
    return NumberReader(data["numbers"], data["vague_numbers"], data["casualties"])


@pytest.mark.parametrize("sentence, dead, injured", [
    ("The city was struck, resulting in at least 18 reported fatalities.", (18, "at least"), None),
    ("Casualties included two children killed and over a hundred fifty injured.", (2, "exact"), (150, "more than")),
    ("Gladkov reported that one civilian was injured after a drone struck a truck.", None, (1, "exact")),
    ("Missiles hit Odesa, killing four people and wounding nine.", (4, "exact"), (9, "exact")),
    ("The death toll rose to 21 on Sunday.", (21, "exact"), None),
    ("Dozens were wounded.", None, (24, "at least")),
    ("Two pilots died, and at least two soldiers coming to rescue them were killed.", (4, "at least"), None),
    ("Shelling killed four Ukrainian soldiers and one civilian.", (5, "exact"), None),
    ("Three Ukrainian soldiers and one civilian were killed.", (4, "exact"), None),
    ("Strikes killed 12 people, including three children, and wounded 30.", (12, "exact"), (30, "exact")),
    ("Four of them were killed and another four people were wounded.", (4, "exact"), (4, "exact")),
    ("One woman died.", (1, "exact"), None),
])
def test_numbers_casualty_counts(reader, sentence, dead, injured):
    found = reader.read(sentence)
    assert ((found["dead"].value, found["dead"].qualifier) if "dead" in found else None) == dead
    assert ((found["injured"].value, found["injured"].qualifier) if "injured" in found else None) == injured


@pytest.mark.parametrize("sentence", [
    "On 14 April 2022, Russian forces shelled Kharkiv.",  # a year is not a toll
    "The 31-member alliance met in 2014.",
    "Another convoy arrived; no one was hurt",  # 'no one' is not a count
    "Russia has 900,000 troops.",
])
def test_numbers_no_invented_casualties(reader, sentence):
    assert reader.read(sentence) == {}
