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

from app.core.text import split_sentences, strip_citations, tokenize

__all__ = ["Verdict", "check_claim", "contradiction", "form_problem"]

_NEGATION = re.compile(
    r"\b(not|no|never|none|neither|nor|cannot|without|fails?|lacks?|isn't|aren't|doesn't|don't|didn't|"
    r"won't|can't|shouldn't|wouldn't|hardly|rather than|instead of)\b|n't\b",
    re.I,
)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*%?")
_CONTRAST = re.compile(r"\s*(?:;|,?\s+\b(?:while|whereas|but|however|unlike|in contrast)\b)\s*", re.I)
_CLAUSE = re.compile(r"\s*(?:;|,|\band\b|\bwhile\b|\bwhereas\b|\bbut\b|\bhowever\b|\bunlike\b)\s*", re.I)
_META = re.compile(
    r"\b(the|this|these|that) (passages?|context|notes?|texts?|excerpts?|documents?|readings? provided)\b"
    r"|\bas an ai\b|\bi (?:cannot|can't|don't)\b|\bprovided (?:passages?|context|information)\b",
    re.I,
)

# Pairs whose swap turns a true statement into a false one. Each word maps to its opposite(s).
_OPPOSITES_PAIRS = [
    ("increase", "decrease"),
    ("increases", "decreases"),
    ("raise", "lower"),
    ("raises", "lowers"),
    ("raising", "lowering"),
    ("higher", "lower"),
    ("more", "less"),
    ("larger", "smaller"),
    ("large", "small"),
    ("above", "below"),
    ("up", "down"),
    ("before", "after"),
    ("bias", "variance"),
    ("precision", "recall"),
    ("overfitting", "underfitting"),
    ("overfit", "underfit"),
    ("training", "test"),
    ("positive", "negative"),
    ("positives", "negatives"),
    ("true", "false"),
    ("convex", "non-convex"),
    ("supervised", "unsupervised"),
    ("row", "column"),
    ("rows", "columns"),
    ("label", "position"),
    ("maximum", "minimum"),
    ("max", "min"),
    ("reduces", "increases"),
    ("reduce", "increase"),
    ("faster", "slower"),
    ("always", "never"),
    ("independent", "dependent"),
    ("parallel", "sequential"),
    ("online", "offline"),
    ("on-policy", "off-policy"),
    ("encoder", "decoder"),
    ("first", "last"),
    ("stationary", "non-stationary"),
    ("linear", "nonlinear"),
    ("type i", "type ii"),
    ("delete", "add"),
    ("deletes", "adds"),
    ("delete", "adds"),
    ("static", "dynamic"),
    ("real", "complex"),
    ("same", "different"),
    ("global", "local"),
    ("more", "fewer"),
    ("parallel", "one after another"),
    ("parallel", "sequentially"),
]
OPPOSITES: dict[str, set[str]] = {}
for _a, _b in _OPPOSITES_PAIRS:
    OPPOSITES.setdefault(_a, set()).add(_b)
    OPPOSITES.setdefault(_b, set()).add(_a)

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


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", text.lower())


def _negations(text: str) -> int:
    return len(_NEGATION.findall(text.replace("non-", "non")))


def _clauses(text: str, splitter: re.Pattern) -> list[list[str]]:
    return [tokenize(c) for c in splitter.split(strip_citations(text)) if c and c.strip()]


def _swapped_roles(sentence: str, evidence: str) -> tuple[str, str] | None:
    """The evidence sets two subjects against each other in one sentence ("loc selects rows by
    label, while iloc selects rows by integer position"); a clause of the sentence gives one
    subject more of the other side's terms than of its own ("loc selects rows by integer position")."""
    ev = _clauses(evidence, _CONTRAST)
    for i, ci in enumerate(ev):
        for cj in ev[:i] + ev[i + 1 :]:
            own, other = [t for t in ci if t not in cj], {t for t in cj if t not in ci}
            if not own:
                continue
            head, other_head = own[0], next((t for t in cj if t not in ci), None)
            for clause in map(set, _clauses(sentence, _CLAUSE)):
                crossing, own_present = sorted(other & clause), set(own[1:]) & clause
                if head in clause and other_head not in clause and len(crossing) > len(own_present):
                    return head, crossing[0]
    return None


def _has(words: set[str], text: str, term: str) -> bool:
    return term in words or (" " in term and f" {term} " in f" {text} ")


def _flipped_term(sentence: str, evidence: str) -> str:
    """A clause of the sentence uses a word where the evidence clause it matches best has that
    word's opposite ("Raising the threshold makes recall go up" against "... recall go down")."""
    e_clauses = [" ".join(_words(c)) for c in _CLAUSE.split(evidence) if c.strip()]
    for clause in _CLAUSE.split(sentence):
        s_text = " ".join(_words(clause))
        s_words = set(s_text.split())
        if not s_words or not e_clauses:
            continue
        e_text = max(e_clauses, key=lambda c: len(set(tokenize(c)) & set(tokenize(s_text))))
        e_words = set(e_text.split())
        for word, opposites in OPPOSITES.items():
            if not _has(s_words, s_text, word) or _has(e_words, e_text, word):
                continue
            for opp in opposites:
                if _has(e_words, e_text, opp) and not _has(s_words, s_text, opp):
                    return f"says '{word}' where the evidence says '{opp}'"
    return ""


def _best_sentence(sentence: str, evidence: str) -> str:
    """The sentence of an evidence unit that shares the most words with `sentence`."""
    parts = split_sentences(evidence) or [evidence]
    mine = set(tokenize(sentence))
    return max(parts, key=lambda p: len(mine & set(tokenize(p))) / (len(mine | set(tokenize(p))) or 1))


def contradiction(sentence: str, evidence: str) -> str:
    """Why `sentence` contradicts `evidence` ('' when no check finds a contradiction). Polarity is
    compared with the evidence sentence closest to it, numbers with the whole evidence."""
    s, e = strip_citations(sentence), strip_citations(evidence)
    if (_negations(s) > 0) != (_negations(_best_sentence(s, e)) > 0):
        return "negation differs from the evidence"
    missing = [n for n in _NUMBER.findall(s) if n.rstrip("%") not in e]
    if missing:
        return f"number {missing[0]} is not in the evidence"
    flipped = _flipped_term(s, e)
    if flipped:
        return flipped
    swap = _swapped_roles(s, e)
    if swap:
        return f"pairs '{swap[0]}' with '{swap[1]}', which the evidence keeps apart"
    return ""


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
    return " ".join(_words(strip_citations(text)))


def _repeats(sentence: str, evidence: str) -> bool:
    """Near-verbatim: the sentence's words in the evidence sentence's order, with few changes."""
    mine = _words(strip_citations(sentence))
    theirs = _words(_best_sentence(sentence, strip_citations(evidence)))
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
