"""An event report, in the field names of the output contract (docs: ../shared/docs/event-schema.md,
mirrored in docs/event-schema.md). PLOVER names where PLOVER has them; redline's additions beside them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
STATUSES = ("occurred", "planned", "threatened", "claimed", "denied", "negated")
DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")


@dataclass
class Entity:
    """An actor or recipient: the words in the text and what they resolve to."""

    entity_text: str
    code: str | None
    sector: str | None
    name: str | None
    office: str | None = None
    actor_id: str | None = None  # the actors.yaml entry it came from (for `redline explain`)

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k != "actor_id"}
        return data


@dataclass
class Location:
    extracted_place: str
    resolved_place: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    province: str | None
    country: str | None
    country_code: str | None
    feature_class: str | None
    feature_code: str | None
    resolution: int  # 5 sub-city, 4 city, 3 district, 2 province, 1 country
    city: str | None = None
    district: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Size:
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None
    dead_qualifier: str | None = None
    injured_qualifier: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"dead": self.dead, "injured": self.injured, "arrested": self.arrested}
        if self.dead is not None and self.dead_qualifier:
            data["dead_qualifier"] = self.dead_qualifier
        if self.injured is not None and self.injured_qualifier:
            data["injured_qualifier"] = self.injured_qualifier
        return data


@dataclass
class Event:
    """One event report extracted from one sentence of one article, with its evidence."""

    id: str
    event: list[str]
    mode: list[str]
    context: list[str]
    quad_code: int
    event_scale: float
    cameo: str | None
    acled: dict[str, str] | None
    status: str
    actor: list[Entity] = field(default_factory=list)
    recipient: list[Entity] = field(default_factory=list)
    date: str | None = None
    date_precision: str = "unknown"
    condition: str | None = None
    weapons: list[str] = field(default_factory=list)
    weapon_suppliers: list[str] = field(default_factory=list)  # "US- and UK-supplied missiles": USA, GBR
    size: Size = field(default_factory=Size)
    event_loc: Location | None = None
    attribution: str | None = None
    event_text: str = ""
    text_info: dict[str, int] = field(default_factory=dict)
    cite_info: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.5
    trigger: dict[str, Any] = field(default_factory=dict)  # (ext) trigger words, offsets and rule id
    explain: dict[str, Any] = field(default_factory=dict)  # (ext) which rule or entry gave each field

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "date": self.date, "date_precision": self.date_precision,
            "actor": [e.to_json() for e in self.actor], "recipient": [e.to_json() for e in self.recipient],
            "event": self.event, "mode": self.mode, "context": self.context, "quad_code": self.quad_code,
            "event_scale": self.event_scale, "cameo": self.cameo, "acled": self.acled, "status": self.status,
            "condition": self.condition, "weapons": self.weapons, "weapon_suppliers": self.weapon_suppliers,
            "size": self.size.to_json(),
            "event_loc": self.event_loc.to_json() if self.event_loc else None, "attribution": self.attribution,
            "event_text": self.event_text, "text_info": self.text_info, "cite_info": self.cite_info,
            "confidence": round(self.confidence, 3), "trigger": self.trigger, "explain": self.explain,
        }
