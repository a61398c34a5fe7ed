"""Find event triggers in a parsed sentence, from the trigger lexicon (`data/triggers.yaml`).

A trigger is a token whose lemma and part of speech match an entry, or a phrase of lemmas ("shoot down",
"call on"). Entries with `needs` fire only when one of the needed lemmas is in the trigger's phrase
("launch" is an attack when missiles or drones are launched, not when a campaign is). A sentence's
triggers are returned main clause first (adverbial, participial and relative clauses after), a noun
acted on by a verb trigger right after that verb, and an approved act before its approval.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import ahocorasick
from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Span, Token

from redline.knowledge import KnowledgeError


@dataclass(frozen=True)
class TriggerHit:
    token: Token  # the phrase's syntactic head ("strikes" in "air strikes")
    entry: dict[str, Any]
    text: str
    first: Token | None = None  # the phrase's first word, when it is not the head

    @property
    def start(self) -> Token:
        return self.first if self.first is not None else self.token


class TriggerLexicon:
    def __init__(self, entries: list[dict[str, Any]], irregular: dict[str, list[str]],
                 grammar: dict[str, Any] | None = None):
        grammar = grammar or {}
        self.money_words = frozenset(grammar.get("money_words", ()))
        self.amount_prepositions = frozenset(grammar.get("amount_prepositions", ()))
        self.handover_prepositions = frozenset(grammar.get("handover_prepositions", ()))
        self.by_id: dict[str, dict[str, Any]] = {entry["id"]: entry for entry in entries}
        for entry in entries:
            if entry.get("several_parties") and entry["several_parties"] not in self.by_id:
                raise KnowledgeError(f"triggers.yaml: {entry['id']}: several_parties names no trigger "
                                     f"{entry['several_parties']!r}")
        self.single: dict[str, list[dict[str, Any]]] = {}
        self.phrases: dict[str, list[tuple[list[str], dict[str, Any]]]] = {}  # by first word
        for entry in entries:
            for lemma in entry["lemmas"]:
                words = lemma.lower().split()
                if len(words) == 1:
                    self.single.setdefault(words[0], []).append(entry)
                else:
                    self.phrases.setdefault(words[0], []).append((words, entry))
        # For one word, entries with requirements are more specific and are tried first, whatever
        # their order in the file ("fire" + a weapon before plain "fire").
        for entries_for_word in self.single.values():
            entries_for_word.sort(key=lambda e: -_specificity(e))
        for phrases_for_word in self.phrases.values():  # "joint war games" before "war games"
            phrases_for_word.sort(key=lambda p: -_specificity(p[1]))
        self._need_sets = {id(e): frozenset(e["needs"]) for e in entries if e.get("needs")}
        # A token can start a trigger only when its lemma or lower-case form is a word of the lexicon: their
        # hashes, compared with the parse's arrays, so that no Token is made for the other tokens.
        self._word_ids = frozenset(get_string_id(w) for w in (*self.single, *self.phrases))
        # Prefilter: every inflected form of a trigger's first word, with what else the entry needs
        # (the other words of a phrase, one of its `needs`), all as sets of surface forms.
        self.irregular = irregular
        self.prefilter = ahocorasick.Automaton()
        by_form: dict[str, list[tuple[frozenset[str], frozenset[str], bool]]] = {}
        for entry in entries:
            needs = frozenset(f for word in entry.get("needs", []) for f in self._forms(word))
            for lemma in entry["lemmas"]:
                first, *rest = lemma.lower().split()
                rest_forms = frozenset(f for word in rest for f in self._forms(word))
                for form in self._forms(first):
                    by_form.setdefault(form, []).append((rest_forms, needs, bool(entry.get("needs_weapon"))))
        for form, conditions in by_form.items():
            self.prefilter.add_word(form, (form, conditions))
        self.prefilter.make_automaton()

    def _forms(self, word: str) -> set[str]:
        return {word, *_inflections(word), *self.irregular.get(word, [])}

    def may_contain(self, sentence: str, has_weapon=lambda: False) -> bool:
        """Cheap test before parsing: an inflected trigger word whose companions (the rest of a phrase,
        one of its `needs`, or a weapon for `needs_weapon`) are also in the sentence."""
        lowered = sentence.lower()
        words: set[str] | None = None
        for end, (form, conditions) in self.prefilter.iter(lowered):
            start = end - len(form) + 1
            if (start and lowered[start - 1].isalnum()) or (end + 1 < len(lowered) and lowered[end + 1].isalpha()):
                continue
            for rest, needs, needs_weapon in conditions:
                if not rest and not needs:
                    return True
                if words is None:
                    words = set(_WORDS.findall(lowered))
                if rest and not rest & words:
                    continue
                if not needs or needs & words or (needs_weapon and has_weapon()):
                    return True
        return False

    def find(self, sent: Span, weapons: list = (), places: list = (), parties: list = ()) -> list[TriggerHit]:
        """Triggers in `sent`; `weapons`, `places` and `parties` (actor mentions) are mentions (character
        offsets in the sentence) that can meet an entry's `needs_weapon`, `needs_place` and
        `needs_named_object`."""
        self._weapons, self._places, self._parties = weapons, places, parties
        hits: list[TriggerHit] = []
        covered: set[int] = set()  # tokens of a phrase already matched ("hunger strike")
        doc, known = sent.doc, self._word_ids
        words = doc.to_array(_LEMMA_LOWER)[sent.start : sent.end].tolist()
        for i in [i for i, (lemma, lower) in enumerate(words, sent.start) if lemma in known or lower in known]:
            if i in covered:
                continue
            token = doc[i]
            pos = token.pos_
            if pos == "AUX" and token.dep_ == "aux":
                demand = self._modal_demand(token)
                if demand is not None:
                    hits = [h for h in hits if h.token.i != demand.token.i]
                    hits.append(demand)
                continue
            adjective = pos == "ADJ" and token.dep_ == "amod" and token.lemma_ in self.phrases
            if adjective:
                pos = "NOUN"  # "humanitarian assistance", "military aid": a noun phrase led by its adjective
            elif pos not in ("VERB", "NOUN", "PROPN"):
                continue
            pos = "NOUN" if pos == "PROPN" else pos
            lemma = token.lemma_
            phrase = self._phrase_hit(token, lemma, pos)
            if phrase is None and adjective:
                continue
            if phrase is not None:
                hits.append(phrase)
                following = token.doc[token.i + 1 : token.i + len(phrase.text.split())]
                if [t.lemma_ for t in following] != phrase.text.split()[1:]:
                    # "violated the ceasefire": the phrase's words found among the head's dependents are
                    # part of this trigger, not triggers of their own.
                    rest = set(phrase.text.split()[1:])
                    covered.update(c.i for c in token.children if c.lemma_ in rest or c.lower_ in rest)
                    covered.update(g.i for c in token.children if c.dep_ == "dobj" for g in c.children
                                   if g.dep_ == "compound" and (g.lemma_ in rest or g.lower_ in rest))
                else:
                    covered.update(t.i for t in following)
                    # "air strikes", "hunger strike": the roles hang on the phrase's head, its last noun.
                    inside = {token.i, *(t.i for t in following)}
                    head = next((t for t in (token, *following) if t.head.i not in inside or t.head.i == t.i), token)
                    if head.i != token.i and head.pos_ in ("NOUN", "PROPN"):
                        hits[-1] = TriggerHit(head, phrase.entry, phrase.text, first=token)
                continue
            for entry in self.single.get(lemma, ()) or self.single.get(token.lower_, ()):
                if pos in entry["pos"] and self._needs_met(token, entry):
                    hits.append(TriggerHit(token, entry, token.text))
                    break
        # The main clause's events first: "a party that had won the support of the young was dissolved",
        # "forces backed by Russian warplanes continued their attacks", "troops stayed on alert after
        # gunmen set off bombs" are reports of the dissolution, the attacks, the alert. A noun trigger
        # that is the subject or object of a verb trigger of another type comes after it: "sanctions were
        # lifted", "the attack was condemned" report the lifting, the condemnation, right after the verb.
        # An approval's object leads instead ("approved the extradition" reports the extradition).
        verbs = {h.token.i: h.entry for h in hits if h.token.pos_ == "VERB"}
        def place(h: TriggerHit) -> tuple[int, float]:
            t = h.token
            if t.dep_ in ("acl", "relcl") and t.head.dep_ == "dobj" and \
                    (verbs.get(t.head.head.i) or {}).get("object_leads"):
                # "approved a resolution condemning the attack": what the approved text does leads.
                return _clause_depth(t.head), t.head.head.i - 0.5
            verb = verbs.get(t.head.i) if t.pos_ != "VERB" and t.dep_ in ("nsubj", "nsubjpass", "dobj") else None
            if verb is not None and verb.get("object_leads") and t.dep_ == "dobj":
                return _clause_depth(t), t.head.i - 0.5
            if verb is not None and verb["event"] != h.entry["event"] and not verb.get("object_leads"):
                return _clause_depth(t), t.head.i + 0.5
            return _clause_depth(t), h.start.i
        return sorted(hits, key=place)

    def _modal_demand(self, token: Token) -> TriggerHit | None:
        """"X said (that) Y must do Z": the speaker demands it. The hit is on the reporting word, whose
        subject is the actor; a reporting word's own trigger ("reiterated") gives way to the demand."""
        verb = token.head
        if verb.dep_ not in ("ccomp", "acl") or verb.head.i == verb.i:
            return None
        speech = verb.head
        for entry in self.single.get(token.lower_, ()):
            if "AUX" in entry["pos"] and (speech.lemma_ in entry["needs"] or speech.lower_ in entry["needs"]):
                return TriggerHit(speech, entry, speech.text)
        return None

    def _phrase_hit(self, token: Token, lemma: str, pos: str) -> TriggerHit | None:
        for words, entry in self.phrases.get(lemma, ()):
            if pos in entry["pos"] and self._phrase_at(token, words) and self._needs_met(token, entry):
                return TriggerHit(token, entry, " ".join(words))
        return None

    @staticmethod
    def _phrase_at(token: Token, words: list[str]) -> bool:
        rest = words[1:]
        # Particle verbs: "shot ... down", "forced the agency out of", "called repeatedly for". A preposition
        # with its own object after the verb's object is no particle of it: "called the ambassador a fool on
        # Tuesday" is no "call on".
        objects = [c.i for c in token.children if c.dep_ in ("dobj", "dative", "oprd")]

        def particle(c: Token) -> bool:
            return c.i > token.i and (c.dep_ == "prt" or not any(token.i < o < c.i for o in objects)
                                      or not any(g.dep_ == "pobj" for g in c.children))
        if all(any(c.lower_ == w and particle(c) for c in token.children) for w in rest):
            return True
        if len(rest) == 1 and any(c.dep_ == "dobj" and any(g.dep_ == "compound" and g.lower_ == rest[0]
                                                           for g in c.children) for c in token.children):
            return True  # "violated the ceasefire agreement": the phrase's noun names the object's kind
        following = [t.lemma_ for t in token.doc[token.i + 1 : token.i + 1 + len(rest)]]
        return following == rest

    def _needs_met(self, token: Token, entry: dict[str, Any]) -> bool:
        start, end = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
        if entry.get("needs_place") and not any(start <= p.start and p.end <= end and p.start > token.idx
                                                for p in self._places):
            return False
        if (figurative := entry.get("not_objects")) and any(
                c.dep_ in ("dobj", "pobj") and c.lemma_.lower() in figurative for c in token.children):
            return False  # "fight the epidemic", "combat poverty"
        if entry.get("intransitive") and any(c.dep_ in ("dobj", "ccomp") for c in token.children):
            return False  # "demonstrated that ...", "demonstrated its resolve": showed, not protested
        if entry.get("needs_named_object") and not self._named_object(token):
            return False  # "called the election", "called him a liar", "a group called Hamas"
        if entry.get("needs_amount") and not self._counted_in_money(token):
            return False  # "aid" is background; "$33 million in aid" is a delivery or a pledge
        if entry.get("needs_in_object"):
            return self._object_needs_met(token, entry)
        if entry.get("needs_weapon"):
            # What is launched or fired is the instrument: "warships launched war games" is no attack.
            doers = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in token.children
                     if c.dep_ == "nsubj"] if entry.get("object_is_instrument") else []
            if any(start <= w.start and w.end <= end and not any(a <= w.start < b for a, b in doers)
                   for w in self._weapons):
                return True
        needs = self._need_sets.get(id(entry))
        if not needs:
            return True
        if entry.get("needs_party"):
            return not self._party_words(token).isdisjoint(needs)
        # A needed word in the trigger's phrase, in the phrase it modifies or completes, or beside it.
        return any(t.lemma_ in needs or t.lower_ in needs for t in token.subtree) or \
            (token.dep_ in ("xcomp", "compound", "amod") and any(t.lemma_ in needs for t in token.head.subtree)) or \
            (token.dep_ == "pobj" and token.head.lower_ in needs) or \
            any(c.lower_ in needs for c in token.head.children)  # "remained on alert": the governing word

    def _object_needs_met(self, token: Token, entry: dict[str, Any]) -> bool:
        """`needs_in_object`: a needed word or a weapon in what is handed over: the object, the passive
        subject or a with-phrase ("provided Kyiv with missiles"); not in the rest of the clause ("sent a letter
        threatening to pull funding"), nor the noun a participle describes ("the arms supplied to Ukraine
        are being used": a reference to earlier deliveries)."""
        parts = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        parts += [p for c in token.children if c.dep_ == "prep" and c.lower_ in self.handover_prepositions
                  for p in c.children]
        words = [t for part in parts for t in _phrase_words(part)]
        needs = self._need_sets.get(id(entry), frozenset())
        if any(t.lemma_ in needs or t.lower_ in needs for t in words):
            return True
        return bool(entry.get("needs_weapon")) and any(
            t.idx <= w.start < t.idx + len(t) for t in words for w in self._weapons)

    def _counted_in_money(self, token: Token) -> bool:
        """An amount of money counts the noun: in its own phrase ("aid worth $2 billion", "a 5 million euro
        grant") or before the amount preposition it follows ("$33 million in assistance")."""
        def money(tokens) -> bool:
            return any(t.lower_ in self.money_words or t.tag_ == "$" for t in tokens)
        if money(token.subtree):
            return True
        prep = token.head
        return token.dep_ == "pobj" and prep.lower_ in self.amount_prepositions and \
            money(t for t in prep.head.subtree if t.i < prep.i)

    def _named_object(self, token: Token) -> bool:
        """The verb's direct object is a name (a proper noun, or a party of the actor dictionary) and no
        predicate follows it: "called Morrison", not "called Russia a threat" nor "a group called Hamas"."""
        if token.dep_ in ("acl", "amod"):
            return False
        objects = [c for c in token.children if c.dep_ == "dobj"]
        predicates = [c for c in token.children if c.dep_ in ("oprd", "attr", "ccomp")]
        if not objects and len(predicates) == 1 and predicates[0].dep_ == "oprd":
            objects, predicates = predicates, []  # "called Zelensky on Sunday", read as "called [him] Zelensky"
        if predicates or len(objects) != 1 or any(c.dep_ in ("oprd", "appos") or c.pos_ in ("NOUN", "ADJ") and c.dep_ != "compound"
                                    and c.i > objects[0].i for c in objects[0].children):
            return False
        head = objects[0]
        return head.pos_ == "PROPN" or any(p.start <= head.idx < p.end for p in self._parties)

    @staticmethod
    def _party_words(token: Token) -> set[str]:
        """Words (lemmas and forms) of who or what moves: the trigger's subject, object or agent phrases,
        those of the verb it completes ("began to arrive"), or the noun its clause describes ("troops
        arriving in the city"), not its places ("arrived at the headquarters of the armed forces")."""
        holders = [token, token.head] if token.dep_ in ("xcomp", "conj") else [token]
        parts = [c for h in holders for c in h.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "agent")]
        if token.dep_ in ("relcl", "acl"):
            parts.append(token.head)
        # Not the clauses that describe them: "reinforces the requirement to deter aggression with the threat
        # of force" moves no forces.
        return {w for part in parts for t in _phrase_words(part) for w in (t.lemma_, t.lower_)}


_SUBORDINATE = frozenset({"advcl", "acl", "relcl"})
_LEMMA_LOWER = [LEMMA, LOWER]


def _phrase_words(head: Token) -> list[Token]:
    """The words of a noun phrase without the clauses that describe it ("a letter threatening to ...")."""
    words, todo = [], [head]
    while todo:
        token = todo.pop()
        words.append(token)
        todo += [c for c in token.children if c.dep_ not in ("acl", "relcl", "advcl", "ccomp", "pcomp")]
    return words


def _clause_depth(token: Token) -> int:
    """How many adverbial, participial or relative clauses hold the token; none for a heading word before a
    colon that opens the sentence ("Looting: On 9 March, ..."), which names the event the sentence reports."""
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.text == ":" and token.i - token.sent.start < 3:
        return 0
    return (token.dep_ in _SUBORDINATE) + sum(t.dep_ in _SUBORDINATE for t in token.ancestors)


def _specificity(entry: dict[str, Any]) -> int:
    """How much an entry demands of a sentence: a weapon or a place beats words, words beat nothing."""
    return 2 * bool(entry.get("needs_weapon")) + 2 * bool(entry.get("needs_place")) + bool(entry.get("needs"))


_WORDS = re.compile(r"[a-z0-9][a-z0-9'’-]*")


def inflections(lemma: str) -> set[str]:
    """Regular English inflections of a word (over-generating is harmless: only known words are looked up)."""
    return _inflections(lemma)


def _inflections(lemma: str) -> set[str]:
    forms = {lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdglmnprt]$", lemma):
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms
