"""Find actors in a sentence and resolve them through the actor dictionary (`data/actors.yaml`, then the
world states of `data/actors_world.yaml` as a fallback).

Names, metonyms ("the Kremlin", "Kyiv") and demonyms ("Ukrainian drone") are matched case-sensitively
on word boundaries with one Aho-Corasick automaton. A person resolves to the office held on the event
date, so Shoigu is Russia's defence minister (MIL) in 2023 and Security Council secretary (GOV) in 2025.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import ahocorasick

from redline.extract.mentions import longest_first
from redline.model.event import Entity


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    entry: dict[str, Any]
    demonym: bool


_TITLE_WORD = re.compile(r"[a-z]+")
_NAME_FOLLOWS = re.compile(r" [A-Z]")


def with_fallback(actors: list[dict[str, Any]], fallback: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`actors` followed by the `fallback` entries for states it lacks. A fallback entry whose country has
    a state entry in `actors`, or whose id is taken, is left out; so are its aliases and demonyms that an
    entry of `actors` already uses: the hand-made dictionary always wins."""
    states = {a["country"] for a in actors if a["kind"] == "state"}
    ids = {a["id"] for a in actors}
    taken = {form for a in actors for form in (*a["aliases"], *a.get("demonyms", []))}
    merged = list(actors)
    for entry in fallback:
        if entry["country"] in states or entry["id"] in ids:
            continue
        aliases = [a for a in entry["aliases"] if a not in taken]
        demonyms = [d for d in entry.get("demonyms", []) if d not in taken]
        if aliases or demonyms:
            merged.append({**entry, "aliases": aliases, "demonyms": demonyms})
    return merged


def _pad(date: str, low: bool) -> str:
    """Partial dates as interval ends: '2024-05' -> '2024-05-01' (from) or '2024-05-31' (until)."""
    parts = date.split("-")
    while len(parts) < 3:
        parts.append("01" if low else ("12" if len(parts) == 1 else "31"))
    return "-".join(parts)


class ActorIndex:
    """Alias automaton over actors.yaml; `find` returns the longest non-overlapping mentions."""

    def __init__(self, actors: list[dict[str, Any]], sector_nouns: dict[str, str], grammar: dict[str, Any]):
        """`grammar`: language.yaml's grammar, whose title words (`past_office_words`, `title_stopwords`,
        `title_spellings`) pick an office from the words beside a name."""
        self.past_office_words = frozenset(grammar["past_office_words"])
        self.title_stopwords = frozenset(grammar["title_stopwords"])
        self.title_spellings = grammar["title_spellings"]
        self.automaton = ahocorasick.Automaton()
        self.by_id = {a["id"]: a for a in actors}
        self.sector_nouns = sector_nouns
        # aliases that do not count before a capitalised word ("Jordan Peterson")
        self.not_before_names = {(a["id"], form) for a in actors for form in a.get("not_before_names", [])}
        for actor in actors:
            for alias in actor["aliases"]:
                self._add(alias, actor, False)
            for demonym in actor.get("demonyms", []):
                self._add(demonym, actor, True)
        self.automaton.make_automaton()

    def _add(self, surface: str, actor: dict[str, Any], demonym: bool) -> None:
        existing = self.automaton.get(surface, None)
        # Names win over demonyms; otherwise the first entry keeps an alias (the loader forbids clashes).
        if existing is None or (existing[1] and not demonym):
            self.automaton.add_word(surface, (surface, demonym, actor["id"]))

    def find(self, text: str) -> list[ActorMention]:
        hits: list[ActorMention] = []
        for end, (surface, demonym, actor_id) in self.automaton.iter(text):
            start = end - len(surface) + 1
            if (start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-" and demonym)) or \
                    (end + 1 < len(text) and text[end + 1].isalnum()):
                continue
            if (actor_id, surface) in self.not_before_names and _NAME_FOLLOWS.match(text, end + 1):
                continue
            hits.append(ActorMention(start, end + 1, surface, self.by_id[actor_id], demonym))
        return longest_first(hits)

    def entity(self, mention: ActorMention, date: str | None, head_lemma: str | None = None,
               phrase: str | None = None, context: str | None = None) -> Entity:
        """The Entity for a mention; `head_lemma` is the noun a demonym modifies ("forces"); `context`,
        the words around a person's name, may name the office ("NATO chief", "Defence Minister")."""
        entry = mention.entry
        code, sector, office = entry["country"], entry["sector"], None
        if entry["kind"] == "person":
            held = (context and self.office_named(entry, context)) or self.office_on(entry, date)
            if held:
                code, sector, office = held["country"], held["sector"], held["title"]
        elif mention.demonym or entry["kind"] == "state":
            sector = self.sector_nouns.get(head_lemma or "", sector if not mention.demonym else "GOV")
        name = entry["name"]
        if mention.demonym and sector == "MIL":
            name = f"Armed forces of {entry['name']}"
        elif mention.demonym and sector == "CVL":
            name = f"civilians of {entry['name']}"
        return Entity(entity_text=phrase or mention.text, code=code, sector=sector, name=name, office=office,
                      actor_id=entry["id"])

    def office_named(self, entry: dict[str, Any], context: str) -> dict[str, Any] | None:
        """The one office whose title the words beside the name echo best ("NATO chief Stoltenberg",
        "Defense Minister Shoigu"), or None: no title word, a tie, or a past office ("former")."""
        offices = entry.get("offices") or []
        words = {self.title_spellings.get(w, w) for w in _TITLE_WORD.findall(context.lower())}
        if len(offices) < 2 or words & self.past_office_words:
            return None
        scores = [len(words & (set(_TITLE_WORD.findall(o["title"].lower())) - self.title_stopwords))
                  for o in offices]
        best = max(scores)
        if best == 0 or scores.count(best) > 1:
            return None
        return offices[scores.index(best)]

    @staticmethod
    def office_on(entry: dict[str, Any], date: str | None) -> dict[str, Any] | None:
        offices = entry.get("offices") or []
        if not offices:
            return None
        if date is None:
            current = [o for o in offices if o.get("until") is None]
            return current[-1] if current else offices[-1]
        for office in offices:
            if _pad(str(office["from"]), True) <= date and (office.get("until") is None or
                                                            date <= _pad(str(office["until"]), False)):
                return office
        return None
