"""Stage 3 counts of training signal from the h31 review: Word2Vec's skip-gram (centre, context) pairs for one
sentence and a window, the sigmoid terms negative sampling scores against a full softmax, and CBOW's examples; and
the tokens BERT's masked language model predicts in one sequence when the learner names several token counts. Each
reads the learner's numbers only when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import re

from app.answering.compute.parse import NUM, WORDS, Worked, fmt, to_float
from app.answering.compute.sweep2_c import bert_masking

# --- skip-gram pairs, negative sampling and CBOW (s3-tokenization-embeddings) ------------------------------------

_SMALL = rf"(\d{{1,2}}|{'|'.join(WORDS)})"
# "a window of 2 words on each side", "window size 2 either side", "±2 words", "2 words before and after"
_WINDOW = re.compile(
    rf"window\s+(?:size\s+)?(?:of\s+|=\s*|:\s*)?{_SMALL}\s+(?:words?\s+|tokens?\s+)?(?:on\s+|to\s+)?"
    rf"(?:each|either|both)\s+sides?|(?:±|\+/-)\s*{_SMALL}\b|"
    rf"\b{_SMALL}\s+(?:words?|tokens?)\s+(?:on\s+)?(?:(?:each|either|both)\s+sides?|before\s+and\s+after|"
    rf"to\s+the\s+left\s+and\s+(?:to\s+the\s+)?right|left\s+and\s+right)",
    re.I,
)
_QUOTED = re.compile(r"""(?<!\w)'([^'\n]{3,300})'(?!\w)|"([^"\n]{3,300})\"""")
_NEGATIVES = re.compile(
    r"\b[Kk]\s*=\s*(\d{1,3})\b|\b(\d{1,3})\s+negative(?:\s+samples?|\s+words?|s)?\b|"
    r"negatives?(?:\s+samples?)?\s*(?:per\s+pair\s*)?(?:=|:|of)\s*(\d{1,3})\b",
)
_VOCAB_SIZE = re.compile(
    rf"({NUM})[- ]word\s+vocab|vocab(?:ulary)?\s+(?:size\s+)?(?:of\s+|=\s*|:\s*|is\s+)?({NUM})\b(?!\s*-?d)|"
    rf"({NUM})\s+(?:words?\s+in\s+the\s+|-?)vocab",
    re.I,
)


def _small(text: str) -> int:
    return WORDS.get(text.lower()) or int(text)


def skipgram_counts(question: str) -> Worked | None:
    """One sentence (quoted) and a window of w words on each side: each position's neighbours within w and the
    (centre, context) pairs skip-gram makes; with K negatives, the 1 + K sigmoid terms per pair; with a
    vocabulary size V, the V softmax scores per pair a full softmax needs; with CBOW named, one example per
    centre word."""
    if not re.search(r"skip-?\s?gram|word2vec|\bCBOW\b", question, re.I):
        return None
    windows = {_small(next(g for g in m.groups() if g)) for m in _WINDOW.finditer(question)}
    sentences = [next(g for g in m.groups() if g) for m in _QUOTED.finditer(question)]
    sentences = [s for s in sentences if len(s.split()) >= 2]
    if len(windows) != 1 or len(sentences) != 1:
        return None
    w, tokens = windows.pop(), sentences[0].split()
    n = len(tokens)
    stated = {
        int(v)
        for v in re.findall(r"\b(\d{1,3})\s+(?:tokens|words)\b(?!\s+(?:on|before|to|either|each|both|left))", question)
    }
    if stated and stated != {n} or not 1 <= w < 20 or n > 40:
        return None  # the learner counts the sentence differently: which tokens are meant is not clear
    neighbours = [min(i, w) + min(n - 1 - i, w) for i in range(n)]
    pairs = sum(neighbours)
    steps = [
        f"{n} tokens ({', '.join(tokens)}); each centre word pairs with every word within {w} positions: "
        f"{' + '.join(str(k) for k in neighbours)} = {pairs} (centre, context) pairs"
    ]
    skipgram = re.search(r"skip-?\s?gram|word2vec|pairs?\b", question, re.I)
    negatives = {int(next(g for g in m.groups() if g)) for m in _NEGATIVES.finditer(question)}
    if len(negatives) > 1:
        return None
    if negatives and re.search(r"negative", question, re.I):
        k = negatives.pop()
        if k < 1:
            return None
        steps.append(
            f"negative sampling: each pair gives log σ(u_o · v_c) plus K = {k} terms log σ(-u_k · v_c), so "
            f"{pairs} × (1 + {k}) = {fmt(pairs * (1 + k))} sigmoid terms"
        )
    vocab = {to_float(next(g for g in m.groups() if g)) for m in _VOCAB_SIZE.finditer(question)}
    if len(vocab) > 1:
        return None
    if vocab and re.search(r"softmax", question, re.I):
        v = vocab.pop()
        if v < 2 or v != int(v):
            return None
        steps.append(
            f"full softmax: every pair scores all {fmt(v)} vocabulary words, {pairs} × {fmt(v)} = {fmt(pairs * v)} "
            "scores"
        )
    if re.search(r"\bCBOW\b|continuous bag", question, re.I):
        steps.append(
            f"CBOW: one example per centre word, {n} examples, each predicting the centre from the average of its "
            f"{min(neighbours)} to {max(neighbours)} context words"
            if min(neighbours) != max(neighbours)
            else f"CBOW: one example per centre word, {n} examples, each from the average of {neighbours[0]} "
            "context words"
        )
    elif not skipgram:
        return None
    note = (
        "Negative sampling replaces the softmax over the whole vocabulary with 1 + K binary (sigmoid) terms per pair. "
        "These counts use the full window; Word2Vec's own code draws a smaller window for each centre word at random, "
        "so real runs make fewer pairs on average."
    )
    return Worked(
        "skipgram_counts",
        "s3-tokenization-embeddings",
        r"\*Skip-gram\* predicts context words from the centre word",
        tuple(steps),
        note,
    )


# --- tokens BERT's masked language model predicts (s3-tokenization-embeddings) ----------------------------------

_SEQUENCE = re.compile(
    r"(\d[\d,]*)[- ]token\s+(?:sequence|input|sentence|example)|"
    r"(?:sequence|input)s?\s+(?:length\s+)?(?:of\s+|=\s*|:\s*)(\d[\d,]*)\s*(?:tokens)?\b|"
    r"(\d[\d,]*)\s+tokens\s+(?:per|in\s+(?:a|one|each))\s+(?:sequence|input)",
    re.I,
)


def bert_masked_count(question: str) -> Worked | None:
    """The tokens BERT's masked language model predicts in one sequence, about 15% of its length, when the question
    names the sequence ('one 512-token sequence') beside other token counts (bert_masking takes the plain case)."""
    if not re.search(r"\bBERT\b", question) or not re.search(r"mask|\bMLM\b", question, re.I):
        return None
    if bert_masking(question) is not None:
        return None
    lengths = {to_float(next(g for g in m.groups() if g)) for m in _SEQUENCE.finditer(question)}
    if len(lengths) != 1:
        return None
    length = lengths.pop()
    percents = {to_float(v) for v in re.findall(rf"({NUM})\s*%", question)}
    if not percents <= {15.0, 80.0, 10.0} or length < 2 or length != int(length):
        return None  # another masking rate: which one is meant is not clear
    selected = 0.15 * length
    steps = [
        f"about 15% of tokens are selected: 0.15 × {fmt(length)} = {fmt(selected)}, about {fmt(round(selected))} "
        "tokens predicted per sequence (expected)",
    ]
    note = (
        "Each selected token is predicted from context on both sides, so one sequence gives only about 15% of its "
        "tokens as training signal, where a left-to-right language model predicts every token."
    )
    return Worked(
        "bert_masked_count",
        "s3-tokenization-embeddings",
        r"masked language modelling\*\* \(about 15% of tokens",
        tuple(steps),
        note,
    )
