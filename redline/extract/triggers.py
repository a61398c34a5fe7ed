"""Find event triggers in a parsed sentence, from the trigger lexicon (`data/triggers.yaml`).

A trigger is a token whose lemma and part of speech match an entry, or a phrase of lemmas ("shoot down",
"call on"). Entries with `needs` fire only when one of the needed lemmas is in the trigger's phrase
("launch" is an attack when missiles or drones are launched, not when a campaign is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import ahocorasick
from spacy.tokens import Span, Token


@dataclass(frozen=True)
class TriggerHit:
    token: Token
    entry: dict[str, Any]
    text: str


class TriggerLexicon:
    def __init__(self, entries: list[dict[str, Any]], irregular: dict[str, list[str]]):
        self.single: dict[str, list[dict[str, Any]]] = {}
        self.phrases: dict[str, list[tuple[list[str], dict[str, Any]]]] = {}  # by first word
        for entry in entries:
            for lemma in entry["lemmas"]:
                words = lemma.lower().split()
                if len(words) == 1:
                    self.single.setdefault(words[0], []).append(entry)
                else:
                    self.phrases.setdefault(words[0], []).append((words, entry))
        # For one word, entries with requirements are more specific and are tried first, whatever
        # their order in the file ("fire" + a weapon before plain "fire").
        for entries_for_word in self.single.values():
            entries_for_word.sort(key=lambda e: not (e.get("needs") or e.get("needs_weapon") or e.get("needs_place")))
        self.prefilter = _surface_automaton([w for e in entries for lemma in e["lemmas"] for w in lemma.split()],
                                            irregular)

    def may_contain(self, sentence: str) -> bool:
        """Cheap test before parsing: does any inflected form of a trigger word occur?"""
        lowered = sentence.lower()
        for end, word in self.prefilter.iter(lowered):
            start = end - len(word) + 1
            if (start == 0 or not lowered[start - 1].isalnum()) and (end + 1 == len(lowered) or
                                                                     not lowered[end + 1].isalpha()):
                return True
        return False

    def find(self, sent: Span, weapons: list = (), places: list = ()) -> list[TriggerHit]:
        """Triggers in `sent`; `weapons` and `places` are mentions (character offsets in the sentence)
        that can meet an entry's `needs_weapon` and `needs_place`."""
        self._weapons, self._places = weapons, places
        hits: list[TriggerHit] = []
        for token in sent:
            pos = token.pos_
            if pos not in ("VERB", "NOUN", "PROPN"):
                continue
            pos = "NOUN" if pos == "PROPN" else pos
            lemma = token.lemma_
            phrase = self._phrase_hit(token, lemma, pos)
            if phrase is not None:
                hits.append(phrase)
                continue
            for entry in self.single.get(lemma, ()) or self.single.get(token.lower_, ()):
                if pos in entry["pos"] and self._needs_met(token, entry):
                    hits.append(TriggerHit(token, entry, token.text))
                    break
        return hits

    def _phrase_hit(self, token: Token, lemma: str, pos: str) -> TriggerHit | None:
        for words, entry in self.phrases.get(lemma, ()):
            if pos in entry["pos"] and self._phrase_at(token, words) and self._needs_met(token, entry):
                return TriggerHit(token, entry, " ".join(words))
        return None

    @staticmethod
    def _phrase_at(token: Token, words: list[str]) -> bool:
        rest = words[1:]
        # particle verbs: "shot ... down", "called on"
        if all(any(c.lower_ == w for c in token.children) for w in rest):
            return True
        following = [t.lemma_ for t in token.doc[token.i + 1 : token.i + 1 + len(rest)]]
        return following == rest

    def _needs_met(self, token: Token, entry: dict[str, Any]) -> bool:
        start, end = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
        if entry.get("needs_place") and not any(start <= p.start and p.end <= end and p.start > token.idx
                                                for p in self._places):
            return False
        if entry.get("needs_weapon") and any(start <= w.start and w.end <= end for w in self._weapons):
            return True
        needs = entry.get("needs")
        if not needs:
            return True
        near = {t.lemma_ for t in token.subtree} | ({t.lemma_ for t in token.head.subtree}
                                                    if token.dep_ in ("xcomp", "compound", "amod") else set())
        near |= {t.lower_ for t in token.subtree}
        return bool(near & set(needs)) or any(n in {t.lower_ for t in token.head.children} for n in needs)


def _surface_automaton(lemmas: list[str], irregular: dict[str, list[str]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for lemma in set(w.lower() for w in lemmas):
        for form in {lemma, *_inflections(lemma), *irregular.get(lemma, [])}:
            automaton.add_word(form, form)
    automaton.make_automaton()
    return automaton


def inflections(lemma: str) -> set[str]:
    """Regular English inflections of a word (over-generating is harmless: only known words are looked up)."""
    return _inflections(lemma)


def _inflections(lemma: str) -> set[str]:
    forms = {lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdglmnprt]$", lemma):
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms
