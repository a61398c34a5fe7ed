"""The extraction cascade, one article at a time:

1. sentences   split the cleaned text inside its blocks; headings are passed over
2. prefilter   keep sentences holding an inflected trigger word (Aho-Corasick, no parsing)
3. parse       spaCy (tagger, parser, lemmatizer; no NER) on the kept sentences only, in batches
4. triggers    trigger lexicon -> PLOVER type, mode, CAMEO, ACLED
5. roles       actor and recipient spans from the dependency parse (active, passive, noun triggers)
6. attributes  entities (actor dictionary, offices on the event date), weapons, casualty counts, place,
               event date, status and condition, attribution
7. evidence    sentence text and offsets; one event per type and dyad per sentence

The spaCy model and the knowledge are loaded once, when the Extractor is built.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from redline import __version__
from redline.extract.actors import ActorMention
from redline.extract.dates import resolve_event_date
from redline.extract.knowledge import Knowledge, shared_knowledge
from redline.extract.parse import Parser
from redline.extract.places import FRONT_KM, PlaceMention, event_place, to_location
from redline.extract.roles import _subject, act_holder, between_span, roles, span_of
from redline.extract.sentences import Sentence, split_sentences
from redline.extract.triggers import TriggerHit
from redline.extract.weapons import WeaponMention
from redline.model.article import Article
from redline.model.event import Entity, Event, Size

# The article fields the extractor reads (a pipeline built for extraction alone computes no others).
ARTICLE_FIELDS = frozenset({"textmap", "blocks", "published", "source", "url", "title", "publisher", "language"})


@dataclass
class ExtractOptions:
    published: str | None = None  # used when the article has no publication date
    batch_size: int = 256


class Extractor:
    """Turns cleaned Articles into Event reports. Build once; call many times."""

    def __init__(self, knowledge: Knowledge, parser: Parser):
        self.k = knowledge
        self.parser = parser
        self.locatives = frozenset(knowledge.grammar["locative_prepositions"])
        self.munition_nouns = frozenset(knowledge.grammar["munition_nouns"])
        self.support_verbs = frozenset(knowledge.grammar["support_verbs"])
        self.permission_verbs = frozenset(knowledge.grammar.get("permission_verbs", []))
        self.descriptive_heads = frozenset(knowledge.grammar.get("descriptive_heads", []))
        self.idioms = frozenset(knowledge.grammar.get("idioms", []))
        self.venue_prepositions = frozenset(knowledge.grammar.get("venue_prepositions", []))
        self.person_pronouns = frozenset(knowledge.grammar.get("person_pronouns", []))
        self.speaker_nouns = frozenset(knowledge.grammar.get("speaker_nouns", []))
        self.own_object_events = frozenset(knowledge.grammar.get("own_object_events", []))
        self.purpose_prepositions = frozenset(knowledge.grammar.get("purpose_prepositions", []))
        self.travel_verbs = frozenset(knowledge.grammar.get("travel_verbs", []))
        self.destinations = frozenset(knowledge.grammar.get("destination_prepositions", []))
        self.presupposing_questions = frozenset(knowledge.grammar.get("presupposing_question_words", []))

    @classmethod
    def load(cls) -> Extractor:
        knowledge = shared_knowledge()
        return cls(knowledge, Parser.load(knowledge.known_lemmas(), knowledge.irregular, knowledge.tag_pos))

    @property
    def nlp(self):
        """The spaCy pipeline (tagger and parser), for callers that want to inspect a parse."""
        return self.parser.nlp

    def extract(self, article: Article, options: ExtractOptions | None = None) -> list[Event]:
        """Events of one article (see `extract_many` for many: it parses them in larger batches)."""
        return next(iter(self.extract_many([article], options)))[1]

    def extract_many(self, articles: Iterable[Article], options: ExtractOptions | None = None,
                     chunk: int = 32) -> Iterator[tuple[Article, list[Event]]]:
        """(article, events) for each article, in order. The candidate sentences of `chunk` articles
        go through the parser in one call, which spreads spaCy's per-call cost over many articles."""
        options = options or ExtractOptions()
        pending: list[tuple[Article, list[Sentence], list[Sentence]]] = []
        for article in articles:
            split = [s for s in split_sentences(article.text, article.blocks, self.k.abbreviations)
                     if s.kind == "paragraph"]
            candidates = [s for s in split
                          if self.k.triggers.may_contain(s.text, lambda text=s.text: bool(self.k.weapons.find(text)))]
            pending.append((article, split, candidates))
            if len(pending) >= chunk:
                yield from self._flush(pending, options)
                pending = []
        yield from self._flush(pending, options)

    def _flush(self, pending, options: ExtractOptions) -> Iterator[tuple[Article, list[Event]]]:
        texts = [s.text for _, _, candidates in pending for s in candidates]
        docs = iter(self.parser.parse(texts, batch_size=options.batch_size))
        for article, split, candidates in pending:
            parsed = {s.index: next(docs) for s in candidates}
            yield article, self._article_events(article, split, parsed, article.published or options.published)

    def _article_events(self, article: Article, split: list[Sentence], parsed: dict, published: str | None) -> list[Event]:
        events: list[Event] = []
        speakers: dict[int, list[Entity]] = {}  # sentence index -> its main clause's single speaker
        # id(event) -> (event, the "he"/"she" that is its only actor): resolved once the article's speakers are
        # known. The event is held so that its id cannot pass to another object meanwhile.
        pronouns: dict[int, tuple[Event, str]] = {}
        last_assault: Event | None = None
        for sentence in split:
            found = self._sentence_events(article, sentence, parsed[sentence.index][:], published, speakers,
                                          pronouns) if sentence.index in parsed else []
            events.extend(found)
            assaults = [e for e in found if e.event[0] == "ASSAULT"]
            if last_assault is not None and last_assault.text_info["block"] == sentence.block:
                for event in assaults:
                    self._same_weapon_attacker(event, last_assault)
            if assaults:
                last_assault = assaults[-1]
            elif last_assault is not None and last_assault.text_info["block"] == sentence.block:
                self._carry_casualties(last_assault, sentence)
            if not found and last_assault is not None and last_assault.text_info["block"] != sentence.block:
                last_assault = None
        self._paragraph_context(events, split)
        self._meeting_venue(events)
        self._pronoun_speaker(events, speakers, pronouns, {s.index: s.block for s in split})
        return events

    @staticmethod
    def _pronoun_speaker(events: list[Event], speakers: dict[int, list[Entity]], pronouns: dict[int, tuple[Event, str]],
                         blocks: dict[int, int]) -> None:
        """"A NATO spokeswoman responded ... She reiterated the alliance's commitment": "he" or "she" with no
        one named is the last single speaker of the same paragraph, or of the sentence just before. Only
        parsed sentences (those that may hold an event) record a speaker."""
        for event in events:
            held, pronoun = pronouns.get(id(event), (None, ""))
            if held is not event:
                continue
            sequence, block = event.text_info["sequence"], event.text_info["block"]
            earlier = [i for i in speakers if i < sequence and (blocks.get(i) == block or i == sequence - 1)]
            if earlier:
                event.actor = list(speakers[max(earlier)])
                event.explain["actor"] = [a.actor_id for a in event.actor]
                event.explain["actor_rule"] = f"'{pronoun}': the speaker of sentence {max(earlier)}"

    def _main_speaker(self, sent: Span, mentions: list[ActorMention], date: str | None) -> list[Entity]:
        """The main clause's subject when it is one coded speaker: a person of actors.yaml, or a phrase ending
        in a speaker noun of language.yaml ("a NATO spokeswoman", "the Russian foreign minister")."""
        subject = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.tag_ == "PRP":
            return []
        span = span_of(subject)
        entities = [e for e in self._entities([span], mentions, [], date) if e.code]
        if len(entities) != 1:
            return []
        entry = self.k.actors.by_id.get(entities[0].actor_id or "")
        single = (entry is not None and entry.get("kind") == "person") or subject.lower_ in self.speaker_nouns
        return entities if single else []

    @staticmethod
    def _meeting_venue(events: list[Event]) -> None:
        """"At the summit in Vilnius, ... The allies also denounced ...": what a meeting's parties say later in
        the report, on the meeting's date, was said at the meeting when it names no place of its own (a
        country it is said about is no place: "would keep assisting Ukraine")."""
        venue: Event | None = None
        parties: set[str] = set()
        for event in events:
            if event.event[0] == "CONSULT" and event.event_loc is not None and event.event_loc.resolution >= 3:
                venue, parties = event, {e.code for e in event.actor + event.recipient if e.code}
                continue
            spoken = event.quad_code in (1, 3) or event.status == "planned"
            if venue is None or not spoken or event.event[0] == "CONSULT" or event.date != venue.date:
                continue
            loc = event.event_loc
            if parties & {e.code for e in event.actor if e.code} and (loc is None or loc.resolution == 1 and
                                                                     loc.country_code in {r.code for r in event.recipient}):
                event.event_loc = venue.event_loc
                event.explain["place_rule"] = f"said at the meeting of sentence {venue.text_info['sequence']}"

    @staticmethod
    def _same_weapon_attacker(event: Event, earlier: Event) -> None:
        """"Ukrainian drone attacks continue. ... a drone struck a truck": an attack by a weapon alone, in the
        paragraph of an attack with the same weapon and a named attacker, is that attacker's."""
        codes = [a for a in earlier.actor if a.code]
        if any(a.code for a in event.actor) or not codes or not event.weapons or \
                not set(event.weapons) <= set(earlier.weapons):
            return
        event.actor = list(codes)
        event.explain["actor"] = [a.actor_id for a in codes]
        event.explain["actor_rule"] = f"same weapon as the attack of sentence {earlier.text_info['sequence']}"

    def _paragraph_context(self, events: list[Event], sentences: list[Sentence]) -> None:
        """What the rest of a paragraph says about an event's ACLED category: forces stepping in at a
        protest, fire returned after a shelling."""
        for event in events:
            if not event.acled:
                continue
            paragraph = " ".join(s.text for s in sentences if s.block == event.text_info["block"]
                                 and s.index >= event.text_info["sequence"])
            if event.event[0] == "PROTEST":
                sub = self.k.acled.protest_sub_type(paragraph)
                if sub:
                    event.acled = {"event_type": event.acled["event_type"], "sub_event_type": sub}
                    event.explain["acled"] = "forces intervened (same paragraph)"
            elif event.acled["event_type"] == "Explosions/Remote violence":
                if exchange := self.k.acled.two_way_fire(event.event_text):
                    event.acled = exchange
                    event.explain["acled"] = "fire went both ways (same sentence)"
                elif event.trigger["rule"] != "explosions" and (exchange := self.k.acled.exchange_of_fire(paragraph)):
                    event.acled = exchange
                    event.explain["acled"] = "fire was returned (same paragraph)"

    def _carry_casualties(self, event: Event, sentence: Sentence) -> None:
        """"X shelled Y. Two people were killed.": the toll in the next sentence belongs to the attack."""
        counts = self.k.numbers.read(sentence.text)
        size = event.size
        if "dead" in counts and size.dead is None:
            size.dead, size.dead_qualifier = counts["dead"].value, counts["dead"].qualifier
            event.explain["dead"] = f"from sentence {sentence.index}"
        if "injured" in counts and size.injured is None:
            size.injured, size.injured_qualifier = counts["injured"].value, counts["injured"].qualifier
            event.explain["injured"] = f"from sentence {sentence.index}"

    def _sentence_events(self, article: Article, sentence: Sentence, sent: Span,
                         published: str | None, speakers: dict[int, list[Entity]] | None = None,
                         pronouns: dict[int, tuple[Event, str]] | None = None) -> list[Event]:
        k = self.k
        actor_mentions = k.actors.find(sentence.text)
        people = [(m.start, m.end) for m in actor_mentions if m.entry.get("kind") == "person"]
        # "Vladimir Putin", "Jordan Bardella": a place name inside a person's name is no place.
        place_mentions = [p for p in k.gazetteer.find(sentence.text) if not any(a <= p.start < b for a, b in people)]
        weapons = k.weapons.find(sentence.text)
        counts = k.numbers.read(sentence.text)
        hits = k.triggers.find(sent, weapons, place_mentions, actor_mentions)
        has_other_assault = any(h.entry["event"] == "ASSAULT" and not h.entry.get("requires_actor") for h in hits)
        events: list[Event] = []
        tokens: dict[int, Token] = {}  # each event's trigger token, by id(event)
        agent_chars: list[tuple[int, int]] | None = None
        for hit in hits:
            entry = hit.entry
            if entry.get("requires_actor") and has_other_assault:
                continue  # "killing 18" is the consequence of the strike already coded
            if self._inside_name(hit.token, actor_mentions) or self._inside_weapon(hit.start, weapons, hit.text) or \
                    (entry["event"] != "CONSULT" and self._in_proper_name(hit.token)):
                continue  # "Storm Shadows", "Kyiv regional military administration"
            if hit.token.dep_ == "amod" and hit.token.tag_ == "VBN":
                continue  # "US-supplied missiles", "a downed drone": a participle describing a thing
            if hit.token.i > 0 and f"{hit.token.doc[hit.token.i - 1].lower_} {hit.token.lower_}" in self.idioms:
                continue  # "in advance", "in return"
            if hit.token.dep_ == "compound" and hit.token.head.lemma_ in self.descriptive_heads:
                continue  # "attack helicopters", "an appeals court": the trigger noun describes a thing
            if entry["event"] != "THREATEN" and k.status.in_condition(hit.token, sentence.text):
                continue  # the condition of a threat, kept as the threat's `condition`
            if self._requested(hit, hits) or self._permitted(hit.token) or self._generic_gerund(hit.token) or \
                    _asked(hit.token, self.presupposing_questions):
                continue  # "allowing Kyiv to strike ...", "Deploying the weapon will not ...": no event
            actor_spans, recipient_spans = roles(hit.token, entry["event"], k.grammar,
                                                 entry.get("object_is_instrument", False) or
                                                 entry.get("object_is_topic", False), phrase_start=hit.start.i)
            if self._refers_back(hit.token, actor_spans, recipient_spans) or \
                    self._words_named_before(hit.token, entry, recipient_spans):
                continue
            if hit.token.dep_ == "relcl" and (source := self._antecedent_actor(hit, hits)) is not None:
                actor_spans = source  # "a missile that struck Dnipro": who launched the missile
            recipient_spans = [sp for sp in recipient_spans if not self._instrument_phrase(sp, weapons)]
            status = k.status.event_status(hit.token, sentence.text, entry["event"])
            date, precision, date_rule = resolve_event_date(sentence.text, published,
                                                            future=status.status == "planned",
                                                            perfect=self._perfect(hit.token),
                                                            own=self._own_clause(hit.token))
            if hit.token.pos_ == "NOUN":  # "the missile strike": the weapon modifying the noun is no actor
                actor_spans = [sp for sp in actor_spans if not any(
                    w.start <= sp.start_char and sp.end_char <= w.end for w in weapons)]
            actors = self._entities(actor_spans, actor_mentions, [], date)  # "the Belgorod strike": no actor
            if not any(a.code for a in actors) and (doer := self._support_verb_subject(hit.token)) is not None:
                # "Russian forces carried out artillery shelling": the modifier names the weapon, the
                # subject of the support verb the attacker.
                actors = self._entities([doer], actor_mentions, [], date) or actors
            if entry["event"] == "ASSAULT" and not any(a.code for a in actors):
                agents = [e for e in self._entities(self._agent_phrases(hit.token), actor_mentions, [], date) if e.code]
                actors = agents[:1] or actors
            if (several := entry.get("several_parties")) and len({a.code for a in actors if a.code}) >= 2:
                # "French and Egyptian warships launched war games": held together, a cooperation.
                entry = k.triggers.by_id[several]
                hit = dataclasses.replace(hit, entry=entry)
            recipients = self._entities(recipient_spans, actor_mentions, place_mentions, date)
            if not any(r.code for r in recipients) and entry["event"] not in self.own_object_events and \
                    (owner := self._its_antecedent(recipient_spans, actor_mentions, actors, date)) is not None:
                recipients = [owner]
            front_rule = None
            if entry["event"] == "ASSAULT" and not any(a.code for a in actors) and \
                    (front := k.contact_line.find(sentence.text, date)) is not None:
                # "explosions near Horlivka" with nobody named: fire on a place held by one side came
                # from the other (the line of contact of 2015-2022; ACLED codes these the same way).
                attacker = k.actors.by_id[front.attacker]
                actors = [Entity(attacker["name"], attacker["country"], attacker["sector"], attacker["name"],
                                 actor_id=attacker["id"])]
                front_rule = f"front line: {front.name} was held by {front.holder}"
            if not actors and not recipients and (sides := between_span(hit.token)) is not None:
                # A fight between two sides: the first named is coded as actor, the other as recipient.
                both = self._entities([sides], actor_mentions, [], date)
                actors, recipients = both[:1], both[1:]
            if entry.get("requires_actor") and not actor_spans:
                continue  # "were killed" with nobody named doing it is a toll, not an attack
            if (not actor_spans and self.k.cameo_roots[entry["cameo"][:2]]["quad"] in (1, 3)
                    and not self._passive_on(hit.token, recipients)) or \
                    (not any(a.code for a in actors) and self._definite_noun(hit.token)):
                continue  # words without a speaker, or "the Belgorod strike": no new event
            if self._merge_into_earlier(events, entry["event"], actors, recipients):
                continue
            # Instruments: weapons in the trigger's own phrase or the attacker's ("a drone struck",
            # "shelled X with Tochka missiles"); targets: weapons in the recipient ("shot down a Ka-52").
            targets = [w for w in weapons if any(sp.start_char <= w.start < sp.end_char for sp in recipient_spans)]
            phrase = (hit.token.left_edge.idx, hit.token.right_edge.idx + len(hit.token.right_edge))
            if hit.token.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ in ("that", "which")
                                                 for c in hit.token.children):
                # "a hypersonic missile that struck Dnipro": the noun the clause describes did it.
                antecedent = hit.token.head
                phrase = (min(phrase[0], antecedent.left_edge.idx), phrase[1])
            defences = self._interceptors(hit, hits)
            instruments = [w for w in weapons if w not in targets and not any(a <= w.start < b for a, b in defences) and (
                phrase[0] <= w.start < phrase[1] or any(sp.start_char <= w.start < sp.end_char for sp in actor_spans)
                or any(sp.start_char <= w.start < sp.end_char for sp in self._purpose_objects(hit.token)))]
            if self.k.cameo_roots[entry["cameo"][:2]]["quad"] in (1, 3) and entry["event"] != "THREATEN":
                # Words about an act are not made with the act's weapons: "blamed the US for an attack
                # with ATACMS", "urged aid while the UK sent missiles".
                instruments = self._own_weapons(hit.token, instruments, hits, weapons)
                targets = self._own_weapons(hit.token, targets, hits, weapons)
            if not any(r.code for r in recipients) and status.condition and \
                    (entry["event"] == "THREATEN" or status.status == "threatened"):
                # "warned of retaliation if the US supplies ...": the threat is aimed at whoever would
                # set off the condition.
                recipients = self._entities(self._condition_subjects(sent, status.condition), actor_mentions,
                                            [], date) or recipients
            # "drones launched by Russia": whoever a "by" phrase names did something; it is not a place.
            if agent_chars is None:  # the same for every event of the sentence: found once
                agent_chars = [(t.idx, t.idx + len(t)) for t in sent if t.dep_ == "pobj" and t.head.dep_ == "agent"]
            actor_chars = [(sp.start_char, sp.end_char) for sp in actor_spans] + agent_chars
            if entry.get("located_by_destination") is False:
                # "sent missiles to Kyiv": the destination of a delivery is not where the event happened.
                actor_chars += [(sp.start_char, sp.end_char) for sp in recipient_spans]
            territory = self._territory(recipient_spans, actor_mentions)
            if territory is None and entry.get("interception"):
                territory = self._actor_country(actor_spans, actor_mentions)
            events.append(self._event(article, sentence, hit, actors, recipients, (instruments, targets), counts,
                                      place_mentions, actor_chars, status, sent, date, precision, date_rule,
                                      actor_mentions, territory))
            if front_rule:
                events[-1].explain["actor_rule"] = front_rule
            if pronouns is not None and len(actor_spans) == 1 and len(actor_spans[0]) == 1 and \
                    not any(a.code for a in actors) and actor_spans[0][0].lower_ in self.person_pronouns:
                pronouns[id(events[-1])] = (events[-1], actor_spans[0][0].lower_)  # see _pronoun_speaker
            tokens[id(events[-1])] = hit.token
        self._at_meeting(events, tokens)
        events = self._threat_with_its_act(events, tokens)
        if speakers is not None and (speaker := self._main_speaker(sent, actor_mentions, published)):
            speakers[sentence.index] = speaker
        for number, event in enumerate(events):  # numbered once final: stable, unique ids
            event.id = f"{article.id}-s{sentence.index}-e{number}"
        return events

    def _journey(self, token: Token) -> Token | None:
        """The verb of travel whose purpose the noun trigger is ("flew to Washington for a meeting"), if any."""
        prep = token.head
        if token.dep_ == "pobj" and prep.lower_ in self.purpose_prepositions and \
                prep.head.lemma_ in self.travel_verbs:
            return prep.head
        return None

    def _threat_with_its_act(self, events: list[Event], tokens: dict[int, Token]) -> list[Event]:
        """"threatened to impose restrictions on German goods", "threatened strikes on British bases": one
        threat, the one that says what is threatened (THREATEN, COERCE); the bare threat of the verb adds
        nothing to it. So with an offer: "offered to send grain" is one offer of aid (AGREE, AID); and with a
        warning of the speaker's own act: "the EU warned of sanctions" (language.yaml `own_warned_acts`)."""
        bare = {(tokens[id(e)].i, e.event[0]): e for e in events if e.event in (["THREATEN"], ["AGREE"])}
        covered: set[int] = set()
        status = self.k.status
        for event in events:
            token = tokens[id(event)]
            if event.event[0] == "THREATEN" and (warning := status.warned_of(token)) is not None:
                threat = bare.get((warning.i, "THREATEN"))
                mine = event.event[-1] in status.own_warned_acts and not any(a.code for a in event.actor)
                if threat is not None and not mine:
                    # "Johnson warned of a lightning strike", "warned of a Russian offensive": another's act
                    # foretold is no threat of it, and no event; the warning stays.
                    covered.add(id(event))
                    continue
            elif event.event[0] == "THREATEN" and (verb := status.threatened_act(token)) is not None:
                threat = bare.get((verb.i, "THREATEN"))
            elif event.event[0] == "AGREE" and len(event.event) > 1 and (verb := status.committed(token)) is not None:
                threat = bare.get((verb.i, "AGREE"))  # the offer or agreement, as the threat above
            else:
                threat = None
            if threat is None or threat is event:
                continue
            if not any(a.code for a in event.actor):
                event.actor = threat.actor  # "Israel and Hamas agreed to a ceasefire": theirs
            if {a.code for a in threat.actor if a.code} <= {a.code for a in event.actor if a.code}:
                covered.add(id(threat))
        return [e for e in events if id(e) not in covered]

    def _at_meeting(self, events: list[Event], tokens: dict[int, Token]) -> None:
        """"At the summit in Vilnius, the allies reaffirmed their support": words said at a meeting whose
        place is known were said there, when they name no place of their own."""
        meetings = [(tokens[id(e)], e.event_loc) for e in events if e.event[0] == "CONSULT" and e.event_loc]
        for event in events:
            if event.event_loc is not None or event.quad_code not in (1, 3) or event.event[0] == "CONSULT":
                continue
            said = tokens[id(event)]
            speech = said.head if said.dep_ == "conj" else said  # "reaffirmed ... and denounced ..."
            for meeting, place in meetings:
                prep = meeting.head
                if meeting.dep_ == "pobj" and prep.lower_ in self.venue_prepositions and prep.head.i == speech.i:
                    event.event_loc = place
                    event.explain["place_rule"] = f"said at the meeting ('{meeting.text}')"
                    break

    def _its_antecedent(self, spans: list[Span], mentions: list[ActorMention], actors: list[Entity],
                        date: str | None) -> Entity | None:
        """"NATO expressed solidarity with Poland after a missile entered its airspace": a target owned by
        "its" belongs to the nearest state or body named before it in the sentence, other than the actor."""
        owners = [t for span in spans for t in span if t.lower_ == "its" and t.tag_ == "PRP$"]
        if not owners:
            return None
        acting = {a.code for a in actors if a.code}
        before = [m for m in mentions if m.end <= owners[0].idx and not m.demonym and
                  m.entry["kind"] in self.k.grammar["its_antecedent_kinds"] and m.entry["country"] not in acting]
        return self.k.actors.entity(before[-1], date) if before else None

    @staticmethod
    def _passive_on(token: Token, recipients: list[Entity]) -> bool:
        """"Ukraine was accused of ...", "Moscow has been condemned for ...": words said to a named party,
        the speaker left out. The act of speaking is reported; its actor stays unknown."""
        return any(r.code for r in recipients) and any(c.dep_ == "nsubjpass" for c in token.children)

    def _promised(self, token: Token) -> bool:
        """A planned act that someone commits to: under a plan or promise word ("pledged to send", "is
        willing to provide") or reported as someone's intent ("said they will release")."""
        words = self.k.status.plan | self.k.status.say
        return any(t.lemma_ in words for t in list(token.ancestors)[:3]) or self.k.status.committed(token) is not None

    @staticmethod
    def _requested(hit: TriggerHit, hits: list[TriggerHit]) -> bool:
        """What a request asks for has not happened: "urged an immediate cessation of hostilities",
        "called on Congress to approve aid", "its demand that the US ease sanctions"."""
        requests = {h.token.i for h in hits if h.entry["event"] == "REQUEST" and h is not hit}
        token = hit.token
        if token.dep_ in ("dobj", "xcomp", "ccomp", "acl") and token.head.i in requests:
            return True
        head = token.head
        return token.dep_ == "pobj" and head.lower_ in ("for", "of") and head.head.i in requests

    def _permitted(self, token: Token) -> bool:
        """A trigger that is what a permission verb permits ("allowing Ukraine to use the missiles")."""
        return token.dep_ in ("xcomp", "ccomp") and token.head.lemma_ in self.permission_verbs

    @staticmethod
    def _generic_gerund(token: Token) -> bool:
        """A gerund with no subject of its own as the subject of a clause names an act in general."""
        return token.dep_ == "csubj" and token.tag_ == "VBG" and \
            not any(c.dep_ in ("nsubj", "poss") for c in token.children)

    def _words_named_before(self, token: Token, entry: dict, recipient_spans: list[Span]) -> bool:
        """A noun of words ("threats", "warnings", "accusation") with its speaker but nothing of its own
        (no addressee, no content, no topic) names words reported before: "Putin's previous threats",
        "dismissing the minister's warnings". "X's warning that ..." and "X's warning to Y" are events."""
        if token.pos_ != "NOUN" or recipient_spans or self.k.cameo_roots[entry["cameo"][:2]]["quad"] not in (1, 3):
            return False
        if not any(c.dep_ == "poss" and c.tag_ not in ("PRP$", "PRP") for c in token.children):
            return False  # "its demand", "their investigation" often open a new report
        return not any(c.dep_ in ("acl", "ccomp", "prep", "appos") for c in token.children)

    def _antecedent_actor(self, hit: TriggerHit, hits: list[TriggerHit]) -> list[Span] | None:
        """"X's launch of a missile that struck Y", "fired drones that hit Y": the subject of the
        relative clause is the weapon; the attacker is the actor of the trigger the weapon belongs to."""
        token = hit.token
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        if not subjects or subjects[0].lower_ not in ("that", "which"):
            return None
        current = token.head
        for _ in range(3):
            source = next((h for h in hits if h.token.i == current.i and h.entry["event"] == hit.entry["event"]), None)
            if source is not None:
                spans, _ = roles(source.token, source.entry["event"], self.k.grammar,
                                 source.entry.get("object_is_instrument", False))
                return spans or None
            if current.pos_ == "VERB" or current.head.i == current.i:
                return None
            owners = [span_of(c) for c in current.children if c.dep_ == "poss"]
            if owners and current.i != token.head.i:
                return owners  # "Russia's launch of a missile that ..."
            current = current.head
        return None

    @staticmethod
    def _interceptors(hit: TriggerHit, hits: list[TriggerHit]) -> list[tuple[int, int]]:
        """Character spans of who intercepts in another trigger of the sentence: "an attack in which Ukraine's
        air defence shot down drones" was made with the drones, not with the air defence."""
        return [(sub.left_edge.idx, sub.right_edge.idx + len(sub.right_edge)) for h in hits
                if h is not hit and h.entry.get("interception")
                for sub in h.token.children if sub.dep_ == "nsubj"]

    @staticmethod
    def _weapon_names(weapons: list[WeaponMention]) -> list[str]:
        """Names of the weapons; an unspecified "munitions" or "weapons package" adds nothing beside a
        named weapon ("cluster munitions ... as part of a military aid package")."""
        known = [w for w in weapons if w.entry.get("class") != "weapon (unspecified)"]
        return sorted({w.name for w in (known or weapons)})

    @staticmethod
    def _perfect(token: Token) -> bool:
        """The event is told in a perfect tense: its verb, or the first verb with an auxiliary above a
        trigger that has none ("has been accused of launching", "has pledged to send", "has signaled
        responses including drills"), takes has/have/had."""
        current = token
        for _ in range(6):
            if current.pos_ == "VERB":
                auxiliaries = [c.lower_ for c in current.children if c.dep_ in ("aux", "auxpass") and c.lower_ != "to"]
                if auxiliaries:
                    return any(a in ("has", "have", "had", "'ve") for a in auxiliaries)
                if current.tag_ in ("VBD", "VBZ", "VBP"):
                    return False
            if current.head.i == current.i:
                return False
            current = current.head
        return False

    @staticmethod
    def _own_clause(token: Token):
        """Whether the word at a character offset of the sentence belongs to the trigger's own clause (and
        not to a relative or other subordinate clause inside it)."""
        def own(at: int) -> bool:
            span = token.doc.char_span(at, at + 1, alignment_mode="expand")
            if span is None:
                return False
            current = span.root
            for _ in range(10):
                if current.i == token.i:
                    return True
                if current.dep_ in ("relcl", "acl", "advcl", "ccomp", "appos") or current.head.i == current.i:
                    return False
                current = current.head
            return False
        return own

    def _own_weapons(self, token: Token, selected: list[WeaponMention], hits: list[TriggerHit],
                     weapons: list[WeaponMention]) -> list[WeaponMention]:
        """Weapons of a verbal event's own words: not those inside the phrase of another trigger below it
        ("blamed the US for an attack using ATACMS") or in an adverbial clause ("expressed solidarity
        after a missile entered its airspace")."""
        ancestors = set(t.i for t in token.ancestors)
        others = [h.token for h in hits if h.token.i != token.i and h.token.i not in ancestors
                  and not (h.token.dep_ == "amod" and h.token.tag_ == "VBN")  # "US-supplied ATACMS"
                  and not self._inside_weapon(h.start, weapons, h.text)]  # "Storm Shadow"
        others += [c for c in token.children if c.dep_ == "advcl"]
        return [w for w in selected if not any(
            o.left_edge.idx <= w.start < o.right_edge.idx + len(o.right_edge) for o in others)]

    @staticmethod
    def _condition_subjects(sent: Span, condition: str) -> list[Span]:
        """The subject of the first clause of a condition ("if the United States supplies ...")."""
        at = sent.text.find(condition)
        if at < 0:
            return []
        for token in sent:
            if at <= token.idx < at + len(condition) and token.pos_ == "VERB":
                subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ != "PRP"]
                if subjects:
                    return [span_of(subjects[0])]
        return []

    def _territory(self, spans: list[Span], mentions: list[ActorMention]) -> PlaceMention | None:
        """"hit Belarusian soil", "an airfield on Russian territory": a territory noun with a country in
        the target's words is a place, the country's."""
        nouns = self.k.grammar.get("territory_nouns", [])
        for token in (t for span in spans for t in span if t.lower_ in nouns):
            phrase = span_of(token)
            for m in mentions:
                country = self.k.gazetteer.countries.get(m.entry.get("country") or "")
                if country is not None and phrase.start_char <= m.start < phrase.end_char:
                    return PlaceMention(phrase.start_char, phrase.end_char, phrase.text, (country,))
        return None

    def _actor_country(self, spans: list[Span], mentions: list[ActorMention]) -> PlaceMention | None:
        """"Ukraine's air defence shot down drones": with no place said, an interception is over the
        defender's country (triggers.yaml `interception`), at country level."""
        for span in spans:
            for m in mentions:
                country = self.k.gazetteer.countries.get(m.entry.get("country") or "")
                if country is not None and span.start_char <= m.start < span.end_char:
                    return PlaceMention(span.start_char, span.end_char, span.text, (country,))
        return None

    @staticmethod
    def _instrument_phrase(span: Span, weapons: list[WeaponMention]) -> bool:
        """"hit an airfield with German-made missiles": a "with" phrase headed by a weapon is the means."""
        root = span.root
        return root.head.lower_ == "with" and any(w.start <= root.idx < w.end for w in weapons)

    def _suppliers(self, text: str, weapons: list[WeaponMention], mentions: list[ActorMention]) -> list[str]:
        """Countries named as having supplied or made the weapons ("US- and UK-supplied missiles")."""
        found: set[str] = set()
        for weapon in weapons:
            span = self.k.weapons.supplier_span(text, weapon)
            if span:
                found |= {m.entry["country"] for m in mentions
                          if span[0] <= m.start and m.end <= span[1] + 1 and m.entry.get("country")}
        return sorted(found)

    @staticmethod
    def _purpose_objects(token: Token) -> list[Span]:
        """"fired drones to hit the port": the objects of the verb whose purpose the
        trigger states are its instruments too."""
        if token.dep_ not in ("xcomp", "advcl") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            return []
        return [span_of(c) for c in token.head.children if c.dep_ == "dobj"]

    def _support_verb_subject(self, token: Token) -> Span | None:
        """The subject of a support verb whose object is the noun trigger ("conducted a drone strike",
        "engaged in an offensive")."""
        if token.pos_ != "NOUN":
            return None
        holder = act_holder(token, self.k.grammar)  # "carried out a series of airstrikes"
        head = holder.head
        if holder.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head
        elif holder.dep_ != "dobj":
            return None
        if head.pos_ != "VERB" or head.lemma_ not in self.support_verbs:
            return None
        subject = _subject(head, set(self.k.grammar["clause_openers"]))
        return span_of(subject) if subject is not None else None

    @staticmethod
    def _agent_phrases(token: Token) -> list[Span]:
        """"by"-phrases inside the trigger's phrase: "shelling by the Ukrainian side", "an explosion of a
        device planted by Russian forces", "were abducted from the region by Russian forces"."""
        def near(t: Token) -> bool:
            """At most four steps up to the trigger, through no preposition but of/from/in/at/near:
            "... as retaliation for the use of weapons supplied by the United States" names who
            supplied the weapons, not who struck."""
            for _ in range(4):
                t = t.head
                if t.i == token.i:
                    return True
                if t.pos_ == "ADP" and t.lower_ not in ("of", "from", "in", "at", "near"):
                    return False
            return False

        return [span_of(p) for t in token.subtree if t.lower_ == "by" and t.dep_ in ("agent", "prep") and near(t)
                for p in t.children if p.dep_ == "pobj"]

    @staticmethod
    def _refers_back(token: Token, actor_spans: list[Span], recipient_spans: list[Span]) -> bool:
        """A bare noun trigger with no roles ("these attacks", "the condemnation", "support") names an
        event the text has already reported, or none at all: it is not a new event."""
        if token.pos_ != "NOUN" or actor_spans or recipient_spans or between_span(token) is not None:
            return False  # "clashes continued between Russian and Ukrainian forces": a new event
        determiners = {c.lower_ for c in token.children} | (
            {c.lower_ for c in token.head.children} if token.dep_ == "compound" else set())
        if determiners & {"a", "an"}:
            return False  # "a protest march was held": a new event
        has_own_words = any(c.dep_ in ("prep", "acl", "relcl", "nummod") for c in token.children)
        return not has_own_words or bool(determiners & {"these", "this", "those", "such", "its", "their"})

    @staticmethod
    def _merge_into_earlier(events: list[Event], event_type: str, actors: list[Entity],
                            recipients: list[Entity]) -> bool:
        """One event per type and dyad per sentence. A second trigger of the same type ("accusation ...
        blaming") is dropped when it adds nothing; when it names the roles the earlier one lacked, it
        replaces it (the earlier, role-less trigger was the vaguer wording of the same event)."""
        codes = lambda ents: {e.code for e in ents if e.code}  # noqa: E731
        for index, earlier in enumerate(events):
            if earlier.event[0] != event_type:
                continue
            if codes(actors) == codes(earlier.actor) and codes(recipients) <= codes(earlier.recipient) or \
                    not codes(actors) and not codes(recipients):
                return True
            if not codes(earlier.actor) and not codes(earlier.recipient) or (
                    codes(actors) == codes(earlier.actor) and codes(earlier.recipient) < codes(recipients)):
                # The later trigger names more of the same act ("fired drones to hit the port of Odesa").
                del events[index]
                return False
        return False

    @staticmethod
    def _definite_noun(token: Token) -> bool:
        """"the strike", "this attack", "the shelling of Kharkiv": an event named before. "the arrest of
        two tycoons", whose of-phrase names who (or what) underwent it, is as often a first report."""
        if token.pos_ != "NOUN" or not any(c.lower_ in ("the", "this", "that", "these", "those", "such")
                                           for c in token.children):
            return False
        return not any(c.lower_ == "of" and any(p.tag_ in ("NN", "NNS") for p in c.children if p.dep_ == "pobj")
                       for c in token.children)

    @staticmethod
    def _modified_noun(span: Span, mention: ActorMention) -> str | None:
        """The noun a demonym or name modifies: "vehicles of Russian forces" -> force, not vehicle."""
        for token in span:  # token.idx and mention.start are both offsets in the sentence text
            if token.idx == mention.start and token.dep_ in ("amod", "compound", "poss", "nmod") \
                    and token.head.pos_ in ("NOUN", "PROPN"):
                return token.head.lemma_.lower()
        return None

    @staticmethod
    def _in_proper_name(token: Token) -> bool:
        """A capitalised trigger word bound to other proper nouns is part of a name ("Agence France-Press",
        "Operation Desert Storm"), or of a historical episode's name inside a sentence ("the lifting of the
        Siege of Leningrad"), not an event. (Meetings are the exception: "the NATO Summit" is one.)"""
        proper = ("NNP", "NNPS")
        if token.tag_ not in proper:
            return False
        return (token.dep_ == "compound" and token.head.tag_ in proper) or \
            any(c.dep_ == "compound" and c.tag_ in proper for c in token.children) or \
            (token.i > token.sent.start and any(c.lower_ == "of" and any(p.tag_ in proper for p in c.children)
                                                for c in token.children))

    @staticmethod
    def _inside_name(token: Token, mentions: list) -> bool:
        return any(m.start <= token.idx < m.end for m in mentions)

    def _inside_weapon(self, token: Token, weapons: list, phrase: str = "") -> bool:
        """A trigger word inside a weapon's name ("Storm Shadow", "Shahed attack drone") is no event; one
        that ends it is, unless it names the munition itself: "a drone strike", "artillery shelling" and
        "shelling" are attacks, "FAB-500 bombs" and "artillery shells" are weapons."""
        last = token.doc[min(token.i + len(phrase.split()), len(token.doc)) - 1] if len(phrase.split()) > 1 else token
        end = last.idx + len(last.text)
        return any(w.start <= token.idx < w.end and (end < w.end or token.pos_ == "NOUN" and token.lemma_ in self.munition_nouns)
                   for w in weapons)

    def _entities(self, spans: list[Span], mentions: list[ActorMention], places: list[PlaceMention],
                  date: str | None) -> list[Entity]:
        return _unique(self._span_entities(spans, mentions, places, date))

    def _span_entities(self, spans: list[Span], mentions: list[ActorMention], places: list[PlaceMention],
                       date: str | None) -> list[Entity]:
        entities: list[Entity] = []
        for span in spans:
            start, end = span.start_char, span.end_char
            named_here = [m for m in mentions if start <= m.start and m.end <= end]
            located = [p for p in places if start <= p.start and p.end <= end]
            if named_here or located:  # (a span that names nothing is not read token by token)
                # "a turn of events that underscores tensions between Russia and Ukraine", "a depot which
                # Belarus supplied": a relative clause describes its noun; what it names is not that noun's
                # party. (Not a clause of content, "demands that Burundi's government grant ...", whose
                # subject is the party.)
                described = [(t.left_edge.idx, t.right_edge.idx + len(t.right_edge))
                             for t in span if t.dep_ == "relcl" and t.i != span.root.i]
                named_here = [m for m in named_here if not any(a <= m.start < b for a, b in described)]
                located = [p for p in located if not any(a <= p.start < b for a, b in described)]
            inside = self._named_parts(span, named_here) if named_here else []
            head = span.root.lemma_.lower()
            # A person's context never leaves the span, so the span's own text serves (Doc.text would
            # be rebuilt from every token of the sentence on each call).
            text = span.text if inside else ""
            phrase = text if len(span) <= 6 else None  # long spans: name the mention, not the clause
            found = []
            for mention in inside:
                context = text[max(0, mention.start - 40 - start):min(end, mention.end + 40) - start] \
                    if mention.entry["kind"] == "person" else None
                found.append(self.k.actors.entity(mention, date, phrase=phrase, context=context,
                                                  head_lemma=self._modified_noun(span, mention) or head))
            # "US President Joe Biden", "NATO chief Stoltenberg": the person stands for the actor, not the
            # country or organisation of his office beside him.
            people = {m.entry["country"] for m in inside if m.entry["kind"] == "person"} | \
                {e.code for m, e in zip(inside, found, strict=True) if m.entry["kind"] == "person"}
            for mention, entity in zip(inside, found, strict=True):
                if mention.entry["kind"] != "person" and mention.entry["country"] in people:
                    continue
                if all(e.code != entity.code or e.name != entity.name for e in entities):
                    entities.append(entity)
            if not inside:
                if located:
                    place = located[0].best()
                    entities.append(Entity(located[0].text if len(span) > 6 else span.text, place.country_code,
                                           None, place.country))
                elif head in self.k.actors.sector_nouns:
                    entities.append(Entity(span.text, None, self.k.actors.sector_nouns[head], None))
        return entities

    @staticmethod
    def _named_parts(span: Span, inside: list[ActorMention]) -> list[ActorMention]:
        """The mentions that name the party of a role phrase. An apposition describing a named party says
        nothing more of who acted ("the United States, NATO's leading power,"); a possessor names the
        party of a thing it owns ("Russia's war and its violations of the UN Charter": Russia)."""
        root = span.root
        def within(m: ActorMention, tokens: list[Token]) -> bool:
            return any(t.left_edge.idx <= m.start < t.right_edge.idx + len(t.right_edge) for t in tokens)
        # "accused the NATO leader of dismissing warnings ...": the charge hanging on the object is no party.
        appositions = [c for c in root.children if c.dep_ == "appos" or c.dep_ == "prep" and
                       any(g.dep_ == "pcomp" and g.tag_ == "VBG" for g in c.children)]
        outside = [m for m in inside if not within(m, appositions)]
        if appositions and outside and len(outside) < len(inside):
            inside = outside
        if root.pos_ == "NOUN" and not any(m.start <= root.idx < m.end for m in inside):
            owners = [c for c in root.children if c.dep_ == "poss"]
            owned = [m for m in inside if within(m, owners)]
            if owned:
                inside = owned
        return inside

    def _event(self, article: Article, sentence: Sentence, hit: TriggerHit, actors: list[Entity],
               recipients: list[Entity], weapon_roles, counts, places: list[PlaceMention],
               actor_spans_chars: list[tuple[int, int]], status, sent: Span, date, precision,
               date_rule, sent_actors: list[ActorMention] = (), territory: PlaceMention | None = None) -> Event:
        entry = hit.entry
        event_type = entry["event"]
        instruments, targets = weapon_roles
        weapons = instruments + targets
        material = self.k.cameo_roots[entry["cameo"][:2]]["quad"] in (2, 4)
        if status.condition and (at := sentence.text.find(status.condition)) >= 0:
            # Places of the condition ("if Ukraine strikes Crimea") say where the threat would be set off.
            places = [p for p in places if not at <= p.start < at + len(status.condition)]
        # A delivery is located only by a place said of it ("delivered in Rzeszow"), not by the places
        # the sentence mentions.
        located = material and entry.get("located_by_destination", True)
        # "arrived in Kyiv for talks": talks are held where the journey for them ends.
        journey = None if material else self._journey(hit.token)
        place = event_place(journey or hit.token, places, actor_spans_chars, located,
                            self.locatives | self.destinations if journey else self.locatives,
                            self.venue_prepositions) or (
            territory if located else None)
        line = self.k.contact_line
        if place is not None and material and place.spread() and (
                date and date <= line.until or all(p.province in line.oblasts for p in place.candidates)):
            # Before the invasion, fire was exchanged on the line of contact; in Donetsk and Luhansk oblasts
            # the fighting stayed along it after. Of several villages of that name, the one on the line
            # (within 30 km of it).
            attacker = next(((a.code, a.sector) for a in actors if a.code), None)
            place = place.nearest_to(self.k.line_points(place.text, attacker), within_km=FRONT_KM, exact_first=False,
                                     geonames_first=place.text not in line.places)
        if place is not None and material and place.spread():
            place = self.k.gazetteer.near_fronts(place, date)  # elsewhere: the one nearest a front of the day
        elif place is not None and not material and place.spread():
            # Meetings and statements are held in cities of consequence: of several places of one name, the
            # largest ("a Security Council meeting in New York", not the Donetsk-oblast village).
            place = place.most_populous()
        place_country = place.best().country_code if place else None
        actor_text = " ".join(a.entity_text for a in actors) or " ".join(
            t.text for t in hit.token.children if t.dep_ in ("nsubj", "amod", "compound"))
        acled, mode, acled_rule = self.k.acled.code(entry, instruments, targets, actors, recipients,
                                                    place_country, actor_text, sentence.text)
        if not mode and entry.get("mode_words"):
            # "urged a ceasefire" (yield), "pushed for weapons" (assist): the mode from what is asked for;
            # "a meeting requested by X": the noun the participle describes.
            asked = [*hit.token.subtree, *([hit.token.head] if hit.token.dep_ == "acl" else [])]
            words = {t.lemma_ for t in asked} | {t.lower_ for t in asked}
            mode = next((m for m, cues in entry["mode_words"].items() if words & set(cues)), mode)
        context = list(entry.get("context", []))
        weapon = self.k.weapons.most_specific(instruments)
        if any(w.entry.get("class") == "nuclear weapon" for w in weapons) and "cbrn" not in context:
            context.append("cbrn")
        cameo = entry["cameo"]
        event_types, modes = [event_type], [mode] if mode else []
        event_status = status.status
        if status.status == "threatened" and event_type in self.k.plover["offer_types"] and \
                self.k.status.threatened_act(hit.token) is None and self.k.status.warned_of(hit.token) is None:
            # "would meet the mediator if ...", "is willing to send material if ...": a conditional act
            # of cooperation is an offer (AGREE, CAMEO 03), not a threat; the act is the second type.
            event_types = ["AGREE", event_type] if event_type != "AGREE" else ["AGREE"]
            cameo, event_status = self.k.plover["offer_cameo"], "planned"
        elif status.status == "negated" and event_type in self.k.plover.get("rejected_types", ()) and \
                not _negated_in_the_past(hit.token, status.rule):
            # "will not accept more refugees", "refused to meet": the refusal is the event (REJECT). "did not
            # talk about it", "has not met him since" tell of no act and refuse nothing: negated.
            event_types, cameo, event_status = ["REJECT", event_type], self.k.plover["reject_cameo"], "occurred"
        elif status.status == "planned" and (event_type in self.k.plover.get("promised_types", ()) and
                                             self._promised(hit.token) or
                                             self.k.status.committed(hit.token) is not None):
            # "said they will release the hostages", "is willing to provide loans": a promise to cooperate
            # (AGREE); "the government will provide subsidies from January" states a plan as fact. Any act
            # offered or agreed to is promised: "will offer to deploy a squadron" is no threat.
            event_types = ["AGREE", event_type] if event_type != "AGREE" else ["AGREE"]
            cameo = self.k.plover["offer_cameo"]
        elif event_type != "THREATEN" and (status.status == "threatened" or status.status == "planned"
                                           and event_type in self.k.plover["announced_threats"]):
            # "Russia would target facilities if ...": a threat of that action (PLOVER), with the
            # action kept as the second type so that the red-line tracker knows what was threatened.
            plover = self.k.plover
            event_types = ["THREATEN", event_type]
            threat_mode = plover["threaten_modes"].get(event_type, "")
            modes = list(dict.fromkeys(m for m in (threat_mode, mode) if m))
            cameo = plover["threaten_cameo"]
        root = self.k.cameo_roots[cameo[:2]]
        size = Size()
        if event_type == "ASSAULT":
            if "dead" in counts:
                size.dead, size.dead_qualifier = counts["dead"].value, counts["dead"].qualifier
            if "injured" in counts:
                size.injured, size.injured_qualifier = counts["injured"].value, counts["injured"].qualifier
        trigger_start = sentence.start + hit.start.idx
        return Event(
            id="",
            event=event_types, mode=modes, context=context,
            quad_code=root["quad"], event_scale=root["scale"], cameo=cameo,
            acled=acled,
            # A threat made is reported as made, but what it promises has not happened: "threatened".
            status="threatened" if event_type == "THREATEN" and event_status == "occurred" else event_status,
            condition=status.condition, actor=actors, recipient=recipients,
            date=date, date_precision=precision,
            weapons=self._weapon_names(instruments if event_type == "ASSAULT" and instruments else weapons),
            weapon_suppliers=self._suppliers(sentence.text, instruments if event_type == "ASSAULT" and instruments
                                             else weapons, sent_actors),
            size=size,
            event_loc=to_location(place) if place else None,
            attribution=self.k.status.attribution(hit.token, sentence.text), event_text=sentence.text,
            text_info={"sequence": sentence.index, "start": sentence.start, "end": sentence.end,
                       "block": sentence.block},
            cite_info={"citation": article.source, "url": article.url, "title": article.title,
                       "publication": article.publisher, "language": article.language,
                       "published": article.published, "coder": f"redline {__version__}"},
            confidence=0.5 + 0.2 * bool(actors) + 0.1 * bool(recipients) + 0.1 * bool(place),
            trigger={"text": _surface(hit, sentence.text), "start": trigger_start,
                     "end": sentence.start + max(hit.start.idx + len(hit.start.text), hit.token.idx + len(hit.token.text)),
                     "rule": entry["id"]},
            explain={"date": date_rule, "status": status.rule,
                     "actor": [e.actor_id for e in actors], "recipient": [e.actor_id for e in recipients],
                     "weapon": weapon.name if weapon else None, "acled": acled_rule},
        )



def _asked(token: Token, presupposing: frozenset[str]) -> bool:
    """"Should Ukraine use the missiles against Russian territory?", "Will Putin attack the Baltics?": a
    question, its auxiliary before its subject, reports no act. "Why did Russia strike the hospital?" takes
    the strike as known: it is reported (`presupposing`: language.yaml `presupposing_question_words`)."""
    sent = token.sent
    if sent[-1].text != "?" and not (len(sent) > 1 and sent[-1].is_punct and sent[-2].text == "?"):
        return False
    if sent[0].lower_ in presupposing:
        return False
    for verb in [token, *token.ancestors]:
        aux = next((c for c in verb.children if c.dep_ in ("aux", "auxpass")), None)
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if aux is not None and subject is not None:
            return aux.i < subject.i
        if verb.dep_ in ("ccomp", "conj") or verb.head.i == verb.i:
            return False  # a clause of its own: "Russia attacked, so will NATO respond?"
    return False


def _surface(hit: TriggerHit, text: str) -> str:
    """The trigger as written ("phone talks", "called upon"), when its words stand together; a phrase split by
    other words ("shot the drone down") is named by its dictionary form."""
    start = hit.start.idx
    written = text[start:max(start + len(hit.start.text), hit.token.idx + len(hit.token.text))]
    return written if len(written.split()) == len(hit.text.split()) else hit.text


def _negated_in_the_past(token: Token, status_rule: str) -> bool:
    """A plain negation of a past act ("did not talk", "has never met"), not a refusal ("refused to meet"),
    nor a stance ("will not accept", "does not recognise")."""
    if status_rule != "negation on the trigger":
        return False
    auxiliaries = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
    return token.tag_ == "VBD" or bool(auxiliaries & {"did", "had", "has", "have"})


def _unique(entities: list[Entity]) -> list[Entity]:
    """One entity per code and name in a role; an uncoded phrase only when nothing else was resolved."""
    seen: set[tuple] = set()
    kept = []
    for entity in entities:
        key = (entity.code, entity.name)
        if key not in seen:
            seen.add(key)
            kept.append(entity)
    coded = [e for e in kept if e.code]
    return coded if coded else kept
