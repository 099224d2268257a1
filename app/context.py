"""Fit retrieved passages into a small prompt. Pure functions.

On a 2-core CPU the default model reads a prompt at roughly 45 tokens/s, so every passage token
costs the learner ~20 ms before the first word appears. The passages therefore share one token
budget: sentences are picked greedily, across all passages, by how much *new* coverage of the
question's words they add (a word already covered counts half as much the next time), weighted
toward higher-ranked passages. "Precision vs recall" thus keeps the precision definition and the
recall definition rather than two sentences about precision. Sentences repeated by overlapping
chunks are taken once, and sentences that address the model ("ignore previous instructions...")
are never taken: passages are data, not instructions. Each passage keeps its chosen sentences in
their original order; the answer checks and the citations use the same cut text, so they judge
what the model saw.
"""

from __future__ import annotations

import re

from app.retrieval import tokenize
from ingest.chunking import count_tokens

__all__ = ["looks_like_instruction", "select_sentences", "split_passage"]

# Sentences addressed to the model rather than the learner. A reading can contain them by accident
# or by design (prompt injection); the small model follows them all too readily, so they never
# reach the prompt. The patterns are narrow on purpose: ML prose about "instruction-tuned models"
# or "following instructions" does not match.
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b[^.]{0,40}\b(instructions?|rules|prompts?|everything)\b"
    r"|\byou are now\b|\bsystem prompt\b|\bnew instructions?\b"
    r"|\b(reply|respond|answer|output)\b[^.]{0,20}\bonly with\b",
    re.I,
)


def looks_like_instruction(sentence: str) -> bool:
    return bool(_INSTRUCTION.search(sentence))


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(`$\"'*-])|\n+")


def split_passage(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def select_sentences(passages: list[str], query: str, max_tokens: int, rank_decay: float = 0.3) -> list[str]:
    """For each passage, the text made of its selected sentences ('' if none was selected)."""
    wanted = {w[:5] for w in tokenize(query)}
    units = []  # (passage index, sentence index, sentence, stems, size)
    seen = set()
    for p, text in enumerate(passages):
        for s, sentence in enumerate(split_passage(text)):
            key = " ".join(sentence.lower().split())
            if key in seen or looks_like_instruction(sentence):
                continue
            seen.add(key)
            units.append((p, s, sentence, {w[:5] for w in tokenize(sentence)} & wanted, count_tokens(sentence)))
    covered: dict[str, int] = {}
    chosen: set[int] = set()
    used = 0
    while True:
        best, best_gain = None, 0.0
        for u, (p, s, _, stems, size) in enumerate(units):
            if u in chosen or used + size > max_tokens:
                continue
            gain = sum(1.0 / (1 + covered.get(w, 0)) for w in stems) / (1 + rank_decay * p)
            gain += 0.001 / (1 + p + 0.1 * s)  # with no word overlap left, prefer top passages' openings
            if gain > best_gain:
                best, best_gain = u, gain
        if best is None:
            break
        chosen.add(best)
        used += units[best][4]
        for w in units[best][3]:
            covered[w] = covered.get(w, 0) + 1
    out = [[] for _ in passages]
    for u in sorted(chosen, key=lambda u: (units[u][0], units[u][1])):
        out[units[u][0]].append(units[u][2])
    return [" ".join(parts) for parts in out]
