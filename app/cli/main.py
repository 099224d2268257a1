"""`tutor`: the command line. Thin: parse arguments, call services, print.

Errors a user can fix (no model, no index, server down, bad file) print one line saying what to
run and exit with status 2; they never show a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn
from rich.table import Table

from app.cli.base import app, console, fail, friendly_errors, make_services, out, phase_progress, progress_bar
from app.core.settings import load_settings


@app.command()
def setup() -> None:
    """Assemble and verify the model, and build the index if it is missing or stale."""
    services = make_services()
    assemble_model_with_progress(services.settings)
    from ingest.service import index_status

    with friendly_errors():
        status, detail = index_status(services)
    if status == "ok":
        console.print(f"index: {detail}")
        return
    console.print(f"index: {detail} — building it now")
    _run_ingest(services, [], stage=0, section="", prune=True, as_json=False)


def assemble_model_with_progress(settings) -> Path:
    from app.core.model_files import MODEL_SIZE
    from app.core.providers import resolve_model_file

    if settings.llm_backend != "llamacpp":
        return Path()
    with Progress(
        TextColumn("assembling model"), BarColumn(), DownloadColumn(), console=console, transient=True
    ) as bar:
        task = bar.add_task("model", total=MODEL_SIZE)
        with friendly_errors():
            path = resolve_model_file(settings, progress=lambda done, total: bar.update(task, completed=done))
    console.print(f"model: {path} (SHA-256 verified)")
    return path


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to add.")] = None,
    stage: Annotated[int, typer.Option(min=0, max=5, help="Tag added files and URLs with this stage.")] = 0,
    section: Annotated[str, typer.Option(help="Tag added files and URLs with this roadmap section.")] = "",
    prune: Annotated[bool, typer.Option(help="Drop indexed sources whose file or corpus entry is gone.")] = False,
    links: Annotated[
        bool, typer.Option("--links", help="Also fetch the linked readings listed in corpus/links.")
    ] = False,
    url: Annotated[list[str] | None, typer.Option("--url", help="Fetch and index this URL (repeatable).")] = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Fetch from a private or loopback host: HOST (its default web port only), HOST:PORT, or HOST:* "
            "(any port). Repeatable.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object.")] = False,
) -> None:
    """Index the shipped corpus, any files or folders given, and linked readings when asked."""
    _run_ingest(
        make_services(),
        list(paths or []),
        stage,
        section,
        prune,
        as_json,
        links=links,
        urls=list(url or []),
        allow_hosts=list(allow_host or []),
    )


def _run_ingest(services, paths, stage, section, prune, as_json, links=False, urls=(), allow_hosts=()) -> None:
    from ingest.service import ingest as run

    roadmap = services.corpus.roadmap
    if section and roadmap.canonical_section(section) is None:
        fail(f"unknown section {section!r}; sections are: {', '.join(roadmap.section_names)}")
    section = roadmap.canonical_section(section) or ""
    with friendly_errors(), progress_bar() as bar:
        report = run(
            services,
            paths,
            stage=stage,
            section=section,
            prune=prune,
            links=links,
            urls=urls,
            allow_hosts=allow_hosts,
            progress=phase_progress(bar),
        )
    if as_json:
        keys = [
            "added",
            "updated",
            "unchanged",
            "removed",
            "failed",
            "chunks_embedded",
            "failures",
            "seconds",
            "chunks_total",
            "by_stage",
            "by_source_type",
            "rebuilt",
            "message",
            "collection",
        ]
        out.print_json(json.dumps({k: report.to_dict()[k] for k in keys}))
    else:
        if report.message:
            console.print(f"[yellow]{report.message}[/]")
        table = Table(title="ingest")
        for col in ("added", "updated", "unchanged", "removed", "failed", "chunks embedded", "seconds"):
            table.add_column(col, justify="right")
        table.add_row(
            *(
                str(x)
                for x in (
                    report.added,
                    report.updated,
                    report.unchanged,
                    report.removed,
                    report.failed,
                    report.chunks_embedded,
                    f"{report.seconds:.1f}",
                )
            )
        )
        out.print(table)
        stages = (f"{'none' if k == '0' else k}: {v}" for k, v in report.by_stage.items())
        out.print(
            f"index {report.collection}: {report.chunks_total} chunks; per stage "
            + ", ".join(stages)
            + "; per source type "
            + ", ".join(f"{k}: {v}" for k, v in report.by_source_type.items())
        )
        for failure in report.failures:
            out.print(f"[red]failed[/] {escape(failure['source'])}: {escape(failure['reason'])}", highlight=False)
        if (links or urls) and any("://" in f["source"] for f in report.failures):
            from ingest.fetch import FetchPolicy

            minutes = FetchPolicy().failure_ttl_s / 60
            out.print(
                "links that could not be fetched were skipped and the rest indexed (a "
                f"network failure is remembered for {minutes:.0f} min, then tried again)",
                highlight=False,
            )
    if report.failures:
        raise typer.Exit(1)


def _ready_tutor(services):
    from ingest.service import index_status

    status, detail = index_status(services)
    if status == "missing":
        fail(detail)
    if status == "stale":
        console.print(f"[yellow]warning:[/] {detail}")
    return services.tutor


@app.command()
def ask(
    question: str,
    stage: Annotated[int | None, typer.Option(min=1, max=5, help="Only use this stage.")] = None,
    mode: Annotated[str, typer.Option(help="explain | hint | deeper")] = "explain",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Answer one question with citations."""
    if mode not in ("explain", "hint", "deeper"):
        fail("mode must be explain, hint or deeper")
    services = make_services()
    answer = None
    with friendly_errors():
        tutor = _ready_tutor(services)
        for part in tutor.stream(question, stage=stage, mode=mode):  # type: ignore[arg-type]
            if isinstance(part, str):
                if not as_json:
                    out.print(part, end="", highlight=False, markup=False)
            else:
                answer = part
    assert answer is not None
    if as_json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
        return
    from app.answering.render import sources_text

    out.print("\n" + sources_text(answer), highlight=False, markup=False)


@app.command()
def chat(
    stage: Annotated[int | None, typer.Option(min=1, max=5, help="Only use this stage.")] = None,
    learner: Annotated[str, typer.Option(help="Whose quizzes and progress (the app's learner name).")] = "default",
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Read one message per line on stdin; print one JSON object per turn.")
    ] = False,
) -> None:
    """A conversation: questions answered with citations, "quiz me on stage 2", "how am I doing?",
    "what should I study next?". Empty line or Ctrl-D to quit."""
    from app.answering.render import sources_text

    services = make_services()
    with friendly_errors():
        _ready_tutor(services)
        conversation = services.conversation(learner, stage=stage)
        if jsonl:
            for line in sys.stdin:
                if line.strip():
                    for turn in conversation.turns(line.strip()):
                        print(json.dumps(turn.to_json(), ensure_ascii=False), flush=True)
            return
        while True:
            try:
                message = input("\nyou> ").strip()
            except EOFError:
                break
            if not message:
                break
            out.print("tutor> ", end="")
            for part in conversation.respond(message):
                if isinstance(part, str):
                    out.print(part, end="", highlight=False, markup=False)
                elif part.answer is not None:
                    out.print("\n" + sources_text(part.answer), highlight=False, markup=False)
                else:
                    out.print(part.text + "\n", highlight=False, markup=False)


@app.command()
def doctor() -> None:
    """Versions, model file and hash, index status, and whether each configured server answers."""
    from app.cli.doctor import run_checks

    ok = True
    for name, good, detail in run_checks(load_settings()):
        ok &= good
        out.print(f"{'[green]ok[/]  ' if good else '[red]FAIL[/]'} {name}: {detail}", highlight=False)
    raise typer.Exit(0 if ok else 1)


@app.command()
def ui(port: Annotated[int, typer.Option(help="Port on localhost.")] = 8501) -> None:
    """Start the Streamlit app on localhost."""
    import subprocess

    raise typer.Exit(subprocess.call(ui_command(port)))


def ui_command(port: int) -> list[str]:
    """The command that serves the app on a loopback port (also what the browser tests start)."""
    page = Path(__file__).resolve().parents[1] / "ui" / "streamlit_app.py"
    return [
        sys.executable, "-m", "streamlit", "run", str(page), "--server.address", "127.0.0.1",
        "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
