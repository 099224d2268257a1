"""Shared fixtures. Every file goes under a tmp_path; heavy components are built once per session.

Markers (see pyproject.toml): `slow` loads the real embedding model / Chroma, `llm` runs the real
default LLM, `server` starts a real server (tests/servers.py), `browser` drives Chromium.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
for key in [k for k in os.environ if k.startswith("TUTOR_")]:
    os.environ.pop(key)  # tests must not inherit a developer's configuration...
os.environ["TUTOR_CONFIG"] = os.devnull  # ...nor a tutor.toml lying in the working directory

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def settings(tmp_path):
    from app.core.settings import Settings

    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def fake_embeddings():
    from langchain_core.embeddings import DeterministicFakeEmbedding

    return DeterministicFakeEmbedding(size=32)


@pytest.fixture(scope="session")
def real_embeddings():
    from app.core.providers import make_embeddings
    from app.core.settings import Settings

    return make_embeddings(Settings(), bulk=True)  # sentence-transformers; test_minilm checks numpy's equal


@pytest.fixture(scope="session")
def corpus_data_dir(tmp_path_factory, real_embeddings):
    """A data dir holding the whole shipped corpus indexed with the real model in real Chroma."""
    from app.core.settings import Settings
    from app.services import Services
    from ingest.service import ingest

    data_dir = tmp_path_factory.mktemp("corpus-data")
    services = Services(Settings(data_dir=data_dir), embeddings=real_embeddings)
    report = ingest(services)
    assert report.failed == 0 and report.chunks_total > 300
    return data_dir


@pytest.fixture(scope="session")
def corpus_services(corpus_data_dir, real_embeddings):
    from app.core.settings import Settings
    from app.services import Services

    return Services(Settings(data_dir=corpus_data_dir), embeddings=real_embeddings)


@pytest.fixture(scope="session")
def model_path(tmp_path_factory):
    """The packaged model, assembled and verified once per session."""
    from app.core.model_files import assemble_model

    return assemble_model(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def real_llm(model_path):
    from app.core.providers import make_llm
    from app.core.settings import Settings

    return make_llm(Settings(llm_model_path=model_path))


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL server for the session (tests/servers.py)."""
    from tests.servers import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture
def postgres_database(postgres_url):
    """A new, empty database on that server, as a SQLAlchemy URL."""
    from sqlalchemy import create_engine, text

    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return postgres_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.server)])
def progress_url(request, tmp_path):
    """The progress database: SQLite (the default) and a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'progress.db'}"
    return request.getfixturevalue("postgres_database")


def steps(question: str) -> str:
    """The worked text of every calculator sure of the question's numbers (the compute tests' view)."""
    from app.answering.compute import work

    found = work(question)
    assert found, question
    return "\n".join("\n".join(w.steps) + "\n" + w.note for w in found)
