"""Is each sentence of an answer supported by the passages it cites? Decided without the LLM.

Evidence is lexical (how many of the sentence's content words appear in the passage) and semantic
(cosine similarity of sentence and passage embeddings). Either strong lexical overlap, or moderate
overlap backed by close meaning, counts as support. The small model writes the words; these checks
decide whether the words are backed, and find the passage a sentence rests on when the model forgot
to cite one.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.text import cited_numbers, cosine, lexical_support, strip_citations, tokenize
from app.core.text import split_sentences as _split

__all__ = ["SentenceSupport", "check_answer", "judge", "split_sentences"]


LEXICAL_STRONG = 0.6
LEXICAL_WEAK = 0.3
SEMANTIC = 0.55


@dataclass
class SentenceSupport:
    text: str
    cited: list[int]  # citation numbers written by the model
    supported: bool
    best: int | None  # number of the passage that supports it best
    lexical: float
    semantic: float


def split_sentences(text: str) -> list[str]:
    """The sentences of an answer (app.core.text's splitter), without ones that have no word."""
    return [s for s in _split(text) if tokenize(s)]


def is_supported(lexical: float, semantic: float) -> bool:
    return lexical >= LEXICAL_STRONG or (lexical >= LEXICAL_WEAK and semantic >= SEMANTIC)


def judge(sentences: list[str], passages: list[str], similarity: list[list[float]]) -> list[SentenceSupport]:
    """Support of each sentence; `similarity[i][j]` is the cosine of sentence i and passage j
    (passage j has citation number j+1). A sentence is judged against the passages it cites, or
    against all passages when it cites none (and then `best` says which one to cite)."""
    out = []
    for i, sentence in enumerate(sentences):
        cited = [n for n in cited_numbers(sentence) if 1 <= n <= len(passages)]
        pool = [n - 1 for n in cited] or list(range(len(passages)))
        scored = [(lexical_support(sentence, passages[j]), similarity[i][j], j) for j in pool]
        if not scored:
            out.append(SentenceSupport(sentence, cited, False, None, 0.0, 0.0))
            continue
        lex, sem, j = max(scored, key=lambda t: (is_supported(t[0], t[1]), t[0] + t[1]))
        out.append(SentenceSupport(sentence, cited, is_supported(lex, sem), j + 1, round(lex, 3), round(sem, 3)))
    return out


def check_answer(text: str, passages: list[str], embed) -> list[dict]:
    """Every sentence of an answer judged against the passages it cites (`passages[j]` has
    citation number j + 1); `embed(texts)` gives normalised vectors. One rule for the tutor and the
    baseline, so their groundedness figures compare. A supported sentence that cites nothing is
    credited to the passage that supports it best."""
    sentences = split_sentences(text)
    if not sentences or not passages:
        return []
    vectors = embed([strip_citations(s) for s in sentences] + passages)
    sv, pv = vectors[: len(sentences)], vectors[len(sentences) :]
    sim = [[cosine(s, p) for p in pv] for s in sv]
    return [
        {
            "text": strip_citations(s.text),
            "supported": s.supported,
            "citations": s.cited or ([s.best] if s.supported and s.best else []),
            "lexical": s.lexical,
            "semantic": s.semantic,
        }
        for s in judge(sentences, passages, sim)
    ]
