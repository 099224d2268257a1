"""The CI gate: `tutor eval --limit 30` on the real default model, real MiniLM and real Chroma.

30 golden rows spread over all five stages and the out-of-scope rows (plus 30 graded answers),
answered by the tutor and by the plain-RAG baseline in the same process, then checked against
evals/gates.toml, with the quiz bank's keys checked too. About 20 minutes on 2 cores; the full
golden run is `make eval` (about 2 hours).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import app.cli.eval_cmd  # noqa: F401  registers `tutor eval` on the app
from app.cli.main import app
from evals.metrics import JUDGE_KEYS, METRIC_KEYS

pytestmark = [pytest.mark.slow, pytest.mark.llm]

CI_ROWS = 30


def test_ci_subset_passes_the_gates_with_the_baseline(monkeypatch, corpus_data_dir, model_path, tmp_path):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(corpus_data_dir))
    monkeypatch.setenv("TUTOR_LLM_MODEL_PATH", str(model_path))
    out = tmp_path / "ci-eval"
    result = CliRunner().invoke(app, ["eval", "--limit", str(CI_ROWS), "--out", str(out)])
    summary_path = out / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    # the figures go into the test log whether the gate passes or not
    print(json.dumps({k: summary.get(k) for k in (*METRIC_KEYS, "wall_s", "gates")}, indent=1))
    print(json.dumps({k: (summary.get("baseline") or {}).get(k) for k in METRIC_KEYS}, indent=1))
    assert result.exit_code == 0, result.output

    assert summary["n"] == CI_ROWS and summary["n_grading"] == CI_ROWS
    assert summary["baseline"]["n"] == CI_ROWS
    for figures in (summary, summary["baseline"]):
        assert set(METRIC_KEYS) <= set(figures)
        assert set(figures["by_stage"]) == {"1", "2", "3", "4", "5", "none"}
    # every judge-free figure is measured (none missing) for the tutor, which answers and grades,
    # except the generation speed: with the embedded model the tutor quotes and does not generate
    # (TUTOR_EXPLANATION=auto); the judge's are None: no judge is configured
    generation = {"ttft_p50_s", "ttft_p95_s", "tokens_per_s"}
    assert all(summary[k] is not None for k in METRIC_KEYS if k not in {*JUDGE_KEYS, *generation}), summary
    assert all(summary["baseline"][k] is not None for k in generation)
    assert summary["fragment_rate"] == 0.0 and summary["evidence_first_s"] > 0
    assert all(summary[k] is None for k in JUDGE_KEYS)
    assert summary["gates_passed"] is True and summary["gates"]
    assert summary["judge"] is None and summary["index_version"]
    rows = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    kinds = [r["kind"] for r in rows]
    assert kinds.count("golden") == 2 * CI_ROWS and kinds.count("grading") == CI_ROWS
    assert kinds.count("quiz_key") == 352  # the whole bank's keys, checked on every run
    assert (out / "report.html").stat().st_size > 10_000
