"""The tutor and the eval judge against a real OpenAI-compatible server: llama.cpp's server
(llama-cpp-python[server]) serving the packaged model, chosen by settings alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app.services import Services
from evals.datasets import DEFAULT_DATASETS, load_datasets
from evals.runner import evaluate
from tests.conftest import REPO
from tests.servers import llama_server

pytestmark = [pytest.mark.slow, pytest.mark.llm, pytest.mark.server]
ALIAS = "qwen-served"


@pytest.fixture(scope="module")
def served(model_path, tmp_path_factory):
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with llama_server(model_path, log, alias=ALIAS) as url:
        yield url, log


def test_the_tutor_answers_through_the_server_by_settings_alone(served, corpus_data_dir):
    url, log = served
    env = {
        **os.environ,
        "TUTOR_DATA_DIR": str(corpus_data_dir),
        "TUTOR_LLM_BACKEND": "openai",
        "TUTOR_OPENAI_BASE_URL": url,
        "TUTOR_OPENAI_MODEL": ALIAS,
    }
    question = "What is the difference between precision and recall?"
    result = subprocess.run(
        [sys.executable, "-c", "from app.cli import run; run()", "ask", question, "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    answer = json.loads(result.stdout)
    assert not answer["refused"] and answer["answer"].strip()
    assert answer["tokens"] > 1 and answer["timings"]["first_token_s"] > 0  # streamed from the server
    assert answer["tokens"] <= 320 + 2  # the server honoured TUTOR_LLM_MAX_TOKENS
    assert {c["section"] for c in answer["citations"]} & {"Model Evaluation"}
    assert "/v1/chat/completions" in log.read_text(errors="replace")  # the server, not an embedded model


def test_eval_judge_metrics_from_the_server(served, corpus_data_dir, real_embeddings, model_path):
    url, _ = served
    from app.core.settings import Settings

    settings = Settings(
        data_dir=corpus_data_dir,
        llm_model_path=model_path,
        judge_base_url=url,
        judge_model=ALIAS,
        judge_max_tokens=200,
    )
    services = Services(settings, embeddings=real_embeddings)
    golden = load_datasets([DEFAULT_DATASETS[0]], services.corpus.roadmap)
    rows = [r for r in golden if r.answerable and r.stage == 2][:1]
    run = evaluate(services, rows, with_baseline=False)
    judge, summary = run.summary["judge"], run.summary
    print("\njudge on the 0.5B model:", json.dumps({k: summary[k] for k in summary if k.startswith("judge")}))
    assert judge["model"] == ALIAS and judge["base_url"] == url
    answered = [r for r in run.records if not r["refused"]]
    assert answered, "the row was refused"
    assert judge["calls"] == 2 * len(answered)  # faithfulness and correctness per answered row
    assert 0.0 <= summary["judge_parse_failure_rate"] <= 1.0
    for record in answered:
        assert set(record["judge"]["replies"]) == {"judge_faithfulness", "judge_correctness"}
        for key in ("judge_faithfulness", "judge_correctness"):
            value = record["metrics"][key]
            # a score in [0, 1], or no score because the reply was not the JSON asked for
            assert (value is not None and 0.0 <= value <= 1.0) or record["judge"]["parse_failures"] > 0
