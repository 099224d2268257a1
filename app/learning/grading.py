"""Grading quiz answers. Multiple choice and true/false exactly; short answers by key points.

A short answer is judged by which of the question's key points it expresses, using evidence that
does not come from the small LLM: word overlap (with crude stemming) and embedding similarity
between each key point and each clause of the answer. A clause that negates what the key point
asserts ("cannot overshoot" against "overshoots") does not count as expressing it. The verdict
follows from the share of key points covered; the LLM may only word the feedback afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from app.core.contradiction import best_sentence, contradiction
from app.core.corpus import Question
from app.core.text import cosine, split_sentences, tokenize

__all__ = [
    "VERDICT_SCORES",
    "Grade",
    "GradeThresholds",
    "grade_choice",
    "grade_short_answer",
    "parse_true_false",
    "split_clauses",
]

Verdict = Literal["correct", "partially_correct", "incorrect"]
# What each verdict is worth: mastery, FSRS ratings and the eval judge all read this one table.
VERDICT_SCORES: dict[str, float] = {"correct": 1.0, "partially_correct": 0.5, "incorrect": 0.0}
Embed = Callable[[list[str]], list[list[float]]]

_NEGATION = re.compile(
    r"\b(not|never|no|cannot|can't|doesn't|don't|isn't|aren't|won't|without|neither|nor)\b|n't\b", re.I
)
_CLAUSE = re.compile(r"(?<=[.!?;:])\s+|,\s+(?:but|while|whereas|and|so|because)\s+|\s+-\s+|\n+")
_NEGATORS = {"not", "never", "no", "cannot", "without", "neither", "nor"}  # and any word ending in n't


@dataclass(frozen=True)
class GradeThresholds:
    lexical: float = 0.5  # share of a key point's words found in one clause
    semantic: float = 0.6  # cosine of key point and clause
    mixed_lexical: float = 0.34  # ... or this much overlap together with
    mixed_semantic: float = 0.45  # ... this much similarity
    correct_share: float = 0.99  # share of key points needed for "correct"
    partial_share: float = 0.2  # ... and for "partially_correct"
    contradiction_overlap: int = 2  # content words a clause shares with the reference before it is compared
    near_semantic: float = 0.1  # a missed key point this close below `semantic` is a near miss


@dataclass
class Grade:
    verdict: Verdict
    covered: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    detail: list[dict] = field(default_factory=list)
    contradicted: list[dict] = field(default_factory=list)  # {"clause", "reason"}: says the opposite
    unsure: bool = False  # a missed key point came close in meaning: the learner should check against the key

    @property
    def score(self) -> float:
        return VERDICT_SCORES[self.verdict]


def parse_true_false(answer: str) -> bool | None:
    value = answer.strip().lower()
    if value in {"true", "t", "yes", "y", "1"}:
        return True
    if value in {"false", "f", "no", "n", "0"}:
        return False
    return None


def grade_choice(question: Question, answer: str | int | bool) -> Grade:
    """Multiple choice (option index, option letter or option text) and true/false: exact."""
    if question.type == "true_false":
        given = answer if isinstance(answer, bool) else parse_true_false(str(answer))
        ok = given is not None and given == question.answer
    else:
        options = question.options or []
        if isinstance(answer, int) and not isinstance(answer, bool):
            index = answer
        elif isinstance(answer, str) and len(answer.strip()) == 1 and answer.strip().upper() in "ABCD":
            index = "ABCD".index(answer.strip().upper())
        else:
            text = str(answer).strip().casefold()
            index = next((i for i, o in enumerate(options) if o.strip().casefold() == text), -1)
        ok = index == question.answer
    return Grade("correct" if ok else "incorrect")


def split_clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE.split(text) if c and len(tokenize(c)) > 0]


_SUFFIXES = (
    "ations",
    "ation",
    "ments",
    "ment",
    "ness",
    "ities",
    "ity",
    "ible",
    "able",
    "ing",
    "ages",
    "age",
    "ies",
    "ied",
    "ers",
    "er",
    "est",
    "ed",
    "es",
    "ly",
    "s",
    "e",
)


def stem(word: str) -> str:
    """A crude stem: strip one common suffix, keep at most 5 letters ('leakage' ~ 'leaks' ~ 'leak')."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:5]


def _stems(text: str) -> set[str]:
    return {stem(w) for w in tokenize(text)}


def _negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def _negated_near(clause: str, stems: set[str], window: int = 3) -> bool:
    """Are most of the words the clause shares with `stems` preceded (within `window` words) by a
    negation? "a large rate never overshoots or diverges" negates "overshoots or diverges";
    "the matrix does not turn it: it only stretches it" does not negate "stretches"."""
    words = re.findall(r"[a-z0-9_']+", clause.lower())  # keep no_grad and don't whole

    def negator(w: str) -> bool:
        return w in _NEGATORS or w.endswith("n't")

    matched = [i for i, w in enumerate(words) if not negator(w) and stem(w.replace("'", "")) in stems]
    negated = [i for i in matched if any(negator(w) for w in words[max(0, i - window) : i])]
    return bool(matched) and len(negated) * 2 >= len(matched)


def contradictions(answer: str, reference: str, overlap: int = 2) -> list[dict]:
    """The learner's sentences that say the opposite of the reference answer about the same thing:
    a flipped polarity, an opposite term, or two roles swapped ("loc selects by position, iloc by
    label" against "loc selects by label, iloc by position"). Numbers are not compared: a learner
    may give an example the key does not."""
    out = []
    for clause in split_sentences(answer) or [answer.strip()]:
        closest = best_sentence(clause, reference)
        mine = set(tokenize(clause))
        shared = mine & set(tokenize(closest))
        if len(shared) < overlap:
            continue
        reason = contradiction(clause, reference, numbers=False)
        if reason.startswith("negation") and len(shared) < 0.5 * len(mine):
            continue  # a paraphrase may say "keeps its direction" where the key says "does not turn"
        if reason:
            out.append({"clause": clause, "reason": reason})
    return out


def _align(
    point: str, kv: list[float], clauses: list[str], clause_vecs: list[list[float]], t: GradeThresholds
) -> tuple[bool, float, float, str]:
    """Does one clause of the answer express the key point? (covered, lexical, semantic, clause)"""
    point_stems = _stems(point)
    best = (0.0, 0.0, "")
    for clause, cv in zip(clauses, clause_vecs, strict=True):
        lexical = len(point_stems & _stems(clause)) / max(1, len(point_stems))
        semantic = cosine(kv, cv)
        clause_negated = _negated(clause) if _negated(point) else _negated_near(clause, point_stems)
        if lexical >= 0.5 and clause_negated != _negated(point):
            continue  # nearly the same words with the opposite polarity: says the opposite
        if (lexical + semantic) > (best[0] + best[1]):
            best = (lexical, semantic, clause)
    lexical, semantic, clause = best
    ok = lexical >= t.lexical or semantic >= t.semantic or (lexical >= t.mixed_lexical and semantic >= t.mixed_semantic)
    return ok, lexical, semantic, clause


def grade_short_answer(
    key_points: list[str],
    answer: str,
    embed: Embed,
    thresholds: GradeThresholds = GradeThresholds(),
    reference: str = "",
) -> Grade:
    """Verdict from key-point coverage; `embed` returns normalised vectors (dot = cosine). With the
    `reference` answer, an answer that covers the key points in words but says the opposite of the
    reference (roles swapped, polarity or a term flipped) is not credited: it is incorrect."""
    clauses = split_clauses(answer)
    if len(clauses) > 1:
        clauses.append(answer.strip())  # a point may be made across two clauses
    if not clauses:
        return Grade("incorrect", [], list(key_points))
    alternatives = [[a.strip() for a in point.split(" | ") if a.strip()] or [point] for point in key_points]
    flat = [a for alts in alternatives for a in alts]
    vectors = embed(flat + clauses)
    vector_of = dict(zip(flat, vectors[: len(flat)], strict=True))
    clause_vecs = vectors[len(flat) :]
    covered, missing, detail = [], [], []
    for point, alts in zip(key_points, alternatives, strict=True):
        best_alt = max((_align(a, vector_of[a], clauses, clause_vecs, thresholds) for a in alts), key=lambda m: m[:3])
        ok, lexical, semantic, clause = best_alt
        (covered if ok else missing).append(point)
        detail.append(
            {
                "key_point": point,
                "covered": ok,
                "lexical": round(lexical, 3),
                "semantic": round(semantic, 3),
                "clause": clause,
            }
        )
    share = len(covered) / len(key_points)
    verdict: Verdict = (
        "correct"
        if share >= thresholds.correct_share
        else "partially_correct"
        if share >= thresholds.partial_share
        else "incorrect"
    )
    against = contradictions(answer, reference, thresholds.contradiction_overlap) if reference else []
    if against:
        return Grade("incorrect", covered, missing, detail, against)
    # a missed point that came close in meaning may be a paraphrase the grader cannot place: the
    # feedback says so. The verdict stays: raising such answers to "partially correct" was measured
    # to cost 1-4 points of agreement on both halves of grading-heldout.jsonl (wrong answers on the
    # right topic come close in meaning as often as paraphrases do)
    close = thresholds.semantic - thresholds.near_semantic
    unsure = verdict != "correct" and any(not d["covered"] and d["semantic"] >= close for d in detail)
    return Grade(verdict, covered, missing, detail, against, unsure=unsure)
