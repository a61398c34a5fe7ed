"""Whether an event happened, is planned, is threatened, claimed, denied or negated; a threat's
condition; and who the text says reports it. Works on the dependency parse around the trigger."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

CONDITION = re.compile(r"\b(if|unless|in the event that|should the|in case)\b[^.;:!?]*", re.I)
# "would target facilities in countries that allow Ukraine to use such weapons": a relative clause on
# the threatened party states the condition.
RELATIVE_CONDITION = re.compile(r"\b(?:countries|states|nations|any country|any state|those|anyone|whoever)\s+"
                                r"(?:that|which|who)\s+(?:allow|permit|let|supply|provide|help|deliver|send|"
                                r"give|host|arm|back|join)s?\b[^.;:!?]*", re.I)
PLAN_HEADS = {"plan", "set", "schedule", "expect", "prepare", "intend", "due", "aim", "hope", "seek"}
CLAIM_HEADS = {"accuse", "allege", "claim", "blame", "suspect"}
DENY_HEADS = {"deny", "reject", "dismiss"}
SAY_VERBS = {"say", "report", "claim", "announce", "state", "confirm", "tell", "write", "add", "note",
             "allege", "insist", "reveal", "declare", "warn", "post"}
NEGATIONS = {"not", "never", "no", "n't"}


@dataclass
class StatusResult:
    status: str
    condition: str | None
    rule: str


def _ancestors(token: Token, limit: int = 4) -> list[Token]:
    chain, current = [], token
    while current.head is not current and len(chain) < limit:
        current = current.head
        chain.append(current)
    return chain


def event_status(trigger: Token, sent: Span, event_type: str) -> StatusResult:
    children = {c.lower_ for c in trigger.children}
    if children & NEGATIONS or any(c.dep_ == "neg" for c in trigger.children):
        return StatusResult("negated", None, "negation on the trigger")
    condition = _condition(trigger, sent)
    modal = {c.lower_ for c in trigger.children if c.dep_ == "aux"}
    for head in _ancestors(trigger):
        if head.lemma_ in DENY_HEADS and head.i < trigger.i:
            return StatusResult("denied", None, f"under '{head.text}'")
        if head.lemma_ in CLAIM_HEADS and head.i < trigger.i:
            return StatusResult("claimed", None, f"under '{head.text}'")
    if event_type != "THREATEN" and condition:
        return StatusResult("threatened", condition, "conditional clause")
    if event_type != "THREATEN" and modal & {"would", "could", "might"}:
        return StatusResult("threatened", condition, f"modal '{'/'.join(sorted(modal))}'")
    if modal & {"will", "shall"} or any(h.lemma_ in PLAN_HEADS for h in _ancestors(trigger, 2)):
        return StatusResult("planned" if event_type != "THREATEN" else "occurred", condition, "future or plan")
    if event_type == "THREATEN":
        return StatusResult("occurred", condition, "threat issued")
    return StatusResult("occurred", None, "default")


def _condition(trigger: Token, sent: Span) -> str | None:
    # A threat's condition usually sits in an adverbial clause of the warning or of what is threatened.
    for token in [trigger, *trigger.subtree]:
        if token.dep_ == "advcl" or token.dep_ == "prep" and token.lower_ == "in":
            text = sent.doc[token.left_edge.i : token.right_edge.i + 1].text
            m = CONDITION.search(text)
            if m:
                return m.group(0).strip(" ,")
    m = CONDITION.search(sent.text) or RELATIVE_CONDITION.search(sent.text)
    return m.group(0).strip(" ,") if m else None


def attribution(trigger: Token, sent: Span) -> str | None:
    """'according to X', or the subject of a reporting verb governing the trigger."""
    m = re.search(r"\baccording to ((?:[^,.;]|, (?=[A-Z][a-z]+ (?:said|reported)))+)", sent.text)
    if m:
        return m.group(1).strip()
    for head in _ancestors(trigger):
        if head.lemma_ in SAY_VERBS and head is not trigger:
            for child in head.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i != trigger.i:
                    return sent.doc[child.left_edge.i : child.right_edge.i + 1].text
    return None


def in_condition(trigger: Token) -> bool:
    """True when the trigger sits inside a condition ("if the US supplies ...", "in the event that ...",
    "unless ..."): it states what would set off a threat, not an event of its own."""
    for token in [trigger, *_ancestors(trigger, 6)]:
        marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
        if marks & {"if", "unless"}:
            return True
        # "in the event (that) ...", "in case ...": the parser hangs the phrase on the clause itself
        # or makes the clause a modifier of "event".
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "in"):
            if any(p.lower_ in ("event", "case") for p in prep.children):
                return True
        if token.dep_ in ("acl", "relcl", "ccomp") and token.head.lower_ in ("event", "case") and \
                token.head.head.lower_ == "in":
            return True
    return False
