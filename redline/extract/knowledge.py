"""Everything the extractor knows, loaded once per process from the data files, then read-only."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from redline.extract.acled import AcledCoder
from redline.extract.actors import ActorIndex, with_fallback
from redline.extract.frontline import ContactLine
from redline.extract.numbers import NumberReader
from redline.extract.places import Gazetteer, PlaceMention
from redline.extract.status import StatusRules
from redline.extract.triggers import TriggerLexicon
from redline.extract.weapons import WeaponIndex
from redline.knowledge import load_data_file


@dataclass
class Knowledge:
    """Lexicons and indexes built from `redline/data/`. Build with `Knowledge.load()`."""

    actors: ActorIndex
    triggers: TriggerLexicon
    weapons: WeaponIndex
    numbers: NumberReader
    cameo_roots: dict[str, dict[str, Any]]
    abbreviations: frozenset[str]
    regions: list[dict[str, Any]]
    acled: AcledCoder
    irregular: dict[str, list[str]]
    tag_pos: dict[str, str]
    trigger_entries: list[dict[str, Any]]
    plover: dict[str, Any]
    status: StatusRules
    grammar: dict[str, Any]
    contact_line: ContactLine

    @classmethod
    def load(cls) -> Knowledge:
        language = load_data_file("language.yaml", "language.schema.json")
        sectors = load_data_file("sectors.yaml", "sectors.schema.json")
        sector_nouns = {noun: sector for sector, nouns in sectors["sectors"].items() for noun in nouns}
        trigger_entries = load_data_file("triggers.yaml", "triggers.schema.json")["triggers"]
        weapon_data = load_data_file("weapons.yaml", "weapons.schema.json")
        return cls(
            actors=ActorIndex(with_fallback(load_data_file("actors.yaml", "actors.schema.json")["actors"],
                                            load_data_file("actors_world.yaml", "actors.schema.json")["actors"]),
                              sector_nouns, language["grammar"]),
            triggers=TriggerLexicon(trigger_entries, language["irregular"], language["grammar"]),
            weapons=WeaponIndex(weapon_data["weapons"], weapon_data.get("supplier_words", [])),
            numbers=NumberReader(language["numbers"], language["vague_numbers"], language["casualties"]),
            cameo_roots=load_data_file("ontology/cameo_roots.yaml", "cameo_roots.schema.json")["roots"],
            abbreviations=frozenset(language["abbreviations"]),
            regions=load_data_file("places/regions.yaml", "regions.schema.json")["regions"],
            acled=AcledCoder(load_data_file("ontology/acled.yaml", "acled.schema.json")),
            irregular=language["irregular"],
            tag_pos=language["tag_pos"],
            trigger_entries=trigger_entries,
            plover=load_data_file("ontology/plover.yaml", "plover.schema.json"),
            status=StatusRules(language["grammar"]),
            grammar=language["grammar"],
            contact_line=ContactLine(load_data_file("places/contact_line.yaml", "contact_line.schema.json")),
        )

    def known_lemmas(self) -> set[str]:
        """Every word whose lemma the engine compares: trigger words and requirements, sector nouns,
        reporting and plan verbs (see redline.extract.parse)."""
        words: set[str] = set()
        for entry in self.trigger_entries:
            for item in [*entry["lemmas"], *entry.get("needs", []),
                         *(w for cues in entry.get("mode_words", {}).values() for w in cues)]:
                words.update(item.lower().split())
        words.update(w for noun in self.actors.sector_nouns for w in noun.split())
        words.update(self.irregular)
        words.update(self.status.words())
        words.update(self.grammar["support_verbs"])
        words.update(self.grammar.get("charge_verbs", []))
        words.update(self.grammar.get("permission_verbs", []))
        words.update(self.grammar.get("descriptive_heads", []))
        for key in ("response_verbs", "undergo_verbs", "document_nouns", "partitive_nouns", "travel_verbs",
                    "engagement_verbs"):
            words.update(self.grammar.get(key, []))
        return words

    @cached_property
    def gazetteer(self) -> Gazetteer:
        # The largest index (about 3 s to build): built on first use, once per process.
        return Gazetteer(self.regions, load_data_file("places/place_words.yaml", "place_words.schema.json"),
                         load_data_file("places/settlements.yaml", "settlements.schema.json"),
                         load_data_file("places/fronts.yaml", "fronts.schema.json"))

    @cached_property
    def front_points(self) -> list[tuple[float, float]]:
        """Points of the 2015-2022 line of contact: its settlements found in the gazetteer, in its oblasts
        (names shared by several villages there, such as Opytne, draw no point)."""
        return [pt for points in self._side_points.values() for pt in points]

    def line_points(self, name: str, attacker: tuple[str | None, str | None] | None = None) -> list[tuple[float, float]]:
        """The points of the side of the line of contact that lists `name` ("Orikhove": the settlements
        Ukraine held facing the LPR); for a name it does not list, of the settlements held by the side the
        `attacker` (code, sector) fights ("Russian forces shelled X": X was held by Ukraine), or of the
        whole line."""
        place = self.contact_line.places.get(name)
        if place is not None and (points := self._side_points.get((place.holder, place.attacker))):
            return points
        if attacker is not None and attacker[0] in ("UKR", "RUS"):
            camp = _camp(*attacker)
            points = [pt for (holder, _), pts in self._side_points.items()
                      if _camp(self.actors.by_id[holder].get("country"), self.actors.by_id[holder].get("sector")) != camp
                      for pt in pts]
            if points:
                return points
        return self.front_points

    @cached_property
    def _side_points(self) -> dict[tuple[str, str], list[tuple[float, float]]]:
        line, points = self.contact_line, {}
        for name, side in line.places.items():
            mention = PlaceMention(0, len(name), name, tuple(
                p for p in self.gazetteer.names.get(name, []) if p.province in line.oblasts and p.lat is not None
                and p.lon is not None and p.resolution >= 3))
            if mention.candidates and not mention.spread():
                points.setdefault((side.holder, side.attacker), []).append(
                    (mention.candidates[0].lat, mention.candidates[0].lon))
        return points


def _camp(code: str | None, sector: str | None) -> str:
    """The side of the war in Donbas an actor fought on: Ukraine's government, or Russia and the forces it backed."""
    return "UKR" if code == "UKR" and sector != "REB" else "RUS"


@cache
def shared_knowledge() -> Knowledge:
    """The process's one Knowledge (it is read-only): the extractor and the analyses share it."""
    return Knowledge.load()
