"""`tutor ask` as a learner runs it: a new process, from start to the first word on its output,
and the peak resident memory of that process (from the kernel's accounting, `wait4`)."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

from evals.bench.stats import summary

__all__ = ["ask_process"]

_RUN = "from app.cli import run; run()"  # what the `tutor` entry point runs


def ask_once(question: str, env: dict[str, str] | None = None, timeout: float = 300) -> dict:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _RUN, "ask", question],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    first = None
    assert proc.stdout is not None
    while True:
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, timeout - (time.perf_counter() - started)))
        if not ready:
            proc.kill()
            raise TimeoutError(f"`tutor ask` printed nothing in {timeout:.0f} s")
        data = os.read(proc.stdout.fileno(), 65536)
        if not data:
            break
        if first is None and data.strip():
            first = time.perf_counter() - started
    _, status, usage = os.wait4(proc.pid, 0)
    total = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"`tutor ask` failed (exit {os.waitstatus_to_exitcode(status)})")
    return {"first_word_s": first or total, "total_s": total, "peak_rss_mb": usage.ru_maxrss / 1024}


def ask_process(question: str, runs: int, env: dict[str, str] | None = None) -> dict:
    rows = [ask_once(question, env) for _ in range(runs)]
    return {
        "question": question,
        "first_word_s": summary([r["first_word_s"] for r in rows], 2),
        "total_s": summary([r["total_s"] for r in rows], 2),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in rows), 0),
    }
