"""What the Streamlit pages share: one Services per process, readiness checks, session state.

The heavy components (embedding model, Chroma client, llama.cpp model) are created once per
process with `st.cache_resource`; the llama.cpp adapter serialises generations across sessions.
"""

from __future__ import annotations

import streamlit as st

from app.services import Services, build_services

__all__ = ["ensure_ready", "get_services", "make_services"]


def make_services() -> Services:
    """Build the services from settings. Tests replace this to wire in fakes."""
    return build_services()


@st.cache_resource(show_spinner=False)
def get_services() -> Services:
    return make_services()


def ensure_ready(services: Services) -> bool:
    """Assemble the model and build the index on first run, with progress; False if not usable."""
    from app.core.model_files import MODEL_FILENAME, ModelFileError
    from app.core.providers import ProviderError, resolve_model_file
    from ingest.service import index_status, ingest

    if st.session_state.get("ready"):
        return True
    try:
        settings = services.settings
        if (
            settings.llm_backend == "llamacpp"
            and not settings.llm_model_path
            and not (settings.model_dir / MODEL_FILENAME).exists()
        ):
            bar = st.progress(0.0, text="First run: assembling the model (490 MB)…")
            resolve_model_file(
                settings,
                progress=lambda d, t: bar.progress(d / t, text=f"Assembling the model: {d / 1e6:.0f}/{t / 1e6:.0f} MB"),
            )
            bar.empty()
        status, detail = index_status(services)
        if status != "ok":
            with st.status(f"Building the index ({detail})…", expanded=True) as box:
                bar = st.progress(0.0)

                def progress(phase: str, done: int, total: int) -> None:
                    bar.progress(done / max(total, 1), text=f"{phase}: {done}/{total}")

                report = ingest(services, prune=True, progress=progress)
                box.update(label=f"Index ready: {report.chunks_total} chunks", state="complete", expanded=False)
    except (ProviderError, ModelFileError) as exc:
        st.error(f"{exc}", icon="🛑")
        return False
    st.session_state["ready"] = True
    return True
