"""The `tutor` command line: `base` holds what commands share; each module registers its commands."""

from app.cli import bench_cmd, eval_cmd, llm_server_cmd, main, quiz_cmd  # noqa: F401 (importing registers the commands)
from app.cli.base import app
from app.core.cpu import quiet_thread_pools

__all__ = ["app", "run"]


def run() -> None:
    quiet_thread_pools()  # before torch or llama.cpp is loaded
    app()
