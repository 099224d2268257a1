"""Term weights: how much a word says, as its inverse document frequency (stem -> log(N / df)).

The evidence scorer and the FAQ match weigh a question's words by them ("LightGBM" over "model").
Read live from the index, they moved with every document added: a concept note about one topic
changed the weight of "run", "log" or "model" everywhere, and answers to unrelated questions lost or
swapped a sentence (session 31: of 40 earlier answers a new note's weights and ranks changed, a blind
reviewer found 25 worse and 10 better). So the shipped corpus carries a fixed table
(`corpus/term-weights.json`), built from the corpus on purpose (`python -m evals.term_weights
build`) and read as is until it is built again; a word it lacks is one no shipped document had, as
rare as a word can be. Without the table (a corpus of one's own), the weights are the index's own.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from app.core.text import stem

__all__ = ["FILE", "idf_table", "load", "weight"]

FILE = "term-weights.json"


def idf_table(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    """log((N + 1) / (df + 0.5)) of every stem of the tokenised `documents`."""
    df: Counter[str] = Counter()
    n = 0
    for tokens in documents:
        n += 1
        df.update({stem(w) for w in tokens})
    return {s: math.log((n + 1) / (d + 0.5)) for s, d in df.items()}


def weight(table: Mapping[str, float], term: str, top: float | None = None) -> float:
    """`term`'s weight; a term the table lacks weighs as much as its rarest (`top`, if known)."""
    found = table.get(term)
    if found is not None:
        return found
    return top if top is not None else max(table.values(), default=1.0)


def load(corpus_dir: Path) -> dict[str, float] | None:
    """The corpus's fixed table, or None when it has none (or it cannot be read: the index's
    own weights then serve, which answers as well, only less steadily)."""
    try:
        data = json.loads((corpus_dir / FILE).read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in data["weights"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
