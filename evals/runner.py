"""Runs an eval: the tutor and the baseline on the same rows, in one process, with a cache.

For each golden row, for each system: the retrieval ranking (tutor: `retrieve(question, k=10).hits`;
baseline: Chroma similarity top 10) and one answer (tutor: `Tutor.ask` in explain mode without a
stage filter, as a learner would ask; baseline: `evals.baseline`). Key points are decided by
app.learning.grading's rule for both systems. For each grading row: the short-answer grader's verdict.
Per-row scores and the summary come from evals.metrics.

Generations are cached as JSON files under Settings.cache_dir / "evals", keyed by (system,
question, mode, the settings that change that system's answer, index version, prompt texts, source
of the modules that shape the answer), so a rerun with nothing changed calls no LLM; retrieval and
scoring are recomputed (milliseconds). The cached timings are those of the run that generated the
answer. With `quiz_keys` (as `tutor eval` runs it) the quiz bank's keys are also checked against the
readings (evals.quiz_keys; embeddings only, no LLM).

With a judge configured (Settings.judge_base_url, or a `judge_chat` passed in), every golden record
also gets evals.judge's faithfulness and correctness scores; the judge's replies are cached the same
way. Without one the summary says `"judge": null` and those metrics are None.

Left out: parallel generation (one llama.cpp context serves one generation at a time).
"""

from __future__ import annotations

import hashlib
import json
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.answering.answer import Answer, Citation, Timings
from app.core.prompts import PROMPTS
from app.core.providers import make_judge
from app.core.text import strip_citations
from app.learning.answer_features import align
from app.learning.grading import grade_short_answer
from evals import metrics as m
from evals import provenance
from evals.baseline import Baseline
from evals.datasets import GoldenRow, GradingRow, Row
from evals.judge import Judge
from evals.prompts import EVAL_PROMPTS
from evals.quiz_keys import quiz_key_records

__all__ = ["DEFAULT_GATES", "EvalRun", "GenerationCache", "evaluate", "load_gates", "rich_progress"]

DEFAULT_GATES = Path(__file__).parent / "gates.toml"
_LLM_SETTINGS = (
    "llm_backend",
    "llm_model_path",
    "openai_base_url",
    "openai_model",
    "llm_n_ctx",
    "llm_max_tokens",
    "llm_temperature",
    "embedding_model",
)
_TUTOR_SETTINGS = (
    "top_k",
    "evidence_tokens",
    "explanation",
    "candidates_k",
    "min_relevance",
    "faq_min_similarity",
    "faq_lexical_weight",
    "faq_retrieval_weight",
    "chunk_tokens",
    "chunk_overlap_tokens",
)
_CITATION_FIELDS = ("n", "source_id", "stage", "section", "heading", "cited", "text")
# What shapes each system's answer: these modules and all they import, and the prompt files. Their
# text is part of the cache key, so an edit anywhere the system reaches regenerates its answers.
_ROOTS = {
    # the index's chunks come from ingest.chunking; the model and its client from the providers
    "tutor": ("app.answering.chain", "app.core.providers", "ingest.chunking"),
    "baseline": ("evals.baseline", "app.core.providers"),
}
_PROMPT_FOLDERS = {"tutor": (PROMPTS,), "baseline": (PROMPTS, EVAL_PROMPTS)}


def code_digest(system: str) -> str:
    """SHA-256 over the code, prompts and (for the tutor) the questions written in advance
    (corpus/faq) that shape `system`'s answer (evals.provenance)."""
    digest = provenance.code_digest(_ROOTS[system], _PROMPT_FOLDERS[system])
    if system == "tutor":
        faq = sorted((provenance.ROOT / "corpus" / "faq").glob("*.yaml"))
        digest = hashlib.sha256(digest.encode() + b"".join(p.read_bytes() for p in faq)).hexdigest()
    return digest


def relevant_settings(settings, system: str = "tutor") -> dict:
    """The settings that can change `system`'s answer (the tutor's retrieval ones, too)."""
    names = _LLM_SETTINGS + (_TUTOR_SETTINGS if system == "tutor" else ())
    return {n: (str(v) if isinstance(v := getattr(settings, n), Path) else v) for n in names}


def answer_from_json(data: dict) -> Answer:
    data = dict(data)
    data["citations"] = [Citation(**c) for c in data["citations"]]
    data["timings"] = Timings(**data["timings"])
    return Answer(**data)


class GenerationCache:
    """One JSON file per (system, question, mode, settings, index version, prompts)."""

    def __init__(self, folder: Path, settings, index_version: str) -> None:
        self.folder = folder
        self.settings = settings
        self.index_version = index_version
        self.hits = self.misses = 0
        self.judge_hits = self.judge_misses = 0
        self._digests: dict[str, str] = {}

    def key(self, system: str, question: str, mode: str) -> str:
        if system not in self._digests:  # once per run: what this process loaded, even if files change
            self._digests[system] = code_digest(system)
        parts = {
            "system": system,
            "question": question,
            "mode": mode,
            "index": self.index_version,
            "settings": relevant_settings(self.settings, system),
            "code": self._digests[system],
        }
        digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]
        return f"{system}-{digest}"

    def get_or_make(self, key: str, make: Callable[[], Answer]) -> tuple[Answer, bool]:
        path = self.folder / f"{key}.json"
        if path.exists():
            try:
                answer = answer_from_json(json.loads(path.read_text(encoding="utf-8")))
                self.hits += 1
                return answer, True
            except (ValueError, TypeError, KeyError):
                pass  # a damaged or outdated entry is regenerated
        answer = make()
        self.misses += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(answer), ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)  # atomic: an interrupted run never leaves half an entry
        return answer, False

    def text(self, parts: dict, make: Callable[[], str]) -> str:
        """A judge reply: cached as text under the digest of `parts` (judge, prompt, inputs)."""
        digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]
        path = self.folder / f"judge-{digest}.txt"
        if path.exists():
            self.judge_hits += 1
            return path.read_text(encoding="utf-8")
        reply = make()
        self.judge_misses += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(reply, encoding="utf-8")
        tmp.replace(path)
        return reply


@dataclass
class EvalRun:
    records: list[dict]  # one per (row, system); see _golden_record and _grading_record
    summary: dict


def _golden_record(
    row: GoldenRow, system: str, answer: Answer, ranked: list[str], embed, cached: bool, judge: Judge | None
) -> dict:
    section = row.section if row.answerable else None
    covered: list[str] = []
    if row.answerable and row.key_points and not answer.refused:
        alignments, _ = align(list(row.key_points), strip_citations(answer.answer), embed)
        covered = [a.key_point for a in alignments if a.covered]
    cited = [c for c in answer.citations if c.cited]
    scores = {
        "hit_at_5": m.hit_at_k(ranked, section, 5),
        "rr_at_10": m.reciprocal_rank(ranked, section, 10),
        "key_point_recall": m.key_point_recall(row.key_points if row.answerable else (), covered, answer.refused),
        "groundedness": m.groundedness(answer.sentences, answer.refused),
        "citation_precision": m.citation_precision([c.section for c in cited], section, answer.refused),
        "refusal_correct": m.refusal_correct(answer.refused, row.answerable),
        "false_refusal": m.false_refusal(answer.refused, row.answerable),
        "fragment": m.fragment(answer.answer, answer.refused),
    }
    verdicts = None
    if judge is not None:
        result = judge.score(row, answer)
        scores.update(result.scores)
        verdicts = {"calls": result.calls, "parse_failures": result.parse_failures, "replies": result.replies}
    return {
        "id": row.id,
        "kind": "golden",
        "system": system,
        "stage": row.stage,
        "section": row.section,
        "answerable": row.answerable,
        "tricky": row.tricky,
        "question": row.question,
        "answer": answer.answer,
        "refused": answer.refused,
        "citations": [{k: getattr(c, k) for k in _CITATION_FIELDS} for c in answer.citations],
        "sentences": [{k: s[k] for k in ("text", "supported", "citations")} for s in answer.sentences],
        "dropped": answer.dropped,
        "matched": answer.matched,
        "key_points_covered": covered,
        "retrieved_sections": ranked[:10],
        "timings": asdict(answer.timings),
        "tokens": answer.tokens,
        "cached": cached,
        "metrics": {k: s.value for k, s in scores.items()},
        "reasons": {k: s.reason for k, s in scores.items()},
        "judge": verdicts,
    }


def _grading_record(row: GradingRow, embed, bank: dict) -> dict:
    asked = bank.get(row.question_id)
    grade = grade_short_answer(
        list(row.key_points),
        row.student_answer,
        embed,
        reference=row.reference_answer,
        question=row.question,
        roles=[r.model_dump() for r in asked.roles or []] if asked else None,
        order=asked.order if asked else None,
        exact=asked.exact if asked else False,
    )
    scores = {
        "grader_agrees": m.grader_agrees(grade.verdict, row.label),
        "grader_false_accept": m.grader_false_accept(grade.verdict, row.label),
    }
    return {
        "id": row.id,
        "kind": "grading",
        "system": "tutor",
        "stage": row.stage,
        "section": row.section,
        "question": row.question,
        "student_answer": row.student_answer,
        "label": row.label,
        "verdict": grade.verdict,
        "key_points_covered": grade.covered,
        "key_points_missing": grade.missing,
        "metrics": {k: s.value for k, s in scores.items()},
        "reasons": {k: s.reason for k, s in scores.items()},
    }


def _quiz_key_records(services, stage: int | None, embed) -> list[dict]:
    """evals.quiz_keys over the bank (of `stage` only, when given)."""
    corpus = services.corpus
    stage_of = {item.id: st.stage for st, _, item in corpus.roadmap.iter_items()}
    questions = [q for q in corpus.questions if stage is None or stage_of.get(q.item_id) == stage]
    return quiz_key_records(questions, corpus.readings, stage_of, embed)


def summarize(records: Sequence[dict], with_baseline: bool) -> dict:
    """The tutor's figures at top level, per stage, the baseline's under "baseline", and ratios."""
    tutor = [r for r in records if r["system"] == "tutor"]
    summary = {**m.aggregate(tutor), "by_stage": m.by_stage(tutor), "baseline": None, "ratios": {}}
    summary["grader_confusion"] = m.grader_confusion(tutor)
    if with_baseline:
        base = [r for r in records if r["system"] == "baseline"]
        summary["baseline"] = {**m.aggregate(base), "by_stage": m.by_stage(base)}
        summary["ratios"] = m.ratios(summary, summary["baseline"])
    return summary


def evaluate(
    services,
    rows: Sequence[Row],
    *,
    with_baseline: bool = True,
    mode: str = "explain",
    on_row: Callable[[Row], None] | None = None,
    judge_chat=None,
    quiz_keys: bool = False,
    stage: int | None = None,
) -> EvalRun:
    """Run every row through the tutor (and the baseline) and score it; see the module docstring.
    `judge_chat`: the judge's chat model; by default one is made when Settings.judge_base_url is set.
    `quiz_keys`: also score the bank's quiz keys (of `stage` only, when given)."""
    started = time.perf_counter()
    index = services.index()
    if index is None:
        raise ValueError("no index: run `tutor ingest`")
    cache = GenerationCache(services.settings.cache_dir / "evals", services.settings, index.name)
    embed = services.embeddings.embed_documents
    baseline = Baseline(services) if with_baseline and any(r.kind == "golden" for r in rows) else None
    settings = services.settings
    if judge_chat is None and settings.judge_base_url:
        judge_chat = make_judge(settings)  # checks the server answers before any work is done
    identity = {"base_url": settings.judge_base_url or "", "model": settings.judge_model}
    judge = Judge(judge_chat, identity, cache.text) if judge_chat is not None else None
    records: list[dict] = []
    bank = {q.id: q for q in services.corpus.questions}
    for row in rows:
        if isinstance(row, GradingRow):
            records.append(_grading_record(row, embed, bank))
        else:
            ranked = [h.metadata.get("section", "") for h in services.retriever.retrieve(row.question, k=10).hits]
            answer, hit = cache.get_or_make(
                cache.key("tutor", row.question, mode),
                lambda r=row: services.tutor.ask(r.question, mode=mode),
            )
            records.append(_golden_record(row, "tutor", answer, ranked, embed, hit, judge))
            if baseline is not None:
                answer, hit = cache.get_or_make(
                    cache.key("baseline", row.question, mode),
                    lambda r=row: baseline.ask(r.question),
                )
                records.append(
                    _golden_record(row, "baseline", answer, baseline.ranked_sections(row.question), embed, hit, judge)
                )
        if on_row:
            on_row(row)
    if quiz_keys:
        records += _quiz_key_records(services, stage, embed)
    summary = summarize(records, with_baseline)
    summary.update(
        {
            "judge": None
            if judge is None
            else {
                **identity,
                "calls": sum((r.get("judge") or {}).get("calls", 0) for r in records),
                "parse_failures": sum((r.get("judge") or {}).get("parse_failures", 0) for r in records),
                "cached_replies": cache.judge_hits,
            },
            "index_version": index.name,
            "mode": mode,
            "settings": relevant_settings(services.settings, "tutor"),
            "cache": {"hits": cache.hits, "misses": cache.misses},
            "wall_s": round(time.perf_counter() - started, 2),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )
    return EvalRun(records, summary)


def load_gates(path: Path = DEFAULT_GATES) -> dict:
    """Thresholds from a TOML file with [min], [max] and [min_ratio] tables (see gates.toml)."""
    with path.open("rb") as f:
        return tomllib.load(f)


@contextmanager
def rich_progress(console, total: int) -> Iterator[Callable[[Row], None]]:
    """A progress bar over rows; yields the `on_row` callback `evaluate` takes."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("eval"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda row: bar.update(task, advance=1, description=row.id)
