"""`redline explain EVENT_ID`: the evidence sentence with what the engine read in it, and where each field
of the event came from (trigger rule, dictionary entry, date or status rule), then the source article.

Article text is untrusted: it is shown as plain `Text` (never parsed as rich markup) and anything placed
inside markup is escaped.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from redline.cli import app
from redline.cli.common import DEFAULT_DB, DbOption, JsonOption, fail, out, print_json
from redline.store.db import connect
from redline.store.queries import get_event

STYLES = {"trigger": "bold reverse red", "actor": "bold cyan", "recipient": "bold magenta", "place": "underline green",
          "number": "bold yellow", "date": "blue"}
RESOLUTIONS = {5: "sub-city", 4: "city", 3: "district", 2: "province", 1: "country"}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DATE_WORDS = re.compile(
    rf"\b(?:(?:on |last |this |next |early |late )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    rf"(?: (?:morning|afternoon|evening|night))?|(?:\d{{1,2}} )?{_MONTH}(?: \d{{1,2}})?(?:,? \d{{4}})?|\d{{4}}-\d\d-\d\d"
    r"|(?:yesterday|today|tonight|overnight|last night|this morning|earlier this (?:week|month|year)"
    r"|last (?:week|month|year)|this (?:week|month|year)))\b")
NUMBERS = re.compile(r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty"
                     r"|forty|fifty|hundreds?|thousands?|dozens?|scores)\b", re.I)
TRIGGER_FIELDS = ("event", "mode", "context", "quad_code", "event_scale", "cameo", "acled")


@app.command("explain")
def explain_cli(
    event_id: Annotated[str, typer.Argument(help="The event's id (from `redline events`).")],
    db: DbOption = DEFAULT_DB,
    json_output: JsonOption = False,
) -> None:
    """Show an event's evidence, what produced each field, and its article."""
    try:
        conn = connect(db, readonly=True)
    except (FileNotFoundError, RuntimeError) as exc:
        fail(str(exc))
        return
    item = get_event(conn, event_id)
    if item is None:
        fail(f"no event with id {event_id!r}", code=1)
        return
    if json_output:
        print_json(item)
        return
    event, article = item["event"], item["article"]
    kind = "/".join([*event.get("event", [])[:1], *event.get("mode", [])[:1]])
    out.print(f"[bold]{escape(event['id'])}[/]  {escape(kind)}  [italic]{escape(event.get('status') or '')}[/]",
              highlight=False)
    info = event.get("text_info") or {}
    out.print(f"[bold]evidence[/] (sentence {info.get('sequence')}, characters {info.get('start')}–{info.get('end')}"
              f" of the article text):", highlight=False)
    out.print(highlighted_sentence(event))  # a soft-wrapped line: copied text stays whole
    out.print(Text.assemble("key:", *[(f" {name} ", style) for name, style in STYLES.items()]))
    out.print(field_table(event))
    out.print(f"[bold]article[/] {escape(article['id'])}: {escape(article.get('title') or '(no title)')}",
              highlight=False)
    out.print(_article_facts(article), highlight=False)


def highlighted_sentence(event: dict[str, Any]) -> Text:
    """The evidence sentence as plain text with the trigger, entities, place, numbers and dates styled."""
    sentence = event.get("event_text") or ""
    text = Text(sentence)
    spans: list[tuple[int, int, str]] = []  # lowest priority first: later styles win where spans overlap
    spans += [(m.start(), m.end(), "number") for m in NUMBERS.finditer(sentence)]
    spans += [(m.start(), m.end(), "date") for m in DATE_WORDS.finditer(sentence)]
    for role in ("recipient", "actor"):
        for entity in event.get(role) or []:
            spans += _find(sentence, entity.get("entity_text"), role)
    spans += _find(sentence, (event.get("event_loc") or {}).get("extracted_place"), "place")
    spans += _trigger_span(event, sentence)
    for start, end, kind in spans:
        text.stylize(STYLES[kind], start, end)
    return text


def _find(sentence: str, words: str | None, kind: str) -> list[tuple[int, int, str]]:
    if not words:
        return []
    start = sentence.find(words)
    if start < 0:
        start = sentence.lower().find(words.lower())
    return [] if start < 0 else [(start, start + len(words), kind)]


def _trigger_span(event: dict[str, Any], sentence: str) -> list[tuple[int, int, str]]:
    trigger = event.get("trigger") or {}
    words = trigger.get("text") or ""
    base = (event.get("text_info") or {}).get("start")
    if base is not None and trigger.get("start") is not None:
        start, end = trigger["start"] - base, trigger.get("end", trigger["start"] + len(words)) - base
        if 0 <= start < end <= len(sentence):
            return [(start, end, "trigger")]
    return _find(sentence, words, "trigger")


def field_table(event: dict[str, Any]) -> Table:
    """Field → value → the rule or dictionary entry that produced it."""
    explain = dict(event.get("explain") or {})
    trigger = event.get("trigger") or {}
    rule = f"trigger rule {trigger.get('rule')} ({trigger.get('text')!r})" if trigger else ""
    table = Table(show_header=True, expand=True)
    table.add_column("field", width=12, no_wrap=True, style="bold")
    table.add_column("value", ratio=2)
    table.add_column("from", ratio=1)

    def row(field: str, value: Any, source: Any = "") -> None:
        table.add_row(Text(field), Text("" if value is None else str(value)), Text("" if source is None else str(source)))

    row("event", ", ".join(event.get("event") or []), explain.pop("event", rule))
    row("mode", ", ".join(event.get("mode") or []), explain.pop("mode", rule))
    if event.get("context"):
        row("context", ", ".join(event["context"]), explain.pop("context", rule))
    row("cameo", event.get("cameo"), explain.pop("cameo", rule))
    row("quad/scale", f"{event.get('quad_code')} / {event.get('event_scale')}", f"CAMEO root {(event.get('cameo') or '')[:2]}")
    acled = event.get("acled")
    if acled:
        row("acled", f"{acled.get('event_type')}: {acled.get('sub_event_type')}", explain.pop("acled", rule))
    for role in ("actor", "recipient"):
        entries = explain.pop(role, None) or []
        for i, entity in enumerate(event.get(role) or []):
            entry = entries[i] if i < len(entries) else None
            # The entry is in actors.yaml, or for a state it lacks in the fallback actors_world.yaml.
            row(role, _entity(entity), f"actor dictionary: {entry}" if entry else "no dictionary entry (place or sector word)")
    row("status", event.get("status"), explain.pop("status", None))
    if event.get("condition"):
        row("condition", event["condition"], explain.pop("condition", None))
    row("date", f"{event.get('date') or '—'} ({event.get('date_precision')})", explain.pop("date", None))
    loc = event.get("event_loc")
    if loc:
        name = loc.get("resolved_place") or loc.get("extracted_place")
        value = (f"{name} ({RESOLUTIONS.get(loc.get('resolution'), '?')}), {loc.get('province') or '—'}, "
                 f"{loc.get('country_code') or '?'}  {loc.get('lat')}, {loc.get('lon')}")
        row("place", value, explain.pop("place", f"gazetteer {loc.get('geonameid') or ''} from {loc.get('extracted_place')!r}"))
    size = event.get("size") or {}
    for key in ("dead", "injured", "arrested"):
        if size.get(key) is not None:
            qualifier = size.get(f"{key}_qualifier")
            row(key, f"{qualifier} {size[key]}" if qualifier and qualifier != "exact" else size[key],
                explain.pop(key, "casualty patterns"))
    if event.get("weapons"):
        weapon = explain.pop("weapon", None)
        row("weapons", ", ".join(event["weapons"]), f"weapons.yaml; most specific: {weapon}" if weapon else "weapons.yaml")
    if event.get("attribution"):
        row("attribution", event["attribution"], explain.pop("attribution", None))
    row("confidence", event.get("confidence"), explain.pop("confidence", None))
    for key, value in explain.items():  # anything else the engine records
        if value not in (None, "", [], {}):
            row(key, "", value)
    return table


def _entity(entity: dict[str, Any]) -> str:
    parts = [entity.get("code") or "?", entity.get("sector") or "", entity.get("name") or "", entity.get("office") or ""]
    return f"{entity.get('entity_text')!r} → " + " ".join(p for p in parts if p)


def _article_facts(article: dict[str, Any]) -> str:
    facts = [("source", article.get("source")), ("origin", article.get("origin")),
             ("published", article.get("published")), ("publisher", article.get("publisher")),
             ("url", article.get("url")), ("copy of", article.get("duplicate_of"))]
    return "\n".join(f"  [bold]{name}[/]: {escape(str(value))}" for name, value in facts if value is not None)
