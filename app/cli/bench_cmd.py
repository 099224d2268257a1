"""`tutor bench`: speed figures, each beside a reference measured in the same run (evals.bench).

Prints a table (or, with --json, the JSON object) and always writes the JSON to --out
(bench.json). Progress goes to stderr, one line per step. Run it on an otherwise idle machine:
the bench itself starts one model-heavy job at a time.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from app.cli.base import app, console, friendly_errors, make_services, out

__all__ = ["bench_command"]


@app.command("bench")
def bench_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON object instead of the table.")] = False,
    quick: Annotated[
        bool, typer.Option("--quick", help="Few repetitions and a 5,000-chunk synthetic library (a few minutes).")
    ] = False,
    out_file: Annotated[Path, typer.Option("--out", help="Where the JSON is written.")] = Path("bench.json"),
) -> None:
    """Measure the model, the chain, retrieval, ingest, start-up and concurrent sessions."""
    from evals.bench import run_bench
    from evals.bench.stats import table_rows

    settings = make_services().settings
    started = time.perf_counter()

    def say(step: str) -> None:
        console.print(f"[dim]{time.perf_counter() - started:6.0f}s[/] {step}", highlight=False)

    with friendly_errors():
        result = run_bench(settings, quick=quick, say=say)
    out_file.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if as_json:
        print(json.dumps(result, indent=2))
        return
    table = Table(title=f"tutor bench ({result['mode']}, {result['machine']['cores_available']} cores)")
    for column in ("figure", "measured", "reference (same run)", "ratio"):
        table.add_column(column, justify="left" if column == "figure" else "right")
    for row in table_rows(result):
        table.add_row(*row)
    out.print(table)
    console.print(f"written to {out_file}")
