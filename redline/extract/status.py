"""Whether an event happened, is planned, is threatened, claimed, denied or negated; a threat's
condition; and who the text says reports it. Works on the dependency parse around the trigger."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from redline.extract.mentions import ascii_words, folded

_ACCORDING_TO = re.compile(r"\baccording to ((?:[^,.;]|, (?=[A-Z][a-z]+ (?:said|reported)))+)")


@dataclass
class StatusResult:
    status: str
    condition: str | None
    rule: str


def _ancestors(token: Token, limit: int = 4) -> list[Token]:
    """The token's heads, nearest first, up to `limit`. The root is its own head, so a root trigger counts
    as its own governor ("said" reports itself); the chain stops there, each token once."""
    chain, current = [], token
    while len(chain) < limit:
        current = current.head
        if chain and current.i == chain[-1].i:
            break
        chain.append(current)
    return chain


def infinitive_complement(token: Token) -> bool:
    """"threatened to strike": the verb completes its head; "a minister threatened on Tuesday to impose", read
    as an adverbial clause, still does when it is an infinitive."""
    return token.dep_ == "xcomp" or token.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _in_simple_past(trigger: Token) -> bool:
    """"troops remained on alert in case of more fighting", "missions have been withdrawn in the event of an
    attack": a clause in the simple past or the present perfect reports what was done, whatever it was done
    against; a threat promises ("would strike if", "will retaliate in case", "would have struck if")."""
    verb = next((t for t in [trigger, *_ancestors(trigger, 3)] if t.pos_ == "VERB"), None)
    if verb is None or trigger.dep_ == "dobj" and verb.i == trigger.head.i:
        return False  # "has threatened a strike if ...": what is threatened has not been done
    if verb.tag_ == "VBD":
        return True
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    return verb.tag_ == "VBN" and bool(auxiliaries & {"has", "have"}) and not auxiliaries & _MODALS


def _inverted_condition(verb: Token, inverting: set[str]) -> Token | None:
    """"..., should China offer support", "Had Russia attacked, ...": an auxiliary of `inverting` (language.yaml
    `inverting_auxiliaries`) before its subject after a comma or at the start of the sentence opens a
    condition (a question ends in "?"). Returns the auxiliary."""
    aux = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in inverting), None)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if aux is None or subject is None or not aux.i < subject.i < verb.i or verb.sent[-1].text == "?":
        return None
    return aux if aux.i == verb.sent.start or aux.doc[aux.i - 1].text == "," else None


def _inverted_clause(aux: Token) -> str:
    """The words of an inverted condition, from its auxiliary to the next comma or the sentence's end."""
    verb = aux.head
    end = next((t.i for t in verb.doc[aux.i : verb.sent.end] if t.text in (",", ";", ".")), verb.sent.end)
    return verb.doc[aux.i:end].text


_MODALS = frozenset({"would", "could", "might", "will", "shall", "may", "can", "must", "should"})


class StatusRules:
    """Status, condition, attribution and condition clauses, from the `grammar` words of language.yaml."""

    def __init__(self, grammar: dict):
        self.plan = set(grammar["plan_verbs"])
        self.claim = set(grammar["claim_verbs"])
        self.deny = set(grammar["deny_verbs"])
        self.refuse = set(grammar.get("refusal_verbs", []))
        self.exclude = {tuple(v.split()) for v in grammar.get("exclusion_verbs", [])}  # ("rule", "out")
        self.threat = set(grammar.get("threat_verbs", []))
        self.commit = set(grammar.get("commitment_verbs", []))
        self.commitment_prepositions = set(grammar.get("commitment_prepositions", []))
        self.threat_prepositions = set(grammar.get("threat_prepositions", []))
        self.warning_verbs = set(grammar.get("warning_verbs", []))
        self.warning_prepositions = set(grammar.get("warning_prepositions", []))
        self.foretelling_prepositions = set(grammar.get("foretelling_prepositions", []))
        self.own_warned_acts = set(grammar.get("own_warned_acts", []))
        self.inverting = set(grammar.get("inverting_auxiliaries", []))
        # The sentences worth scanning for an inverted condition (never matches when the list is empty).
        self.inverting_word = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(self.inverting))) + r")\b"
                                         if self.inverting else r"(?!)", re.I)
        self.say = set(grammar["reporting_verbs"])
        self.negations = set(grammar["negations"])
        markers = sorted(grammar["condition_markers"], key=len, reverse=True)
        hedges = "|".join(map(re.escape, sorted(grammar["hedges"], key=len, reverse=True)))
        # A marker counts unless it starts a hedge ("if confirmed", "if true").
        self.condition = re.compile(r"\b(?!(?:" + hedges + r")\b)(" + "|".join(map(re.escape, markers)) +
                                    r")\b[^.;:!?]*", re.I)
        self.hedge = re.compile(r"\b(?:" + hedges + r")\b", re.I)
        self.single_markers = {m for m in markers if " " not in m}  # "if", "unless"
        self.marker_nouns = {w for m in markers if m.startswith("in ") for w in m.split()[1:]
                             if w not in ("the", "a", "that", "of")}  # "in the event that", "in case"
        self.relative_heads = {h for h in grammar["relative_condition_heads"] if " " not in h}
        self.relative_verbs = set(grammar["relative_condition_verbs"])
        # Words without which neither the patterns nor the parse rules find a condition in a sentence.
        self.marker_words = ascii_words(markers)
        self.clause_words = ascii_words([*self.single_markers, *self.marker_nouns, *self.relative_heads])
        heads = "|".join(map(re.escape, sorted(grammar["relative_condition_heads"], key=len, reverse=True)))
        verbs = "|".join(map(re.escape, grammar["relative_condition_verbs"]))
        self.relative_condition = re.compile(r"\b(?:" + heads + r")\s+(?:that|which|who)\s+(?:" + verbs +
                                             r")s?\b[^.;:!?]*", re.I)

    def words(self) -> set[str]:
        """The verbs these rules compare lemmas with (for the parser's lemma table)."""
        return self.plan | self.claim | self.deny | self.say | self.refuse | self.threat | self.commit | \
            {v[0] for v in self.exclude}

    def event_status(self, trigger: Token, text: str, event_type: str) -> StatusResult:
        """`text`: the parsed sentence's text, given as a string because a Span rebuilds its text from every
        token each time it is asked."""
        children = {c.lower_ for c in trigger.children}
        if children & self.negations or any(c.dep_ == "neg" for c in trigger.children):
            return StatusResult("negated", None, "negation on the trigger")
        if trigger.dep_ in ("xcomp", "dobj") and trigger.head.lemma_ in self.refuse:
            return StatusResult("negated", None, f"under '{trigger.head.text}'")
        if event_type != "THREATEN" and (warning := self.warned_of(trigger)) is not None:
            return StatusResult("threatened", self._condition(trigger, text), f"warned of under '{warning.text}'")
        if event_type != "THREATEN" and (verb := self.threatened_act(trigger)) is not None:
            return StatusResult("threatened", self._condition(trigger, text), f"under '{verb.text}'")
        if (excluding := self._excluding_verb(trigger)) is not None:
            if any(c.dep_ == "neg" or c.lower_ in self.negations for c in excluding.children):
                return StatusResult("threatened", None, f"not '{excluding.text}'")
            return StatusResult("negated", None, f"under '{excluding.text}'")
        condition = self._condition(trigger, text)
        modal = {c.lower_ for c in trigger.children if c.dep_ == "aux"}
        if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj":
            # "France would increase its support": the verb that does something with the act says when.
            modal |= {c.lower_ for c in trigger.head.children if c.dep_ == "aux"}
        for head in _ancestors(trigger):
            if head.lemma_ in self.deny and head.i < trigger.i:
                return StatusResult("denied", None, f"under '{head.text}'")
            if head.lemma_ in self.claim and head.i < trigger.i:
                return StatusResult("claimed", None, f"under '{head.text}'")
        if event_type != "THREATEN" and condition and not _in_simple_past(trigger):
            return StatusResult("threatened", condition, "conditional clause")
        if event_type != "THREATEN" and modal & {"would", "could", "might"}:
            return StatusResult("threatened", condition, f"modal '{'/'.join(sorted(modal))}'")
        # An offer or promise made is an act done ("offered to send grain": the offer occurred, the sending is
        # planned), so an AGREE trigger is no plan of its own. A verb joined by "and" to a plan word used without an infinitive is an act of its own: "agreed last
        # week, and on Monday it abolished the restrictions", "committed a crime, violated the principles";
        # not "had planned to decapitate the leadership, occupy territory".
        governors = [h for h in _ancestors(trigger, 2) if not (event_type == "AGREE" and h.i == trigger.i)
                     and not (h.pos_ == "VERB" and
                              any(c.dep_ == "conj" and c.i in (trigger.i, trigger.head.i) for c in h.children)
                              and not any(c.dep_ == "xcomp" for c in h.children))]
        if modal & {"will", "shall"} or any(h.lemma_ in self.plan for h in governors) or \
                self.committed(trigger) is not None:
            return StatusResult("planned" if event_type != "THREATEN" else "occurred", condition, "future or plan")
        if event_type == "THREATEN":
            return StatusResult("occurred", condition, "threat issued")
        return StatusResult("occurred", None, "default")

    def threatened_act(self, trigger: Token) -> Token | None:
        """The threat verb naming the trigger as its act: "threatened to strike", "threatened strikes on ...",
        "threatened Kyiv with retaliation"."""
        head = trigger.head
        if trigger.dep_ == "pobj" and head.lower_ in self.threat_prepositions:
            head = head.head
        elif not (infinitive_complement(trigger) or trigger.dep_ == "dobj"):
            return None
        return head if head.i != trigger.i and head.lemma_ in self.threat else None

    def committed(self, trigger: Token) -> Token | None:
        """The verb of agreement or offer committing to the trigger's act: "agreed to withdraw", "offered to
        send grain", "agreed to a ceasefire", "agreed on a prisoner exchange"; not "agreed in a phone call"."""
        head = trigger.head
        if trigger.dep_ == "pobj" and head.lower_ in self.commitment_prepositions:
            head = head.head
        elif not infinitive_complement(trigger):
            return None
        return head if head.i != trigger.i and head.lemma_ in self.commit else None

    def warned_of(self, trigger: Token) -> Token | None:
        """The verb of warning whose of-phrase names the act ("warned of sanctions", "warned of a lightning
        strike"): an act foretold, not done."""
        prep = trigger.head
        if trigger.dep_ == "pobj" and prep.lower_ in self.foretelling_prepositions and \
                prep.head.lemma_ in self.warning_verbs and prep.head.i != trigger.i:
            return prep.head
        return None

    def _warned_against(self, verb: Token) -> Token | None:
        return next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in self.warning_prepositions and
                     any(g.dep_ in ("pcomp", "pobj") for g in c.children)), None)

    def _excluding_verb(self, trigger: Token) -> Token | None:
        """The verb of exclusion governing the trigger's clause, if any: "ruled out sending troops", "does not
        exclude the possibility of sending troops" (language.yaml `exclusion_verbs`)."""
        current = trigger
        for _ in range(3):
            # "ruled out sending troops" may be read with the gerund as an adverbial clause
            # "sending troops could not be ruled out": the act as the passive subject of the exclusion
            if current.dep_ not in ("dobj", "xcomp", "pcomp", "pobj", "prep", "advcl", "csubjpass", "nsubjpass") \
                    or current.head.i == current.i:
                return None
            current = current.head
            if current.pos_ == "VERB":
                particles = tuple(c.lower_ for c in current.children if c.dep_ == "prt")
                if (current.lemma_, *particles) in self.exclude:
                    return current
        return None

    def _condition(self, trigger: Token, text: str) -> str | None:
        if trigger.lemma_ in self.warning_verbs and (against := self._warned_against(trigger)) is not None:
            return trigger.doc[against.i : against.right_edge.i + 1].text  # "warned Israel against providing"
        if self.inverting_word.search(text) and (aux := next(
                (a for t in trigger.sent if (a := _inverted_condition(t, self.inverting)) is not None), None)):
            return _inverted_clause(aux)
        # A threat's condition usually sits in an adverbial clause of the warning or of what is threatened.
        lowered = folded(text)
        clauses = [trigger, *trigger.subtree] if any(m in lowered for m in self.marker_words) else []
        for token in clauses:
            if token.dep_ == "advcl" or token.dep_ == "prep" and token.lower_ == "in":
                found = self._condition_in(trigger.doc[token.left_edge.i : token.right_edge.i + 1].text, False)
                if found:
                    return found
        return self._condition_in(text, True)

    @lru_cache(maxsize=4096)  # noqa: B019  one rule set per process; a sentence's events ask the same
    def _condition_in(self, text: str, relative: bool) -> str | None:
        m = self.condition.search(text) or (relative and self.relative_condition.search(text)) or None
        return m.group(0).strip(" ,") if m else None

    def attribution(self, trigger: Token, text: str) -> str | None:
        """'according to X', or the subject of a reporting verb governing the trigger; `text` is the
        sentence's."""
        if source := _according_to(text):
            return source
        for head in _ancestors(trigger):
            if head.lemma_ in self.say and head.i != trigger.i:
                for child in head.children:
                    if child.dep_ in ("nsubj", "nsubjpass") and child.i != trigger.i:
                        return trigger.doc[child.left_edge.i : child.right_edge.i + 1].text
        return None

    def in_condition(self, trigger: Token, text: str) -> bool:
        """True when the trigger sits inside a condition ("if the US supplies ...", "in the event that ...",
        "unless ..."): it states what would set off a threat, not an event of its own. `text`: the
        sentence's."""
        for token in [trigger, *_ancestors(trigger, 6)]:
            if token.dep_ in ("pcomp", "pobj") and token.head.lower_ in self.warning_prepositions and \
                    token.head.head.lemma_ in self.warning_verbs:
                return True  # "warned Israel against providing arms": what is warned against
            if _inverted_condition(token, self.inverting) is not None:
                return True  # "..., should China offer support"
            if token.dep_ == "ccomp":
                break  # the clause a misread inverted condition governs is not part of it
        lowered = folded(text)
        if not any(w in lowered for w in self.clause_words):
            return False
        for token in [trigger, *_ancestors(trigger, 6)]:
            marks = [c for c in token.children if c.dep_ == "mark" and c.lower_ in self.single_markers]
            if marks and not self.hedge.match(token.doc[marks[0].i:].text):
                return True
            # "in the event (that) ...", "in case ...": the parser hangs the phrase on the clause itself
            # or makes the clause a modifier of "event".
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "in"):
                # "in the event that", "in case": not "took part in a virtual event" (an indefinite or
                # described noun is a thing, not the idiom).
                for p in prep.children:
                    if p.lower_ not in self.marker_nouns or any(
                            c.lower_ in ("a", "an") or c.dep_ in ("amod", "compound") for c in p.children):
                        continue
                    # "remained on alert in case of more fighting": an of-phrase is the whole condition;
                    # the clause it hangs on is no part of it.
                    of = [c for c in p.children if c.dep_ == "prep" and c.lower_ == "of"]
                    if not of or any(o.is_ancestor(trigger) for o in of):
                        return True
            if token.dep_ in ("acl", "relcl", "ccomp") and token.head.lower_ in self.marker_nouns and \
                    token.head.head.lower_ == "in":
                return True
            # "bases in states that let Kyiv fire these missiles": a condition as a relative
            # clause on whoever would set it off.
            if token.dep_ == "relcl" and token.head.lower_ in self.relative_heads and \
                    token.lemma_.lower() in self.relative_verbs:
                return True
        return False


@lru_cache(maxsize=4096)
def _according_to(text: str) -> str | None:
    m = _ACCORDING_TO.search(text)
    return m.group(1).strip() if m else None
