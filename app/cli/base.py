"""What every `tutor` command shares: the Typer app, the consoles, one-line errors, progress bars."""

from __future__ import annotations

from contextlib import contextmanager
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

__all__ = ["app", "console", "fail", "friendly_errors", "out", "phase_progress", "progress_bar", "make_services"]

app = typer.Typer(add_completion=False, no_args_is_help=True, help="ML Roadmap Tutor")
console = Console(stderr=True)
out = Console()


def fail(message: str, code: int = 2) -> NoReturn:
    console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def friendly_errors():
    """Turn errors a user can fix (no model, server down) into one line and exit status 2."""
    from app.core.model_files import ModelFileError
    from app.core.providers import backend_error_message

    try:
        yield
    except typer.Exit:
        raise
    except Exception as exc:
        message = str(exc) if isinstance(exc, ModelFileError) else backend_error_message(exc)
        if message is None:
            raise
        fail(message)


def make_services():
    """The services a command runs on. Tests replace this to wire in fakes."""
    from app.services import build_services

    return build_services()


def progress_bar(transient: bool = True) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        console=console,
        transient=transient,
    )


def phase_progress(bar: Progress):
    tasks: dict[str, int] = {}

    def update(phase: str, done: int, total: int) -> None:
        if phase not in tasks:
            tasks[phase] = bar.add_task(phase, total=total)
        bar.update(tasks[phase], completed=done, total=total)

    return update
