"""quiz_key_validity: does the reading back each bank question's key? Judge-free, no LLM.

Each question's key is checked against the passage under its `heading` in its item's reading, with
the evidence thresholds the tutor uses for generated questions (app.learning.question_gen: the claim's words
are in the passage, lexical >= KEY_LEXICAL, or it is close in meaning to one of the passage's
sentences, cosine >= KEY_SEMANTIC):
- multiple choice: the key option is backed. Distractors are not checked: the bank's distractors are
  built from the reading's own vocabulary on purpose, so word evidence cannot tell them apart;
- short answer: every key point is backed;
- true/false: a true statement is backed. A false statement is left out (None): a passage lacking a
  claim's words does not show the claim is false. So is a key with no letters (a computed number).
The metric is the share of checked questions that pass. A failure is a question to read again (a key
the reading does not teach) or a paraphrase the check is too literal for; the reasons are kept per
question in results.jsonl.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from app.answering.grounding import split_sentences
from app.core.corpus import Question, Reading
from app.core.text import cosine, lexical_support
from app.learning.question_gen import KEY_LEXICAL, KEY_SEMANTIC
from evals.metrics import Score

__all__ = ["heading_passage", "key_validity", "quiz_key_records"]

Embed = Callable[[list[str]], list[list[float]]]
_LETTER = re.compile(r"[^\W\d_]")


def heading_passage(reading: Reading, heading: str) -> str | None:
    """The text under `## heading` in the reading, up to the next `## ` heading."""
    return reading.part(heading)


class _Evidence:
    """The passages' sentences, embedded once per passage, and the support rule for a claim."""

    def __init__(self, embed: Embed) -> None:
        self.embed = embed
        self.sentences: dict[str, list[list[float]]] = {}

    def weak(self, claims: list[str], passage: str) -> list[str]:
        """The claims the passage does NOT back."""
        if passage not in self.sentences:
            self.sentences[passage] = self.embed(split_sentences(passage) or [passage])
        vectors = self.embed(claims)
        out = []
        for claim, vector in zip(claims, vectors, strict=True):
            semantic = max(cosine(vector, s) for s in self.sentences[passage])
            if lexical_support(claim, passage) < KEY_LEXICAL and semantic < KEY_SEMANTIC:
                out.append(claim)
        return out


def _claims(question: Question) -> list[str] | None:
    """The texts that must be backed; None when the key cannot be checked by evidence."""
    if question.type == "mcq":
        claims = [(question.options or [])[int(question.answer)]]
    elif question.type == "true_false":
        claims = [question.question] if question.answer is True else []
    else:
        claims = list(question.key_points or [])
    claims = [c for c in claims if _LETTER.search(c)]  # a bare number is computed, not quoted
    return claims or None


def key_validity(question: Question, passage: str, embed: Embed | _Evidence) -> Score:
    evidence = embed if isinstance(embed, _Evidence) else _Evidence(embed)
    claims = _claims(question)
    if claims is None:
        return Score(None, "a false statement or a key with no words is not checked")
    weak = evidence.weak(claims, passage)
    if not weak:
        return Score(1.0, "key backed by the passage")
    return Score(0.0, "not in the passage: " + "; ".join(weak))


def quiz_key_records(
    questions: Iterable[Question], readings: dict[str, Reading], stage_of: dict[str, int], embed: Embed
) -> list[dict]:
    """One record per bank question (kind "quiz_key"), scored by `key_validity`."""
    records = []
    evidence = _Evidence(embed)
    for q in questions:
        passage = heading_passage(readings[q.item_id], q.heading) if q.item_id in readings else None
        score = Score(0.0, f"no passage under {q.heading!r}") if passage is None else key_validity(q, passage, evidence)
        records.append(
            {
                "id": q.id,
                "kind": "quiz_key",
                "system": "tutor",
                "stage": stage_of.get(q.item_id),
                "type": q.type,
                "question": q.question,
                "metrics": {"quiz_key_valid": score.value},
                "reasons": {"quiz_key_valid": score.reason},
            }
        )
    return records
