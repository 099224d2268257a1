"""Ingest as the CLI and the app call it: gather sources (corpus, files, linked readings), report
what could not be read, run the indexer.

Nothing a learner gives can stop a run: a bad file or an unreachable link becomes a
{"source", "reason"} failure and the rest is indexed. Linked readings are fetched only when asked
(`links=True` or `urls`); fetched pages live in the link cache, so a later full rebuild (new
embedding model) re-reads them from there without touching the network.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterable
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path

from app.core.ports import IndexingServices
from app.core.providers import ProviderError
from app.core.vectorstore import IndexParams
from ingest.fetch import FetchPolicy, LinkFetcher, LinkRequest, corpus_link_requests, link_source_id
from ingest.indexer import IngestReport, Progress, plan, run_ingest
from ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load_file
from ingest.sources import Source, corpus_sources

__all__ = [
    "IngestBusyError",
    "expand_paths",
    "fetch_links",
    "index_status",
    "ingest",
    "ingest_lock_holder",
    "link_cache_dir",
    "load_paths",
]


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


def link_cache_dir(services: IndexingServices) -> Path:
    return services.settings.cache_dir / "links"


def fetch_links(
    services: IndexingServices,
    *,
    links: bool = False,
    urls: Iterable[str] = (),
    stage: int = 0,
    section: str = "",
    policy: FetchPolicy | None = None,
    progress: Progress | None = None,
) -> tuple[list[Source], list[dict]]:
    """The corpus's linked readings (when `links`) and the learner's URLs (tagged with the given
    stage and section), fetched or taken from the cache; failures are entries, never exceptions."""
    requests = corpus_link_requests(services.corpus) if links else []
    requests += [LinkRequest(url.strip(), stage=stage, section=section) for url in urls]
    if not requests:
        return [], []
    with LinkFetcher(link_cache_dir(services), policy) as fetcher:
        return fetcher.fetch_all(requests, progress)


def _reloader(services: IndexingServices):
    """Re-read an indexed source that this run did not mention, for a full rebuild: a learner's
    file from disk, a fetched link from the link cache (never the network). Gone ones are
    dropped."""

    def reload(meta: dict) -> Source | None:
        origin, where = meta.get("origin"), str(meta.get("url_or_path", ""))
        stage, section = int(meta.get("stage", 0)), str(meta.get("section", ""))
        if origin == "url":
            request = LinkRequest(where, str(meta.get("title", "")), stage, section, str(meta.get("item_id", "")))
            with LinkFetcher(link_cache_dir(services)) as fetcher:
                return fetcher.cached(request)
        if origin != "file":
            return None
        try:
            return load_file(Path(where), stage=stage, section=section)
        except (LoadError, OSError):
            return None

    return reload


class _EmbedOnDemand:
    """Loads the embedding model only when a chunk must be embedded: a re-run with nothing
    changed (or only removals) then takes well under a second instead of a model load."""

    def __init__(self, services: IndexingServices) -> None:
        self._services = services

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._services.bulk_embeddings.embed_documents(texts)


def ingest(
    services: IndexingServices,
    paths: list[Path] | None = None,
    *,
    stage: int = 0,
    section: str = "",
    extra_sources: list[Source] | None = None,
    extra_failures: list[dict] | None = None,
    include_corpus: bool = True,
    prune: bool = False,
    links: bool = False,
    urls: Iterable[str] = (),
    allow_hosts: Iterable[str] = (),
    fetch_policy: FetchPolicy | None = None,
    progress: Progress | None = None,
    on_batch=None,
) -> IngestReport:
    """Index the shipped corpus, the given files and the asked-for links; see `ingest.indexer`
    for the guarantees (idempotent, exact updates, no mixed index, atomic swap). One ingest at a
    time per data folder: a second one is told another is running (IngestBusyError)."""
    with _ingest_lock(services.settings.data_dir):
        return _ingest(
            services,
            paths,
            stage=stage,
            section=section,
            extra_sources=extra_sources,
            extra_failures=extra_failures,
            include_corpus=include_corpus,
            prune=prune,
            links=links,
            urls=urls,
            allow_hosts=allow_hosts,
            fetch_policy=fetch_policy,
            progress=progress,
            on_batch=on_batch,
        )


class IngestBusyError(ProviderError):
    """Another ingest holds the data folder's lock; the message says so in one line."""


@contextmanager
def _ingest_lock(data_dir: Path):
    """An exclusive, non-blocking lock on `<data dir>/ingest.lock`, released when the process ends
    however it ends (a SIGKILL included: the kernel drops the lock with the process)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / "ingest.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IngestBusyError(
                f"another ingest is running ({holder}) on {data_dir}: wait for it to finish, then try again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ingest_lock_holder(data_dir: Path) -> str | None:
    """Who holds the data folder's ingest lock ("pid 1234"), None when no ingest is running. A
    held lock always means a live process: the kernel drops it when its holder dies."""
    path = data_dir / "ingest.lock"
    if not path.exists():
        return None
    with open(path) as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return handle.read().strip() or "another process"
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


def _ingest(
    services: IndexingServices,
    paths: list[Path] | None,
    *,
    stage: int,
    section: str,
    extra_sources: list[Source] | None,
    extra_failures: list[dict] | None,
    include_corpus: bool,
    prune: bool,
    links: bool,
    urls: Iterable[str],
    allow_hosts: Iterable[str],
    fetch_policy: FetchPolicy | None,
    progress: Progress | None,
    on_batch,
) -> IngestReport:
    corpus_list = corpus_sources(services.corpus) if include_corpus else []
    file_sources, failures = load_paths(paths or [], stage, section)
    policy = fetch_policy or FetchPolicy.from_settings(services.settings)
    policy = replace(policy, allow_hosts=frozenset(policy.allow_hosts) | set(allow_hosts))
    link_sources, link_failures = fetch_links(
        services, links=links, urls=urls, stage=stage, section=section, policy=policy, progress=progress
    )
    sources = corpus_list + file_sources + link_sources + list(extra_sources or [])
    report = run_ingest(
        services.client,
        services.settings.collection,
        _EmbedOnDemand(services),
        IndexParams.from_settings(services.settings),
        sources,
        failures=failures + link_failures + list(extra_failures or []),
        prune=prune,
        corpus_ids={s.source_id for s in corpus_sources(services.corpus)}
        | {link_source_id(r.url) for r in corpus_link_requests(services.corpus)},
        reload_source=_reloader(services),
        progress=progress,
        batch_size=services.settings.embedding_batch_size,
        on_batch=on_batch,
    )
    started = time.perf_counter()
    if include_corpus:
        _embed_faq(services)
    changed = report.rebuilt or report.added or report.updated or report.removed
    _embed_units(services, progress, changed)
    report.answer_caches_s = round(time.perf_counter() - started, 3)
    return report


def _embed_units(services: IndexingServices, progress: Progress | None, changed: bool) -> None:
    """Embed the quotable units of the indexed chunks now (`app.core.unit_vectors`), in batches
    with progress, so that answering never embeds the readings' sentences itself. A failure here
    costs only that work at answer time."""
    from app.core.unit_vectors import build

    settings = services.settings
    path = services.unit_vectors_path()
    index = services.index()
    if index is None or (not changed and path.exists()):  # the file already holds this index's units
        return
    embedder = _EmbedOnDemand(services)

    def embed(texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        size = max(1, settings.embedding_batch_size) * 4
        for start in range(0, len(texts), size):
            out += embedder.embed_documents(texts[start : start + size])
            if progress:
                progress("embedding sentences for evidence", len(out), len(texts))
        return out

    with suppress(OSError, ValueError):
        texts = services.quotable_units(index.records())
        build(texts, embed, path)


def _embed_faq(services: IndexingServices) -> None:
    """Embed the questions written in advance for the readings (corpus/faq) now, with the bulk
    model, so that the first question asked does not wait for them (about 16 s with the answering
    model on 2 cores); a cache hit costs a file read. A failure here costs only that wait later."""
    from app.core.faq import build_index

    settings = services.settings
    with suppress(OSError, ValueError):
        build_index(settings.corpus_dir, _EmbedOnDemand(services), settings.cache_dir, settings.embedding_model)


def index_status(services: IndexingServices) -> tuple[str, str]:
    """('ok' | 'missing' | 'stale', a sentence for the user), without loading the embedding
    model."""
    index = services.index()
    if index is None or index.count() == 0:
        return "missing", "no index yet: run `tutor ingest`"
    if index.params != IndexParams.from_settings(services.settings):
        return "stale", ("the index was built with other embedding/chunking settings: run `tutor ingest`")
    indexed = {m["source_id"]: m for m in index.metadatas()}
    todo = plan(indexed, corpus_sources(services.corpus), prune=False)
    if todo.add or todo.update:
        changed = len(todo.add) + len(todo.update)
        return "stale", f"{changed} corpus documents changed: run `tutor ingest`"
    return "ok", f"{index.count()} chunks in {index.name}"
