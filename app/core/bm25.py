"""Okapi BM25 over an inverted index: scoring reads only the postings of the query's terms.

The scores are those of rank-bm25's BM25Okapi (k1 1.5, b 0.75, an idf floor of 0.25 times the
mean idf for terms in more than half the documents), which this replaced: that one looks every
query term up in every document's dictionary, about 40 ms a query at 10,000 chunks and 0.5 s at
100,000; this one takes time in proportion to the postings read.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

__all__ = ["Bm25"]


class Bm25:
    def __init__(self, docs: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25) -> None:
        """`docs`: each document as its tokens."""
        self.size = len(docs)
        lengths = np.array([len(d) for d in docs], dtype=np.float64)
        avg = float(lengths.mean()) if self.size else 0.0
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                ids, tfs = postings.setdefault(term, ([], []))
                ids.append(i)
                tfs.append(tf)
        # the length part of the denominator, once per document
        norm = k1 * (1 - b + b * lengths / avg) if avg else np.full(self.size, k1)
        idf = {t: math.log(self.size - len(ids) + 0.5) - math.log(len(ids) + 0.5) for t, (ids, _) in postings.items()}
        floor = epsilon * (sum(idf.values()) / len(idf)) if idf else 0.0
        self.idf = {t: (v if v >= 0 else floor) for t, v in idf.items()}
        # per term: the documents holding it and each one's ready-made term score tf(k1+1)/(tf+norm)
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, (ids, tfs) in postings.items():
            at = np.array(ids, dtype=np.int64)
            tf = np.array(tfs, dtype=np.float64)
            self._postings[term] = (at, tf * (k1 + 1) / (tf + norm[at]))

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """One score per document (a repeated query term counts again, as in BM25Okapi)."""
        out = np.zeros(self.size)
        for term in query:
            if term in self._postings:
                at, part = self._postings[term]
                out[at] += self.idf[term] * part
        return out
