"""Alerts: the rules of an alert rules file (see alert_rules.py) evaluated over the stored events.

Each rule kind reads one existing analysis (escalation, red lines, firsts) or the events themselves
(nuclear signals, casualties) and yields an `Alert` per *subject*: a dyad's period, a red line's stage, a
precedent, a sentence. An alert's id is a hash of the rule id and its subject, so evaluating again, in any
process, finds the same ids and the store keeps each alert once. Everything is computed from the store's
events in `Item.key` order, so the alerts do not depend on the order articles were ingested in; and an
alert's subject never names the evaluation time, so evaluating after every file or once at the end gives
the same alerts. Docs: docs/alerts.md.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from redline.analyse.alert_rules import Rule
from redline.analyse.common import MATERIAL_STATUSES, Components, Item, load_items
from redline.analyse.escalation import counts_in_series, escalation
from redline.analyse.firsts import find_firsts
from redline.analyse.fusion import fusion_map
from redline.analyse.redlines import red_lines


@dataclass(frozen=True)
class Alert:
    """One thing a rule says an analyst should look at now."""

    id: str
    rule: str
    kind: str
    severity: str
    date: str | None  # of the key event, or the first day of the period (escalation)
    dyad: str | None  # ACTOR-RECIPIENT codes, when the alert has one
    message: str  # plain English, one paragraph
    event_ids: list[str]
    evidence: dict[str, Any]  # the key event: event_id, article_id, sentence, citation
    subject: str  # what the alert is about, unique per rule (the id is a hash of rule and subject)
    details: dict[str, Any] = field(default_factory=dict)  # the kind's numbers (z, dead, status, ...)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# Kinds whose alert is about one real-world event, found through its reports: when more reports arrive, the
# group's lead report (the subject) may change, so the store also treats an alert sharing an event with a
# stored alert of its rule as told (`redline.store.alerts.store_alerts`).
SAME_EVENT_KINDS = ("nuclear_signal", "casualties")


def alert_id(rule_id: str, subject: str) -> str:
    return "al-" + hashlib.sha1(f"{rule_id}\x1f{subject}".encode()).hexdigest()[:16]


def evaluate(conn: sqlite3.Connection, rules: Iterable[Rule]) -> list[Alert]:
    """Every alert the rules raise over the store's events, by date (undated last), rule and id.

    Args:
        conn: a store connection (read-only is enough).
        rules: from `redline.analyse.alert_rules.load_rules`.
    Returns:
        The alerts, each once (by id). Storing them is the caller's business (`redline.store.alerts`).
    """
    ctx = _Context(conn)
    found: dict[str, Alert] = {}
    for rule in rules:
        for alert in EVALUATORS[rule.kind](ctx, rule):
            found.setdefault(alert.id, alert)
    return sorted(found.values(), key=lambda a: (a.date or "9999-99-99", a.rule, a.id))


class _Context:
    """The events loaded once per evaluation, and the analyses two rules may share."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.items = load_items(conn)
        self.by_id = {i.id: i for i in self.items}
        self._red_lines: dict[int, list[dict[str, Any]]] = {}
        self._firsts: list[dict[str, Any]] | None = None
        self._fused: dict[str, str] | None = None

    @property
    def fused(self) -> dict[str, str]:
        """Report id -> fused event id (docs/fusion.md)."""
        if self._fused is None:
            self._fused = fusion_map(self.conn)
        return self._fused

    def red_lines(self, window_days: int) -> list[dict[str, Any]]:
        if window_days not in self._red_lines:
            self._red_lines[window_days] = red_lines(self.conn, window_days=window_days)
        return self._red_lines[window_days]

    def firsts(self) -> list[dict[str, Any]]:
        if self._firsts is None:
            self._firsts = find_firsts(self.items)
        return self._firsts


def _matches(rule: Rule, actors: Iterable[str | None], recipients: Iterable[str | None]) -> bool:
    """The rule's filters: some actor, some recipient, some actor-recipient pair among those given."""
    actors, recipients = {a for a in actors if a}, {r for r in recipients if r}
    f = rule.filters
    if f.get("actor") and not actors & set(f["actor"]):
        return False
    if f.get("recipient") and not recipients & set(f["recipient"]):
        return False
    if f.get("dyad") and not {f"{a}-{r}" for a in actors for r in recipients} & set(f["dyad"]):
        return False
    return True


def _evidence(item: Item | None) -> dict[str, Any]:
    if item is None:
        return {"event_id": None, "article_id": None, "sentence": None, "citation": None}
    return {"event_id": item.id, "article_id": item.article_id, "sentence": item.event.get("event_text"),
            "citation": (item.event.get("cite_info") or {}).get("citation")}


def _alert(rule: Rule, subject: str, *, date: str | None, dyad: str | None, message: str,
           events: list[Item], key: Item | None, details: dict[str, Any]) -> Alert:
    return Alert(id=alert_id(rule.id, subject), rule=rule.id, kind=rule.kind, severity=rule.severity, date=date,
                 dyad=dyad, message=message, event_ids=list(dict.fromkeys(i.id for i in events)),
                 evidence=_evidence(key), subject=subject, details=details)


def _quote(item: Item | None) -> str:
    text = " ".join(((item.event.get("event_text") if item else None) or "").split())
    return f'"{text[:300]}{"…" if len(text) > 300 else ""}"' if text else "(no sentence)"


def _reported_events(ctx: _Context, keep: Callable[[Item], bool]) -> list[list[Item]]:
    """The kept events grouped into what makes one alert, each group and the groups in `Item.key` order.

    Events of one sentence report one thing (a threat and the strike threatened), and reports that fusion
    put in one real-world event (docs/fusion.md: outlets reporting the same strike) are one thing too, so
    both join a group (the connected components of the two relations). The group's first event is its lead:
    the alert's subject is the lead's sentence."""
    kept = [i for i in ctx.items if keep(i)]
    components = Components()
    for item in kept:
        components.join(("sentence", item.article_id, item.sequence), ("fused", ctx.fused.get(item.id, item.id)))
    groups: dict[tuple, list[Item]] = {}
    for item in kept:
        groups.setdefault(components.find(("sentence", item.article_id, item.sequence)), []).append(item)
    return list(groups.values())


def _also(group: list[Item]) -> str:
    articles = len({i.article_id for i in group})
    return f" Reported in {articles} articles." if articles > 1 else ""


def _codes(items: list[Item], role: str) -> list[str]:
    return sorted({c for i in items for c in i.codes(role)})


def _dyad(actors: list[str], recipients: list[str]) -> str | None:
    pairs = [f"{a}-{r}" for a in actors for r in recipients if a != r]
    return pairs[0] if pairs else None


# --- escalation -------------------------------------------------------------------------------------------

def _escalation(ctx: _Context, rule: Rule) -> Iterable[Alert]:
    """A dyad's period whose z (or index) reaches `at_least` when the period before it was below: the band is
    crossed upwards, so a long spell above it is one alert, and a later return above it another."""
    p = rule.params
    measure, threshold, period = p["measure"], float(p["at_least"]), p["period"]
    for dyad in _watched_dyads(ctx, rule):
        series = escalation(ctx.conn, dyad, period=period, baseline=p["baseline"], items=ctx.items,
                            fused=ctx.fused, firsts=ctx.firsts())["series"]
        actor, recipient = dyad.split("-", 1)
        previous = None
        for row in series:
            value = row[measure]
            crossed = value >= threshold and (previous is None or previous < threshold)
            previous = value
            if not crossed:
                continue
            events = [i for i in ctx.items if i.date and _bucket_of(i.date, period) == row["period"]
                      and actor in i.codes("actor") and recipient in i.codes("recipient")
                      and counts_in_series(i)]
            drivers = [ctx.by_id[d["event_id"]] for d in row["drivers"] if d["event_id"] in ctx.by_id]
            key = min(events, key=lambda i: (float(i.event.get("event_scale") or 0), i.key), default=None)
            key = key or (drivers[0] if drivers else None)
            when = f"the week of {row['period']}" if period == "week" else row["period"]
            driver_text = ", ".join(d["kind"] + (f" ({d['detail']})" if d["detail"] else "") for d in row["drivers"])
            message = (f"Escalation {actor} against {recipient}: {'weekly' if period == 'week' else 'daily'} "
                       f"{'z-score' if measure == 'z' else 'escalation index'} {value:.2f} in {when} "
                       f"(alert at {threshold:g}): {row['n']} events"
                       + (f" ({row['reports']} reports)" if row.get("reports", row["n"]) != row["n"] else "")
                       + f", conflict score {row['conflict']:g}"
                       + (f"; drivers: {driver_text}" if driver_text else "") + f". Key event: {_quote(key)}")
            yield _alert(rule, f"{dyad}|{period}|{row['period']}|{measure}", date=row["period"], dyad=dyad,
                         message=message, events=events + drivers, key=key,
                         details={"period": period, "period_start": row["period"], "measure": measure,
                                  "value": value, "at_least": threshold, "z": row["z"], "index": row["index"],
                                  "n": row["n"], "reports": row.get("reports"), "conflict": row["conflict"],
                                  "drivers": [d["kind"] for d in row["drivers"]]})


def _watched_dyads(ctx: _Context, rule: Rule) -> list[str]:
    """The rule's dyads, or every directed dyad with at least `min_events` dated events of material status
    that passes the actor and recipient filters; events counted as escalation counts them, one per fused
    event (several reports of one strike are one event)."""
    if rule.filters.get("dyad"):
        return sorted(rule.filters["dyad"])
    events: dict[str, set[str]] = {}
    for item in ctx.items:
        if not item.date or item.event.get("status") not in MATERIAL_STATUSES:
            continue
        for a in item.codes("actor"):
            for r in item.codes("recipient"):
                if a != r and _matches(rule, [a], [r]):
                    events.setdefault(f"{a}-{r}", set()).add(ctx.fused.get(item.id, item.id))
    return sorted(d for d, found in events.items() if len(found) >= rule.params["min_events"])


def _bucket_of(day: str, period: str) -> str:
    """The period (as escalation labels it) a date falls in."""
    if period == "day":
        return day
    d = date.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).isoformat()


# --- red lines --------------------------------------------------------------------------------------------

def _redline_crossed(ctx: _Context, rule: Rule) -> Iterable[Alert]:
    """One alert per stage a red line has reached among the rule's `statuses`: crossed (any line with a
    crossing), followed_through, not_followed_through. Stages, not the current status, so that a line found
    already answered still says it was crossed, and the alerts do not depend on when rules are evaluated."""
    wanted = set(rule.params["statuses"])
    for line in ctx.red_lines(rule.params["window_days"]):
        if line["status"] == "open":
            continue
        threatener = [a["code"] for a in line["actor"] if a["code"]]
        against = sorted({r["code"] for r in line["recipient"] if r["code"]}
                         | set(line["condition"]["pattern"]["actors"]) | set(line.get("response_targets") or []))
        if not _matches(rule, threatener, against):
            continue
        crossings = [ctx.by_id[i] for i in line["crossing_event_ids"] if i in ctx.by_id]
        responses = [ctx.by_id[i] for i in line["response_event_ids"] if i in ctx.by_id]
        threat = ctx.by_id.get(line["threat_event_id"])
        stages = ["crossed"] + ([line["status"]] if line["status"] != "crossed" else [])
        by = ",".join(threatener) or "An actor without a code"
        drawn = (f"{by} drew a red line on {line['drawn_on'] or 'an unknown date'}: "
                 f"\"{line['condition']['text']}\" ({_quote(threat)})")
        dyad = _dyad(threatener, against)
        for stage in stages:
            if stage not in wanted:
                continue
            if stage == "crossed":
                key, events = crossings[0] if crossings else None, [*filter(None, [threat]), *crossings]
                message = f"Red line crossed. {drawn}. It was crossed on {key.date if key else '?'}: {_quote(key)}"
            elif stage == "followed_through":
                key, events = responses[0] if responses else None, [*filter(None, [threat]), *crossings, *responses]
                message = (f"Red line followed through. {drawn}. After it was crossed, {by} responded "
                           f"{line['lag_days']} days later, on {key.date if key else '?'}: {_quote(key)}")
            else:
                key, events = crossings[0] if crossings else None, [*filter(None, [threat]), *crossings]
                message = (f"Red line not followed through. {drawn}. It was crossed on "
                           f"{key.date if key else '?'} and no response came within "
                           f"{rule.params['window_days']} days")
            yield _alert(rule, f"{line['id']}|{stage}", date=key.date if key else line["drawn_on"], dyad=dyad,
                         message=message, events=events, key=key,
                         details={"red_line": line["id"], "stage": stage, "status": line["status"],
                                  "condition": line["condition"]["text"], "drawn_on": line["drawn_on"],
                                  "lag_days": line["lag_days"]})


# --- firsts -----------------------------------------------------------------------------------------------

def _first(ctx: _Context, rule: Rule) -> Iterable[Alert]:
    """A precedent broken (firsts.py). The subject is the precedent, not the event, so a report of the same
    first found later (an older article ingested afterwards) does not alert again."""
    kinds, classes = set(rule.params["first_kinds"]), set(rule.params["weapon_classes"])
    for first in ctx.firsts():
        if first["kind"] not in kinds or (classes and first["weapon_class"] not in classes):
            continue
        on = (first["recipient"] or "").split(",") + [first["territory"]]
        if not _matches(rule, [first["actor"]], on):
            continue
        item = ctx.by_id.get(first["event_id"])
        if first["kind"] == "weapon_class":
            subject = f"weapon_class|{first['actor']}|{first['recipient']}|{first['weapon_class']}"
            dyad = f"{first['actor']}-{first['recipient']}"
            weapon = "" if first["weapon"].lower() in first["weapon_class"].lower() else f" ({first['weapon']})"
            what = (f"First use of {first['weapon_class']}{weapon} by {first['actor']} against "
                    f"{first['recipient']} in the record")
        else:
            subject = f"supplier_weapon_on_territory|{first['territory']}|{first['supplier']}"
            dyad = f"{first['actor']}-{first['territory']}"
            what = (f"First strike on {first['territory']} territory with a {first['supplier']}-made weapon "
                    f"({first['weapon']}), by {first['actor']}")
        yield _alert(rule, subject, date=first["date"], dyad=dyad, message=f"{what}, on {first['date']}: {_quote(item)}",
                     events=[item] if item else [], key=item,
                     details={k: first[k] for k in ("kind", "actor", "recipient", "territory", "weapon",
                                                    "weapon_class", "supplier")})


# --- nuclear signals --------------------------------------------------------------------------------------

def _nuclear_signal(ctx: _Context, rule: Rule) -> Iterable[Alert]:
    """A sentence with an event in context `cbrn` whose status the rule does not exclude (by default, not
    denied or negated): threats, deployments, tests, use."""
    excluded = set(rule.params["exclude_statuses"])

    def keep(item: Item) -> bool:
        return "cbrn" in (item.event.get("context") or []) and item.event.get("status") not in excluded

    for group in _reported_events(ctx, keep):
        actors, recipients = _codes(group, "actor"), _codes(group, "recipient")
        if not _matches(rule, actors, recipients):
            continue
        key = group[0]
        types = ", ".join(dict.fromkeys("/".join(i.event.get("event") or []) + f" {i.event.get('status')}"
                                        for i in group))
        message = (f"Nuclear signal by {','.join(actors) or 'an uncoded actor'}"
                   + (f" towards {','.join(recipients)}" if recipients else "")
                   + f" on {key.date or 'an unknown date'} ({types}): {_quote(key)}" + _also(group))
        yield _alert(rule, f"{key.article_id}|{key.sequence}", date=key.date, dyad=_dyad(actors, recipients),
                     message=message, events=group, key=key,
                     details={"articles": len({i.article_id for i in group}),
                              "statuses": sorted({i.event.get("status") for i in group}),
                              "weapons": sorted({w for i in group for w in i.event.get("weapons") or []})})


# --- casualties -------------------------------------------------------------------------------------------

def _casualties(ctx: _Context, rule: Rule) -> Iterable[Alert]:
    """One event (one sentence, or the reports fusion joined) with at least `at_least` dead, or dead and
    injured together, of material status; the highest toll among its reports is the one shown."""
    count, threshold = rule.params["count"], rule.params["at_least"]

    def toll(item: Item) -> tuple[int, int]:
        size = item.event.get("size") or {}
        return size.get("dead") or 0, size.get("injured") or 0

    def value(item: Item) -> int:
        dead, injured = toll(item)
        return dead if count == "dead" else dead + injured

    def keep(item: Item) -> bool:
        return item.event.get("status") in MATERIAL_STATUSES and value(item) >= threshold

    for group in _reported_events(ctx, keep):
        actors, recipients = _codes(group, "actor"), _codes(group, "recipient")
        if not _matches(rule, actors, recipients):
            continue
        key = max(group, key=value)  # the first of the highest (max keeps the first on ties)
        dead, injured = toll(key)
        loc = key.event.get("event_loc") or {}
        place = loc.get("resolved_place") or loc.get("extracted_place")
        toll_text = f"{dead} dead" + (f" and {injured} injured" if injured else "")
        message = (f"{toll_text} in one event"
                   + (f" ({'/'.join(key.event.get('event') or [])} by {','.join(actors)}" if actors else " (")
                   + (f" on {','.join(recipients)}" if recipients else "") + ")"
                   + (f" at {place}" if place else "") + f" on {key.date or 'an unknown date'}: {_quote(key)}")
        message = message.replace(" ()", "") + _also(group)
        yield _alert(rule, f"{group[0].article_id}|{group[0].sequence}", date=key.date,
                     dyad=_dyad(actors, recipients), message=message, events=group, key=key,
                     details={"articles": len({i.article_id for i in group}), "count": count, "at_least": threshold, "dead": dead, "injured": injured,
                              "place": place})


EVALUATORS: dict[str, Callable[[_Context, Rule], Iterable[Alert]]] = {
    "escalation": _escalation,
    "redline_crossed": _redline_crossed,
    "first": _first,
    "nuclear_signal": _nuclear_signal,
    "casualties": _casualties,
}
