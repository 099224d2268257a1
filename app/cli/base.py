"""What every `tutor` command shares: the Typer app, the consoles, one-line errors, progress bars."""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

__all__ = [
    "app",
    "console",
    "fail",
    "friendly_errors",
    "make_services",
    "out",
    "phase_progress",
    "progress_bar",
    "strip_controls",
]

app = typer.Typer(add_completion=False, no_args_is_help=True, help="ML Roadmap Tutor")

# Escape sequences and other control characters in text the tutor did not write (a model's output,
# a file name, a web page's title) could move the cursor, recolour or retitle the learner's
# terminal; they are dropped before printing. Newlines and tabs stay.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def strip_controls(text: str) -> str:
    return _CONTROL.sub("", text)


class SafeConsole(Console):
    """A rich Console that never passes control sequences from its arguments to the terminal."""

    def print(self, *objects, **kwargs) -> None:  # noqa: A003 (rich's own name)
        super().print(*(strip_controls(o) if isinstance(o, str) else o for o in objects), **kwargs)


console = SafeConsole(stderr=True)
out = SafeConsole()


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
