"""Real servers for the integration tests, started on loopback ports and stopped afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from evals.bench.llama_server import free_port  # one port picker for the tests and the bench


def _unavailable(what: str) -> None:
    """Where CI promised the tool (.ci/run installs it), its absence fails; elsewhere it skips."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} (.ci/run installs it)")
    pytest.skip(what)


def _pg_bindir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


@contextmanager
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster (Debian's postgresql package) on a loopback port; yields a
    SQLAlchemy URL of its `postgres` database. As root, the server runs as the `postgres` user."""
    bindir = _pg_bindir()
    if bindir is None:
        _unavailable("PostgreSQL is not installed (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="tutor-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", free_port()

    def run(*args: str | Path) -> None:
        subprocess.run([*as_user, *map(str, args)], check=True, capture_output=True, timeout=120)

    run(bindir / "initdb", "-D", data, "-A", "trust", "-U", "tutor", "-E", "UTF8", "--no-sync")
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(bindir / "pg_ctl", "-D", data, "-l", root / "server.log", "-w", "-o", options, "start")
    try:
        yield f"postgresql+psycopg://tutor@127.0.0.1:{port}/postgres"
    finally:
        run(bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def llama_server(model_path: Path, log_path: Path, alias: str = "qwen") -> Iterator[str]:
    """llama.cpp's OpenAI-compatible server on the GGUF file (evals.bench.llama_server); yields its
    base URL (…/v1) once it answers."""
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError:
        _unavailable("llama-cpp-python[server] is not installed")
    from evals.bench.llama_server import llama_server as start

    with start(model_path, log_path, alias) as url:
        yield url


@contextmanager
def streamlit_app(
    env: dict[str, str], log_path: Path | None = None, port: int | None = None, args: tuple[str, ...] = ()
) -> Iterator[str]:
    """`streamlit run app/ui/streamlit_app.py` on a loopback port with `env` (and extra Streamlit
    `args`); yields its URL once its health check answers."""
    repo = Path(__file__).resolve().parent.parent
    port = port or free_port()
    log = log_path.open("w") if log_path else subprocess.DEVNULL
    from app.cli.main import ui_command  # the same command `tutor ui` runs

    command = ui_command(port) + list(args)
    proc = subprocess.Popen(command, cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "streamlit did not start"
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if log_path:
            log.close()
