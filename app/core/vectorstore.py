"""The vector index as the rest of the tutor sees it: versioned Chroma collections and a pointer.

Every ingest that changes anything writes a *new* collection (`<prefix>__v<N>`) and then moves a
pointer to it; readers always open the collection the pointer names. A failed or interrupted ingest
therefore leaves the pointer, and the index it names, exactly as they were. The same scheme works
on disk and on a Chroma server, because the pointer is itself stored in Chroma (as the metadata of a
small `<prefix>__pointer` collection).

Each collection records what it was built with (embedding model, chunking parameters); the indexer
refuses to mix chunks built with different ones.

This module is the vector-store adapter: the only code that calls Chroma. The retriever, the
indexer and the library page see `ActiveIndex` (records, nearest neighbours, add) and the version
functions below, never a Chroma collection.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.ports import Neighbour, Record
from app.core.providers import ProviderError, require_module

if TYPE_CHECKING:
    from app.core.settings import Settings

__all__ = [
    "INDEX_SCHEMA",
    "ActiveIndex",
    "IndexParams",
    "Neighbour",
    "Record",
    "active_index",
    "create_version",
    "drop_version",
    "make_chroma_client",
    "set_active",
]

# 2: chunks are whole sentences, list items and code blocks (app.core.text)
# 3: a bold lead term stays with its sentence
INDEX_SCHEMA = 3


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
    def from_settings(cls, settings: Settings) -> IndexParams:
        return cls(settings.embedding_model, settings.chunk_tokens, settings.chunk_overlap_tokens)

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


PAGE = 5000  # rows per read of a whole collection


@dataclass
class ActiveIndex:
    """One version of the index (the one readers use, or one being built), with its build parameters."""

    collection: Any  # the Chroma collection; only this module touches it
    version: int
    params: IndexParams | None

    @property
    def name(self) -> str:
        return self.collection.name

    def count(self) -> int:
        return self.collection.count()

    def _pages(self, include: list[str]):
        """`collection.get` a page at a time: one call for the whole collection binds one SQL
        variable per row and fails past SQLite's limit ("too many SQL variables", seen at 100,000)."""
        offset = 0
        while True:
            got = self.collection.get(include=include, limit=PAGE, offset=offset)
            if not got["ids"]:
                return
            yield got
            offset += len(got["ids"])

    def metadatas(self) -> list[dict]:
        return [m for page in self._pages(["metadatas"]) for m in page["metadatas"]]

    def records(self, with_embeddings: bool = False) -> list[Record]:
        include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
        out = []
        for got in self._pages(include):
            vectors = got["embeddings"] if with_embeddings else [None] * len(got["ids"])
            out += [
                Record(i, d, m, list(e) if e is not None else None)
                for i, d, m, e in zip(got["ids"], got["documents"], got["metadatas"], vectors, strict=True)
            ]
        return out

    def nearest(self, embedding: list[float], n: int, where: dict | None = None, overfetch: int = 8) -> list[Neighbour]:
        """The n chunks closest to `embedding` that match `where`. A filtered Chroma query costs
        about five times an unfiltered one at 100,000 chunks, so an equality filter is first tried
        on the unfiltered n x `overfetch` nearest: when at least n of them match, they are exactly
        the n nearest matching chunks (any closer match would be among them); otherwise Chroma filters."""
        match = _matcher(where) if where else None
        if match is not None and overfetch > 1:
            wide = self._query(embedding, n * overfetch, None)
            kept = [x for x in wide if match(x.metadata)]
            if len(kept) >= n or len(wide) < n * overfetch:  # enough, or that was every chunk
                return kept[:n]
        return self._query(embedding, n, where)

    def _query(self, embedding: list[float], n: int, where: dict | None) -> list[Neighbour]:
        res = self.collection.query(
            query_embeddings=[embedding], n_results=n, where=where, include=["documents", "metadatas", "distances"]
        )
        return [
            Neighbour(i, d, m, 1.0 - float(dist))
            for i, d, m, dist in zip(
                res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0], strict=True
            )
        ]

    def add(self, records: list[Record]) -> None:
        self.collection.add(
            ids=[r.id for r in records],
            documents=[r.document for r in records],
            metadatas=[r.metadata for r in records],
            embeddings=[r.embedding for r in records],
        )


def _matcher(where: dict):
    """A Python test for a Chroma filter made of equalities (`{"stage": 2}`, `{"$and": [...]}`), or
    None for anything else (left to Chroma)."""
    if "$and" in where and len(where) == 1:
        parts = [_matcher(w) for w in where["$and"]]
        return None if any(p is None for p in parts) else (lambda meta: all(p(meta) for p in parts))
    if len(where) == 1:
        ((key, value),) = where.items()
        if not key.startswith("$") and isinstance(value, str | int | float | bool):
            return lambda meta: meta.get(key) == value
        if isinstance(value, dict) and set(value) == {"$eq"}:
            return lambda meta: meta.get(key) == value["$eq"]
    return None


def _pointer(client, prefix: str):
    return client.get_or_create_collection(f"{prefix}__pointer")


def _not_found(exc: Exception) -> bool:
    return type(exc).__name__ == "NotFoundError" or "does not exist" in str(exc)


def active_index(client, prefix: str) -> ActiveIndex | None:
    """The collection the pointer names, or None when nothing was ever indexed (or the named
    collection was deleted by hand). Any other error (a server that fails, a broken database) is
    raised: answering "no index" would make the app start a full re-ingest over a working index."""
    meta = _pointer(client, prefix).metadata or {}
    name = meta.get("active")
    if not name:
        return None
    try:
        collection = client.get_collection(name)
    except Exception as exc:
        if _not_found(exc):
            return None
        raise
    return ActiveIndex(collection, int(meta.get("version", 0)), IndexParams.from_metadata(collection.metadata))


def next_version(client, prefix: str) -> int:
    return int((_pointer(client, prefix).metadata or {}).get("version", 0)) + 1


def set_active(client, prefix: str, name: str, version: int) -> None:
    """Point readers at `name`. This single metadata write is the commit point of an ingest."""
    _pointer(client, prefix).modify(metadata={"active": name, "version": version})


def create_version(client, prefix: str, params: IndexParams) -> ActiveIndex:
    """A new, empty collection for the next version. A collection of that name can only be left
    over from an ingest that was killed before its clean-up ran (the pointer never named it), so
    it is dropped first instead of blocking every later ingest."""
    version = next_version(client, prefix)
    name = f"{prefix}__v{version}"
    if name in {c if isinstance(c, str) else c.name for c in client.list_collections()}:
        client.delete_collection(name)
    collection = client.create_collection(
        name, metadata=params.as_metadata(), configuration={"hnsw": {"space": "cosine"}}
    )
    return ActiveIndex(collection, version, params)


def drop_version(client, name: str) -> None:
    client.delete_collection(name)


def make_chroma_client(settings: Settings):
    """A Chroma client: on disk under data_dir, or a `chroma run` server over HTTP."""
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    chromadb = require_module("chromadb", "chromadb")
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.vector_backend == "http":
        try:
            client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
            client.heartbeat()
        except Exception as exc:  # chromadb raises several types for a refused connection
            raise ProviderError(
                f"Chroma server at {settings.chroma_host}:{settings.chroma_port} does not answer properly "
                f"({type(exc).__name__}): "
                f"start it with `chroma run --path DIR --port {settings.chroma_port}` "
                "or set TUTOR_VECTOR_BACKEND=persistent"
            ) from exc
        return client
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
