"""Optional LLM-judge metrics for `tutor eval`: faithfulness and answer correctness.

Used only when `Settings.judge_base_url` names an OpenAI-compatible server (a model stronger than the
0.5B default is the point; the judge-free metrics stay the ones the gates rest on).

- judge_faithfulness (ragas's definition): the judge splits a non-refused answer into claims and marks
  each as supported or not by the passages the answer was written from; the score is the supported
  share. An answer in which the judge finds no claim has no score.
- judge_correctness: the judge compares the answer of an answerable row with the reference answer:
  correct 1, partially_correct 0.5, incorrect 0. A refused answerable row scores 0 without a call.
- judge_parse_failure_rate: the share of judge replies that are not the JSON asked for (those rows
  get no score). It is reported beside the scores so a judge that cannot follow the format is seen.

Replies are cached with the generations (key: judge server, model, prompt, inputs), so a rerun asks
the judge nothing new. Parsing and scoring are pure functions, tested on hand-made replies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

from pydantic import BaseModel, ValidationError

from app.answering.answer import Answer
from app.core.providers import ProviderError, backend_error_message
from app.core.text import strip_citations
from app.learning.grading import VERDICT_SCORES
from evals.datasets import GoldenRow
from evals.metrics import Score
from evals.prompts import load_eval_prompt

__all__ = [
    "CORRECTNESS_VALUES",
    "CorrectnessReply",
    "FaithfulnessReply",
    "Judge",
    "JudgeResult",
    "correctness_score",
    "faithfulness_score",
    "parse_reply",
]

CORRECTNESS_VALUES = VERDICT_SCORES  # the judge's verdicts are worth what the grader's are
M = TypeVar("M", bound=BaseModel)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)


class Claim(BaseModel):
    claim: str
    supported: bool


class FaithfulnessReply(BaseModel):
    claims: list[Claim]


class CorrectnessReply(BaseModel):
    verdict: Literal["correct", "partially_correct", "incorrect"]
    reason: str = ""


def parse_reply(text: str, schema: type[M]) -> M | None:
    """The reply as `schema`, or None when it is not that JSON object. Tolerates a ```json fence and
    prose around one object; nothing else is guessed."""
    body = _FENCE.sub("", text.strip())
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end < start:
        return None
    try:
        return schema.model_validate(json.loads(body[start : end + 1]))
    except (ValueError, ValidationError):  # JSONDecodeError is a ValueError
        return None


def faithfulness_score(reply: FaithfulnessReply | None) -> Score:
    if reply is None:
        return Score(None, "judge reply was not the JSON asked for")
    if not reply.claims:
        return Score(None, "judge found no claim")
    unsupported = [c.claim for c in reply.claims if not c.supported]
    share = (len(reply.claims) - len(unsupported)) / len(reply.claims)
    reason = "all claims supported" if not unsupported else "unsupported: " + " | ".join(unsupported)[:300]
    return Score(share, reason)


def correctness_score(reply: CorrectnessReply | None) -> Score:
    if reply is None:
        return Score(None, "judge reply was not the JSON asked for")
    return Score(CORRECTNESS_VALUES[reply.verdict], f"{reply.verdict}: {reply.reason}"[:300])


@dataclass(frozen=True)
class JudgeResult:
    scores: dict[str, Score]  # "judge_faithfulness", "judge_correctness"
    calls: int
    parse_failures: int
    replies: dict[str, str]  # raw judge text per metric, kept in results.jsonl


def _passages(answer: Answer) -> str:
    return "\n\n".join(f"[{c.n}] {c.text}" for c in answer.citations) or "(none)"


class Judge:
    """Asks `chat` (a LangChain chat model on the judge server) for both verdicts of one answer.

    `cached(parts, make)` returns the text for a dict of inputs, calling `make` only on a miss
    (evals.runner.GenerationCache.text); `identity` (server and model) is part of every key.
    """

    def __init__(
        self,
        chat,
        identity: Mapping[str, str],
        cached: Callable[[dict, Callable[[], str]], str] | None = None,
    ) -> None:
        from langchain_core.prompts import ChatPromptTemplate

        self.chat = chat
        self.identity = dict(identity)
        self.cached = cached or (lambda parts, make: make())
        self.prompts = {
            name: ChatPromptTemplate.from_messages([("human", load_eval_prompt(name))])
            for name in ("judge_faithfulness", "judge_correctness")
        }

    def _ask(self, prompt: str, values: dict) -> str:
        def make() -> str:
            try:
                message = self.chat.invoke(self.prompts[prompt].invoke(values))
            except Exception as exc:  # an unreachable or failing server: one line, not a traceback
                if backend_error_message(exc) is None:
                    raise
                raise ProviderError(
                    f"the judge server {self.identity.get('base_url')} failed ({type(exc).__name__}); "
                    "answers generated so far are cached, rerun when it is back"
                ) from exc
            return str(message.content)

        parts = {"judge": self.identity, "prompt": load_eval_prompt(prompt), "values": values}
        return self.cached(parts, make)

    def score(self, row: GoldenRow, answer: Answer) -> JudgeResult:
        scores: dict[str, Score] = {}
        replies: dict[str, str] = {}
        calls = failures = 0
        text = strip_citations(answer.answer).strip()
        if answer.refused:
            scores["judge_faithfulness"] = Score(None, "refused")
        else:
            reply = self._ask("judge_faithfulness", {"passages": _passages(answer), "answer": text})
            parsed = parse_reply(reply, FaithfulnessReply)
            calls, failures = calls + 1, failures + (parsed is None)
            replies["judge_faithfulness"] = reply
            scores["judge_faithfulness"] = faithfulness_score(parsed)
        if not row.answerable or not row.reference_answer:
            scores["judge_correctness"] = Score(None, "no reference answer")
        elif answer.refused:
            scores["judge_correctness"] = Score(0.0, "refused an answerable question")
        else:
            values = {"question": row.question, "reference": row.reference_answer, "answer": text}
            reply = self._ask("judge_correctness", values)
            parsed = parse_reply(reply, CorrectnessReply)
            calls, failures = calls + 1, failures + (parsed is None)
            replies["judge_correctness"] = reply
            scores["judge_correctness"] = correctness_score(parsed)
        return JudgeResult(scores, calls, failures, replies)
