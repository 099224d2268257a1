"""The one place where backends are wired into services.

`Services` loads each heavy component at most once and only when first asked for: the embedding
model (seconds, torch), the Chroma client, the LLM (assembled and verified on first use). The CLI,
the Streamlit app and the evals all go through it, so they cannot disagree about which model,
collection or chunking parameters are in use.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from app.answering.retrieval import HybridRetriever
from app.core.ports import ChatModel, Embeddings
from app.core.settings import Settings, load_settings
from app.core.vectorstore import ActiveIndex, active_index

if TYPE_CHECKING:
    from pathlib import Path

    from app.answering.chain import Tutor
    from app.conversation.chat import Conversation
    from app.core.corpus import Corpus
    from app.learning.progress import ProgressStore
    from app.learning.quiz import QuizService

__all__ = ["Services", "build_services"]


def build_services(settings: Settings | None = None, **given: Any) -> Services:
    """The services every surface runs on: settings from tutor.toml and TUTOR_* unless given;
    `given` components (llm=, embeddings=, client=; fakes in unit tests) are used as they are."""
    return Services(settings or load_settings(), **given)


class Services:
    """Lazily built, typed components (see app.core.ports); it satisfies `IndexingServices`."""

    def __init__(
        self, settings: Settings, *, llm: ChatModel | None = None, embeddings: Embeddings | None = None, client=None
    ) -> None:
        """Components passed in (fakes in unit tests) are used as they are; the rest load lazily."""
        self.settings = settings
        self._given = {"llm": llm, "embeddings": embeddings, "client": client}

    def _make(self, name: str, factory):
        given = self._given.get(name)
        return given if given is not None else factory()

    @cached_property
    def embeddings(self) -> Embeddings:
        from app.core.providers import make_embeddings

        return self._make("embeddings", lambda: make_embeddings(self.settings))

    @cached_property
    def bulk_embeddings(self) -> Embeddings:
        """The runtime for ingest's many chunks (the same vectors as `embeddings`); a given
        `embeddings` (a fake, or one model shared by several services) serves both."""
        from app.core.providers import make_embeddings

        if self._given["embeddings"] is not None:
            return self._given["embeddings"]
        if self.settings.embedding_backend == "numpy":
            return self.embeddings
        return make_embeddings(self.settings, bulk=True)

    @cached_property
    def client(self):
        from app.core.vectorstore import make_chroma_client

        return self._make("client", lambda: make_chroma_client(self.settings))

    @cached_property
    def llm(self) -> ChatModel:
        from app.core.providers import make_llm

        return self._make("llm", lambda: make_llm(self.settings))

    def index(self) -> ActiveIndex | None:
        return active_index(self.client, self.settings.collection)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.index, self.embeddings, candidates_k=self.settings.candidates_k)

    def quotable_units(self, records: list) -> list[str]:
        from app.answering.evidence import quotable_texts

        return quotable_texts(records)

    def unit_vectors_path(self) -> Path:
        from app.answering.evidence import units_recipe
        from app.core.unit_vectors import cache_path

        return cache_path(self.settings.cache_dir, self.settings.embedding_model, units_recipe())

    @cached_property
    def tutor(self) -> Tutor:
        from app.answering.chain import Tutor
        from app.core import term_weights
        from app.core.faq import build_index

        def faq():
            s = self.settings
            return build_index(s.corpus_dir, self.embeddings, s.cache_dir, s.embedding_model)

        def unit_vectors():
            from app.core.unit_vectors import load

            return load(self.unit_vectors_path())

        return Tutor(
            self.settings,
            lambda: self.llm,
            self.retriever,
            self.embeddings,
            self.corpus.questions,
            faq,
            unit_vectors,
            term_weights=term_weights.load(self.settings.corpus_dir),
        )

    @cached_property
    def progress(self) -> ProgressStore:
        from app.learning.progress import ProgressStore

        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return ProgressStore(self.settings.progress_url)

    @cached_property
    def quiz(self) -> QuizService:
        from app.learning.quiz import QuizService

        return QuizService(
            self.corpus, self.progress, self.embeddings.embed_documents, max_answer_chars=self.settings.max_answer_chars
        )

    @cached_property
    def corpus(self) -> Corpus:
        from app.core.corpus import load_corpus

        return load_corpus(self.settings.corpus_dir)

    def conversation(self, learner: str = "default", stage: int | None = None, mode: str = "explain") -> Conversation:
        """A new conversation (questions and quizzes in one chat) for one learner."""
        from app.conversation.chat import Conversation

        return Conversation(self.tutor, self.quiz, self.corpus, learner, llm=lambda: self.llm, stage=stage, mode=mode)
