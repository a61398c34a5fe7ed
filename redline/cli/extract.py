"""`redline extract PATH...`: print the events in articles as JSON Lines, without a store."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Annotated

import typer

from redline.cli import app
from redline.cli.common import ConfigOption, err, fail
from redline.errors import Skip
from redline.ingest.readers import ReadOptions, read
from redline.ingest.sources import iter_inputs
from redline.model.article import Article
from redline.pipeline import Pipeline
from redline.settings import load_settings


@app.command("extract")
def extract_cli(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")],
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD for articles that give none.")] = None,
    format: Annotated[str | None, typer.Option("--format", "-f", help="Force the input format.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1,
                                      help="Worker processes, one per core (each loads the model: ~0.8 GB).")] = 1,
    config: ConfigOption = None,
) -> None:
    """Extract events and print them as JSON Lines (one event per line) on stdout."""
    from redline.extract.engine import ARTICLE_FIELDS, ExtractOptions, Extractor
    from redline.ingest.dates import parse_date_value

    if published is not None and (parse_date_value(published) or ("", ""))[1] != "day":
        fail(f"--published wants a date as YYYY-MM-DD, not {published!r}")
    try:
        settings = load_settings(config)
    except (ValueError, KeyError, FileNotFoundError) as exc:
        fail(f"bad settings: {exc}")
        return
    pipeline = Pipeline.from_names(settings.ingest_stages, settings, needs=ARTICLE_FIELDS)
    failed = False

    def cleaned() -> Iterator[Article]:
        nonlocal failed
        for raw in iter_inputs(paths, exclude=settings.exclude_files, max_bytes=settings.max_input_mb * 1024 * 1024):
            for item in read(raw, ReadOptions(format=format, max_record_chars=settings.max_record_chars)):
                if isinstance(item, Skip):
                    err.print(f"{item.code} {raw.origin}: {item.detail}", highlight=False, markup=False)
                    failed = failed or item.is_error
                    continue
                article = pipeline(item)
                if article.skip is not None:
                    err.print(f"{article.skip.code} {article.origin}: {article.skip.detail}", highlight=False,
                              markup=False)
                    failed = failed or article.skip.is_error
                    continue
                yield article

    options = ExtractOptions(published=published)
    if jobs > 1:
        from redline.extract.parallel import extract_parallel

        results = extract_parallel(cleaned(), jobs, options)
    else:
        # Many articles at a time: the parser is much faster on large batches of sentences.
        results = ((article, [e.to_json() for e in found])
                   for article, found in Extractor.load().extract_many(cleaned(), options))
    for _, events in results:
        for event in events:
            sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
    raise typer.Exit(1 if failed else 0)
