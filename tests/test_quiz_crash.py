"""A learner's answers survive the quiz process being killed (SIGKILL, no cleanup at all)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from app.learning.progress import ProgressStore
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def _read_until(proc, marker: str, timeout: float = 300) -> str:
    seen = ""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        assert time.monotonic() < deadline, f"never saw {marker!r}; got {seen[-500:]!r}"
        chunk = os.read(proc.stdout.fileno(), 4096).decode(errors="replace")
        assert chunk, f"process ended; output {seen[-500:]!r}"
        seen += chunk
    return seen


def test_killed_mid_quiz_keeps_every_answered_attempt(tmp_path, progress_url):
    # the progress database is chosen by settings alone: SQLite, or PostgreSQL via TUTOR_DATABASE_URL
    env = {**os.environ, "TUTOR_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
    env["TUTOR_DATABASE_URL"] = progress_url
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from app.cli import run; run()",
            "quiz",
            "--stage",
            "2",
            "--count",
            "5",
            "--learner",
            "kim",
        ],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _read_until(proc, "Question 1/5")
        for n in (1, 2):
            proc.stdin.write(b"A\n")
            proc.stdin.flush()
            _read_until(proc, f"Question {n + 1}/5")  # printed only after attempt n was committed
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    store = ProgressStore(progress_url)
    attempts = store.attempts("kim")
    assert len(attempts) == 2 and all(a.stage == 2 for a in attempts)
    assert set(store.cards("kim")) == {a.question_id for a in attempts}
