"""The vector index as the rest of the tutor sees it: versioned Chroma collections and a pointer.

Every ingest that changes anything writes a *new* collection (`<prefix>__v<N>`) and then moves a
pointer to it; readers always open the collection the pointer names. A failed or interrupted ingest
therefore leaves the pointer, and the index it names, exactly as they were. The same scheme works
on disk and on a Chroma server, because the pointer is itself stored in Chroma (as the metadata of a
small `<prefix>__pointer` collection).

Each collection records what it was built with (embedding model, chunking parameters); the indexer
refuses to mix chunks built with different ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["INDEX_SCHEMA", "ActiveIndex", "IndexParams", "active_index", "set_active"]

INDEX_SCHEMA = 2  # 2: chunks are whole sentences, list items and code blocks (app.core.text)


@dataclass(frozen=True)
class IndexParams:
    """What a collection's vectors depend on; a change of any field means a full rebuild."""

    embed_model: str
    chunk_tokens: int
    chunk_overlap_tokens: int
    schema: int = INDEX_SCHEMA

    def as_metadata(self) -> dict[str, Any]:
        return {
            "embed_model": self.embed_model,
            "chunk_tokens": self.chunk_tokens,
            "chunk_overlap_tokens": self.chunk_overlap_tokens,
            "schema": self.schema,
        }

    @classmethod
    def from_metadata(cls, meta: dict[str, Any] | None) -> IndexParams | None:
        meta = meta or {}
        try:
            return cls(
                embed_model=str(meta["embed_model"]),
                chunk_tokens=int(meta["chunk_tokens"]),
                chunk_overlap_tokens=int(meta["chunk_overlap_tokens"]),
                schema=int(meta.get("schema", 0)),
            )
        except (KeyError, TypeError, ValueError):
            return None


@dataclass
class ActiveIndex:
    """The collection readers use, with its version number and build parameters."""

    collection: Any
    version: int
    params: IndexParams | None

    @property
    def name(self) -> str:
        return self.collection.name

    def count(self) -> int:
        return self.collection.count()


def _pointer(client, prefix: str):
    return client.get_or_create_collection(f"{prefix}__pointer")


def active_index(client, prefix: str) -> ActiveIndex | None:
    """The collection the pointer names, or None when nothing was ever indexed."""
    meta = _pointer(client, prefix).metadata or {}
    name = meta.get("active")
    if not name:
        return None
    try:
        collection = client.get_collection(name)
    except Exception:  # pointer to a collection someone deleted by hand: treat as no index
        return None
    return ActiveIndex(collection, int(meta.get("version", 0)), IndexParams.from_metadata(collection.metadata))


def next_version(client, prefix: str) -> int:
    return int((_pointer(client, prefix).metadata or {}).get("version", 0)) + 1


def set_active(client, prefix: str, name: str, version: int) -> None:
    """Point readers at `name`. This single metadata write is the commit point of an ingest."""
    _pointer(client, prefix).modify(metadata={"active": name, "version": version})
