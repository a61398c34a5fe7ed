"""Compare gold actor codes from older coding schemes with the entities redline predicts.

Gold files code actors the CAMEO way: a country code, sometimes a legacy one (JAP for Japan), followed
by role segments (USAGOV, GEOOPP, IGOUNOMIL), or just a kind (IGO, NGO). Redline codes an entity with
an ISO-3166 alpha-3 `code` or a short organisation code (UN, EU, NATO) plus a `sector`. So:

- a country-led code is reduced to its country (USAGOV -> USA, legacy codes translated);
- IGO followed by a known organisation segment becomes that organisation (IGOUNOMIL -> UN); a bare
  IGO, NGO or MNC names only a kind, matched by the predicted `sector` (for IGO also by any
  organisation code);
- codes with no state or organisation (`---GOV`, transnational militant groups IMG...) are not scored.

The tables are in gold_codes.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redline.evaluate.vocab import load_gold_codes


@dataclass(frozen=True)
class GoldActor:
    """One gold actor as redline would code it: a `code`, or else only a `sector` (kind)."""

    code: str | None = None
    sector: str | None = None

    def __str__(self) -> str:
        return self.code or f"<{self.sector}>"


def gold_actor(raw: str | None) -> GoldActor | None:
    """Translate one gold code (PLOVER or CAMEO style); None when it cannot or should not be scored."""
    if not raw or not isinstance(raw, str):
        return None
    table = load_gold_codes()
    code = raw.strip().upper()
    head, rest = code[:3], code[3:]
    if len(head) < 3 or any(code.startswith(u) for u in table.unscored):
        return None
    if head == "IGO":
        for i in range(0, len(rest) - 2, 3):
            if rest[i:i + 3] in table.organisations:
                return GoldActor(code=table.organisations[rest[i:i + 3]])
    if head in table.kinds:
        return GoldActor(sector=table.kinds[head])
    return GoldActor(code=table.legacy.get(head, head))


def gold_actors(raws: list[str | None]) -> list[GoldActor]:
    """The scorable gold actors among `raws`, without duplicates, in order."""
    found: list[GoldActor] = []
    for raw in raws:
        actor = gold_actor(raw)
        if actor is not None and actor not in found:
            found.append(actor)
    return found


def matches(gold: GoldActor, entity: dict[str, Any]) -> bool:
    """True when a predicted entity is the gold actor (same code; or, for a kind, same sector)."""
    if gold.code is not None:
        return entity.get("code") == gold.code
    if entity.get("sector") == gold.sector:
        return True
    return gold.sector == "IGO" and entity.get("code") in load_gold_codes().igo_codes


def any_match(golds: list[GoldActor], predicted: list[dict[str, Any]]) -> bool:
    """True when at least one predicted entity matches at least one gold actor (set overlap)."""
    return any(matches(g, e) for g in golds for e in predicted)
