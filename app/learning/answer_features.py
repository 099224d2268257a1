"""What a short quiz answer says, measured against what is known in advance: the question's key
points (with their alternatives), its reference answer and the question itself. Pure, given `embed`.

Every feature is a number a teacher could read: how much of each key point the best clause of the
answer carries in words and in meaning, whether a clause that uses a key point's words negates it,
whether the answer pairs the reference's terms the way the reference does (roles: "loc ... label,
iloc ... position") and keeps them in the same order, whether it says the opposite of a reference
sentence, how close it is to the question and to the reference as a whole, and how long it is. The
verdict is learned from labelled answers over these features (`verdict_model.py`); nothing here
asks the language model.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from app.core.contradiction import OPPOSITES, best_sentence, contradiction, negations, words
from app.core.text import cosine, split_sentences, tokenize

__all__ = [
    "FEATURES",
    "Alignment",
    "align",
    "alternatives",
    "answer_features",
    "contradictions",
    "split_clauses",
    "stem",
]

Embed = Callable[[list[str]], list[list[float]]]

_NEGATION = re.compile(
    r"\b(not|never|no|cannot|can't|doesn't|don't|isn't|aren't|won't|without|neither|nor)\b|n't\b", re.I
)
_CLAUSE = re.compile(r"(?<=[.!?;:])\s+|,\s+(?:but|while|whereas|and|so|because)\s+|\s+-\s+|\n+")
_ROLE_CLAUSE = re.compile(r"[;.!?,]|\bwhile\b|\bwhereas\b|\bbut\b|\band\b", re.I)
_NEGATORS = {"not", "never", "no", "cannot", "without", "neither", "nor"}  # and any word ending in n't
# the thresholds of the older rule "a key point is covered" (kept: the feedback's covered/missing
# lists and the eval's key-point recall read them, and their share is one feature of the verdict)
LEXICAL, SEMANTIC, MIXED_LEXICAL, MIXED_SEMANTIC = 0.5, 0.6, 0.34, 0.45

FEATURES = (
    "kp_mix",
    "cov_share",
    "lex_min",
    "lex_mean",
    "lex_max",
    "sem_min",
    "sem_mean",
    "sem_max",
    "pol_skip",
    "ans_ref",
    "ans_q",
    "ref_rec",
    "ans_prec",
    "pair_new",
    "pair_kept",
    "order",
    "c_neg",
    "c_flip",
    "c_swap",
    "neg_more",
    "neg_less",
    "neg_rate",
    "loglen",
    "lenratio",
    "nkp",
    "clause_lex_min",
    "clause_lex_mean",
    "kp_order_min",
    "opp_order",
)

_SUFFIXES = (
    "ations", "ation", "ments", "ment", "ness", "ities", "ity", "ible", "able", "ing", "ages", "age",
    "ies", "ied", "ers", "er", "est", "ed", "es", "ly", "s", "e",
)  # fmt: skip


def stem(word: str) -> str:
    """A crude stem: strip one common suffix, keep at most 5 letters ('leakage' ~ 'leaks' ~ 'leak')."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:5]


def _stems(text: str) -> set[str]:
    return {stem(w) for w in tokenize(text)}


_SHORTHAND = (
    (re.compile(r"\s*(?:->|=>|→)\s*"), "; so "),
    (re.compile(r"\bw/o\b", re.I), "without"),
    (re.compile(r"\bw/\s*(?=\w)", re.I), "with "),
    (re.compile(r"\bwrt\b", re.I), "with respect to"),
    (re.compile(r"\bb/c\b", re.I), "because"),
    (re.compile(r"\s&\s"), " and "),
    (re.compile(r"(?<=\w)\s+\+\s+(?=\w)"), " and "),
    (re.compile(r"(?<=\w)\s+=\s+(?=\w)"), " is "),
    *(
        (re.compile(rf"\b{short}\b", re.I), full)
        for short, full in {
            "max": "maximum", "min": "minimum", "info": "information", "params": "parameters",
            "hyperparams": "hyperparameters", "param": "parameter", "grads": "gradients", "grad": "gradient",
            "lr": "learning rate", "esp": "especially", "ops": "operations", "vs": "versus",
            "approx": "approximately", "probs": "probabilities", "prob": "probability", "acc": "accuracy",
            "env": "environment", "deps": "dependencies", "prod": "production", "stats": "statistics",
            "k8s": "Kubernetes", "dims": "dimensions", "dim": "dimension", "avg": "average",
            "seqs": "sequences", "seq": "sequence", "repo": "repository",
        }.items()
    ),
)  # fmt: skip


def expand_shorthand(text: str) -> str:
    """A terse answer's note-taking shorthand in words ("rebase -> new hashes w/ conflicts"): an
    arrow ends a clause and reads "so", "w/" reads "with", "wrt" "with respect to"."""
    for pattern, replacement in _SHORTHAND:
        text = pattern.sub(replacement, text)
    return text


def split_clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE.split(text) if c and len(tokenize(c)) > 0]


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


# where a sentence's polarity is read clause by clause: a comma, a bracket, "which", a contrast
_POLARITY_CLAUSE = re.compile(r"\s*(?:[;,()]|\bwhich\b|\bwhile\b|\bwhereas\b|\bbut\b|\bhowever\b)\s*", re.I)
_NO_ALONE = re.compile(r"['\"]?\bno\b['\"]?(?=\s*(?:[.,;:!?)]|$))", re.I)  # the answer "no", not "no X"
_TIME_UNITS = r"(?:time|times|batch|batches|epoch|epochs|iteration|round|run|week|month|year)"
_FLIP = re.compile(r"says '(\w+)' where the evidence says '(\w+)'")


def _ordinal_step(reason: str, clause: str) -> bool:
    """A "first"/"last" that opens a clause numbers the steps of an answer ("Last, optimizer.step()
    updates the weights", "... and last you let the optimizer change the weights"); it does not
    flip the key's "first" (the order of steps is the role constraints' to check). Nor does one
    that dates a thing ("wipe last batch's gradients", "the first time", "last epoch"): it names
    the previous batch, not the place of a step."""
    m = _FLIP.search(reason)
    if not m or {m[1], m[2]} != {"first", "last"}:
        return False
    opens = re.search(rf"(?:^|[,;:]\s*|\b(?:and|then)\s+){m[1]}\b", clause.strip(), re.I)
    return bool(opens or re.search(rf"\b{m[1]}\s+(?:\w+'s\b|{_TIME_UNITS}\b)", clause, re.I))


# a note's sentence may start in lower case ("... no autocorrelation left. check the residual ACF");
# "e.g." / "i.e." / "vs." / "etc." end no sentence
_NOTE_SENTENCE = re.compile(r"(?<=[.!?])(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\betc\.)(?<!\bcf\.)\s+(?=[a-z])")


def answer_sentences(answer: str) -> list[str]:
    """The sentences of a learner's answer: each line on its own (a note or an example lists one
    step, one case per line: "full: 4096 x 4096 = 16,777,216" / "LoRA r=8: ... 65,536"), and a
    sentence of notes that starts in lower case is a sentence too."""
    out = []
    for line in answer.splitlines():
        for sentence in split_sentences(line):
            out += [s.strip() for s in _NOTE_SENTENCE.split(sentence) if s.strip()]
    return out


def _swap_in_one_sentence(clause: str, reference: str) -> bool:
    """Does the pairing test find the swap against a single sentence of the reference? The test
    sets the reference's contrasting clauses against each other; across two sentences the "contrast"
    is no contrast (a first sentence's "gradients are multiplied through many time steps" against
    a second's "gradient clipping handles the exploding case")."""
    return any(
        contradiction(clause, sentence, numbers=False).startswith("pairs '") for sentence in split_sentences(reference)
    )


def _negation_in_shared_clause(sentence: str, closest: str) -> bool:
    """Does a clause of the answer's sentence differ in negation from the clause of the closest
    reference sentence that shares most words with it? A negation in a clause the answer does not
    speak to is no contradiction ("Most likely the gradients exploded." against "A likely cause is
    exploding gradients, which gating does not prevent")."""
    theirs = [c for c in _POLARITY_CLAUSE.split(closest) if c and tokenize(c)]
    for clause in _POLARITY_CLAUSE.split(sentence):
        mine = set(tokenize(clause or ""))
        if not mine or not theirs:
            continue
        best = max(theirs, key=lambda c: len(mine & set(tokenize(c))))
        if mine & set(tokenize(best)) and _negative(clause) != _negative(best):
            return True
    return False


def _negative(clause: str) -> bool:
    """Does the clause negate? As `negations` counts, but a "no" that negates nothing after it is
    the answer "no" ("by always saying no")."""
    return negations(_NO_ALONE.sub(" ", clause)) > 0


def contradictions(answer: str, reference: str, overlap: int = 2) -> list[dict]:
    """The learner's sentences that say the opposite of the reference answer about the same thing:
    a flipped polarity, an opposite term, or two roles swapped ("loc selects by position, iloc by
    label" against "loc selects by label, iloc by position"). Numbers are not compared: a learner
    may give an example the key does not."""
    out = []
    for clause in answer_sentences(answer) or [answer.strip()]:
        closest = best_sentence(clause, reference)
        mine = set(tokenize(clause))
        shared = mine & set(tokenize(closest))
        if len(shared) < overlap:
            continue
        reason = contradiction(clause, reference, numbers=False)
        if reason.startswith("negation") and len(shared) < 0.5 * len(mine):
            continue  # a paraphrase may say "keeps its direction" where the key says "does not turn"
        if reason.startswith("negation") and not _negation_in_shared_clause(clause, closest):
            continue
        if _ordinal_step(reason, clause):
            continue
        if reason.startswith("pairs '") and not _swap_in_one_sentence(clause, reference):
            continue
        if reason:
            out.append({"clause": clause, "reason": reason})
    return out


@dataclass(frozen=True)
class Alignment:
    """How one key point (its best alternative) lines up with the answer's best clause."""

    key_point: str
    lexical: float  # share of the key point's word stems in the clause
    semantic: float  # cosine of key point and clause
    clause: str
    polarity_clash: bool  # a clause with the key point's words negated them (or dropped its negation)

    @property
    def covered(self) -> bool:
        return (
            self.lexical >= LEXICAL
            or self.semantic >= SEMANTIC
            or (self.lexical >= MIXED_LEXICAL and self.semantic >= MIXED_SEMANTIC)
        )


def alternatives(point: str) -> list[str]:
    """The accepted forms of a key point: "pass the date as an input | disable caching" -> both."""
    return [a.strip() for a in point.split(" | ") if a.strip()] or [point]


def _align_one(point: str, vector: list[float], clauses: list[str], vectors: list[list[float]]) -> Alignment:
    point_stems = _stems(point)
    best, clash = (0.0, 0.0, ""), False
    for clause, cv in zip(clauses, vectors, strict=True):
        lexical = len(point_stems & _stems(clause)) / max(1, len(point_stems))
        semantic = cosine(vector, cv)
        negated = _negated(clause) if _negated(point) else _negated_near(clause, point_stems)
        if lexical >= 0.5 and negated != _negated(point):
            clash = True  # nearly the same words with the opposite polarity: says the opposite
            continue
        if lexical + semantic > best[0] + best[1]:
            best = (lexical, semantic, clause)
    return Alignment(point, best[0], best[1], best[2], clash)


def align(key_points: list[str], answer: str, embed: Embed, extra: list[str] = ()) -> tuple[list[Alignment], list]:
    """Each key point's best alignment (over its `a | b` alternatives) with the answer's clauses;
    also returns the vectors of `extra` texts, embedded in the same call."""
    clauses = split_clauses(answer)
    if len(clauses) > 1:
        clauses.append(answer.strip())  # a point may be made across two clauses
    forms = [alternatives(p) for p in key_points]
    flat = [a for alts in forms for a in alts]
    vectors = embed(flat + clauses + list(extra))
    vector_of = dict(zip(flat, vectors[: len(flat)], strict=True))
    clause_vecs = vectors[len(flat) : len(flat) + len(clauses)]
    out = []
    for point, alts in zip(key_points, forms, strict=True):
        found = [_align_one(a, vector_of[a], clauses, clause_vecs) for a in alts]
        best = max(found, key=lambda m: (m.covered, m.lexical, m.semantic))  # a covering alternative first
        out.append(Alignment(point, best.lexical, best.semantic, best.clause, any(m.polarity_clash for m in found)))
    return out, vectors[len(flat) + len(clauses) :]


def _paired(text: str, vocabulary: set[str]) -> set[tuple[str, str]]:
    """Pairs of vocabulary stems that share a clause: who goes with what."""
    pairs: set[tuple[str, str]] = set()
    for clause in _ROLE_CLAUSE.split(text.lower()):
        pairs |= set(itertools.combinations(sorted(_stems(clause) & vocabulary), 2))
    return pairs


def _order(words: list[str], other: list[str], at_least: int = 2) -> float:
    """Share of pairs of words found in both that `other` puts in the same order as `words` (1 when
    fewer than `at_least` words are shared: nothing to compare)."""
    shared = [w for w in dict.fromkeys(words) if w in other]
    pairs = list(itertools.combinations(shared, 2))
    if len(shared) < at_least or not pairs:
        return 1.0
    return sum((words.index(x) < words.index(y)) == (other.index(x) < other.index(y)) for x, y in pairs) / len(pairs)


def _in_clause(key_points: list[str], clauses: list[str]) -> tuple[list[float], list[float]]:
    """Per key point (best alternative): the share of its words found within one clause of the
    answer (not across the whole answer: a swap states every word, each in the other's clause), and
    the order agreement of its words with that clause ("a random negative scored higher than a random
    positive" has the words of "positive scored higher than a negative", in another order)."""
    lexical, order = [], []
    clause_words = [[stem(w) for w in tokenize(c)] for c in clauses] or [[]]
    for point in key_points:
        best = (0.0, 1.0)
        for alt in alternatives(point):
            words = [stem(w) for w in tokenize(alt)]
            for cw in clause_words:
                share = len(set(words) & set(cw)) / max(1, len(set(words)))
                if share > best[0]:
                    best = (share, _order(words, cw))
        lexical.append(best[0])
        order.append(best[1])
    return lexical, order


def _opposites_order(answer: str, reference: str) -> float:
    """1 when two opposite terms that both texts use ("positive" / "negative", "training" / "test")
    come in the other order in the answer: the roles of the pair were swapped."""
    a, r = words(answer), words(reference)
    for x, ys in OPPOSITES.items():
        for y in ys:
            if " " in x or " " in y or x not in a or y not in a or x not in r or y not in r:
                continue
            if (a.index(x) < a.index(y)) != (r.index(x) < r.index(y)):
                return 1.0
    return 0.0


def answer_features(
    key_points: list[str], answer: str, reference: str, question: str, embed: Embed
) -> tuple[dict[str, float], list[Alignment], list[dict]]:
    """The features of FEATURES (in that order), each key point's alignment, and the sentences that
    contradict the reference."""
    answer = expand_shorthand(answer).strip() or "-"
    alignments, (ref_vec, answer_vec, question_vec) = align(
        key_points, answer, embed, extra=[reference or answer, answer, question or answer]
    )
    lexs = [a.lexical for a in alignments]
    sems = [a.semantic for a in alignments]
    base_clauses = split_clauses(answer) or [answer]
    point_stems = [set().union(*(_stems(a) for a in alternatives(p))) for p in key_points]
    distinct = [s - set().union(*(point_stems[:i] + point_stems[i + 1 :])) for i, s in enumerate(point_stems)]
    mixed = sum(1 for c in base_clauses if sum(1 for d in distinct if d & _stems(c)) >= 2)
    ref_stems, answer_stems = _stems(reference), _stems(answer)
    vocabulary = ref_stems & answer_stems
    ref_pairs, answer_pairs = _paired(reference, vocabulary), _paired(answer, vocabulary)
    against = contradictions(answer, reference) if reference else []
    reasons = " ".join(c["reason"] for c in against)
    n_answer, n_ref = negations(answer), negations(reference)
    answer_len, ref_len = len(tokenize(answer)), len(tokenize(reference))
    features = {
        "kp_mix": mixed / len(base_clauses),
        "cov_share": sum(a.covered for a in alignments) / len(alignments),
        "lex_min": min(lexs),
        "lex_mean": sum(lexs) / len(lexs),
        "lex_max": max(lexs),
        "sem_min": min(sems),
        "sem_mean": sum(sems) / len(sems),
        "sem_max": max(sems),
        "pol_skip": sum(a.polarity_clash for a in alignments) / len(alignments),
        "ans_ref": cosine(answer_vec, ref_vec),
        "ans_q": cosine(answer_vec, question_vec),
        "ref_rec": len(vocabulary) / max(1, len(ref_stems)),
        "ans_prec": len(vocabulary) / max(1, len(answer_stems)),
        "pair_new": len(answer_pairs - ref_pairs) / max(1, len(answer_pairs)),
        "pair_kept": len(answer_pairs & ref_pairs) / max(1, len(ref_pairs)),
        "order": _order([stem(w) for w in tokenize(reference)], [stem(w) for w in tokenize(answer)], at_least=3),
        "c_neg": float("negation" in reasons),
        "c_flip": float("says '" in reasons),
        "c_swap": float("pairs '" in reasons),
        "neg_more": float(n_answer > n_ref),
        "neg_less": float(n_answer < n_ref),
        "neg_rate": n_answer / max(1, len(split_sentences(answer))),
        "loglen": math.log(1 + answer_len),
        "lenratio": math.log((1 + answer_len) / (1 + ref_len)),
        "nkp": float(len(key_points)),
    }
    in_clause, kp_order = _in_clause(key_points, base_clauses)
    features["clause_lex_min"] = min(in_clause)
    features["clause_lex_mean"] = sum(in_clause) / len(in_clause)
    features["kp_order_min"] = min(kp_order)
    features["opp_order"] = _opposites_order(answer, reference)
    assert tuple(features) == FEATURES
    return features, alignments, against
