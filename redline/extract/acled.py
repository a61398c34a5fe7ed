"""ACLED event type and sub-type of a violent event, and its PLOVER mode, from the trigger, the weapons
used (instruments, not targets), what was shot down, and who took territory (`data/ontology/acled.yaml`)."""

from __future__ import annotations

from typing import Any

from redline.extract.weapons import WeaponIndex, WeaponMention


class AcledCoder:
    def __init__(self, data: dict[str, Any]):
        self.families = data["sub_event_types"]
        self.aircraft = set(data["aircraft_classes"])
        self.data = data

    def _pair(self, sub_event: str) -> dict[str, str]:
        return {"event_type": self.families[sub_event], "sub_event_type": sub_event}

    def code(self, entry: dict[str, Any], instruments: list[WeaponMention], targets: list[WeaponMention],
             actor_codes: list[str | None], place_country: str | None) -> tuple[dict[str, str] | None, str, str]:
        """(acled, mode, rule) for an event of this trigger entry."""
        acled = dict(entry["acled"]) if entry.get("acled") else None
        mode = entry["mode"]
        if entry["event"] != "ASSAULT" or acled is None:
            return acled, mode, "trigger"
        rule = entry["id"]
        if rule == "shoot-down":
            if any(t.entry["class"] in self.aircraft for t in targets):
                return self._pair(self.data["downed_aircraft"]), "heavy-weapons", "aircraft shot down"
            return self._pair(self.data["intercepted"]), "aerial", "interception"
        if rule == "capture":
            regained = place_country is not None and place_country in actor_codes
            sub = self.data["territory_regained" if regained else "territory_taken"]
            return self._pair(sub), mode, "territory " + ("regained" if regained else "taken")
        if rule == "clash":
            return acled, mode, "clash"
        subs = [w.entry.get("acled_sub_event_type") for w in instruments if w.entry.get("acled_sub_event_type")]
        if not subs:
            if rule == "attack":
                return self._pair(self.data["ground_attack"]), "firearms", "attack without a weapon named"
            return acled, mode, "trigger"
        # Small arms beside heavier weapons still make a firefight; otherwise the most specific weapon.
        if self.data["ground_attack"] in subs:
            sub = self.data["ground_attack"]
            weapon = next(w for w in instruments if w.entry.get("acled_sub_event_type") == sub)
        else:
            weapon = WeaponIndex.most_specific(instruments)
            sub = weapon.entry.get("acled_sub_event_type") or acled["sub_event_type"]
        return self._pair(sub), weapon.entry.get("plover_mode") or mode, f"weapon {weapon.name}"
