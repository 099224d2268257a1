"""Ingest as the CLI and the app call it: gather sources, report bad files, run the indexer."""

from __future__ import annotations

from pathlib import Path

from app.services import Services, index_params
from ingest.indexer import IngestReport, Progress, plan, run_ingest
from ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load_file
from ingest.sources import Source, corpus_sources

__all__ = ["expand_paths", "index_status", "ingest", "load_paths"]


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files named, plus supported files found under folders named, in a stable order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            out.append(path)
    return out


def load_paths(paths: list[Path], stage: int = 0, section: str = "") -> tuple[list[Source], list[dict]]:
    """Load every file; a file that cannot be read becomes a failure entry, never an exception."""
    sources, failures = [], []
    for path in expand_paths(paths):
        try:
            if not path.exists():
                raise LoadError("no such file")
            sources.append(load_file(path, stage=stage, section=section))
        except LoadError as exc:
            failures.append({"source": str(path), "reason": str(exc)})
        except OSError as exc:
            failures.append({"source": str(path), "reason": f"cannot read: {exc.strerror or exc}"})
    return sources, failures


def _reload(meta: dict) -> Source | None:
    """Re-read a learner's file for a full rebuild (gone files are dropped from the new index)."""
    if meta.get("origin") != "file":
        return None
    path = Path(str(meta.get("url_or_path", "")))
    try:
        return load_file(path, stage=int(meta.get("stage", 0)), section=str(meta.get("section", "")))
    except (LoadError, OSError):
        return None


def ingest(
    services: Services,
    paths: list[Path] | None = None,
    *,
    stage: int = 0,
    section: str = "",
    extra_sources: list[Source] | None = None,
    extra_failures: list[dict] | None = None,
    include_corpus: bool = True,
    prune: bool = False,
    progress: Progress | None = None,
    on_batch=None,
) -> IngestReport:
    """Index the shipped corpus and/or the given files; see `ingest.indexer` for the guarantees."""
    corpus_list = corpus_sources(services.corpus) if include_corpus else []
    file_sources, failures = load_paths(paths or [], stage, section)
    sources = corpus_list + file_sources + list(extra_sources or [])
    return run_ingest(
        services.client,
        services.settings.collection,
        services.embeddings,
        index_params(services.settings),
        sources,
        failures=failures + list(extra_failures or []),
        prune=prune,
        corpus_ids={s.source_id for s in corpus_sources(services.corpus)},
        reload_source=_reload,
        progress=progress,
        batch_size=services.settings.embedding_batch_size,
        on_batch=on_batch,
    )


def index_status(services: Services) -> tuple[str, str]:
    """('ok' | 'missing' | 'stale', a sentence for the user), without loading the embedding model."""
    index = services.index()
    if index is None or index.count() == 0:
        return "missing", "no index yet: run `tutor ingest`"
    if index.params != index_params(services.settings):
        return "stale", "the index was built with other embedding/chunking settings: run `tutor ingest`"
    indexed = {m["source_id"]: m for m in index.collection.get(include=["metadatas"])["metadatas"]}
    todo = plan(indexed, corpus_sources(services.corpus), prune=False)
    if todo.add or todo.update:
        return "stale", f"{len(todo.add) + len(todo.update)} corpus documents changed: run `tutor ingest`"
    return "ok", f"{index.count()} chunks in {index.name}"
