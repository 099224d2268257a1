"""The `tutor` command line: `base` holds what commands share; each module registers its commands."""

from app.cli import eval_cmd, main, quiz_cmd  # noqa: F401 (importing registers the commands)
from app.cli.base import app

__all__ = ["app", "run"]


def run() -> None:
    app()
