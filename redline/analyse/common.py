"""What the analyses share: the stored events in a fixed order, the weapon table and the engine's knowledge."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from redline.knowledge import load_data_file
from redline.store.queries import analysis_events

MATERIAL_STATUSES = ("occurred", "claimed")


@dataclass(frozen=True)
class Item:
    """One stored event with what ordering needs: its article and sentence."""

    event: dict[str, Any]
    article_id: str

    @property
    def id(self) -> str:
        return self.event["id"]

    @property
    def date(self) -> str | None:
        return self.event.get("date")

    @property
    def sequence(self) -> int:
        return (self.event.get("text_info") or {}).get("sequence") or 0

    @property
    def key(self) -> tuple[str, str, int, str]:
        """Sort key independent of ingest order: date, article id, sentence, event id."""
        return (self.date or "9999-99-99", self.article_id, self.sequence, self.id)

    def codes(self, role: str) -> set[str]:
        return {e["code"] for e in self.event.get(role) or [] if e.get("code")}

    def is_after(self, other: Item) -> bool:
        """Later than `other`: a later date, or the same article and a later sentence on the same date."""
        if not self.date or not other.date:
            return False
        if self.date != other.date:
            return self.date > other.date
        return self.article_id == other.article_id and self.sequence > other.sequence


class Components:
    """Connected components of a relation, joined pair by pair (union-find with path halving)."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        """The representative of x's component (x joins as its own component when new)."""
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, a: Any, b: Any) -> None:
        """Put a and b in one component; a's representative stays."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def load_items(conn: sqlite3.Connection) -> list[Item]:
    """The events of one article per syndicated story (its smallest id), sorted by `Item.key`, so results do
    not depend on ingest order."""
    items = [Item(row["event"], row["article_id"]) for row in analysis_events(conn)]
    return sorted(items, key=lambda i: i.key)


def latest_date(items: list[Item]) -> str | None:
    return max((i.date for i in items if i.date), default=None)


def days_between(first: str, last: str) -> int:
    return (date.fromisoformat(last) - date.fromisoformat(first)).days


@cache
def weapon_table() -> dict[str, dict[str, Any]]:
    """weapons.yaml entries by normalised name (the names events carry)."""
    return {w["name"]: w for w in load_data_file("weapons.yaml", "weapons.schema.json")["weapons"]}


def weapon_class(name: str) -> str:
    return (weapon_table().get(name) or {}).get("class") or name


def weapon_origin(name: str) -> str | None:
    return (weapon_table().get(name) or {}).get("origin")


def knowledge():
    """The extractor's knowledge (actors, weapons, places, triggers): the process's shared copy."""
    from redline.extract.knowledge import shared_knowledge

    return shared_knowledge()
