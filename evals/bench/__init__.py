"""`tutor bench`: the tutor's speed read against the hardware's own limit, in one process.

Every figure stands next to a reference measured in the same run (a bare llama.cpp call on the
same prompt, a bare dense query, LangChain's plain ingest recipe, one session alone), because these
shared 2-core machines differ up to 5x in absolute speed. Steps run one after another, never two
model-heavy ones at once. `run_bench` returns one JSON-ready dict (keys listed in `KEYS`).
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.core.cpu import available_cores
from app.core.settings import Settings
from app.services import Services
from evals.bench.ingest import ingest_figures
from evals.bench.llama_server import llama_server
from evals.bench.load import load_figures
from evals.bench.model import model_and_chain
from evals.bench.process import ask_process
from evals.bench.retrieval import retrieval_figures

__all__ = ["KEYS", "PLANS", "golden_questions", "run_bench"]

KEYS = (
    "bare_prompt_tok_s",
    "bare_gen_tok_s",
    "ttft_ratio",
    "tok_s_ratio",
    "first_words_s",
    "retrieval_p95_ms",
    "retrieval_p95_ms_100k",
    "warm_ingest_fraction",
    "startup_s",
    "peak_rss_mb",
    "load",
)

# how much of each measurement a run makes: --quick checks that everything runs, in a few minutes
PLANS = {
    "full": {"model_q": 6, "retrieval_q": 60, "synthetic": 100_000, "ask_runs": 3, "levels": (1, 4, 8), "per": 2},
    "quick": {"model_q": 2, "retrieval_q": 10, "synthetic": 5_000, "ask_runs": 1, "levels": (1, 2), "per": 1},
}
SLOTS = 4
DATASET = Path(__file__).resolve().parent.parent / "datasets" / "golden.jsonl"


def golden_questions(n: int) -> list[tuple[str, int]]:
    """The first n answerable golden questions, spread over the stages, with their stage."""
    rows = [json.loads(line) for line in DATASET.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if r.get("answerable", True)]
    step = max(1, len(rows) // n)
    return [(r["question"], int(r["stage"])) for r in rows[::step][:n]]


def run_bench(settings: Settings, quick: bool = False, say: Callable[[str], None] = lambda _: None) -> dict:
    plan = PLANS["quick" if quick else "full"]
    started = time.perf_counter()
    result: dict = {
        "mode": "quick" if quick else "full",
        "machine": {"cores_available": available_cores(), "python": platform.python_version()},
    }
    ask_q = golden_questions(1)[0][0]
    say("`tutor ask` in a new process (start-up, first word, peak memory)")
    process = ask_process(ask_q, plan["ask_runs"])
    result["process"] = process
    result["startup_s"] = process["first_word_s"]["median"]
    result["peak_rss_mb"] = process["peak_rss_mb"]

    explained = settings.model_copy(update={"explanation": "checked"})
    services = Services(explained)
    say("loading the embedding model and the LLM")
    services.tutor.ask(ask_q)  # warm: models loaded, BM25 built
    model_q = [q for q, _ in golden_questions(plan["model_q"])]
    result.update(model_and_chain(services, model_q, say))
    retrieval = retrieval_figures(services, golden_questions(plan["retrieval_q"]), plan["synthetic"], say)
    result["retrieval"] = retrieval
    result["retrieval_p95_ms"] = retrieval.pop("retrieval_p95_ms")
    result["retrieval_p95_ms_100k"] = retrieval.pop("retrieval_p95_ms_100k")
    result["ingest"] = ingest_figures(services, say)
    result["warm_ingest_fraction"] = result["ingest"]["warm_ingest_fraction"]

    load_q = [q for q, _ in golden_questions(max(plan["levels"]) * plan["per"])]
    rows = load_figures({"embedded": services.tutor}, load_q, plan["levels"], plan["per"], say)
    from app.core.llama_server import server_binary
    from app.core.providers import resolve_model_file

    model = resolve_model_file(settings)
    binary = server_binary(settings.data_dir)
    servers = [("server", None)]  # llama_cpp.server: one request at a time
    if os.access(binary, os.X_OK):
        servers.append((f"llama-server x{SLOTS}", binary))  # `tutor llm-server --build-only` makes it
    for backend, path in servers:
        with tempfile.TemporaryDirectory(prefix="tutor-bench-server-") as tmp:
            say(f"starting {backend}")
            with llama_server(model, Path(tmp) / "server.log", alias="bench", binary=path, parallel=SLOTS) as url:
                served = explained.model_copy(
                    update={"llm_backend": "openai", "openai_base_url": url, "openai_model": "bench"}
                )
                remote = Services(served, embeddings=services.embeddings, client=services.client)
                rows += load_figures({backend: remote.tutor}, load_q, plan["levels"], plan["per"], say)
    result["load"] = rows
    result["load_note"] = (
        "server: llama_cpp.server (llama-cpp-python), one request at a time; "
        f"llama-server x{SLOTS}: llama.cpp's own server, {SLOTS} parallel slots, batched decoding"
        + ("" if len(servers) > 1 else " (not built here: `tutor llm-server --build-only`)")
    )
    result["wall_s"] = round(time.perf_counter() - started, 1)
    return result
