"""One typed source of truth for every setting.

Values come, in order of precedence, from keyword arguments, `TUTOR_*` environment variables, a
`tutor.toml` file in the working directory (or the file named by `TUTOR_CONFIG`), then the defaults
below. Every backend choice is a `Literal`, so a typo fails at start-up with the list of valid names.
Nothing here loads a model or opens a connection: `providers.py` does that, lazily.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

__all__ = ["Settings", "load_settings"]

REPO_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    """Settings of the tutor. Env var = `TUTOR_` + field name in upper case."""

    model_config = SettingsConfigDict(env_prefix="TUTOR_", extra="ignore")

    # --- where things live -------------------------------------------------------------------
    data_dir: Path = Field(
        Path("data"),
        description="One folder for the index, the model cache and the progress database.",
    )
    corpus_dir: Path = Field(REPO_ROOT / "corpus", description="The shipped corpus.")

    # --- LLM ----------------------------------------------------------------------------------
    llm_backend: Literal["llamacpp", "openai"] = Field(
        "llamacpp", description="llamacpp: embedded GGUF model; openai: any OpenAI-compatible server."
    )
    llm_model_path: Path | None = Field(
        None, description="A GGUF file to use instead of the packaged Qwen2.5-Coder 0.5B Instruct (not hash-checked)."
    )
    llm_n_ctx: int = Field(4096, description="llama.cpp context window in tokens.")
    llm_n_threads: int = Field(
        0, description="llama.cpp threads; 0 means one per core this process may use (affinity and cgroup quota)."
    )
    llm_max_tokens: int = Field(320, description="Most tokens an answer may generate.")
    llm_temperature: float = Field(0.1, description="Sampling temperature of the answering model.")
    llm_timeout_s: float = Field(120.0, description="Timeout of one request to an LLM server.")
    openai_base_url: str = Field("http://127.0.0.1:8000/v1", description="Base URL of the OpenAI-compatible server.")
    openai_api_key: SecretStr = Field(
        SecretStr("not-needed"), description="API key for the server (local servers ignore it)."
    )
    openai_model: str = Field("qwen2.5-0.5b-instruct", description="Model name on that server.")

    # --- eval judge (optional) ----------------------------------------------------------------
    judge_base_url: str | None = Field(
        None,
        description="OpenAI-compatible server of an LLM judge for `tutor eval`; unset: no judge metrics.",
    )
    judge_model: str = Field("judge", description="Model name of the judge on that server.")
    judge_api_key: SecretStr = Field(SecretStr("not-needed"), description="API key of the judge server.")
    judge_max_tokens: int = Field(512, description="Most tokens one judge reply may generate.")

    # --- embeddings ---------------------------------------------------------------------------
    embedding_backend: Literal["auto", "sentence_transformers", "numpy"] = Field(
        "auto",
        description="Embedding runtime. numpy: the same model and vectors without importing torch (an answer "
        "starts seconds sooner); sentence_transformers: torch, about twice as fast on long batches; auto: "
        "numpy for answering, sentence_transformers for ingest.",
    )
    embedding_model: str = Field(
        "all-MiniLM-L6-v2",
        description="'all-MiniLM-L6-v2' is the packaged model; any other value is a local model folder.",
    )
    embedding_batch_size: int = Field(64, description="Chunks per embedding batch.")

    # --- vector store -------------------------------------------------------------------------
    vector_backend: Literal["persistent", "http"] = Field(
        "persistent", description="persistent: Chroma in data_dir/chroma; http: a `chroma run` server."
    )
    chroma_host: str = Field("127.0.0.1", description="Chroma server host (vector_backend=http).")
    chroma_port: int = Field(8001, description="Chroma server port (vector_backend=http).")
    collection: str = Field("roadmap", description="Name prefix of the Chroma collections.")

    # --- chunking (ingest and retrieval read the same values) ---------------------------------
    chunk_tokens: int = Field(180, description="Largest chunk, in estimated tokens.")
    chunk_overlap_tokens: int = Field(30, description="Tokens repeated between neighbouring chunks.")

    # --- retrieval and answering --------------------------------------------------------------
    top_k: int = Field(
        3, description="Passages ranked first by hybrid retrieval; evidence is picked from them and the closest ones."
    )
    evidence_tokens: int = Field(
        170, description="Token budget of the readings' sentences quoted as an answer's evidence (go deeper: twice)."
    )
    explanation: Literal["auto", "off", "checked"] = Field(
        "auto",
        description="Model's plain-words explanation after the evidence, shown only where checks pass; "
        "auto: off with the embedded model (it bends meanings), checked with an OpenAI-compatible server.",
    )
    faq_min_similarity: float = Field(
        0.8,
        description="A question whose match score with one written in advance for a reading (corpus/faq) reaches "
        "this gets the units its author tied to it; below it, sentence-level selection picks the evidence. The "
        "score: cosine to the entry's closest question, plus the two weighted terms below (at most 1 plus their "
        "weights; a higher threshold turns the match off).",
    )
    faq_lexical_weight: float = Field(
        0.3,
        description="Weight, in the FAQ match score, of the share of the question's content words (idf-weighted) "
        "found in an entry's questions.",
    )
    faq_retrieval_weight: float = Field(
        0.1,
        description="Weight, in the FAQ match score, of 1/(1 + rank) of the entry's section among the retrieved ones.",
    )
    faq_note_margin: float = Field(
        0.06,
        description="Taken off a concept note's FAQ entries when ranking them against the readings' (not from the "
        "score the threshold is checked on): a note supplements the readings, so a reading's entry about as close "
        "answers the question.",
    )
    candidates_k: int = Field(20, description="Candidates taken from each retriever before fusion.")
    trusted_user_header: str | None = Field(
        None,
        description="Group deployment behind an authenticating proxy: the learner is this request header's value "
        "(e.g. X-Forwarded-User); the learner picker is hidden and a request without it is refused.",
    )
    oidc_login: bool = Field(
        False,
        description="Group deployment with Streamlit's own OpenID Connect login: the [auth] section of "
        ".streamlit/secrets.toml names the identity provider; the learner is the signed-in e-mail (or subject).",
    )
    max_question_chars: int = Field(
        2000, description="A longer chat message is cut to this many characters, with a notice (the model's window)."
    )
    max_answer_chars: int = Field(
        4000, description="A longer quiz answer is graded and stored cut to this many characters, with a notice."
    )
    min_relevance: float = Field(
        0.33,
        description="Below this best cosine similarity the tutor declines (calibrated: python -m evals.calibrate).",
    )
    history_turns: int = Field(4, description="Conversation turns kept for follow-up questions.")

    # --- linked readings (tutor ingest --links / --url) -------------------------------------------
    fetch_timeout_s: float = Field(10.0, description="Connect timeout and longest silence while reading a page.")
    fetch_deadline_s: float = Field(60.0, description="Longest time one page may take in all.")
    fetch_max_mb: float = Field(20.0, description="Largest page or PDF fetched, in MB.")
    fetch_retries: int = Field(2, description="Extra attempts after a failed fetch (with backoff).")

    # --- progress store -----------------------------------------------------------------------
    database_url: str | None = Field(None, description="SQLAlchemy URL; default sqlite:///<data_dir>/progress.db.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = Path(os.environ.get("TUTOR_CONFIG", "tutor.toml"))
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file))

    @model_validator(mode="after")
    def _one_sign_in(self) -> Settings:
        if self.trusted_user_header and self.oidc_login:
            raise ValueError("set either trusted_user_header (a proxy signs people in) or oidc_login, not both")
        return self

    # Derived paths: computed, never stored, so they cannot disagree with data_dir.
    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def model_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def progress_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'progress.db').resolve()}"


def load_settings(**overrides: object) -> Settings:
    """Read the settings now (never at import time), with optional overrides."""
    return Settings(**overrides)  # type: ignore[arg-type]
