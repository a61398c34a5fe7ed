"""Red lines: conditional threats in the store, the events that cross them and the responses that follow.

A red line is drawn by a sentence the engine coded as a threat with a condition: a THREATEN event with
`condition`, or an event `["THREATEN", <action>]` with status `threatened` (the threatened action). The
events of one sentence make one red line. When the engine left `condition` empty, a condition clause in
the evidence sentence ("if ...", "unless ...", "countries that allow ...") is used instead and marked
`condition.source = "analyse"`. Threats without any condition are not red lines.

The condition is parsed into a pattern with the engine's own knowledge (actors.yaml, weapons.yaml, the
gazetteer and the trigger words of triggers.yaml), never with names written here. Status rules
(docs/escalation.md, "Red lines"):

- `open`: nothing in the store meets the condition after the red line was drawn (or it is undated);
- `crossed`: an event meets it, and the threatener has not (yet) acted against the named party;
- `followed_through`: after the first crossing, the threatener's country assaulted, coerced, sanctioned or
  threatened again the conditioning party or the threatened party (`lag_days` from the first crossing);
- `not_followed_through`: crossed, no response, and more than `window_days` passed between the first
  crossing and the latest event date in the store (never today's date, so results are reproducible).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from redline.analyse.common import (
    MATERIAL_STATUSES,
    Item,
    days_between,
    knowledge,
    weapon_class,
    weapon_origin,
    weapon_table,
)
from redline.knowledge import load_data_file
from redline.store.analyses import replace_red_lines
from redline.store.queries import (
    analysis_candidates,
    analysis_pending,
    article_text,
    latest_event_date,
    red_lines_of_articles,
    stored_red_lines,
    story_events,
    threat_sentences,
)

STATUSES = ("open", "crossed", "followed_through", "not_followed_through")
RESPONSE_TYPES = ("ASSAULT", "COERCE", "SANCTION", "THREATEN")
DEFAULT_WINDOW_DAYS = 90
# A line lists its first crossings and responses, up to this many each: what its status and lag are made
# of, and what a reader follows; a broad condition ("if Ukraine strikes Russia") is met thousands of times.
MAX_LINKED = 25
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Grammar:
    """How conditions are read (redline/data/redlines.yaml): word sets and compiled patterns."""

    enabling_verbs: frozenset[str]  # every inflected form
    target_prepositions: frozenset[str]
    beneficiary_prepositions: frozenset[str]
    condition_clause: re.Pattern[str]
    anaphoric_condition: re.Pattern[str]
    act_ends: frozenset[str]
    response_cue: re.Pattern[str]
    response_distance: int


@cache
def grammar() -> Grammar:
    from redline.extract.triggers import inflections

    data = load_data_file("redlines.yaml", "redlines.schema.json")
    irregular = knowledge().irregular
    either = lambda patterns: re.compile("|".join(f"(?:{p})" for p in patterns), re.I)  # noqa: E731
    return Grammar(
        enabling_verbs=frozenset(f for v in data["enabling_verbs"]
                                 for f in {v, *inflections(v), *irregular.get(v, [])}),
        target_prepositions=frozenset(data["target_prepositions"]),
        beneficiary_prepositions=frozenset(data["beneficiary_prepositions"]),
        condition_clause=either(data["condition_clauses"]),
        anaphoric_condition=either(data["anaphoric_conditions"]),
        act_ends=frozenset(data["act_ends"]),
        response_cue=either(data["response_cues"]),
        response_distance=data["response_distance"])


def red_lines(conn: sqlite3.Connection, *, window_days: int = DEFAULT_WINDOW_DAYS) -> list[dict[str, Any]]:
    """Every red line in the store, by date drawn, with crossings, responses and status.

    Args:
        conn: a store connection (read-only is enough).
        window_days: days after the first crossing without a response before a red line is
            `not_followed_through`, counted to the latest event date in the store.
    Returns:
        dicts with id, actor, recipient, condition {text, source, pattern}, drawn_on, threat_event_id,
        event_ids, evidence, crossing_event_ids, response_event_ids, lag_days, status. Read from the
        stored red lines (kept at ingest by `refresh`), or computed while some articles await it (the
        same result).
    Docs: docs/escalation.md.
    """
    lines = compute_red_lines(conn) if analysis_pending(conn) else stored_red_lines(conn)
    latest = latest_event_date(conn)
    return [_with_status(line, latest, window_days) for line in lines]


def compute_red_lines(conn: sqlite3.Connection, articles: list[str] | None = None) -> list[dict[str, Any]]:
    """The red lines drawn in the store (or in `articles`) with their crossings and responses, computed from
    the events, each with the private fields that `refresh` stores beside it and statuses are made of."""
    lines = [_follow(line, conn) for line in _drawn(conn, articles)]
    return sorted(lines, key=lambda r: (r["drawn_on"] or "9999-99-99", r["id"]))


def _drawn(conn: sqlite3.Connection, articles: list[str] | None) -> list[dict[str, Any]]:
    """The red lines drawn in the store (or in `articles`), not yet followed. Only the threat sentences that
    hold a condition are read whole; the events that could cross or answer a line are asked of the store
    per line (`_follow`)."""
    return _draw(_items(story_events(conn, ids=_conditional_threats(conn, articles))), conn)


def refresh(conn: sqlite3.Connection, articles: list[str]) -> dict[str, int]:
    """Bring the stored red lines up to date after the events of `articles` changed (whole syndicated
    stories), inside the caller's transaction.

    The lines drawn in those articles are drawn again. Another line is followed again (its crossings and
    responses asked of the store anew) when it was crossed or answered by an event of those articles, or
    when one of their events now meets its condition or answers it; other lines cannot change, except for
    the move from `crossed` to `not_followed_through`, which `red_lines` works out when read.

    Returns:
        counts: lines drawn, lines followed again.
    """
    if not articles:
        return {"drawn": 0, "followed": 0}
    drawn_here, touched = red_lines_of_articles(conn, articles)
    others = [line for line in stored_red_lines(conn) if line["id"] not in drawn_here]
    events = _items(story_events(conn, article_ids=articles))
    affected = touched | _met_by(others, events)
    again = [line for line in others if line["id"] in affected]
    # The threat (and the act a "response" threat answers) of each line followed again.
    wanted = sorted({i for line in again for i in (line["threat_event_id"], line["condition"]["act_event_id"]) if i})
    items = {i.id: i for i in _items(story_events(conn, ids=wanted))} if wanted else {}
    # `_follow` replaces the line's crossings, responses and private fields.
    revived = [{**line, "_item": items[line["threat_event_id"]], "_act": items.get(line["condition"]["act_event_id"])}
               for line in again if line["threat_event_id"] in items]
    new = _drawn(conn, articles)
    followed = [_follow(line, conn) for line in new + revived]
    replace_red_lines(conn, drawn_here | {line["id"] for line in again}, followed)
    return {"drawn": len(new), "followed": len(revived)}


def _met_by(lines: list[dict[str, Any]], events: list[Item]) -> set[str]:
    """Ids of the `lines` that one of `events` may cross (it meets the condition on or after the day the
    line was drawn) or answer (it responds on or after the first crossing), unless the list it would join
    is full and it comes after the list's last event: the lines to follow again."""
    by_doer: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    by_threatener: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        pattern = line["condition"]["pattern"]
        if pattern["event_type"] and line["drawn_on"]:
            for doer in (pattern["enabled"] or pattern["actors"]) or [None]:
                by_doer.setdefault((pattern["event_type"], doer), []).append(line)
        if line["_crossed_on"]:
            for actor in line["actor"]:
                if actor["code"]:
                    by_threatener.setdefault(actor["code"], []).append(line)
    found: set[str] = set()

    def listed(line: dict[str, Any], what: str, item: Item) -> bool:
        """Could the item enter the line's list of crossings or responses (not full, or it sorts before the end)?"""
        last = line["_full_after"][what]
        return last is None or list(item.key) < last

    for item in events:
        kind = (item.event.get("event") or [None])[0]
        if not item.date or not kind:
            continue
        for doer in [None, *sorted(item.codes("actor"))]:
            for line in by_doer.get((kind, doer), []):
                if (item.date >= line["drawn_on"] and listed(line, "crossings", item)
                        and _meets(item, line["condition"]["pattern"])):
                    found.add(line["id"])
        for code in item.codes("actor"):
            for line in by_threatener.get(code, []):
                threatener = {a["code"] for a in line["actor"] if a["code"]}
                if (item.date >= line["_crossed_on"] and listed(line, "responses", item)
                        and _is_response(item, threatener, set(line["response_targets"]))):
                    found.add(line["id"])
    return found


THREAT_STATUSES = ["occurred", "threatened", "claimed"]


def _conditional_threats(conn: sqlite3.Connection, articles: list[str] | None = None) -> list[str]:
    """Ids of the threat events (of `articles`, or all) in sentences where `_condition` can find a condition:
    an engine condition, or a condition clause, a pointer back ("such a step") or a response cue."""
    g = grammar()
    rows = threat_sentences(conn, THREAT_STATUSES, articles)
    sentences = {(article, start) for _, article, start, condition, text in rows
                 if condition or (text and (g.condition_clause.search(text) or g.anaphoric_condition.search(text)
                                            or g.response_cue.search(text)))}
    return [event_id for event_id, article, start, _, _ in rows if (article, start) in sentences]


def _items(rows: list[dict[str, Any]]) -> list[Item]:
    return sorted((Item(row["event"], row["article_id"]) for row in rows), key=lambda i: i.key)


def _draw(items: list[Item], conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Group the threat events by sentence; each group with a condition is one red line."""
    groups: dict[tuple[str, int], list[Item]] = {}
    for item in items:
        ev = item.event
        types = ev.get("event") or []
        if not types or types[0] != "THREATEN":
            continue
        if ev.get("status") not in THREAT_STATUSES:
            continue
        groups.setdefault((item.article_id, item.sequence), []).append(item)
    lines = []
    for group in groups.values():
        group.sort(key=lambda i: i.id)
        main = next((i for i in group if (i.event.get("event") or []) == ["THREATEN"]), group[0])
        condition, source, act = _condition(group, main, conn)
        if not condition:
            continue
        threatened = next((i for i in group if i.event.get("status") == "threatened"
                           and len(i.event.get("event") or []) > 1), None)
        pattern = _act_pattern(act) if act else parse_condition(condition)
        actor = _entities([main], "actor") or _entities(group, "actor")
        threatener = {a["code"] for a in actor if a["code"]}
        if not threatener or not _actionable(pattern) or (act and act.codes("actor") & threatener):
            # Nobody to follow through, a condition no event can meet ("if necessary", "if we behave
            # well"), or a threatener "answering" its own act: not a red line.
            continue
        recipient, recipient_source = _recipient(main, threatened, actor, pattern)
        lines.append({
            "id": "rl-" + hashlib.sha1(main.id.encode()).hexdigest()[:12],
            "actor": actor,
            "recipient": recipient,
            "recipient_source": recipient_source,
            "threatened_action": threatened.event["event"][1] if threatened else None,
            "condition": {"text": condition, "source": source, "pattern": pattern,
                          "act_event_id": act.id if act else None},
            "drawn_on": main.date,
            "threat_event_id": main.id,
            "event_ids": [i.id for i in group],
            "evidence": main.event.get("event_text"),
            "citation": (main.event.get("cite_info") or {}).get("citation"),
            "_item": main,
            "_act": act,
        })
    return lines


def _condition(group: list[Item], main: Item, conn: sqlite3.Connection
               ) -> tuple[str | None, str | None, Item | None]:
    """The condition of a threat, from where it is found: (text, source, act).

    Sources, in order: the engine's `condition` ("engine"); a condition clause of the sentence
    ("analyse"); "such actions" pointing at an act named in the previous sentence ("previous_sentence");
    a threat "in response" to an act reported a few sentences earlier in the article ("response", with the
    act's event, which crossed the line as it was drawn)."""
    found = next((i.event["condition"] for i in group if i.event.get("condition")), None)
    if found:
        return found, "engine", None
    text = main.event.get("event_text") or ""
    g = grammar()
    if match := g.condition_clause.search(text):
        return match.group(0).strip(), "analyse", None
    if g.anaphoric_condition.search(text) and (act_text := _previous_act(main, conn)):
        return act_text, "previous_sentence", None
    if g.response_cue.search(text):
        article = _items(story_events(conn, article_id=main.article_id))
        own = {m.id for m in group}
        earlier = [i for i in article if 0 <= main.sequence - i.sequence <= g.response_distance
                   and i.id not in own and i.event.get("quad_code") == 4
                   and i.event.get("status") in MATERIAL_STATUSES]
        if earlier:
            act = max(earlier, key=lambda i: (i.sequence, i.id))
            return act.event.get("event_text"), "response", act
    return None, None, None


def _actionable(pattern: dict[str, Any]) -> bool:
    """A condition an event can meet: an act (a trigger verb) with a party, a weapon or a place named."""
    return bool(pattern["event_type"]) and any(
        pattern[k] for k in ("actors", "enablers", "enabled", "targets", "beneficiaries", "weapons", "place"))


def _previous_act(item: Item, conn: sqlite3.Connection) -> str | None:
    """The act named in the sentence before the threat: from the first gerund of an enabling or trigger
    verb ("allowing Ukraine to use ...") to the next comma, semicolon, full stop or auxiliary."""
    start = (item.event.get("text_info") or {}).get("start")
    text = article_text(conn, item.article_id) if start else None
    if not text:
        return None
    before = text[:start].rstrip()
    ends = [m.end() for m in re.finditer(r"[.!?][\"”’)]?(?=\s)", before[:-1])]
    sentence = before[ends[-1]:] if ends else before
    g, verbs = grammar(), _verb_types()
    words = list(_WORD.finditer(sentence))
    for n, word in enumerate(words):
        w = word.group(0).lower()
        if w.endswith("ing") and (w in g.enabling_verbs or w in verbs):
            end = next((m.start() for m in words[n + 1:] if m.group(0).lower() in g.act_ends), len(sentence))
            return re.split(r"[.;,]", sentence[word.start():end])[0].strip() or None
    return None


def _act_pattern(act: Item) -> dict[str, Any]:
    """A condition pattern that the act itself meets: its type, actors, recipients and weapons."""
    ev = act.event
    weapons = list(ev.get("weapons") or [])
    return {"actors": sorted(act.codes("actor")), "enablers": [], "enabled": [],
            "event_type": (ev.get("event") or [None])[0], "verb": None, "beneficiaries": [],
            "targets": sorted(act.codes("recipient")), "weapons": weapons,
            "weapon_classes": [weapon_class(w) for w in weapons], "place": None}


def _recipient(main: Item, threatened: Item | None, actor: list[dict[str, Any]],
               pattern: dict[str, Any]) -> tuple[list[dict[str, Any]], str | None]:
    """Against whom the line is drawn: the threat's recipients; else those of the threatened action that
    are not the threatener's side or the condition's targets; else whoever must act for the condition to
    be met ("... if the United States supplies ...")."""
    threatener = {a["code"] for a in actor if a["code"]}
    if found := [r for r in _entities([main], "recipient") if r["code"] not in threatener]:
        return found, "threat"  # a threat to one's own side ("if they were fired at Russian regions") is none
    own = threatener | set(pattern["targets"])
    if threatened and (found := [r for r in _entities([threatened], "recipient") if r["code"] not in own]):
        return found, "threatened_action"
    codes = [c for c in dict.fromkeys(pattern["actors"] + pattern["enablers"]) if c not in own]
    if codes:
        return [{"code": c, "name": None, "entity_text": None} for c in codes], "condition"
    return [], None


def _entities(group: list[Item], role: str) -> list[dict[str, Any]]:
    seen, out = set(), []
    for item in group:
        for ent in item.event.get(role) or []:
            key = ent.get("code") or ent.get("name")
            if key and key not in seen:
                seen.add(key)
                out.append({"code": ent.get("code"), "name": ent.get("name"), "entity_text": ent.get("entity_text")})
    return out


def _follow(line: dict[str, Any], conn: sqlite3.Connection) -> dict[str, Any]:
    """The crossings of a drawn line and the responses to them, with the private fields `refresh` stores."""
    threat: Item = line.pop("_item")
    act: Item | None = line.pop("_act")
    pattern = line["condition"]["pattern"]
    crossings: list[Item] = []
    weapon_sets = _weapon_sets(pattern)
    if threat.date and pattern["event_type"] and all(weapon_sets):  # an empty set: nothing can meet it
        doers = pattern["enabled"] or pattern["actors"]
        # What `_meets` asks, as far as the store's columns can answer it, narrows what is read.
        crossings = _first_few(lambda limit: analysis_candidates(
            conn, types=[pattern["event_type"]], since=threat.date, actors=doers or None,
            statuses=list(MATERIAL_STATUSES), weapon_sets=weapon_sets,
            recipients=pattern["beneficiaries"] or pattern["targets"] or None,
            territories=None if pattern["beneficiaries"] else pattern["targets"] or None, limit=limit),
            lambda i: i.is_after(threat) and i.id not in line["event_ids"] and _meets(i, pattern))
    if act is not None:
        crossings = [act, *(i for i in crossings if i.id != act.id)][:MAX_LINKED]
    threatener = {a["code"] for a in line["actor"] if a["code"]}
    targets = set(pattern["actors"]) | set(pattern["enablers"]) | {r["code"] for r in line["recipient"] if r["code"]}
    if not targets and crossings and pattern["enabled"]:
        # "countries that allow Ukraine to use ..." names no country: the suppliers of the weapons used are meant.
        targets = {weapon_origin(w) for i in crossings for w in i.event.get("weapons") or []} - {None}
    targets -= threatener
    responses: list[Item] = []
    if crossings and threatener and targets and crossings[0].date:
        first, crossed = crossings[0], {i.id for i in crossings}
        responses = _first_few(lambda limit: analysis_candidates(
            conn, types=list(RESPONSE_TYPES), since=first.date, actors=sorted(threatener), recipients=sorted(targets),
            territories=sorted(targets), territory_types=["ASSAULT"], limit=limit),
            lambda i: (i.is_after(first) or i.date == first.date and i.date) and i.id not in line["event_ids"]
            and i.id not in crossed and _is_response(i, threatener, targets))
    crossed_on = crossings[0].date if crossings else None
    lag = days_between(crossed_on, responses[0].date) if responses and crossed_on and responses[0].date else None
    line.update(crossing_event_ids=[i.id for i in crossings], response_event_ids=[i.id for i in responses],
                response_targets=sorted(targets), lag_days=lag)
    full = lambda found: list(found[-1].key) if len(found) == MAX_LINKED else None  # noqa: E731
    line.update(_article_id=threat.article_id, _crossed_on=crossed_on, _answered=bool(responses),
                _full_after={"crossings": full(crossings), "responses": full(responses)},
                _event_articles={i.id: i.article_id for i in [threat, *crossings, *responses]})
    line["_event_articles"].update({event_id: threat.article_id for event_id in line["event_ids"]})
    return line


def _first_few(fetch: Callable[[int], tuple[list[dict[str, Any]], bool]],
               wanted: Callable[[Item], bool]) -> list[Item]:
    """The first `MAX_LINKED` candidates that are `wanted`, in the analyses' order: `fetch(limit)` returns
    the first `limit` candidates and whether that is all of them; more are asked for while too few are
    wanted."""
    limit = 4 * MAX_LINKED
    while True:
        rows, complete = fetch(limit)
        found = [item for item in (Item(row["event"], row["article_id"]) for row in rows) if wanted(item)]
        if len(found) >= MAX_LINKED or complete:
            return found[:MAX_LINKED]
        limit *= 8


def _weapon_sets(pattern: dict[str, Any]) -> list[list[str]]:
    """Weapon names an event must carry one of, per set, to meet `pattern` as `_meets` tests it: a weapon the
    condition names (or of its generic class), and, when it speaks of someone else's weapons, one made by the
    named enablers or by anyone but the doers. An empty set: no event can meet it."""
    table = weapon_table()
    sets = []
    if pattern["weapons"]:
        classes = {c for n, c in zip(pattern["weapons"], pattern["weapon_classes"], strict=True)
                   if (table.get(n) or {}).get("generic")}
        sets.append(sorted(set(pattern["weapons"]) | classes | {n for n in table if weapon_class(n) in classes}))
    if pattern["enabled"]:
        makers = set(pattern["enablers"]) if pattern["enablers"] else None
        sets.append(sorted(n for n in table if weapon_origin(n) and weapon_origin(n) not in pattern["enabled"]
                           and (makers is None or weapon_origin(n) in makers)))
    return sets


def _with_status(line: dict[str, Any], latest: str | None, window_days: int) -> dict[str, Any]:
    """The public red line with its status (see the module's docstring)."""
    crossed_on = line["_crossed_on"]
    if not line["crossing_event_ids"]:
        status = "open"
    elif line["_answered"]:
        status = "followed_through"
    elif latest and crossed_on and days_between(crossed_on, latest) > window_days:
        status = "not_followed_through"
    else:
        status = "crossed"
    return {**{k: v for k, v in line.items() if not k.startswith("_")}, "status": status}


def _is_response(item: Item, threatener: set[str], targets: set[str]) -> bool:
    ev = item.event
    kind = (ev.get("event") or [None])[0]
    if kind not in RESPONSE_TYPES:
        return False
    if ev.get("status") not in (("occurred", "threatened") if kind == "THREATEN" else MATERIAL_STATUSES):
        return False
    if not item.codes("actor") & threatener:
        return False
    place = (ev.get("event_loc") or {}).get("country_code")
    return bool(item.codes("recipient") & targets) or (kind == "ASSAULT" and place in targets)


def _meets(item: Item, pattern: dict[str, Any]) -> bool:
    """Does this event do what the condition names?"""
    ev = item.event
    if not pattern["event_type"] or (ev.get("event") or [None])[0] != pattern["event_type"]:
        return False
    if ev.get("status") not in MATERIAL_STATUSES:
        return False
    doers = pattern["enabled"] or pattern["actors"]
    if doers and not item.codes("actor") & set(doers):
        return False
    place = (ev.get("event_loc") or {}).get("country_code")
    if pattern["beneficiaries"] and not item.codes("recipient") & set(pattern["beneficiaries"]):
        return False
    if pattern["targets"] and not (item.codes("recipient") | {place}) & set(pattern["targets"]):
        return False
    weapons = ev.get("weapons") or []
    if pattern["weapons"]:
        wanted_names = set(pattern["weapons"])
        wanted_classes = {c for n, c in zip(pattern["weapons"], pattern["weapon_classes"], strict=True)
                          if (weapon_table().get(n) or {}).get("generic")}
        if not any(w in wanted_names or weapon_class(w) in wanted_classes for w in weapons):
            return False
    if pattern["enabled"]:
        # Someone else's weapons: the enabler's when named, else any supplier but the doer.
        origins = {weapon_origin(w) for w in weapons} - {None} - set(pattern["enabled"])
        if not origins or (pattern["enablers"] and not origins & set(pattern["enablers"])):
            return False
    if pattern["place"]:
        loc = ev.get("event_loc") or {}
        want = pattern["place"]
        if want["resolution"] == 1:
            if loc.get("country_code") != want["country_code"]:
                return False
        elif want["name"] not in (loc.get("resolved_place"), loc.get("province"), loc.get("extracted_place")):
            return False
    return True


@cache
def _verb_types() -> dict[str, str]:
    """Surface form -> PLOVER type, from the single-word triggers of triggers.yaml (entries without
    requirements first, as the engine tries the specific ones only when their needs are met)."""
    from redline.extract.triggers import inflections

    k = knowledge()
    verbs: dict[str, str] = {}
    for entry in sorted(k.trigger_entries, key=lambda e: bool(e.get("needs"))):
        if "VERB" not in entry.get("pos", ["VERB"]):
            continue
        for lemma in entry["lemmas"]:
            if " " in lemma:
                continue
            for form in {lemma, *inflections(lemma), *k.irregular.get(lemma, [])}:
                verbs.setdefault(form.lower(), entry["event"])
    return verbs


def parse_condition(text: str) -> dict[str, Any]:
    """The condition as a pattern: who must act (`actors`, or `enabled` when `enablers` let them), the PLOVER
    `event_type` of the act, `beneficiaries` (aid "to ..."), `targets` ("against ..."), `weapons` with their
    classes, and a `place` that is not an actor. Empty lists mean "anyone" / "any"."""
    k = knowledge()
    actors = k.actors.find(text)
    weapons = k.weapons.find(text)
    taken = [(m.start, m.end) for m in [*actors, *weapons]]
    places = [p for p in k.gazetteer.find(text)
              if not any(s < p.end and p.start < e for s, e in taken)]
    inside = lambda pos: any(s <= pos < e for s, e in taken)  # noqa: E731
    words = [(m.group(0), m.start()) for m in _WORD.finditer(text) if not inside(m.start())]
    verbs = _verb_types()
    g = grammar()
    enable_at = next((pos for w, pos in words if w.lower() in g.enabling_verbs), None)
    verb, verb_at, event_type = None, None, None
    for w, pos in words:
        if enable_at is not None and pos <= enable_at:
            continue
        if w.lower() in verbs:
            verb, verb_at, event_type = w, pos, verbs[w.lower()]
            break

    before = [m for m in actors if verb_at is None or m.start < verb_at]
    after = [m for m in actors if verb_at is not None and m.start > verb_at]
    pattern: dict[str, Any] = {"actors": [], "enablers": [], "enabled": [], "event_type": event_type,
                               "verb": verb, "beneficiaries": [], "targets": [],
                               "weapons": [w.name for w in weapons],
                               "weapon_classes": [w.entry.get("class") for w in weapons], "place": None}
    if enable_at is not None:
        pattern["enablers"] = _codes(m for m in before if m.start < enable_at)
        pattern["enabled"] = _codes(m for m in before if m.start > enable_at)
    else:
        pattern["actors"] = _codes(before)
    for m in after:
        prep = _preceding_word(text, m.start)
        if prep in g.target_prepositions or (prep not in g.beneficiary_prepositions and event_type == "ASSAULT"):
            pattern["targets"].extend(_codes([m]))
        else:
            pattern["beneficiaries"].extend(_codes([m]))
    for key in ("targets", "beneficiaries"):
        pattern[key] = sorted(set(pattern[key]))
    if places:
        best = places[0].best()
        pattern["place"] = {"name": best.name, "country_code": best.country_code, "resolution": best.resolution}
    return pattern


def _codes(mentions) -> list[str]:
    return sorted({m.entry["country"] for m in mentions if m.entry.get("country")})


def _preceding_word(text: str, start: int) -> str | None:
    words = _WORD.findall(text[max(0, start - 30):start])
    while words and words[-1].lower() in ("the", "a", "an"):
        words.pop()
    return words[-1].lower() if words else None
