"""`redline eval`: score the extraction engine on the development benchmarks in ../shared/bench."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from redline.cli import app
from redline.cli.common import err, fail, out, print_json


@app.command("eval")
def eval_cli(
    benchmark: Annotated[list[str], typer.Option("--benchmark", "-b", help="acled, plover, cameo, petrarch2, seeds (default: all).")] = [],  # noqa: B006
    bench_dir: Annotated[Path | None, typer.Option(help="Folder of the benchmarks (default ../shared/bench).")] = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N items of each benchmark.")] = None,
    gate: Annotated[Path | None, typer.Option(help="Fail (exit 1) when a metric is below its floor in this JSON file.")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    misses: Annotated[bool, typer.Option("--misses", help="Also list the first misses of each benchmark.")] = False,
) -> None:
    """Run the benchmarks and print accuracy figures."""
    from redline.api import load_pipeline
    from redline.evaluate import BENCHMARKS, FloorsError, check_floors, format_report, load_floors, run
    from redline.evaluate.engine import engine_extractor
    from redline.extract.engine import Extractor

    names = benchmark or list(BENCHMARKS)
    extract = engine_extractor(Extractor.load(), load_pipeline())

    try:
        results = run(names, extract, bench_dir, limit)
    except (ValueError, FileNotFoundError) as exc:
        fail(str(exc))
        return
    if json_output:
        print_json({name: {"n": r.n, "metrics": r.metrics, **({"misses": r.errors} if misses else {})}
                    for name, r in results.items()})
    else:
        out.print(format_report(results), markup=False, highlight=False)
        for name, r in results.items() if misses else ():
            for item, what in r.errors:
                out.print(f"{name}\t{item}\t{what}", markup=False, highlight=False)
    if gate is not None:
        try:
            failures = check_floors(results, load_floors(gate))
        except FloorsError as exc:
            fail(str(exc))
            return
        for failure in failures:
            err.print(f"[red]below floor:[/] {failure}", highlight=False)
        raise typer.Exit(1 if failures else 0)
