"""`tutor bench`: the quick run on the real defaults prints and writes one JSON object of the
promised shape (behaviour only: no figure is asserted), and the pure helpers behind it."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import pytest

from app.core.ports import Record
from evals.bench import KEYS, golden_questions
from evals.bench.retrieval import synthetic_records
from evals.bench.stats import p95, ratio, summary, table_rows


def test_summaries_and_ratios():
    assert summary([3.0, 1.0, 2.0]) == {"median": 2.0, "p95": 3.0, "n": 3}
    assert summary([1.0, 2.0, 3.0, 4.0])["median"] == 2.5
    assert p95(list(range(1, 101))) == 95
    assert ratio(1.0, 2.0) == 0.5 and ratio(1.0, 0.0) is None and ratio(1.0, float("nan")) is None
    assert math.isnan(summary([])["median"])


def test_synthetic_library_is_made_from_real_chunks_with_unit_vectors():
    base = [
        Record(f"r{i}", f"first half {i}. second half {i}.", {"stage": 1}, [1.0 if j == i else 0.0 for j in range(4)])
        for i in range(4)
    ]
    made = synthetic_records(base, 50, seed=1)
    assert len({r.id for r in made}) == 50
    assert all(abs(sum(x * x for x in r.embedding) - 1.0) < 1e-5 for r in made)
    assert all("half" in r.document and r.metadata["stage"] == 1 for r in made)
    assert synthetic_records(base, 5, seed=1)[0].document == made[0].document  # seeded


def test_table_has_a_row_per_load_level():
    result = {
        "load": [
            {"sessions": 1, "backend": "embedded", "answers_per_min": 10.0, "p95_s": 6.0},
            {"sessions": 4, "backend": "embedded", "answers_per_min": 20.0, "p95_s": 9.0},
        ]
    }
    rows = table_rows(result)
    assert rows[-1][0].startswith("load: 4 sessions, embedded") and rows[-1][3] == "2"


def test_a_servers_load_is_read_against_the_embedded_model_at_the_same_sessions():
    result = {
        "load": [
            {"sessions": 1, "backend": "embedded", "answers_per_min": 10.0, "p95_s": 6.0},
            {"sessions": 8, "backend": "embedded", "answers_per_min": 9.0, "p95_s": 40.0},
            {"sessions": 8, "backend": "server", "answers_per_min": 18.0, "p95_s": 20.0, "tokens_median": 40},
        ]
    }
    last = table_rows(result)[-1]
    assert last[0].startswith("load: 8 sessions, server") and last[2] == "9 embedded" and last[3] == "2"
    assert last[1] == "18 (20, 40)"


def test_questions_come_from_the_golden_set_with_their_stage():
    qs = golden_questions(5)
    assert len(qs) == 5 and all(isinstance(q, str) and 1 <= s <= 5 for q, s in qs)


@pytest.mark.slow
@pytest.mark.llm
@pytest.mark.server
def test_quick_bench_prints_and_writes_the_promised_json(corpus_data_dir, model_path, tmp_path):
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError:
        pytest.fail("llama-cpp-python[server] is needed by tutor bench (.ci/run installs it)")
    out = tmp_path / "bench.json"
    env = {**os.environ, "TUTOR_DATA_DIR": str(corpus_data_dir), "TUTOR_LLM_MODEL_PATH": str(model_path)}
    proc = subprocess.run(
        [sys.executable, "-c", "from app.cli import run; run()", "bench", "--quick", "--json", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    printed = json.loads(proc.stdout)
    assert printed == json.loads(out.read_text())
    assert set(KEYS) <= set(printed)
    for key in KEYS[:-1]:
        assert isinstance(printed[key], (int, float)) and printed[key] > 0, (key, printed[key])
    rows = {(r["sessions"], r["backend"]) for r in printed["load"]}
    assert rows == {(1, "embedded"), (2, "embedded"), (1, "server"), (2, "server")}
    for row in printed["load"]:
        assert row["answers_per_min"] > 0 and row["p95_s"] > 0 and not row["errors"], row
        # answers really written: concurrent requests to llama_cpp.server used to cut each other short
        assert row["tokens_median"] > 0, row
    assert printed["chain"]["explained"] >= 1  # the chain's figures come from answers the model wrote
    assert "cold ingest" in proc.stderr and "load:" in proc.stderr  # progress, one line per step
