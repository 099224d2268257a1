"""Does a sentence say the opposite of a reference text? Decided without a model. Pure.

Used wherever a sentence someone else wrote (the model's explanation, a learner's quiz answer, a
learner's premise) is compared with vetted text. The sentence is compared with the closest sentence
of the reference for
- polarity: a negation present in one and not the other ("It is *not* the probability that ...");
- numbers: every number it states must appear in the reference;
- flipped terms: a word where the reference has its opposite (raises/lowers, bias/variance, ...);
- swapped roles: two terms that the reference keeps in different clauses of a contrast ("loc
  selects by label, iloc by integer position") paired the other way round in one clause.
Left out: entailment in general (no NLI model is available offline).
"""

from __future__ import annotations

import re

from app.core.text import split_sentences, strip_citations, tokenize

__all__ = ["OPPOSITES", "best_sentence", "contradiction", "negations", "words"]

_NEGATION = re.compile(
    r"\b(not|no|never|none|neither|nor|cannot|without|fails?|lacks?|isn't|aren't|doesn't|don't|didn't|"
    r"won't|can't|shouldn't|wouldn't|hardly|rather than|instead of)\b|n't\b",
    re.I,
)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*%?")
_CONTRAST = re.compile(r"\s*(?:;|,?\s+\b(?:while|whereas|but|however|unlike|in contrast)\b)\s*", re.I)
_CLAUSE = re.compile(r"\s*(?:;|,|\band\b|\bwhile\b|\bwhereas\b|\bbut\b|\bhowever\b|\bunlike\b)\s*", re.I)

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


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", text.lower())


def negations(text: str) -> int:
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
            if len(head) < 2:
                continue  # "f" of "for f(x, y), ..." is a symbol in an aside, not a role
            for clause in map(set, _clauses(sentence, _CLAUSE)):
                crossing = sorted(t for t in other & clause if len(t) > 1)
                own_present = set(own[1:]) & clause
                if head in clause and other_head not in clause and len(crossing) > len(own_present):
                    return head, crossing[0]
    return None


def _has(words: set[str], text: str, term: str) -> bool:
    return term in words or (" " in term and f" {term} " in f" {text} ")


def _flipped_term(sentence: str, evidence: str) -> str:
    """A clause of the sentence uses a word where the evidence clause it matches best has that
    word's opposite ("Raising the threshold makes recall go up" against "... recall go down")."""
    e_clauses = [" ".join(words(c)) for c in _CLAUSE.split(evidence) if c.strip()]
    for clause in _CLAUSE.split(sentence):
        s_text = " ".join(words(clause))
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


def best_sentence(sentence: str, evidence: str) -> str:
    """The sentence of an evidence unit that shares the most words with `sentence`."""
    parts = split_sentences(evidence) or [evidence]
    mine = set(tokenize(sentence))
    return max(parts, key=lambda p: len(mine & set(tokenize(p))) / (len(mine | set(tokenize(p))) or 1))


def contradiction(sentence: str, evidence: str, numbers: bool = True) -> str:
    """Why `sentence` contradicts `evidence` ('' when no check finds a contradiction). Polarity is
    compared with the evidence sentence closest to it, numbers (unless `numbers` is False) with the
    whole evidence."""
    s, e = strip_citations(sentence), strip_citations(evidence)
    if (negations(s) > 0) != (negations(best_sentence(s, e)) > 0):
        return "negation differs from the evidence"
    missing = [n for n in _NUMBER.findall(s) if n.rstrip("%") not in e] if numbers else []
    if missing:
        return f"number {missing[0]} is not in the evidence"
    flipped = _flipped_term(s, e)
    if flipped:
        return flipped
    swap = _swapped_roles(s, e)
    if swap:
        return f"pairs '{swap[0]}' with '{swap[1]}', which the evidence keeps apart"
    return ""
