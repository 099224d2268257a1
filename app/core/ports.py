"""The ports: what the tutor needs of each backend, as typed Protocols. No vendor import here.

The adapters are `app.core.providers` (the chat model and embeddings: llama.cpp or an
OpenAI-compatible server, sentence-transformers), `app.core.vectorstore` (Chroma on disk or over
HTTP) and `app.learning.progress` (SQLAlchemy: SQLite or PostgreSQL). Fakes in the unit tests
satisfy the same Protocols, so the answering and learning code never learns which is which.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from pathlib import Path

    from app.core.corpus import Corpus
    from app.core.settings import Settings

__all__ = [
    "ChatModel",
    "Embeddings",
    "IndexingServices",
    "Neighbour",
    "ProgressPort",
    "Record",
    "VectorIndex",
    "made",
]


def made(component: Any) -> Any:
    """A component given as itself or as a zero-argument function that makes it on first use (so
    what an answer never needs, such as the LLM of an extractive answer, is never loaded)."""
    from langchain_core.runnables import Runnable

    return component() if callable(component) and not isinstance(component, Runnable) else component


@runtime_checkable
class Embeddings(Protocol):
    """Text to vectors (normalised, so a dot product is a cosine)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


@runtime_checkable
class ChatModel(Protocol):
    """What the chains use of a chat model: LangChain's Runnable interface (any BaseChatModel)."""

    def invoke(self, input: Any, config: Any = None, **kwargs: Any) -> Any: ...

    def stream(self, input: Any, config: Any = None, **kwargs: Any) -> Iterator[Any]: ...

    def bind(self, **kwargs: Any) -> Any: ...


@dataclass(frozen=True)
class Record:
    """One stored chunk."""

    id: str
    document: str
    metadata: dict
    embedding: list[float] | None = None


@dataclass(frozen=True)
class Neighbour:
    """One chunk found by vector search."""

    id: str
    document: str
    metadata: dict
    similarity: float  # cosine similarity


class VectorIndex(Protocol):
    """One version of the index (see app.core.vectorstore.ActiveIndex)."""

    @property
    def name(self) -> str: ...

    def count(self) -> int: ...

    def metadatas(self) -> list[dict]: ...

    def records(self, with_embeddings: bool = False) -> list[Record]: ...

    def nearest(self, embedding: list[float], n: int, where: dict | None = None) -> list[Neighbour]: ...

    def add(self, records: list[Record]) -> None: ...


class ProgressPort(Protocol):
    """Where attempts and review cards are kept (see app.learning.progress.ProgressStore)."""

    def learners(self) -> list[str]: ...

    def start_session(self, learner: str, scope: str, question_ids: list[str]) -> int: ...

    def record(
        self,
        learner: str,
        question_id: str,
        stage: int,
        section: str,
        answer: str,
        verdict: str,
        session_id: int | None = None,
        when: datetime | None = None,
    ) -> Any: ...

    def attempts(self, learner: str) -> Sequence[Any]: ...

    def cards(self, learner: str) -> dict[str, dict]: ...

    def due(self, learner: str, now: datetime | None = None) -> list[tuple[str, datetime]]: ...


class IndexingServices(Protocol):
    """What ingest needs: settings, the shipped corpus, embeddings, the store's client, the index."""

    settings: Settings

    @property
    def corpus(self) -> Corpus: ...

    @property
    def embeddings(self) -> Embeddings: ...

    @property
    def bulk_embeddings(self) -> Embeddings: ...

    @property
    def client(self) -> Any: ...

    def index(self) -> VectorIndex | None: ...

    def quotable_units(self, records: list) -> list[str]:
        """The unit texts answering will embed for these indexed records (embedded at ingest)."""
        ...

    def unit_vectors_path(self) -> Path:
        """Where those units' vectors are kept, keyed by the model and the code that cuts units."""
        ...
