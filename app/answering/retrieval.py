"""Hybrid retrieval: BM25 and dense search over the active index, fused by reciprocal rank.

Dense search finds paraphrases; BM25 finds exact names (XGBoost, SARIMA, F1) that a 384-dim
embedding blurs; a third, small ranking favours chunks whose heading names what the question
names. Reciprocal-rank fusion needs no score calibration between them. The BM25 index is
built once per index version (the active collection's name) and reused for every query. Near-copies
(overlapping chunks, the same paragraph in two sources) are dropped so the top k say different things.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

import numpy as np

from app.core.bm25 import Bm25
from app.core.term_weights import idf_table
from app.core.text import tokenize
from app.core.vectorstore import ActiveIndex

__all__ = ["Hit", "HybridRetriever", "Retrieval", "rrf_fuse"]

_WANTS_LINKS = re.compile(
    r"\b(read|reading|resources?|books?|papers?|courses?|links?|docs|documentation|learn more|tutorials?)\b", re.I
)


@dataclass
class Hit:
    id: str
    text: str
    metadata: dict
    score: float = 0.0  # fused score
    dense_sim: float = 0.0  # cosine similarity, 0 when dense search did not return it
    bm25: float = 0.0


@dataclass
class Retrieval:
    hits: list[Hit]
    best_sim: float  # strongest dense evidence among all candidates (for refusal)
    index_version: str = ""
    candidates: list[Hit] = field(default_factory=list)


def rrf_fuse(rankings: list[list[str]], k: int = 60) -> dict[str, float]:
    """Reciprocal-rank fusion: score(d) = sum over rankings of 1 / (k + rank(d))."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, doc_id in enumerate(ranking, 1):
            scores[doc_id] = scores.get(doc_id, 0.0) + 1.0 / (k + rank)
    return scores


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _where(stage: int | None, section: str | None) -> dict | None:
    conds = []
    if stage:
        conds.append({"stage": stage})
    if section:
        conds.append({"section": section})
    if not conds:
        return None
    return conds[0] if len(conds) == 1 else {"$and": conds}


def _heading_rank(query: str, hits: dict[str, Hit]) -> list[str]:
    """Candidates whose section heading names what the question names, most matches first: a
    chunk under '## XGBoost and LightGBM' answers 'LightGBM vs XGBoost' better than a chunk that
    merely mentions both in passing."""
    wanted = set(tokenize(query))
    scored = []
    for doc_id, hit in hits.items():
        overlap = len(wanted & set(tokenize(hit.metadata.get("subtopic", ""))))
        if overlap:
            scored.append((-overlap, doc_id))
    return [doc_id for _, doc_id in sorted(scored)]


class _Bm25Index:
    def __init__(self, index: ActiveIndex) -> None:
        records = index.records()
        self.ids: list[str] = [r.id for r in records]
        self.docs: list[str] = [r.document for r in records]
        self.metas: list[dict] = [r.metadata for r in records]
        tokens = [tokenize(d) or ["_"] for d in self.docs]
        self.bm25 = Bm25(tokens)
        # log(N / df) per stem: the term weights of a corpus without a fixed table (app.core.term_weights)
        self.idf = idf_table(tokens)

    def search(self, query: str, n: int, stage: int | None, section: str | None) -> list[tuple[int, float]]:
        scores = self.bm25.scores(tokenize(query))
        out = []
        for i in np.argsort(-scores, kind="stable"):
            if scores[i] <= 0 or len(out) >= n:
                break
            meta = self.metas[i]
            if (stage and meta.get("stage") != stage) or (section and meta.get("section") != section):
                continue
            out.append((int(i), float(scores[i])))
        return out


class HybridRetriever:
    """Retrieves from whatever collection the index pointer names when asked."""

    def __init__(self, open_index, embeddings, candidates_k: int = 20, max_per_source: int = 2) -> None:
        self._open_index = open_index  # () -> ActiveIndex | None; re-read so a new ingest is seen
        self._embeddings = embeddings
        self._candidates_k = candidates_k
        self._max_per_source = max_per_source
        self._bm25: dict[str, _Bm25Index] = {}
        self._lock = threading.Lock()

    def _bm25_for(self, index) -> _Bm25Index:
        with self._lock:
            if index.name not in self._bm25:
                self._bm25 = {index.name: _Bm25Index(index)}  # one version at a time
            return self._bm25[index.name]

    def idf(self) -> dict[str, float]:
        """Inverse document frequency of every stem in the active index: log(N / df)."""
        index = self._open_index()
        if index is None:
            return {}
        return self._bm25_for(index).idf

    def source_chunks(self, source_id: str) -> list[Hit]:
        """Every chunk of one source in document order (from the in-memory BM25 copy of the index)."""
        index = self._open_index()
        if index is None:
            return []
        bm25 = self._bm25_for(index)
        found = [
            Hit(doc_id, doc, meta)
            for doc_id, doc, meta in zip(bm25.ids, bm25.docs, bm25.metas, strict=True)
            if meta.get("source_id") == source_id
        ]
        return sorted(found, key=lambda h: int(h.metadata.get("chunk_index", 0)))

    def retrieve(self, query: str, k: int = 4, stage: int | None = None, section: str | None = None) -> Retrieval:
        index = self._open_index()
        if index is None or index.count() == 0:
            return Retrieval([], 0.0)
        vector = self._embeddings.embed_query(query)
        where = _where(stage, section)
        n = min(self._candidates_k, index.count())
        hits: dict[str, Hit] = {}
        dense_rank = []
        for found in index.nearest(vector, n, where):
            hits[found.id] = Hit(found.id, found.document, found.metadata, dense_sim=found.similarity)
            dense_rank.append(found.id)
        bm25 = self._bm25_for(index)
        bm25_rank = []
        for pos, score in bm25.search(query, n, stage, section):
            doc_id = bm25.ids[pos]
            hit = hits.setdefault(doc_id, Hit(doc_id, bm25.docs[pos], bm25.metas[pos]))
            hit.bm25 = score
            bm25_rank.append(doc_id)
        fused = rrf_fuse([dense_rank, bm25_rank, _heading_rank(query, hits)])
        for doc_id, score in fused.items():
            hits[doc_id].score = score
        ranked = sorted(hits.values(), key=lambda h: -h.score)
        best_sim = max((h.dense_sim for h in ranked), default=0.0)
        return Retrieval(self._diverse(ranked, k, bool(_WANTS_LINKS.search(query))), best_sim, index.name, ranked)

    def _diverse(self, ranked: list[Hit], k: int, wants_links: bool) -> list[Hit]:
        chosen: list[Hit] = []
        per_source: dict[str, int] = {}
        token_sets: list[set[str]] = []
        for hit in ranked:
            tokens = set(tokenize(hit.text))
            if any(_jaccard(tokens, other) > 0.8 for other in token_sets):
                continue
            is_reading_list = hit.metadata.get("source_type") == "link" and hit.metadata.get("origin") == "corpus"
            if is_reading_list and not wants_links:
                continue  # the shipped reading lists answer "what should I read?", not "what is X?"
            source = hit.metadata.get("source_id", "")
            if per_source.get(source, 0) >= self._max_per_source:
                continue
            chosen.append(hit)
            token_sets.append(tokens)
            per_source[source] = per_source.get(source, 0) + 1
            if len(chosen) == k:
                break
        return chosen
