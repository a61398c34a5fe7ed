"""Who held a settlement on the 2015-2022 line of contact in Donbas (`data/places/contact_line.yaml`), and
so who is meant as the attacker when a report of fire near it names none."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FrontPlace:
    name: str
    holder: str  # actor ids
    attacker: str


class ContactLine:
    def __init__(self, data: dict[str, Any]):
        self.until: str = data["until"]
        self.oblasts: frozenset[str] = frozenset(data.get("oblasts", []))
        self.places: dict[str, FrontPlace] = {}
        for side in data["sides"]:
            for name in side["places"]:
                self.places[name] = FrontPlace(name, side["holder"], side["attacker"])
        names = sorted(self.places, key=len, reverse=True)  # "Zolote-4" before "Zolote"
        self.pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")

    def find(self, sentence: str, date: str | None) -> FrontPlace | None:
        """The first settlement on the line named in `sentence`, for an event dated up to `until`."""
        if date is None or date > self.until:
            return None
        match = self.pattern.search(sentence)
        return self.places[match.group(1)] if match else None
