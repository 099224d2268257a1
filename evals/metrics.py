"""Judge-free answer-quality metrics: pure functions over plain values, no model, no I/O.

Each per-row metric returns a `Score`: a value and a reason a person can read in results.jsonl.
A value of None means "does not apply to this row" (hit@5 of an out-of-scope question, say) and
is left out of every mean. `aggregate` turns per-row records into the summary figures, `ratios`
compares two systems, `check_gates` compares a summary with thresholds.

Definitions (what summary.json reports):
- hit_at_5: over answerable rows with a section, 1 when one of the first 5 retrieved chunks
  belongs to the row's section (names compared case-insensitively), else 0.
- mrr_at_10: over the same rows, 1/rank of the first chunk of the row's section among the first
  10 retrieved (0 when there is none), averaged.
- key_point_recall: over answerable rows with key points, the share of the key points that the
  answer covers (app.learning.grading's coverage rule, lexical + embedding); a refused answer scores 0.
- groundedness: over non-refused answers, the share of answer sentences flagged supported by the
  passages they cite (app.answering.grounding's rule). A "sentence" with no letters (a bare "[1] [2]") is not
  a claim and is left out; an answer with no sentence left scores 0.
- citation_precision: over answerable, non-refused rows citing at least one passage, the share of
  cited passages whose section is the row's section.
- refusal_accuracy: over all golden rows, 1 when refused == (not answerable).
- false_refusal_rate: over answerable golden rows, 1 when the answer was refused.
- grader_agreement: over grading rows, 1 when the grader's verdict equals the label.
  grader_false_accept_rate: over grading rows labelled `incorrect`, 1 when graded `correct`.
- quiz_key_validity: over the quiz bank's questions (of the --stage, if given), the share whose key
  the reading backs (evals.quiz_keys); n_quiz_keys: the questions checked.
- fragment_rate: over golden rows, 1 when the answer shown is empty, begins with a bare citation
  ("[1] ..."), starts or ends mid-sentence, or pastes a header line (Markdown "#", or a passage
  label "Title (stage 2, Section)").
- evidence_first_s: the median time to the first words shown (the evidence, when the system shows
  evidence before generating; else the first token), over answers that were not refused;
  evidence_first_p95_s its 95th percentile.
- ttft_p50_s, ttft_p95_s: percentiles (linear interpolation) of the time to the first token of
  answers that generated tokens; tokens_per_s: their tokens summed / their decode time summed
  (decode time = total - first token). n: golden rows; n_grading: grading rows.
- judge_faithfulness, judge_correctness, judge_parse_failure_rate: only with a judge model
  configured (evals.judge defines them); None otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "LOWER_IS_BETTER",
    "METRIC_KEYS",
    "JUDGE_KEYS",
    "GateResult",
    "Score",
    "aggregate",
    "by_stage",
    "grader_confusion",
    "check_gates",
    "citation_precision",
    "false_refusal",
    "fragment",
    "grader_agrees",
    "grader_false_accept",
    "groundedness",
    "hit_at_k",
    "key_point_recall",
    "mean",
    "percentile",
    "ratios",
    "reciprocal_rank",
    "refusal_correct",
    "same_section",
    "tokens_per_second",
]

METRIC_KEYS = (
    "hit_at_5",
    "mrr_at_10",
    "key_point_recall",
    "groundedness",
    "citation_precision",
    "refusal_accuracy",
    "false_refusal_rate",
    "fragment_rate",
    "grader_agreement",
    "grader_false_accept_rate",
    "quiz_key_validity",
    "evidence_first_s",
    "evidence_first_p95_s",
    "ttft_p50_s",
    "ttft_p95_s",
    "tokens_per_s",
    "judge_faithfulness",
    "judge_correctness",
    "judge_parse_failure_rate",
    "n",
)
JUDGE_KEYS = ("judge_faithfulness", "judge_correctness", "judge_parse_failure_rate")
LOWER_IS_BETTER = frozenset(
    {
        "false_refusal_rate",
        "fragment_rate",
        "grader_false_accept_rate",
        "evidence_first_s",
        "evidence_first_p95_s",
        "ttft_p50_s",
        "ttft_p95_s",
        "judge_parse_failure_rate",
    }
)

_LETTER = re.compile(r"[^\W\d_]")  # any letter, in any script

# per-row metric -> summary key that is its mean
_MEANS = {
    "hit_at_5": "hit_at_5",
    "rr_at_10": "mrr_at_10",
    "key_point_recall": "key_point_recall",
    "groundedness": "groundedness",
    "citation_precision": "citation_precision",
    "refusal_correct": "refusal_accuracy",
    "false_refusal": "false_refusal_rate",
    "fragment": "fragment_rate",
    "grader_agrees": "grader_agreement",
    "grader_false_accept": "grader_false_accept_rate",
    "quiz_key_valid": "quiz_key_validity",
    "judge_faithfulness": "judge_faithfulness",
    "judge_correctness": "judge_correctness",
}


@dataclass(frozen=True)
class Score:
    value: float | None  # None: the metric does not apply to this row
    reason: str


def same_section(a: str | None, b: str | None) -> bool:
    """Section names are compared case-insensitively (datasets are typed by hand)."""
    return bool(a) and bool(b) and a.strip().casefold() == b.strip().casefold()  # type: ignore[union-attr]


# --- retrieval ----------------------------------------------------------------------------------


def hit_at_k(ranked_sections: Sequence[str | None], section: str | None, k: int = 5) -> Score:
    if not section:
        return Score(None, "row has no section")
    for rank, found in enumerate(ranked_sections[:k], 1):
        if same_section(found, section):
            return Score(1.0, f"rank {rank} is in {section}")
    return Score(0.0, f"none of the top {k} is in {section}")


def reciprocal_rank(ranked_sections: Sequence[str | None], section: str | None, k: int = 10) -> Score:
    if not section:
        return Score(None, "row has no section")
    for rank, found in enumerate(ranked_sections[:k], 1):
        if same_section(found, section):
            return Score(1.0 / rank, f"first {section} chunk at rank {rank}")
    return Score(0.0, f"no {section} chunk in the top {k}")


# --- answers ------------------------------------------------------------------------------------


def key_point_recall(key_points: Sequence[str], covered: Iterable[str], refused: bool) -> Score:
    if not key_points:
        return Score(None, "row has no key points")
    if refused:
        return Score(0.0, "refused")
    got = set(covered)
    missing = [p for p in key_points if p not in got]
    share = (len(key_points) - len(missing)) / len(key_points)
    return Score(share, "all key points covered" if not missing else "missing: " + "; ".join(missing))


def groundedness(sentences: Sequence[Mapping], refused: bool) -> Score:
    if refused:
        return Score(None, "refused")
    # app.answering.grounding calls a bare citation "[1] [2]" supported (it has no words to miss): not a claim
    sentences = [s for s in sentences if _LETTER.search(s["text"])]
    if not sentences:
        return Score(0.0, "no sentence was checked")
    unsupported = [s["text"] for s in sentences if not s["supported"]]
    share = (len(sentences) - len(unsupported)) / len(sentences)
    return Score(
        share,
        "all sentences supported"
        if not unsupported
        else f"{len(unsupported)} unsupported: " + " | ".join(unsupported)[:300],
    )


def citation_precision(cited_sections: Sequence[str | None], section: str | None, refused: bool) -> Score:
    if not section:
        return Score(None, "row has no section")
    if refused:
        return Score(None, "refused")
    if not cited_sections:
        return Score(None, "cites nothing")
    right = sum(1 for s in cited_sections if same_section(s, section))
    return Score(right / len(cited_sections), f"{right} of {len(cited_sections)} cited passages in {section}")


def refusal_correct(refused: bool, answerable: bool) -> Score:
    ok = refused == (not answerable)
    expected = "answer" if answerable else "refuse"
    return Score(1.0 if ok else 0.0, f"should {expected}, {'refused' if refused else 'answered'}")


def false_refusal(refused: bool, answerable: bool) -> Score:
    if not answerable:
        return Score(None, "out of scope")
    return Score(1.0 if refused else 0.0, "refused an answerable question" if refused else "answered")


_BARE_CITE = re.compile(r"^\s*\[\d+(?:\s*,\s*\d+)*\]")
_TRAILING_CITES = re.compile(r"(?:\s*\[\d+(?:\s*,\s*\d+)*\])+\s*$")
# a passage label as the prompts of this project and the baseline write them: "[1] Title (stage 2, Section)"
_PASSAGE_LABEL = re.compile(r"^\W*(?:\[\d+\]\s*)?[^.!?]{3,160}\((?:stage \d+, [^)]+|roadmap)\)\W*$", re.I)
_ENDS = ".!?)\"'`*"


def fragment(answer: str, refused: bool) -> Score:
    """Is the answer a fragment: empty, a bare leading citation, cut at either end, or a pasted header?"""
    text = answer.strip()
    if not text:
        return Score(1.0, "empty")
    if _BARE_CITE.match(text):
        return Score(1.0, "begins with a bare citation")
    first = text.lstrip("*_\"'(")[:1]
    if first.islower() or first in ",;:.":
        return Score(1.0, "starts mid-sentence: " + text[:40])
    last = _TRAILING_CITES.sub("", text).rstrip()
    if last and last[-1] not in _ENDS:
        return Score(1.0, "ends mid-sentence: " + last[-40:])
    for line in text.splitlines():
        if line.lstrip().startswith("#") or _PASSAGE_LABEL.match(line.strip()):
            return Score(1.0, "pastes a header: " + line.strip()[:60])
    return Score(0.0, "whole sentences" if not refused else "whole refusal")


# --- grading ------------------------------------------------------------------------------------


def grader_agrees(verdict: str, label: str) -> Score:
    return Score(1.0 if verdict == label else 0.0, f"graded {verdict}, labelled {label}")


def grader_false_accept(verdict: str, label: str) -> Score:
    if label != "incorrect":
        return Score(None, "label is not incorrect")
    accepted = verdict == "correct"
    return Score(
        1.0 if accepted else 0.0,
        "a wrong answer graded correct" if accepted else f"graded {verdict}",
    )


# --- aggregation --------------------------------------------------------------------------------


def mean(values: Iterable[float | None]) -> float | None:
    got = [v for v in values if v is not None]
    return sum(got) / len(got) if got else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th quantile (0..1) by linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def tokens_per_second(tokens: Sequence[int], decode_s: Sequence[float]) -> float | None:
    total_time = sum(decode_s)
    return sum(tokens) / total_time if total_time > 0 else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def aggregate(records: Sequence[Mapping]) -> dict:
    """Summary figures of one system's records. A record has `kind` ("golden" | "grading"),
    `metrics` (per-row values, None = not applicable) and, for golden rows, `refused`, `tokens`
    and `timings` ({"first_token_s", "total_s"})."""
    out: dict = {key: _round(mean(r["metrics"].get(row_key) for r in records)) for row_key, key in _MEANS.items()}
    timed = [r for r in records if r["kind"] == "golden" and not r["refused"] and r.get("tokens", 0) > 0]
    ttft = [r["timings"]["first_token_s"] for r in timed]
    decode = [max(0.0, r["timings"]["total_s"] - r["timings"]["first_token_s"]) for r in timed]
    answered = [r for r in records if r["kind"] == "golden" and not r["refused"] and r.get("timings")]
    first_words = [r["timings"].get("evidence_s") or r["timings"]["first_token_s"] for r in answered]
    out["evidence_first_s"] = _round(percentile(first_words, 0.5))
    out["evidence_first_p95_s"] = _round(percentile(first_words, 0.95))
    out["ttft_p50_s"] = _round(percentile(ttft, 0.5))
    out["ttft_p95_s"] = _round(percentile(ttft, 0.95))
    out["tokens_per_s"] = _round(tokens_per_second([r["tokens"] for r in timed], decode))
    judged = [r["judge"] for r in records if r.get("judge")]
    calls = sum(j["calls"] for j in judged)
    out["judge_parse_failure_rate"] = _round(sum(j["parse_failures"] for j in judged) / calls) if calls else None
    out["n"] = sum(1 for r in records if r["kind"] == "golden")
    out["n_grading"] = sum(1 for r in records if r["kind"] == "grading")
    checked = [r for r in records if r["kind"] == "quiz_key" and r["metrics"]["quiz_key_valid"] is not None]
    out["n_quiz_keys"] = len(checked)
    return out


def grader_confusion(records: Sequence[Mapping]) -> dict[str, dict[str, int]]:
    """Grading rows as a matrix: teacher's label -> grader's verdict -> count."""
    labels = ("correct", "partially_correct", "incorrect")
    out = {label: dict.fromkeys(labels, 0) for label in labels}
    for r in records:
        if r["kind"] == "grading" and r["label"] in out and r["verdict"] in labels:
            out[r["label"]][r["verdict"]] += 1
    return out


def by_stage(records: Sequence[Mapping]) -> dict[str, dict]:
    """`aggregate` per stage ("1".."5"; "none" for rows without a stage, e.g. out of scope)."""
    keys = sorted({r.get("stage") for r in records}, key=lambda s: (s is None, s or 0))
    return {("none" if s is None else str(s)): aggregate([r for r in records if r.get("stage") == s]) for s in keys}


def ratios(tutor: Mapping, baseline: Mapping | None) -> dict[str, float | None]:
    """tutor / baseline per metric (None when either is missing or the baseline is 0)."""
    out: dict[str, float | None] = {}
    for key in METRIC_KEYS:
        if key == "n":
            continue
        a, b = tutor.get(key), (baseline or {}).get(key)
        out[key] = None if a is None or not b else round(a / b, 4)
    return out


# --- gates --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GateResult:
    metric: str
    kind: str  # "min" | "max" | "min_ratio"
    threshold: float
    value: float | None
    passed: bool | None  # None: skipped, nothing to measure (no such rows, no baseline)

    @property
    def reason(self) -> str:
        op = {"min": ">=", "max": "<=", "min_ratio": ">= (tutor/baseline)"}[self.kind]
        if self.passed is None:
            return f"skipped: no value for {self.metric}"
        verdict = "meets" if self.passed else "FAILS"
        return f"{self.metric} = {self.value} {verdict} {op} {self.threshold}"


def check_gates(summary: Mapping, gates: Mapping[str, Mapping[str, float]]) -> list[GateResult]:
    """`gates` is {"min": {metric: x}, "max": {...}, "min_ratio": {...}} (evals/gates.toml)."""
    results = []
    for kind, table in gates.items():
        if kind not in ("min", "max", "min_ratio"):
            raise ValueError(f"unknown gate kind [{kind}]: use [min], [max] or [min_ratio]")
        for metric, threshold in table.items():
            if metric not in METRIC_KEYS:
                raise ValueError(f"unknown metric {metric!r} in [{kind}]; metrics are {', '.join(METRIC_KEYS)}")
            value = (summary.get("ratios") or {}).get(metric) if kind == "min_ratio" else summary.get(metric)
            passed = None if value is None else (value <= threshold if kind == "max" else value >= threshold)
            results.append(GateResult(metric, kind, float(threshold), value, passed))
    return results
