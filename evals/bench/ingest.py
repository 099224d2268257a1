"""Ingest speed: the tutor's cold ingest of the shipped corpus, the plain LangChain recipe on the
same chunks, and a re-ingest with nothing changed. All three use the same, already loaded,
embedding runtime (the one ingest uses, `Services.bulk_embeddings`), each into its own throw-away folder.

The plain recipe (`Chroma.from_documents`) is handed the tutor's chunks ready-made, so its time
leaves out reading and chunking the corpus, which the tutor's time includes. After indexing, the
tutor's ingest also embeds what answering would otherwise embed at question time (the questions
written in advance and every quotable sentence of the readings): the plain recipe has nothing like
it, so that part is timed apart (`answer_caches_s`) and the chunks/s ratio is read on the indexing.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.core.settings import Settings
from app.services import Services
from ingest.service import ingest

__all__ = ["ingest_figures"]


def ingest_figures(services, say: Callable[[str], None] = lambda _: None) -> dict:
    with tempfile.TemporaryDirectory(prefix="tutor-bench-ingest-") as tmp:
        fresh = Services(Settings(data_dir=Path(tmp) / "tutor"), embeddings=services.bulk_embeddings)
        say("cold ingest of the shipped corpus")
        started = time.perf_counter()
        report = ingest(fresh)
        cold_s = time.perf_counter() - started
        say("re-ingest with nothing changed")
        started = time.perf_counter()
        ingest(fresh)
        warm_s = time.perf_counter() - started
        records = fresh.index().records()
        plain_s = _plain_recipe(records, services.bulk_embeddings, Path(tmp) / "plain", say)
    chunks = report.chunks_total
    index_s = report.seconds
    return {
        "chunks": chunks,
        "cold_s": round(cold_s, 2),
        "cold_index_s": round(index_s, 2),
        "answer_caches_s": report.answer_caches_s,
        "cold_chunks_per_s": round(chunks / index_s, 1) if index_s else None,
        "warm_s": round(warm_s, 3),
        "plain_s": round(plain_s, 2) if plain_s else None,
        "plain_chunks_per_s": round(len(records) / plain_s, 1) if plain_s else None,
        "plain_recipe": "langchain_chroma.Chroma.from_documents (same embeddings, the tutor's chunks)",
        "warm_ingest_fraction": round(warm_s / cold_s, 4),
    }


def _plain_recipe(records, embeddings, folder: Path, say) -> float | None:
    try:
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
    except ImportError:
        say("langchain-chroma is not installed (pip install -e '.[dev]'): no plain-recipe reference")
        return None
    say("the plain recipe: Chroma.from_documents")
    docs = [Document(page_content=r.document, metadata=r.metadata) for r in records]
    started = time.perf_counter()
    store = Chroma.from_documents(docs, embeddings, persist_directory=str(folder), collection_name="plain")
    took = time.perf_counter() - started
    del store
    return took
