"""Firsts: events that break a precedent in the store, found by walking the events in date order.

Two kinds (docs/escalation.md, "Firsts"), both over ASSAULT events with status occurred or claimed:

- `weapon_class`: the first use of a weapon class (weapons.yaml `class`) by an actor code against a
  recipient code (every actor code x every recipient code of the event);
- `supplier_weapon_on_territory`: the first assault on a country's territory (`event_loc.country_code`)
  with a weapon produced by a given supplier (weapons.yaml `origin`, else the event's `weapon_suppliers`
  named in the sentence), the attacker not being that supplier, e.g. Ukraine striking Russian territory with
  US-made ATACMS, or with "French- and British-supplied missiles".

Only dated events count. Events are taken in the order date, article id, sentence, so the result does not
depend on the order of ingest; the same real event reported by several articles is flagged once (the
earliest report in that order).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from redline.analyse.common import MATERIAL_STATUSES, Item, weapon_class, weapon_origin
from redline.store import analyses as store
from redline.store.queries import (
    analysis_pending,
    precedent_sources,
    stored_firsts,
    weapon_assaults,
)


def firsts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Precedent-breaking events in the store, oldest first.

    Args:
        conn: a store connection (read-only is enough).
    Returns:
        dicts with event_id, date, kind, actor, recipient, territory, weapon, weapon_class, supplier,
        evidence; one per precedent broken (an event can break several). Read from the stored firsts, or
        computed from the events while some articles await `refresh` (the same result).
    Docs: docs/escalation.md.
    """
    if analysis_pending(conn):
        return find_firsts([Item(row["event"], row["article_id"]) for row in weapon_assaults(conn)])
    return stored_firsts(conn)


def find_firsts(items: list[Item]) -> list[dict[str, Any]]:
    """`firsts` over events already loaded and sorted (see `redline.analyse.common.load_items`)."""
    seen: set[tuple] = set()
    found: list[dict[str, Any]] = []
    for item in items:
        for key, record in precedents(item):
            if key not in seen:
                seen.add(key)
                found.append({**record, "evidence": item.event.get("event_text")})
    return found


def precedents(item: Item) -> Iterable[tuple[tuple[str, str, str, str], dict[str, Any]]]:
    """What one event would be the first of, had nothing come before it: (key, record without evidence)
    per precedent, in a fixed order; keys are (kind, actor, recipient, weapon class) and
    (kind, territory, supplier, "")."""
    ev = item.event
    if not item.date or (ev.get("event") or [None])[0] != "ASSAULT" or ev.get("status") not in MATERIAL_STATUSES:
        return
    actors, recipients = sorted(item.codes("actor")), sorted(item.codes("recipient"))
    territory = (ev.get("event_loc") or {}).get("country_code")
    for weapon in ev.get("weapons") or []:
        cls = weapon_class(weapon)
        for actor in actors:
            for recipient in recipients:
                if recipient != actor:
                    yield (("weapon_class", actor, recipient, cls),
                           _first(item, "weapon_class", actor, recipient, territory, weapon, cls, None))
        # Who made the weapon: weapons.yaml's origin for a named system, else the suppliers the
        # sentence names ("French- and British-supplied missiles").
        origin = weapon_origin(weapon)
        for supplier in [origin] if origin else ev.get("weapon_suppliers") or []:
            if not territory or supplier == territory:
                continue
            for actor in actors:
                if actor not in (supplier, territory):
                    # The first eligible attacker speaks for the event: one precedent per territory and maker.
                    yield (("supplier_weapon_on_territory", territory, supplier, ""),
                           _first(item, "supplier_weapon_on_territory", actor, ",".join(recipients) or None,
                                  territory, weapon, cls, supplier))
                    break


def refresh(conn: sqlite3.Connection, articles: list[str]) -> dict[str, int]:
    """Bring the stored firsts up to date after the events of `articles` changed (whole syndicated stories:
    a new copy can change which article leads a story), inside the caller's transaction: their precedents
    are computed again, and every key they held or now hold gets its earliest precedent again.

    Returns:
        counts: precedents written, keys settled.
    """
    rows = []
    for row in precedent_sources(conn, articles):
        item = Item(row["event"], row["article_id"])
        for position, (key, record) in enumerate(precedents(item)):
            rows.append((key, item.date, item.article_id, item.sequence, item.id, position, record))
    keys = store.replace_precedents(conn, articles, rows)
    for key in sorted(keys):
        store.settle_first(conn, key)
    return {"precedents": len(rows), "keys": len(keys)}


def _first(item: Item, kind: str, actor: str, recipient: str | None, territory: str | None, weapon: str,
           cls: str, supplier: str | None) -> dict[str, Any]:
    return {"event_id": item.id, "date": item.date, "kind": kind, "actor": actor, "recipient": recipient,
            "territory": territory, "weapon": weapon, "weapon_class": cls, "supplier": supplier}
