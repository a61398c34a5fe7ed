"""ACLED event type and sub-type of a violent event, and its PLOVER mode, from the trigger, the weapons
used (instruments, not targets), what was shot down, and who took territory (`data/ontology/acled.yaml`)."""

from __future__ import annotations

from typing import Any

from redline.extract.weapons import WeaponIndex, WeaponMention
from redline.model.event import Entity


class AcledCoder:
    def __init__(self, data: dict[str, Any]):
        self.families = data["sub_event_types"]
        self.aircraft = set(data["aircraft_classes"])
        self.civilian_harm_triggers = set(data["civilian_harm_triggers"])
        self.ground_attack_triggers = set(data["ground_attack_triggers"])
        self.data = data

    def _pair(self, sub_event: str) -> dict[str, str]:
        return {"event_type": self.families[sub_event], "sub_event_type": sub_event}

    def code(self, entry: dict[str, Any], instruments: list[WeaponMention], targets: list[WeaponMention],
             actors: list[Entity], recipients: list[Entity], place_country: str | None,
             actor_text: str, sentence: str = "") -> tuple[dict[str, str] | None, str, str]:
        """(acled, mode, rule) for an event of this trigger entry."""
        acled = dict(entry["acled"]) if entry.get("acled") else None
        mode = entry["mode"]
        if entry["event"] != "ASSAULT" or acled is None:
            return acled, mode, "trigger"
        rule = entry["id"]
        actor_codes = [a.code for a in actors]
        explosive = [w for w in instruments
                     if w.entry.get("acled_sub_event_type") not in (None, self.data["ground_attack"])]
        if rule in self.civilian_harm_triggers and not explosive and \
                any(r.sector in self.data["civilian_sectors"] for r in recipients):
            sub = acled["sub_event_type"] if acled["event_type"] == "Violence against civilians" \
                else self.data["civilian_attack"]
            return self._pair(sub), "firearms" if instruments else mode, "civilians harmed directly"
        if acled["event_type"] == "Explosions/Remote violence" and not instruments and \
                any(word in actor_text.lower() for word in self.data["air_actor_words"]):
            return self._pair(self.data["air_strike"]), "aerial", "attacker is an air force or aircraft"
        if rule == "shoot-down":
            if any(t.entry["class"] in self.aircraft for t in targets):
                return self._pair(self.data["downed_aircraft"]), "heavy-weapons", "aircraft shot down"
            return self._pair(self.data["intercepted"]), "aerial", "interception"
        if rule == "take-control":
            if not any(w in sentence.lower() for w in self.data["fight_words"]):
                return acled, mode, "taken over without fighting mentioned"
            rule = "capture"
        if rule == "capture":
            regained = place_country is not None and place_country in actor_codes
            sub = self.data["territory_regained" if regained else "territory_taken"]
            return self._pair(sub), mode, "territory " + ("regained" if regained else "taken")
        if rule == "clash":
            if any(r.sector in self.data["riot_opponent_sectors"] for r in recipients) and \
                    any(w in sentence.lower() for w in self.data["riot_words"]):
                return self._pair(self.data["riot"]), "crowd-control", "clash with police at a rally"
            return acled, mode, "clash"
        subs = [w.entry.get("acled_sub_event_type") for w in instruments if w.entry.get("acled_sub_event_type")]
        if not subs:
            if rule in self.ground_attack_triggers:
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

    def exchange_of_fire(self, paragraph: str) -> dict[str, str] | None:
        """A shelling answered with fire ("Ukrainian forces responded with fire") is an armed clash."""
        lowered = paragraph.lower()
        if any(w in lowered for w in self.data["exchange_words"]):
            return self._pair(self.data["ground_attack"])
        return None

    def two_way_fire(self, sentence: str) -> dict[str, str] | None:
        """Fire going both ways in the event's own sentence: an armed clash, whatever the trigger."""
        lowered = sentence.lower()
        if any(w in lowered for w in self.data.get("two_way_words", [])):
            return self._pair(self.data["ground_attack"])
        return None

    def protest_sub_type(self, paragraph: str) -> str | None:
        """A protest's sub-type from what the rest of its paragraph says the forces did."""
        lowered = paragraph.lower()
        if any(w in lowered for w in self.data["excessive_force_words"]):
            return self.data["protest_excessive_force"]
        if any(w in lowered for w in self.data["intervention_words"]):
            return self.data["protest_intervention"]
        return None
