"""The one place where backends are wired into services.

`Services` loads each heavy component at most once and only when first asked for: the embedding
model (seconds, torch), the Chroma client, the LLM (assembled and verified on first use). The CLI,
the Streamlit app and the evals all go through it, so they cannot disagree about which model,
collection or chunking parameters are in use.
"""

from __future__ import annotations

import threading
from functools import cached_property

from app.answering.retrieval import HybridRetriever
from app.core.settings import Settings
from app.core.vectorstore import ActiveIndex, IndexParams, active_index

__all__ = ["Services", "index_params"]


def index_params(settings: Settings) -> IndexParams:
    return IndexParams(
        embed_model=settings.embedding_model,
        chunk_tokens=settings.chunk_tokens,
        chunk_overlap_tokens=settings.chunk_overlap_tokens,
    )


class Services:
    def __init__(self, settings: Settings, *, llm=None, embeddings=None, client=None) -> None:
        """Components passed in (fakes in unit tests) are used as they are; the rest load lazily."""
        self.settings = settings
        self._given = {"llm": llm, "embeddings": embeddings, "client": client}
        self._lock = threading.Lock()

    def _make(self, name: str, factory):
        given = self._given.get(name)
        return given if given is not None else factory()

    @cached_property
    def embeddings(self):
        from app.core.providers import make_embeddings

        return self._make("embeddings", lambda: make_embeddings(self.settings))

    @cached_property
    def client(self):
        from app.core.vectorstore import make_chroma_client

        return self._make("client", lambda: make_chroma_client(self.settings))

    @cached_property
    def llm(self):
        from app.core.providers import make_llm

        return self._make("llm", lambda: make_llm(self.settings))

    def index(self) -> ActiveIndex | None:
        return active_index(self.client, self.settings.collection)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.index, self.embeddings, candidates_k=self.settings.candidates_k)

    @cached_property
    def tutor(self):
        from app.answering.chain import Tutor

        return Tutor(self.settings, self.llm, self.retriever, self.embeddings, self.corpus.questions)

    @cached_property
    def progress(self):
        from app.learning.progress import ProgressStore

        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return ProgressStore(self.settings.progress_url)

    @cached_property
    def quiz(self):
        from app.learning.quiz import QuizService

        return QuizService(self.corpus, self.progress, self.embeddings.embed_documents)

    @cached_property
    def corpus(self):
        from app.core.corpus import load_corpus

        return load_corpus(self.settings.corpus_dir)
