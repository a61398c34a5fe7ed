"""Actor and recipient of a trigger, from the dependency parse: active and passive voice, noun triggers
("a Russian missile strike on Kyiv"), and subjects inherited through "xcomp"/"conj" chains."""

from __future__ import annotations

from spacy.tokens import Span, Token

from redline.extract.status import infinitive_complement

# The prepositions after a charge verb's object that name the charge: "accused Kyiv of shelling", "blamed the
# US for the attack" (language.yaml `charge_verbs`).
CHARGE_PREPOSITIONS = frozenset({"of", "for"})


def span_of(token: Token) -> Span:
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


def _subject(verb: Token, openers: frozenset[str] | set[str] = frozenset(),
             charges: frozenset[str] | set[str] = frozenset(),
             documents: frozenset[str] | set[str] = frozenset()) -> Token | None:
    """The verb's subject, or one inherited from the clause it depends on ("X stepped up its assault",
    "X has been accused of launching strikes": the accused is the doer of the alleged act). `openers`:
    language.yaml's `clause_openers` (see `_misread_clause_subject`); `charges`, its `charge_verbs`, whose
    object did what their for/of phrase says ("accused Kyiv of shelling", "thanked Berlin for sending");
    `documents`, its `document_nouns`, which speak for whoever issued them ("issued a statement condemning")."""
    current, previous, climbed = verb, verb, False
    pronoun: Token | None = None
    for _ in range(5):
        if climbed and current.lemma_ in charges and previous.dep_ == "prep" and previous.lower_ in CHARGE_PREPOSITIONS:
            charged = [c for c in current.children if c.dep_ == "dobj"]
            if charged:
                return charged[0]
        if current.dep_ == "acl" and current.tag_ == "VBG" and current.head.pos_ in ("NOUN", "PROPN") and \
                not any(c.dep_ in ("nsubj", "nsubjpass") for c in current.children):
            noun = current.head
            if noun.lemma_ in documents and noun.dep_ == "dobj" and noun.head.pos_ == "VERB" and \
                    (issuer := _subject(noun.head, openers, charges)) is not None:
                return issuer  # "the ministry issued a statement condemning ...": the ministry condemned
            if noun.dep_ == "ccomp" and noun.head.pos_ == "VERB":
                # "officials assert that this incident marks an escalation, accusing the US": "marks" read as
                # a noun heading the reported clause; the participle is said of the reporting clause's subject.
                previous, current, climbed = current, noun.head, True
                continue
            return noun  # "forces making an incursion": the noun the participle describes
        if current.dep_ == "acl" and current.tag_ == "VBN" and current.head.dep_ in ("ROOT", "nsubj") and \
                current.head.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "dobj" for c in current.children):
            # "The rebels released 19 hostages", parsed as a noun phrase ("the rebels [who were] released"):
            # a participle with a direct object is no passive; the noun is its subject.
            return current.head
        # The subject nearest the verb: a misparsed "as NATO members met ..." may hang a second one on it.
        for child in sorted(current.children, key=lambda c: abs(c.i - current.i)):
            if child.dep_ in ("nsubj", "csubj") or (climbed and child.dep_ == "nsubjpass"):
                if child.tag_ != "PRP":
                    return child
                # "the US confirmed that it will send ...": a pronoun takes the reporting clause's subject.
                pronoun = pronoun or child
        if pronoun is None and current.dep_ == "relcl" and current.tag_ in ("VBD", "VBZ", "VBP") and \
                current.head.pos_ in ("NOUN", "PROPN") and not any(c.dep_ in ("nsubjpass", "expl") for c in current.children):
            # "a number of parties and the Taliban on Thursday condemned ...", misread as a relative clause with
            # no relative pronoun: a finite clause with no subject of its own is said of the noun it hangs on.
            return current.head
        if current.dep_ == "conj" and (opened := _misread_clause_subject(current, openers)) is not None:
            return opened
        # "acomp": "Norway is willing to send material" climbs from "willing" to the subject of "is".
        if current.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp", "prep", "acomp") and current.head.i != current.i:
            previous, current, climbed = current, current.head, True
        else:
            break
    return pronoun


def subject_span(subject: Token, trigger: Token) -> Span:
    """The subject's phrase; a noun that a participle clause holding the trigger describes ("forces making
    an incursion into X") stops before that clause."""
    if subject.i in {t.i for t in trigger.ancestors}:
        clause = next(c for c in subject.children if c.i == trigger.i or c.is_ancestor(trigger))
        if clause.left_edge.i > subject.i:
            return subject.doc[subject.left_edge.i:clause.left_edge.i]
        return subject.doc[subject.i:subject.i + 1]
    return span_of(subject)


def _misread_clause_subject(verb: Token, openers: frozenset[str] | set[str]) -> Token | None:
    """"The blackout came as Russia had fired drones": read as "came [as Russia] and had fired", the
    conjoined verb would take the main clause's subject. When a clause opener hangs on the head verb with
    its object between the opener and this verb, and no "and"/"but" joins the two, that object is the
    subject of this verb."""
    head = verb.head
    if any(c.dep_ == "cc" and head.i < c.i < verb.i for c in head.children):
        return None
    for opener in head.children:
        if opener.dep_ in ("prep", "mark") and opener.lower_ in openers and head.i < opener.i < verb.i:
            objects = [c for c in opener.children if c.dep_ == "pobj" and c.i < verb.i]
            if objects:
                return objects[0]
    return None


def roles(trigger: Token, event_type: str, grammar: dict, object_is_instrument: bool = False,
          phrase_start: int | None = None) -> tuple[list[Span], list[Span]]:
    """(actor spans, recipient spans) for a trigger token. With `object_is_instrument` the direct
    object is the weapon used ("fired missiles at Kharkiv"), and only the prepositional target counts.
    `phrase_start`: the index of a phrase trigger's first word ("war" of "war games"), which names no one."""
    actors: list[Span] = []
    recipients: list[Span] = []
    children = list(trigger.children)
    openers, charges = set(grammar["clause_openers"]), set(grammar.get("charge_verbs", ()))
    documents = set(grammar.get("document_nouns", ()))
    undergone = _undergone(trigger, grammar)
    if undergone is not None:
        # "Kherson came under attack", "was placed under house arrest": the subject undergoes the act; a
        # noun act's doer is in its own modifiers ("came under Russian shelling"), found below.
        undergoer, doer = undergone
        recipients.append(span_of(undergoer))
        if doer is not None:
            actors.append(span_of(doer))
    if trigger.pos_ == "VERB":
        if undergone is None:
            _verb_roles(trigger, actors, recipients, object_is_instrument, (openers, charges, documents))
        # "Russia's invasion underlines our purpose - to be ready to fight": a subject reached from a clause
        # above that names an act, not a party, does not do the clause's act.
        acts = grammar.get("act_subject_nouns", ())
        actors[:] = [a for a in actors if a.root.lemma_ not in acts or a.root.head.i == trigger.i]
    else:
        # Noun trigger: actor in possessives and modifiers, or the subject of the verb it is object of. A
        # lower-case adjective describes the act ("separate talks", "heavy shelling"), it names no one.
        amount_words = grammar.get("amount_prepositions", ())
        actors += [span_of(c) for c in children if c.dep_ in ("poss", "amod", "compound", "nmod")
                   and not (c.dep_ == "amod" and c.text.islower() and not any(g.dep_ != "advmod" for g in c.children))
                   and c.lower_ not in amount_words  # "aid worth 2 billion euros to Kyiv"
                   and not (phrase_start is not None and phrase_start <= c.i < trigger.i)]
        # "undertook a mediation mission": a noun trigger compounded into the object noun takes its place.
        holder = act_holder(trigger, grammar)
        prep = holder.head
        if holder.dep_ == "pobj" and prep.head.pos_ in ("NOUN", "NUM") and (
                prep.lower_ in amount_words and
                (prep.head.pos_ == "NUM" or any(c.dep_ == "nummod" for c in prep.head.children))
                or prep.lower_ in grammar.get("listing_prepositions", ())):
            # "announced 50 million euros in aid", "signalled responses, including drills": the amount or the
            # acts listed stand where the act would ("announced aid", "signalled drills").
            holder = prep.head
            prep = holder.head
        act_verb = prep.head
        if holder.dep_ == "pobj" and prep.lower_ in grammar["act_prepositions"] and prep.head.pos_ == "NOUN" and \
                prep.head.dep_ == "pobj" and prep.head.head.head.lemma_ in grammar.get("response_verbs", ()):
            # "responded to these attacks with condemnation", read as "attacks with condemnation".
            act_verb = prep.head.head.head
        if holder.dep_ == "pobj" and prep.lower_ in CHARGE_PREPOSITIONS and prep.head.lemma_ in charges and not actors:
            # "blamed the US for an attack on Crimea": the charged party is the alleged attacker.
            actors += [span_of(c) for c in prep.head.children if c.dep_ == "dobj"][:1]
        if holder.dep_ in ("dobj", "pobj", "attr") and holder.head.pos_ == "VERB" and not actors:
            subject = _subject(holder.head, openers, charges)
            if subject is not None:
                actors.append(subject_span(subject, trigger))
        elif holder.dep_ == "pobj" and prep.dep_ == "prep" and act_verb.pos_ == "VERB" and not actors and (
                prep.lower_ in grammar["act_prepositions"] or prep.lower_ in grammar.get("purpose_prepositions", ())
                and act_verb.lemma_ in grammar.get("travel_verbs", ())):
            # "went on hunger strike", "took part in the talks", "responded with condemnation", "arrived in Kyiv
            # for talks", "were engaged in ethnic cleansing": the verb's subject does the act.
            # A passive subject does it only after "engaged in", "involved in": "were killed in an attack" did not.
            engaged = act_verb.lemma_ in grammar.get("engagement_verbs", ())
            subject = next((c for c in act_verb.children if c.dep_ == "nsubjpass" and engaged), None) or \
                _subject(act_verb, openers, charges)
            if subject is not None:
                actors.append(subject_span(subject, trigger))
        elif holder.dep_ == "nsubjpass" and not actors:
            # "the war game was staged by US marines", "the attack was carried out by Russian forces"
            actors += [span_of(p) for agent in holder.head.children if agent.dep_ == "agent"
                       for p in agent.children if p.dep_ == "pobj"]
    recipients = [kept for sp in recipients if (kept := _before_condition(sp, grammar)) is not None]
    wanted = set(grammar["recipient_prepositions"].get(event_type, grammar["target_prepositions"]))
    # Targets hang on the trigger or on its object ("opened fire at the people", "launched strikes on Kyiv"),
    # or on the noun counting a noun trigger ("a series of airstrikes on Beirut").
    holders = [trigger, *(c for c in children if c.dep_ == "dobj")]
    if trigger.pos_ != "VERB" and (counted := act_holder(trigger, grammar)).i != trigger.i:
        holders.append(counted)
    for prep in (c for h in holders for c in h.children if c.dep_ in ("prep", "dative") and c.lower_ in wanted
                 and not _condition_phrase(c, grammar)):
        recipients += [span_of(p) for p in prep.children if p.dep_ == "pobj"]
    if not recipients and trigger.pos_ == "VERB" and event_type == "AGREE":
        recipients += _offered_act_recipient(trigger, grammar)
    if not recipients and trigger.pos_ == "VERB" and event_type == "THREATEN":
        recipients += _threatened_act_targets(trigger, grammar)
    return actors, [kept for sp in recipients if (kept := _before_condition(sp, grammar)) is not None]


def _threatened_act_targets(trigger: Token, grammar: dict) -> list[Span]:
    """"threatened to shell Iraqi towns", "threatened to cut off electricity to Nakhichevan", "threatened to
    impose restrictions against German goods": a threat is aimed at the object or target of the act threatened
    (language.yaml `target_prepositions`), not at anyone named in a condition."""
    wanted = set(grammar["target_prepositions"])
    for clause in (c for c in trigger.children if c.pos_ == "VERB" and infinitive_complement(c)):
        found = [span_of(c) for c in clause.children if c.dep_ in ("dobj", "dative")]
        found += [span_of(p) for c in clause.children if c.dep_ == "prep" and c.lower_ in wanted
                  and not _condition_phrase(c, grammar) for p in c.children if p.dep_ == "pobj"]
        if found:
            return found
    return []


def _offered_act_recipient(trigger: Token, grammar: dict) -> list[Span]:
    """"offered to hand over to Britain two suspects", "promised to continue military aid to Mozambique": the
    recipient of an offer or promise is whoever would receive the act offered, the first party it is given to
    (language.yaml `recipient_prepositions` of AID) in the infinitive clause."""
    to = set(grammar["recipient_prepositions"].get("AID", ()))
    for clause in (c for c in trigger.children if c.dep_ == "xcomp"):
        for token in clause.subtree:
            if token.dep_ == "dative" and token.pos_ in ("NOUN", "PROPN"):
                return [span_of(token)]
            if token.dep_ in ("prep", "dative") and token.lower_ in to and not _condition_phrase(token, grammar):
                objects = [span_of(p) for p in token.children if p.dep_ == "pobj"]
                if objects:
                    return objects[:1]
    return []


def act_holder(trigger: Token, grammar: dict) -> Token:
    """The noun that stands for a noun trigger in its clause: the trigger itself, the object noun it is
    compounded into ("undertook a mediation mission"), or the noun counting it ("held a new round of talks",
    language.yaml `partitive_nouns`)."""
    holder = trigger.head if trigger.dep_ == "compound" and trigger.head.pos_ == "NOUN" else trigger
    prep = holder.head
    if holder.dep_ == "pobj" and prep.lower_ == "of" and prep.head.pos_ == "NOUN" and \
            prep.head.lemma_ in grammar.get("partitive_nouns", ()):
        return prep.head
    return holder


def _verb_roles(trigger: Token, actors: list[Span], recipients: list[Span], object_is_instrument: bool,
                words: tuple[set[str], set[str], set[str]]) -> None:
    """Adds a verb trigger's actor and recipient spans: agent and passive subject, or subject and object.
    `words`: language.yaml's clause openers, charge verbs and document nouns (see `_subject`)."""
    children = list(trigger.children)
    # An agent marks the actor even on a bare participle: "a meeting requested by the US".
    passive = any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in children)
    if passive:
        recipients += [span_of(c) for c in children if c.dep_ == "nsubjpass"] or _stray_subject(trigger)
        for agent in (c for c in children if c.dep_ == "agent"):
            actors += [span_of(p) for p in agent.children if p.dep_ == "pobj"]
        return
    subject = _subject(trigger, *words)
    if subject is not None:
        actors.append(subject_span(subject, trigger))
    if not object_is_instrument:
        objects = [span_of(c) for c in children if c.dep_ in ("dobj", "dative")] or \
            [span_of(c) for c in children if c.dep_ == "oprd" and c.pos_ == "PROPN"]  # "called Zelensky"
        if trigger.lemma_ in words[1]:
            objects = [_before_charge(span) for span in objects]
        recipients += objects


def _before_charge(span: Span) -> Span:
    """"accused the US and its allies of ignoring Russia's demands": the parser may hang the charge on the
    last party charged; the parties named in the charge are not the accused. A charge hung there is an act
    (a gerund) or follows a conjunct; "the head of the border guard" is one party."""
    for token in span:
        if token.i > span.start and token.dep_ == "prep" and token.lower_ in CHARGE_PREPOSITIONS and \
                token.head.i in range(span.start, token.i) and \
                (token.head.dep_ == "conj" or any(c.dep_ == "pcomp" for c in token.children)):
            return span.doc[span.start:token.i]
    return span


def _undergone(trigger: Token, grammar: dict) -> tuple[Token, Token | None] | None:
    """(subject, doer) when the trigger is an act undergone by a verb's subject: "came under attack",
    "has been under siege" (language.yaml `undergo_prepositions` and `undergo_verbs`); the doer is set only
    for the misparse "came under Russian shelling" read as "came under Russian, shelling", where the
    preposition's object is the adjective that names the attacker."""
    prepositions, verbs = grammar.get("undergo_prepositions", ()), grammar.get("undergo_verbs", ())
    holder = trigger.head if trigger.dep_ == "compound" and trigger.head.pos_ == "NOUN" else trigger
    doer = None
    if trigger.pos_ == "VERB":
        before = trigger.doc[trigger.i - 1] if trigger.i > 0 else None
        if trigger.tag_ != "VBG" or before is None or before.dep_ != "pobj" or before.head.head != trigger.head \
                or before.head.lower_ not in prepositions or not before.text[:1].isupper():
            return None
        prep, doer = before.head, before
    elif holder.dep_ == "pobj":
        prep = holder.head
    else:
        return None
    verb = prep.head
    if prep.lower_ not in prepositions or prep.dep_ != "prep" or verb.pos_ != "VERB" or verb.lemma_ not in verbs:
        return None
    # "was charged ... and was under house arrest": a conjoined verb shares its head's subject.
    holders = (verb, verb.head) if verb.dep_ == "conj" else (verb,)
    subject = next((c for v in holders for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.tag_ == "PRP" and subject.lower_ in ("it", "there"):
        return None
    return subject, doer


def _stray_subject(verb: Token) -> list[Span]:
    """"... tensions between Russia and Ukraine, the Russian city of Belgorod was struck": after a long
    opening the parser may hang the subject on an earlier noun as an apposition. A passive verb with no
    subject takes the apposition that ends right before its auxiliary."""
    aux = next((c for c in verb.children if c.dep_ == "auxpass" and c.i < verb.i), None)
    if aux is None or aux.i == 0:
        return []
    before = aux.doc[aux.i - 1]
    stray = next((t for t in [before, *before.ancestors] if t.dep_ == "appos" and t.right_edge.i == aux.i - 1), None)
    return [span_of(stray)] if stray is not None and stray.pos_ in ("NOUN", "PROPN") else []


def _condition_phrase(prep: Token, grammar: dict) -> bool:
    """"in the event of ...", "in case of ...": a preposition opening a condition (language.yaml
    `condition_markers` of the form "in ... of"), which names no party of the act."""
    nouns = {m.split()[-2] for m in grammar["condition_markers"] if m.startswith("in ") and m.endswith(" of")}
    return prep.dep_ == "prep" and prep.lower_ == "in" and \
        any(c.dep_ == "pobj" and c.lower_ in nouns for c in prep.children)


def _before_condition(span: Span, grammar: dict) -> Span | None:
    """"military facilities in countries that allow Ukraine to use ...": the parties of a condition set as a
    relative clause are not the target; the span stops before the phrase that holds the condition (None
    when the whole span is that phrase: "countries that allow ...")."""
    heads = {h for h in grammar["relative_condition_heads"] if " " not in h}
    verbs = set(grammar["relative_condition_verbs"])
    for token in span:
        if token.i > span.start and _condition_phrase(token, grammar):
            # "sanctions on Moscow in the event of an attack on Kyiv": the span stops before the condition.
            return span.doc[span.start:token.i]
        if token.dep_ == "relcl" and token.head.lower_ in heads and token.lemma_.lower() in verbs:
            head = token.head
            cut = head.head.i if head.dep_ == "pobj" and head.head.i > span.start else head.left_edge.i
            return span.doc[span.start:cut] if cut > span.start else None
    return span


def between_span(trigger: Token) -> Span | None:
    """"a clash between Ukrainian and Russian forces": the phrase naming both sides, if any."""
    for holder in (trigger, trigger.head):
        for prep in (c for c in holder.children if c.dep_ == "prep" and c.lower_ == "between"):
            for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                return span_of(pobj)
    return None
