"""Incremental, atomic indexing of Sources into versioned Chroma collections.

What is indexed is read back from the active collection itself (each chunk carries its source's
content hash), so there is no second record that could drift from the index. A run:

1. compares this run's sources with what is indexed (`plan`, a pure function);
2. if nothing changed, stops: zero embeddings computed, no new collection;
3. otherwise builds a new collection: unchanged chunks are copied with their stored vectors, new
   and changed sources are chunked and embedded, pruned sources are left out;
4. moves the pointer to the new collection (the commit point) and drops the old one.

If the embedding model or the chunking parameters differ from the active collection's, every
source is embedded again; chunks built with different settings are never mixed.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.core.vectorstore import (
    ActiveIndex,
    IndexParams,
    Record,
    active_index,
    create_version,
    drop_version,
    set_active,
)
from ingest.chunking import chunk_markdown
from ingest.sources import Source

__all__ = ["IngestReport", "Plan", "chunk_source", "plan", "run_ingest"]

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class Plan:
    add: list[Source] = field(default_factory=list)
    update: list[Source] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)  # indexed, not in this run, not pruned


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    chunks_embedded: int = 0
    chunks_total: int = 0
    failures: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    rebuilt: bool = False
    message: str = ""
    collection: str = ""
    version: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)
    by_source_type: dict[str, int] = field(default_factory=dict)
    answer_caches_s: float = 0.0  # after indexing: the FAQ questions' and the readings' sentences' vectors

    def to_dict(self) -> dict:
        return asdict(self)


def _still_exists(meta: dict, corpus_ids: set[str]) -> bool:
    """`corpus_ids`: the source ids the corpus has now, its linked readings' included."""
    if meta.get("origin") == "corpus":
        return meta["source_id"] in corpus_ids
    if meta.get("origin") == "file":
        return Path(str(meta.get("url_or_path", ""))).exists()
    if meta.get("item_id"):  # a reading linked from corpus/links: gone when its link is
        return meta["source_id"] in corpus_ids
    return True  # a learner's own URL: only the learner can say it is gone


def plan(indexed: dict[str, dict], sources: list[Source], prune: bool, corpus_ids: set[str] | None = None) -> Plan:
    """Decide what to do. `indexed` maps source_id -> metadata of one of its chunks."""
    result = Plan()
    seen = set()
    for source in sources:
        seen.add(source.source_id)
        old = indexed.get(source.source_id)
        if old is None:
            result.add.append(source)
        elif old.get("content_hash") != source.content_hash:
            result.update.append(source)
        else:
            result.unchanged.append(source.source_id)
    corpus_ids = corpus_ids if corpus_ids is not None else {s.source_id for s in sources if s.origin == "corpus"}
    for source_id, meta in indexed.items():
        if source_id in seen:
            continue
        if prune and not _still_exists(meta, corpus_ids):
            result.remove.append(source_id)
        else:
            result.keep.append(source_id)
    return result


def chunk_source(source: Source, params: IndexParams) -> list[tuple[str, str, dict]]:
    """(id, document, metadata) for each chunk of a source. The document starts with the title
    and heading path, so a chunk read alone (by the embedder, BM25 or the LLM) keeps its context."""
    parts = source.pages or [(None, source.text)]
    out = []
    index = 0
    for page, text in parts:
        for chunk in chunk_markdown(text, params.chunk_tokens, params.chunk_overlap_tokens, page):
            heading = " > ".join(chunk.heading_path)
            header = source.title + (f" > {heading}" if heading else "")
            if page is not None:
                header += f" (page {page})"
            meta = {
                "source_id": source.source_id,
                "source_type": source.source_type,
                "origin": source.origin,
                "stage": source.stage,
                "section": source.section,
                "item_id": source.item_id,
                "title": source.title,
                "subtopic": chunk.heading_path[-1] if chunk.heading_path else "",
                "heading_path": heading,
                "url_or_path": source.url_or_path,
                "page": page if page is not None else -1,
                "chunk_index": index,
                "content_hash": source.content_hash,
                "embed_model": params.embed_model,
            }
            out.append((f"{source.source_id}#{index}", f"{header}\n{chunk.text}", meta))
            index += 1
    return out


def _indexed_sources(index: ActiveIndex | None) -> dict[str, dict]:
    return {m["source_id"]: m for m in index.metadatas()} if index is not None else {}


def _batches(n: int, size: int):
    for start in range(0, n, size):
        yield start, min(n, start + size)


def run_ingest(
    client,
    prefix: str,
    embeddings,
    params: IndexParams,
    sources: list[Source],
    *,
    failures: list[dict] | None = None,
    prune: bool = False,
    corpus_ids: set[str] | None = None,
    reload_source: Callable[[dict], Source | None] | None = None,
    progress: Progress | None = None,
    batch_size: int = 64,
    on_batch: Callable[[int], None] | None = None,
) -> IngestReport:
    """Bring the index up to date with `sources`; see the module docstring for the steps."""
    started = time.perf_counter()
    report = IngestReport(failures=list(failures or []))
    report.failed = len(report.failures)
    current = active_index(client, prefix)
    indexed = _indexed_sources(current)

    if current and current.params != params:
        old = current.params
        report.rebuilt = True
        report.message = (
            f"index was built with {old.embed_model if old else 'unknown settings'} "
            f"(chunks {old.chunk_tokens if old else '?'}/{old.chunk_overlap_tokens if old else '?'}), "
            f"settings now say {params.embed_model} ({params.chunk_tokens}/{params.chunk_overlap_tokens}): "
            "rebuilding the whole index"
        )
        given = {s.source_id for s in sources}
        for source_id, meta in indexed.items():  # re-read what earlier runs added, then re-embed all
            if source_id not in given and reload_source and (src := reload_source(meta)):
                sources = [*sources, src]
        indexed = {}
        old_for_copy = None
    else:
        old_for_copy = current

    todo = plan(indexed, sources, prune, corpus_ids)
    report.added, report.updated = len(todo.add), len(todo.update)
    report.unchanged, report.removed = len(todo.unchanged), len(todo.remove)
    if current and not (todo.add or todo.update or todo.remove) and not report.rebuilt:
        report.collection, report.version = current.name, current.version
        _count(report, current)
        report.seconds = time.perf_counter() - started
        return report

    new = create_version(client, prefix, params)
    try:
        copy_ids = set(todo.unchanged) | set(todo.keep)
        if old_for_copy is not None and copy_ids:
            _copy_sources(old_for_copy, new, copy_ids, progress)
        pending = [c for s in todo.add + todo.update for c in chunk_source(s, params)]
        # shortest first: each batch then pads its texts to about the same length (the plain
        # recipe's single embed call gets the same from sentence-transformers' own sort)
        pending.sort(key=lambda chunk: len(chunk[1]))
        for n, (start, end) in enumerate(_batches(len(pending), batch_size)):
            batch = pending[start:end]
            vectors = embeddings.embed_documents([doc for _, doc, _ in batch])
            new.add([Record(i, d, m, v) for (i, d, m), v in zip(batch, vectors, strict=True)])
            report.chunks_embedded += len(batch)
            if progress:
                progress("embedding chunks", end, len(pending))
            if on_batch:
                on_batch(n)
        set_active(client, prefix, new.name, new.version)
    except BaseException:
        drop_version(client, new.name)  # the pointer still names the old, complete collection
        raise
    if current is not None:
        drop_version(client, current.name)
    report.collection, report.version = new.name, new.version
    _count(report, new)
    report.seconds = time.perf_counter() - started
    return report


def _copy_sources(old: ActiveIndex, new: ActiveIndex, source_ids: set[str], progress: Progress | None) -> None:
    rows = [r for r in old.records(with_embeddings=True) if r.metadata["source_id"] in source_ids]
    for start, end in _batches(len(rows), 1000):
        new.add(rows[start:end])
        if progress:
            progress("copying unchanged chunks", end, len(rows))


def _count(report: IngestReport, index: ActiveIndex | None) -> None:
    metas = index.metadatas() if index is not None else []
    report.chunks_total = len(metas)
    report.by_stage = dict(sorted(Counter(str(m.get("stage", 0)) for m in metas).items()))
    report.by_source_type = dict(sorted(Counter(m.get("source_type", "") for m in metas).items()))
