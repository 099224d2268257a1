"""Concurrent learners: N chat sessions at once, each a thread (as Streamlit runs sessions), each
asking its questions one after another with the explanation on, so that every answer needs the
model. Measured per backend: answers per minute over the whole run and the p95 of one answer's
latency (question to complete answer)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from evals.bench.stats import median, p95

__all__ = ["load_figures", "run_sessions"]


def run_sessions(tutor, questions: list[str], sessions: int, per_session: int) -> dict:
    """`sessions` threads; thread i asks questions[i*per_session : (i+1)*per_session] (wrapping)."""
    latencies: list[float] = []
    tokens: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()

    def session(i: int) -> None:
        for j in range(per_session):
            q = questions[(i * per_session + j) % len(questions)]
            started = time.perf_counter()
            try:
                answer = tutor.ask(q)
            except Exception as exc:  # noqa: BLE001 (a failed answer is counted, not fatal to the bench)
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])
                continue
            with lock:
                latencies.append(time.perf_counter() - started)
                tokens.append(answer.tokens)

    threads = [threading.Thread(target=session, args=(i,)) for i in range(sessions)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        "sessions": sessions,
        "answers": len(latencies),
        "errors": errors,
        "wall_s": round(wall, 2),
        "answers_per_min": round(60 * len(latencies) / wall, 2) if wall else 0.0,
        "p95_s": round(p95(latencies), 2) if latencies else None,
        # generated tokens per answer: a server that cuts a stream short when another request
        # arrives (llama_cpp.server's interrupt_requests) serves more answers, each shorter
        "tokens_median": median(tokens) if tokens else None,
    }


def load_figures(
    tutors: dict[str, object],
    questions: list[str],
    levels: tuple[int, ...],
    per_session: int,
    say: Callable[[str], None] = lambda _: None,
) -> list[dict]:
    """One row per (backend, sessions): {sessions, backend, answers_per_min, p95_s, ...}."""
    rows = []
    for backend, tutor in tutors.items():
        tutor.ask(questions[0])  # warm: the first answer loads what is loaded lazily
        for n in levels:
            say(f"load: {n} concurrent sessions against the {backend} model")
            rows.append({"backend": backend, **run_sessions(tutor, questions, n, per_session)})
    return rows
