"""Retrieval latency on the shipped corpus and on a synthetic library of many chunks.

The synthetic library (`synthetic_records`) is made from the real index, not from random text,
so that BM25 and the dense index see the vocabulary and geometry they would meet: chunk j joins
the first half of one real chunk and the second half of another (chosen by a seeded RNG), and its
vector is the normalised sum of the two chunks' real vectors plus a little Gaussian noise. It is
written to a throw-away on-disk Chroma collection and searched by the same HybridRetriever.
"""

from __future__ import annotations

import gc
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from app.answering.retrieval import HybridRetriever
from app.core.ports import Record
from app.core.settings import Settings
from app.core.vectorstore import IndexParams, active_index, create_version, make_chroma_client, set_active
from evals.bench.stats import summary

__all__ = ["retrieval_figures", "rss_mb", "synthetic_records", "time_queries"]


def rss_mb() -> float:
    """This process's resident memory now (Linux /proc), MB."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def synthetic_records(base: list[Record], n: int, seed: int = 0, noise: float = 0.02) -> list[Record]:
    """n chunks made from the real ones (see the module docstring); ids are unique."""
    rng = random.Random(seed)
    gauss = np.random.default_rng(seed)
    vectors = np.array([r.embedding for r in base], dtype=np.float32)
    out = []
    for j in range(n):
        a, b = rng.randrange(len(base)), rng.randrange(len(base))
        ta, tb = base[a].document, base[b].document
        text = ta[: len(ta) // 2] + " " + tb[len(tb) // 2 :]
        v = vectors[a] + vectors[b] + gauss.normal(0, noise, vectors.shape[1]).astype(np.float32)
        v /= np.linalg.norm(v) or 1.0
        meta = {**base[a].metadata, "source_id": f"synthetic/{j // 50}", "chunk_index": j % 50}
        out.append(Record(f"syn-{j}", text, meta, v.tolist()))
    return out


def time_queries(retriever: HybridRetriever, questions: list[tuple[str, int | None]], k: int = 5) -> list[float]:
    out = []
    for q, stage in questions:
        started = time.perf_counter()
        retriever.retrieve(q, k=k, stage=stage)
        out.append((time.perf_counter() - started) * 1000)
    return out


def _dense_only(index, embeddings, questions: list[tuple[str, int | None]], k: int = 5) -> list[float]:
    out = []
    for q, _ in questions:
        started = time.perf_counter()
        index.nearest(embeddings.embed_query(q), k)
        out.append((time.perf_counter() - started) * 1000)
    return out


def retrieval_figures(
    services, questions: list[tuple[str, int]], synthetic_chunks: int, say: Callable[[str], None] = lambda _: None
) -> dict:
    """p50/p95 of hybrid retrieval with and without the stage filter, next to a bare dense query
    (embed + Chroma) as the reference, on the shipped index and on a synthetic library."""
    index = services.index()
    retriever = services.retriever
    plain = [(q, None) for q, _ in questions]
    time_queries(retriever, plain[:3])  # the BM25 index is built on the first query
    say(f"retrieval over the shipped corpus ({index.count()} chunks)")
    corpus = {
        "chunks": index.count(),
        "no_filter_ms": summary(time_queries(retriever, plain), 1),
        "stage_filter_ms": summary(time_queries(retriever, questions), 1),
        "dense_only_p95_ms": summary(_dense_only(index, services.embeddings, plain), 1)["p95"],
    }
    base = index.records(with_embeddings=True)
    with tempfile.TemporaryDirectory(prefix="tutor-bench-") as tmp:
        client = make_chroma_client(Settings(data_dir=Path(tmp)))
        started = time.perf_counter()
        version = create_version(client, "bench", IndexParams.from_settings(services.settings))
        records = synthetic_records(base, synthetic_chunks)
        for start in range(0, len(records), 5000):
            say(f"synthetic library: {start:,}/{len(records):,} chunks written")
            version.add(records[start : start + 5000])
        set_active(client, "bench", version.name, version.version)
        del records
        write_s = time.perf_counter() - started
        big = HybridRetriever(lambda: active_index(client, "bench"), services.embeddings)
        gc.collect()
        before = rss_mb()
        started = time.perf_counter()
        big.idf()  # builds the BM25 index
        bm25_s = time.perf_counter() - started
        bm25_mb = rss_mb() - before
        say(f"retrieval over {synthetic_chunks:,} synthetic chunks")
        synthetic = {
            "chunks": synthetic_chunks,
            "made_by": "halves of two real chunks joined; vector = normalised sum of theirs + N(0, 0.02) noise",
            "chroma_write_s": round(write_s, 1),
            "bm25_build_s": round(bm25_s, 2),
            "bm25_rss_mb": round(bm25_mb, 1),
            "no_filter_ms": summary(time_queries(big, plain), 1),
            "stage_filter_ms": summary(time_queries(big, questions), 1),
            "dense_only_p95_ms": summary(_dense_only(active_index(client, "bench"), services.embeddings, plain), 1)[
                "p95"
            ],
        }
        del big
        gc.collect()
    return {
        "corpus": corpus,
        "synthetic": synthetic,
        "retrieval_p95_ms": max(corpus["no_filter_ms"]["p95"], corpus["stage_filter_ms"]["p95"]),
        "retrieval_p95_ms_100k": max(synthetic["no_filter_ms"]["p95"], synthetic["stage_filter_ms"]["p95"]),
    }
