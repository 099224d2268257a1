"""`tutor eval`: answer-quality evals, registered on the main `tutor` app when the app.cli package imports this.

Thin: parse options, load and select rows, run evals.runner under a progress bar, write the report,
print the tables, check the gates. Exit status: 0 when every gate passes, 1 when a gate fails, 2 for
a problem the user can fix (no index, an unreadable dataset, gates or --compare file).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from app.cli.base import app, console, fail, friendly_errors, make_services, out

__all__ = ["eval_command", "make_services"]


def _inputs(services, dataset: list[Path], limit, stage, gates: Path | None, compare: Path | None):
    """(rows, gate table, previous summary); any problem with the files exits with status 2."""
    from evals.datasets import DatasetError, load_datasets, select_rows
    from evals.metrics import check_gates
    from evals.runner import DEFAULT_GATES, load_gates

    try:
        rows = select_rows(load_datasets(dataset, services.corpus.roadmap), limit, stage)
        gate_table = load_gates(gates or DEFAULT_GATES)
        check_gates({}, gate_table)  # unknown metric names fail now, not after an hour of answers
        previous = json.loads(compare.read_text(encoding="utf-8")) if compare else None
    except (DatasetError, OSError, ValueError, tomllib.TOMLDecodeError) as exc:
        fail(str(exc))
    if not rows:
        fail("no rows selected: check --dataset and --stage")
    return rows, gate_table, previous


@app.command("eval")
def eval_command(
    dataset: Annotated[
        list[Path] | None,
        typer.Option(
            "--dataset",
            help="JSONL file of golden and/or grading rows (repeatable); default: the shipped "
            "evals/datasets/golden.jsonl and grading.jsonl.",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for the report; default eval-runs/<date-time>."),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(min=1, help="At most N rows of each kind, spread over stages (30 = the CI subset)."),
    ] = None,
    stage: Annotated[int | None, typer.Option(min=1, max=5, help="Only rows of this stage.")] = None,
    no_baseline: Annotated[bool, typer.Option("--no-baseline", help="Skip the plain-RAG baseline.")] = False,
    compare: Annotated[
        Path | None,
        typer.Option("--compare", help="A previous run's summary.json to compare with."),
    ] = None,
    gates: Annotated[Path | None, typer.Option("--gates", help="Thresholds file; default evals/gates.toml.")] = None,
) -> None:
    """Run the golden set through the tutor and a plain-RAG baseline; report; check the gates."""
    from evals.datasets import DEFAULT_DATASETS
    from evals.metrics import check_gates
    from evals.report import compare_summaries, print_report, write_report
    from evals.runner import evaluate, rich_progress
    from ingest.service import index_status

    services = make_services()
    files = list(dataset or DEFAULT_DATASETS)
    rows, gate_table, previous = _inputs(services, files, limit, stage, gates, compare)
    with friendly_errors():
        status, detail = index_status(services)
        if status == "missing":
            fail(detail)
        if status == "stale":
            console.print(f"[yellow]warning:[/] {detail}")
        with rich_progress(console, len(rows)) as on_row:
            run = evaluate(services, rows, with_baseline=not no_baseline, on_row=on_row, quiz_keys=True, stage=stage)
    summary = run.summary
    summary.update(
        dataset=[str(p) for p in files],
        limit=limit,
        stage=stage,
        rows={"golden": summary["n"], "grading": summary["n_grading"]},
    )
    if previous is not None:
        summary["compare"] = {"file": str(compare), **compare_summaries(summary, previous)}
    results = check_gates(summary, gate_table)
    summary["gates"] = [{**asdict(g), "reason": g.reason} for g in results]
    summary["gates_passed"] = all(g.passed is not False for g in results)
    out_dir = out_dir or Path("eval-runs") / datetime.now().strftime("%Y%m%d-%H%M%S")
    write_report(out_dir, summary, run.records)
    print_report(out, summary)
    out.print(
        f"report: {out_dir / 'report.html'} (also summary.json, results.jsonl, report.md)",
        highlight=False,
    )
    failed = [g for g in results if g.passed is False]
    for gate in failed:
        console.print(f"[bold red]gate failed:[/] {gate.reason}", highlight=False)
    if failed:
        raise typer.Exit(1)
