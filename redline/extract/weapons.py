"""Weapon mentions normalised through the lexicon (`data/weapons.yaml`), with PLOVER mode and ACLED
sub-type for the attacks they are used in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import ahocorasick

from redline.extract.mentions import longest_first, on_word_boundaries


@dataclass(frozen=True)
class WeaponMention:
    start: int
    end: int
    entry: dict[str, Any]

    @property
    def name(self) -> str:
        return self.entry["name"]


class WeaponIndex:
    def __init__(self, weapons: list[dict[str, Any]], supplier_words: list[str] = ()):
        # Capitalised names joined by hyphens/"and"/commas to a supply participle, then up to three
        # words of the weapon's own phrase: "French- and UK-made cruise ", "German-made ".
        self.supplied = re.compile(
            r"(?P<who>(?:[A-Z][\w.’']*-?(?:\s*,\s*|\s+and\s+|\s+or\s+))*[A-Z][\w.’']*)-(?:"
            + "|".join(map(re.escape, supplier_words or ["supplied"])) + r")\s+(?:[\w-]+\s+){0,3}$")
        self.folded = ahocorasick.Automaton()  # matched on lower-cased text
        self.exact = ahocorasick.Automaton()
        self.excludes: list[str] = []
        for entry in weapons:
            exact = entry.get("case_sensitive", False)
            for alias in entry["aliases"]:
                (self.exact if exact else self.folded).add_word(alias if exact else alias.lower(), (alias, entry))
            for alias in entry.get("case_sensitive_aliases", []):
                self.exact.add_word(alias, (alias, entry))
            self.excludes.extend(p.lower() for p in entry.get("exclude_phrases", []))
        for automaton in (self.folded, self.exact):
            if len(automaton):
                automaton.make_automaton()

    def find(self, text: str) -> list[WeaponMention]:
        lowered = text.lower()
        hits = []
        for automaton, haystack in ((self.folded, lowered), (self.exact, text)):
            if not len(automaton):
                continue
            for end, (alias, entry) in automaton.iter(haystack):
                start = end - len(alias) + 1
                if not on_word_boundaries(text, start, end + 1):
                    continue
                if any(ex in lowered[max(0, start - 30): end + 31] and alias.lower() in ex for ex in self.excludes):
                    continue
                hits.append(WeaponMention(start, end + 1, entry))
        return longest_first(hits)

    def supplier_span(self, text: str, mention: WeaponMention) -> tuple[int, int] | None:
        """Where the countries that supplied or made this weapon are named, right before it, if they are."""
        match = self.supplied.search(text, max(0, mention.start - 120), mention.start)
        return match.span("who") if match else None

    @staticmethod
    def most_specific(mentions: list[WeaponMention]) -> WeaponMention | None:
        """A named system beats a class word ("ATACMS" over "missiles")."""
        named = [m for m in mentions if not m.entry.get("generic")]
        return (named or mentions or [None])[0]
