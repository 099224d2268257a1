"""The optional LLM judge: reply parsing and scoring on hand-made replies, the judge's calls on a
scripted chat model, the runner's judge metrics, and a judge server that does not answer.

The judge on a real OpenAI-compatible server is exercised in tests/test_openai_server.py.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import app.cli.eval_cmd
from app.answering.answer import Answer, Citation, Timings
from app.cli.main import app as cli_app
from app.core.providers import ProviderError, make_judge
from evals.datasets import GoldenRow
from evals.judge import (
    CorrectnessReply,
    FaithfulnessReply,
    Judge,
    correctness_score,
    faithfulness_score,
    parse_reply,
)
from evals.metrics import aggregate
from evals.report import metric_rows, write_report
from evals.runner import GenerationCache, evaluate
from tests.fakes import ScriptedChat
from tests.test_eval_runner import GOLDEN, rows, services, write_jsonl  # noqa: F401  (fixtures)

ROW = GoldenRow(
    id="p",
    question="What is precision?",
    reference_answer="The share of predicted positives that are truly positive.",
    key_points=("share of predicted positives that are truly positive",),
    stage=2,
    section="Model Evaluation",
)
OUT_OF_SCOPE = GoldenRow(id="t", question="Which fertilizer suits tomatoes?", answerable=False)
FAITHFUL = '{"claims": [{"claim": "Precision is a share.", "supported": true}, {"claim": "b", "supported": false}]}'
CORRECT = '{"verdict": "partially_correct", "reason": "misses recall"}'


def answer(text: str = "Precision is the share of predicted positives [1].", refused: bool = False) -> Answer:
    citation = Citation(
        n=1,
        source_id="reading/s2-metrics",
        source_type="reading",
        stage=2,
        section="Model Evaluation",
        title="Metrics",
        heading="Key definitions",
        url_or_path="corpus/readings/s2-metrics.md",
        page=None,
        text="Precision is the share of predicted positives that are truly positive.",
        chunk_id="c1",
    )
    return Answer(
        question=ROW.question,
        standalone_question=ROW.question,
        answer=text,
        citations=[] if refused else [citation],
        refused=refused,
        timings=Timings(),
    )


def chat(*replies: str) -> ScriptedChat:
    return ScriptedChat(responses=list(replies), received=[], kwargs_seen=[])


# --- parsing and scoring (pure) -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        CORRECT,
        f"```json\n{CORRECT}\n```",
        f"Here is my verdict:\n{CORRECT}\nThanks.",
    ],
)
def test_a_reply_is_parsed_with_or_without_a_fence_or_prose_around_it(text):
    reply = parse_reply(text, CorrectnessReply)
    assert reply is not None and reply.verdict == "partially_correct" and reply.reason == "misses recall"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "correct",  # no JSON
        '{"verdict": "correct"',  # cut off
        '{"verdict": "great", "reason": "x"}',  # not a verdict
        '{"claims": []}',  # the other schema
        "[1, 2]",
    ],
)
def test_anything_but_the_json_asked_for_is_a_parse_failure(text):
    assert parse_reply(text, CorrectnessReply) is None


def test_faithfulness_is_the_supported_share_of_the_judges_claims():
    score = faithfulness_score(parse_reply(FAITHFUL, FaithfulnessReply))
    assert score.value == 0.5 and score.reason == "unsupported: b"
    assert faithfulness_score(FaithfulnessReply(claims=[])).value is None  # nothing to judge
    assert faithfulness_score(None).value is None


def test_correctness_maps_verdicts_to_one_half_and_zero():
    verdicts = ("correct", "partially_correct", "incorrect")
    assert [correctness_score(CorrectnessReply(verdict=v)).value for v in verdicts] == [1.0, 0.5, 0.0]
    assert correctness_score(None).value is None


def test_the_parse_failure_rate_is_failures_over_calls_across_records():
    records = [
        {"kind": "golden", "refused": False, "metrics": {}, "judge": {"calls": 2, "parse_failures": 1}},
        {"kind": "golden", "refused": True, "metrics": {}, "judge": {"calls": 0, "parse_failures": 0}},
        {"kind": "golden", "refused": False, "metrics": {}, "judge": {"calls": 2, "parse_failures": 0}},
    ]
    assert aggregate(records)["judge_parse_failure_rate"] == 0.25
    assert aggregate([{**r, "judge": None} for r in records])["judge_parse_failure_rate"] is None


# --- the judge's calls ----------------------------------------------------------------------------


def test_the_judge_sees_the_passages_the_answer_and_the_reference():
    model = chat(FAITHFUL, CORRECT)
    result = Judge(model, {"base_url": "x", "model": "m"}).score(ROW, answer())
    assert result.calls == 2 and result.parse_failures == 0
    assert result.scores["judge_faithfulness"].value == 0.5
    assert result.scores["judge_correctness"].value == 0.5
    faith, correct = (str(m[-1].content) for m in model.received)
    assert "[1] Precision is the share of predicted positives that are truly positive." in faith
    assert "Precision is the share of predicted positives." in faith and "[1]." not in faith  # citations stripped
    assert ROW.reference_answer in correct and ROW.question in correct


def test_refusals_and_out_of_scope_rows_cost_no_needless_call():
    model = chat("never used")
    result = Judge(model, {}).score(ROW, answer(refused=True))
    assert result.calls == 0 and model.received == []
    assert result.scores["judge_correctness"].value == 0.0  # refusing an answerable question is wrong
    assert result.scores["judge_faithfulness"].value is None
    # an out-of-scope question that was answered: faithfulness is judged, correctness has no reference
    model = chat(FAITHFUL)
    result = Judge(model, {}).score(OUT_OF_SCOPE, answer())
    assert result.calls == 1 and result.scores["judge_correctness"].value is None


def test_a_reply_that_is_not_json_is_counted_and_scores_nothing():
    result = Judge(chat("I think it is fine.", CORRECT), {}).score(ROW, answer())
    assert result.calls == 2 and result.parse_failures == 1
    assert result.scores["judge_faithfulness"].value is None
    assert result.replies["judge_faithfulness"] == "I think it is fine."


def test_judge_replies_are_cached_per_judge_and_inputs(tmp_path, settings):
    cache = GenerationCache(tmp_path, settings, "v1")
    first = chat(FAITHFUL, CORRECT)
    Judge(first, {"model": "m"}, cache.text).score(ROW, answer())
    again = chat("unused")
    result = Judge(again, {"model": "m"}, cache.text).score(ROW, answer())
    assert again.received == [] and result.scores["judge_correctness"].value == 0.5
    assert (cache.judge_hits, cache.judge_misses) == (2, 2)
    other = chat(FAITHFUL, CORRECT)
    Judge(other, {"model": "bigger"}, cache.text).score(ROW, answer())
    assert len(other.received) == 2  # another judge model is asked afresh


# --- in the runner and the report -----------------------------------------------------------------


def test_the_runner_reports_judge_metrics_for_both_systems(services, rows, tmp_path):  # noqa: F811
    replies = [FAITHFUL, CORRECT, "not json"]
    judge_chat = chat(*replies * 20)
    run = evaluate(services, rows, judge_chat=judge_chat)
    s, b = run.summary, run.summary["baseline"]
    assert s["judge"]["calls"] == len(judge_chat.received) > 0
    assert s["judge"]["parse_failures"] >= 1
    for summary in (s, b):
        assert summary["judge_parse_failure_rate"] is not None
        assert summary["judge_faithfulness"] is not None or summary["judge_correctness"] is not None
    golden = [r for r in run.records if r["kind"] == "golden"]
    assert all("judge_correctness" in r["metrics"] and r["judge"] is not None for r in golden)
    assert sum(r["judge"]["calls"] for r in golden) == s["judge"]["calls"]
    write_report(tmp_path / "out", s, run.records)
    assert "| judge_correctness |" in (tmp_path / "out" / "report.md").read_text()

    plain = evaluate(services, rows)
    assert plain.summary["judge"] is None and plain.summary["judge_faithfulness"] is None
    assert not any(row[0].startswith("judge_") for row in metric_rows(plain.summary))


def test_no_judge_configured_or_a_judge_server_that_is_down_is_one_clear_line(settings):
    with pytest.raises(ProviderError, match="TUTOR_JUDGE_BASE_URL"):
        make_judge(settings)
    down = settings.model_copy(update={"judge_base_url": "http://127.0.0.1:9/v1"})
    with pytest.raises(ProviderError, match=r"judge server at http://127.0.0.1:9/v1 does not answer"):
        make_judge(down)


def test_tutor_eval_with_a_down_judge_exits_2_before_answering(services, tmp_path, monkeypatch):  # noqa: F811
    services.settings = services.settings.model_copy(update={"judge_base_url": "http://127.0.0.1:9/v1"})
    monkeypatch.setattr(app.cli.eval_cmd, "make_services", lambda: services)
    write_jsonl(tmp_path / "golden.jsonl", GOLDEN)
    result = CliRunner().invoke(cli_app, ["eval", "--dataset", str(tmp_path / "golden.jsonl"), "--out", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "judge server" in result.output and "Traceback" not in result.output
    assert services.llm.received == []
    assert not (tmp_path / "summary.json").exists()


def test_a_judge_server_failing_mid_run_is_a_provider_error():
    import httpx
    import openai

    class Down(ScriptedChat):
        def _generate(self, messages, stop=None, run_manager=None, **kwargs):
            raise openai.APIConnectionError(request=httpx.Request("POST", "http://127.0.0.1:9/v1"))

    with pytest.raises(ProviderError, match="judge server http://j failed"):
        Judge(Down(responses=[], received=[], kwargs_seen=[]), {"base_url": "http://j"}).score(ROW, answer())


def test_summary_json_names_the_judge(services, rows):  # noqa: F811
    services.settings = services.settings.model_copy(update={"judge_model": "big-judge"})
    run = evaluate(services, rows, judge_chat=chat(FAITHFUL, CORRECT))
    assert run.summary["judge"]["model"] == "big-judge"
    json.dumps(run.summary)  # serialisable
