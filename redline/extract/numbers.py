"""Casualty counts with their qualifiers: "at least 18 killed", "two children killed", "over a hundred
fifty injured", "one civilian was injured", "killing 4", "the death toll rose to 21", "dozens wounded".

Only a number tied to a word of death or injury counts; anything else ("31-member group", "2014") is not
a casualty figure. A vague word ("dozens") gives the smallest number it guarantees, with qualifier
"at least", so that nothing larger than the text says is ever recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redline.extract.mentions import ascii_words, folded


@dataclass(frozen=True)
class Count:
    value: int
    qualifier: str
    start: int
    end: int


def _alternation(words) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


class NumberReader:
    """Built from language.yaml: number words, vague amounts and the `casualties` words."""

    def __init__(self, words: dict[str, int], vague: dict[str, int], casualties: dict):
        self.words, self.vague = words, vague
        self.qualifiers = casualties["qualifiers"]
        # Every pattern of a kind needs one of its words; most sentences have none and skip the patterns.
        self.kind_words = {"dead": ascii_words(casualties["dead_words"]),
                           "injured": ascii_words(casualties["injured_words"])}
        self.part_of_total = re.compile(r"\b" + _alternation(casualties["part_of_total"]) + r"\b", re.I)
        qual = r"(?P<qual>" + _alternation(self.qualifiers)[3:-1] + r")?\s*"
        dead, hurt = _alternation(casualties["dead_words"]), _alternation(casualties["injured_words"])
        number_words = sorted([*words, *vague], key=len, reverse=True)
        # Digits with thousands separators, never a trailing comma ("April 2022, one civilian ...").
        num = r"(?P<num>\d{1,3}(?:,\d{3})+|\d+|(?:(?:" + "|".join(map(re.escape, number_words)) + r")\b[\s-]*){1,4})"
        noun = r"(?:\s+(?:\w+\s+){0,3}?" + _alternation(casualties["people_nouns"]) + r")?"
        people = _alternation(casualties["people_nouns"])
        # "killing four soldiers and one civilian": a second group right after a count is added to it.
        self.continuation = re.compile(r"(?:\s*(?:\w+\s+){0,2}?" + people + r")?\s*,?\s*(?:and|as well as|plus)\s+" +
                                       qual.replace("qual", "qual2") + num.replace("(?P<num>", "(?P<num2>") +
                                       r"\s*(?:\w+\s+){0,2}?" + people + r"\b", re.I)
        # "Three soldiers and one civilian were killed": a first group just before the counted one.
        self.preceding = re.compile(r"\b" + num.replace("(?P<num>", "(?P<num0>") + r"\s*(?:\w+\s+){0,2}?" + people +
                                    r"\s+(?:and|as well as)\s*$", re.I)
        self.patterns = {
            kind: [
                # "at least 18 people were killed", "two children killed", "18 reported fatalities"
                re.compile(r"\b" + qual + num + noun + r"\s+(?:of (?:them|whom)\s+)?(?:(?:were|was|have been|had been|are|reportedly|reported|also|being)\s+)*" + words_re, re.I),
                # "killing at least 18", "injuring two civilians", "lives claimed" handled by the first pattern
                re.compile(r"\b" + words_re + r"\s+" + qual + num + r"\b", re.I),
                # "the death toll rose to 21", "toll of 7"
                re.compile(r"\b" + ("death toll" if kind == "dead" else "(?:number of )?injur\\w+") +
                           r"\s+(?:\w+\s+){0,3}?(?:to|of|at|reached|stands at|is)\s+" + qual + num + r"\b", re.I),
            ]
            for kind, words_re in (("dead", dead), ("injured", hurt))
        }

    def _value(self, text: str) -> tuple[int, str | None] | None:
        text = text.strip().lower().replace(",", "")
        if text.isdigit():
            return int(text), None
        if text in self.vague:
            return self.vague[text], "at least"
        total, current = 0, 0
        for word in re.split(r"[\s-]+", text):
            if not word:
                continue
            if word not in self.words:
                return None
            value = self.words[word]
            if value in (100, 1000):
                current = max(current, 1) * value
                if value == 1000:
                    total, current = total + current, 0
            else:
                current += value
        return (total + current, None) if total + current else None

    def read(self, sentence: str) -> dict[str, Count]:
        """Counts of dead and of injured in the sentence (keys 'dead', 'injured').

        Separate groups are added up ("two pilots died, and at least two soldiers were killed" is at
        least 4), except a part named as included in a total ("including two children").
        """
        found: dict[str, Count] = {}
        lowered = folded(sentence)
        for kind, patterns in self.patterns.items():
            if not any(word in lowered for word in self.kind_words[kind]):
                continue
            counts: list[Count] = []
            for index, pattern in enumerate(patterns):
                for m in pattern.finditer(sentence):
                    if re.search(r"\bno\s*$", sentence[: m.start("num")], re.I):
                        continue  # "no one was hurt"
                    parsed = self._value(m.group("num"))
                    if parsed is None or any(c.start <= m.start() < c.end or m.start() <= c.start < m.end()
                                             for c in counts):
                        continue
                    value, vague_qual = parsed
                    digits = m.group("num").strip().replace(",", "")
                    if value > 100000 or re.fullmatch(r"(19|20)\d\d", digits):
                        continue  # a year or an army's size, not a casualty figure
                    if counts and self.part_of_total.search(sentence[max(0, m.start() - 25): m.start()]):
                        continue
                    qual = self.qualifiers.get((m.group("qual") or "").lower(), vague_qual or "exact")
                    start, end = m.start(), m.end()
                    more = self.continuation.match(sentence, end)
                    if more and (extra := self._value(more.group("num2"))) is not None:
                        value += extra[0]
                        end = more.end()
                        if qual == "exact":
                            qual = self.qualifiers.get((more.group("qual2") or "").lower(), extra[1] or "exact")
                    # "Three soldiers and one civilian were killed": only for a count that comes before
                    # its verb, so that "killing four and wounding nine" never mixes the two.
                    before = self.preceding.search(sentence[max(0, start - 60): start]) if index == 0 else None
                    if before and (extra := self._value(before.group("num0"))) is not None:
                        value += extra[0]
                        start -= len(before.group(0))
                    counts.append(Count(value, qual, start, end))
            if counts:
                counts.sort(key=lambda c: c.start)
                qualifier = next((c.qualifier for c in counts if c.qualifier != "exact"), "exact")
                found[kind] = Count(sum(c.value for c in counts), qualifier, counts[0].start, counts[-1].end)
        return found
