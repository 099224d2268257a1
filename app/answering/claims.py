"""Is a generated sentence safe to show as the tutor's statement? Decided without the LLM. Pure.

A sentence the model wrote is shown only when it is tied to the evidence it was written from and
none of its key terms contradict that evidence. Copying-based support alone is not enough: the
small model keeps the words and flips the meaning. So besides support (lexical overlap, backed by
embedding closeness), the sentence is compared with its closest evidence unit for
- polarity: a negation present in one and not the other ("It is *not* the probability that ...");
- numbers: every number it states must appear in the evidence;
- flipped terms: it uses a word where the evidence has that word's opposite (raises/lowers,
  bias/variance, precision/recall, overfitting/underfitting, ...);
- swapped roles: two terms that the evidence keeps in different clauses of a contrast ("loc selects
  by label, iloc by integer position") are paired in one clause of the sentence;
and for form: meta-talk about "the passage", bare citations, headers, cut-off endings.
A sentence that adds nothing (a near-copy of shown evidence) is dropped as redundant, and the words
a sentence takes from the question count for nothing: they are what the learner asked, not support.

Left out: entailment in general (no NLI model is available offline); these checks catch the
patterns seen in review, and they err toward dropping a sentence, which costs only words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from app.core.contradiction import best_sentence, contradiction, words
from app.core.text import strip_citations, tokenize

__all__ = ["Verdict", "check_claim", "form_problem"]

_META = re.compile(
    r"\b(the|this|these|that) (passages?|context|notes?|texts?|excerpts?|documents?|readings? provided)\b"
    r"|\bas an ai\b|\bi (?:cannot|can't|don't)\b|\bprovided (?:passages?|context|information)\b",
    re.I,
)

SUPPORT_LEXICAL = 0.6  # share of the sentence's content words found in its evidence
SUPPORT_WEAK = 0.45  # ... enough when the meaning is also close
SUPPORT_SEMANTIC = 0.6
REPEAT_RATIO = 0.85  # word-sequence similarity above which a sentence only repeats the evidence


@dataclass(frozen=True)
class Verdict:
    text: str
    shown: bool
    reason: str  # "" when shown
    evidence: int | None  # index of the closest evidence unit


def form_problem(sentence: str) -> str:
    """Why a sentence is not fit to show, whatever its content ('' when it is)."""
    text = strip_citations(sentence).strip()
    if len(tokenize(text)) < 3:
        return "too short"
    if _META.search(text):
        return "talks about the passages instead of the subject"
    if text.startswith(("#", "[", "```", "|")) or text.endswith(":"):
        return "a header, code or an introduction to a list"
    if text[-1] not in ".!?)\"'`*":
        return "cut off"
    return ""


def _support(words: set[str], passage: str) -> float:
    """Share of `words` the passage contains (prefix-matched, as app.answering.grounding does)."""
    if not words:
        return 0.0
    found = set(tokenize(passage))
    stems = {w[:6] for w in found}
    return sum(1 for w in words if w in found or (len(w) > 5 and w[:6] in stems)) / len(words)


def _norm(text: str) -> str:
    return " ".join(words(strip_citations(text)))


def _repeats(sentence: str, evidence: str) -> bool:
    """Near-verbatim: the sentence's words in the evidence sentence's order, with few changes."""
    mine = words(strip_citations(sentence))
    theirs = words(best_sentence(sentence, strip_citations(evidence)))
    return SequenceMatcher(None, mine, theirs, autojunk=False).ratio() >= REPEAT_RATIO


def check_claim(sentence: str, evidence: Sequence[str], similarity: Sequence[float], question: str = "") -> Verdict:
    """May `sentence` be shown? `similarity[j]` is its embedding cosine with evidence unit j.
    Words the sentence takes from the question are not evidence of support: "You can use a
    factory to try a new idea without touching the main code" must be backed by what it adds."""
    problem = form_problem(sentence)
    if problem:
        return Verdict(sentence, False, problem, None)
    if not evidence:
        return Verdict(sentence, False, "no evidence to check it against", None)
    asked = {w[:6] for w in tokenize(question)}
    words = {w for w in tokenize(strip_citations(sentence)) if w[:6] not in asked}
    if len(words) < 2:
        return Verdict(sentence, False, "restates the question", None)
    scored = [(_support(words, e), similarity[j], j) for j, e in enumerate(evidence)]
    lex, sem, j = max(scored, key=lambda t: t[0] + t[1])
    union = _support(words, " ".join(evidence))
    supported = union >= SUPPORT_LEXICAL and (lex >= SUPPORT_WEAK or sem >= SUPPORT_SEMANTIC)
    supported = supported or (lex >= SUPPORT_WEAK and sem >= SUPPORT_SEMANTIC)
    if not supported:
        return Verdict(sentence, False, "not tied to the evidence", j)
    reason = contradiction(sentence, evidence[j])
    if reason:
        return Verdict(sentence, False, reason, j)
    if _repeats(sentence, evidence[j]) or any(_norm(sentence) in _norm(e) for e in evidence):
        return Verdict(sentence, False, "repeats the evidence", j)
    return Verdict(sentence, True, "", j)
