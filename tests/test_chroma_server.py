"""The same index code against a real `chroma run` server (vector_backend=http)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.settings import Settings
from app.services import Services
from ingest.service import ingest
from ingest.sources import corpus_sources

pytestmark = [pytest.mark.slow, pytest.mark.server]
CHROMA = Path(sys.executable).parent / "chroma"


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (tmp_path_factory.mktemp("chroma-log") / "chroma.log").open("w")
    proc = subprocess.Popen(
        [
            str(CHROMA),
            "run",
            "--path",
            str(tmp_path_factory.mktemp("chroma-server")),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    import chromadb

    deadline = time.monotonic() + 60
    while True:
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
            break
        except Exception:
            assert proc.poll() is None and time.monotonic() < deadline, "chroma run did not start"
            time.sleep(0.5)
    yield port
    proc.terminate()
    proc.wait(timeout=30)


def test_ingest_and_retrieve_through_the_server(chroma_port, real_embeddings, tmp_path):
    settings = Settings(data_dir=tmp_path, vector_backend="http", chroma_port=chroma_port, collection="srv")
    services = Services(settings, embeddings=real_embeddings)
    stage2 = [s for s in corpus_sources(services.corpus) if s.stage == 2]
    first = ingest(services, include_corpus=False, extra_sources=stage2)
    assert first.added == len(stage2) and first.chunks_embedded > 50
    again = ingest(services, include_corpus=False, extra_sources=stage2)
    assert again.chunks_embedded == 0 and again.collection == first.collection
    hits = services.retriever.retrieve("difference between precision and recall", k=3).hits
    assert hits[0].metadata["section"] == "Model Evaluation"
    assert not (tmp_path / "chroma").exists()  # nothing went to disk locally


def test_crash_mid_ingest_leaves_the_server_index_answering(chroma_port, real_embeddings, tmp_path):
    settings = Settings(data_dir=tmp_path, vector_backend="http", chroma_port=chroma_port, collection="crash")
    services = Services(settings, embeddings=real_embeddings)
    sources = corpus_sources(services.corpus)
    ingest(services, include_corpus=False, extra_sources=[s for s in sources if s.stage == 1])
    before = services.index().name

    def crash(batch_no: int) -> None:
        raise RuntimeError("server-side ingest interrupted")

    with pytest.raises(RuntimeError):
        ingest(services, include_corpus=False, extra_sources=[s for s in sources if s.stage in (1, 3)], on_batch=crash)
    assert services.index().name == before
    hits = services.retriever.retrieve("what is an eigenvector", k=2).hits
    assert hits and hits[0].metadata["stage"] == 1
