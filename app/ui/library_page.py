"""The library page: what is indexed, and adding a file or a link with progress and a report."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import streamlit as st

__all__ = ["render"]


def _index_table(services) -> pd.DataFrame | None:
    index = services.index()
    if index is None:
        return None
    metas = index.metadatas()
    sources = {(m["source_id"], m.get("stage", 0), m.get("source_type", "")) for m in metas}
    counts = Counter((stage, kind) for _, stage, kind in sources)
    return pd.DataFrame(
        [{"stage": s or "none", "source type": k, "documents": n} for (s, k), n in sorted(counts.items())]
    )


def _run(services, label: str, **kwargs) -> None:
    from ingest.service import ingest

    with st.status(label, expanded=True) as box:
        bar = st.progress(0.0)
        report = ingest(
            services, progress=lambda phase, d, t: bar.progress(d / max(t, 1), text=f"{phase}: {d}/{t}"), **kwargs
        )
        box.update(label=f"Done in {report.seconds:.1f}s", state="error" if report.failures else "complete")
    st.session_state["last_ingest"] = report.to_dict()


def render(services) -> None:
    st.header("Library")
    table = _index_table(services)
    if table is not None:
        st.subheader("Indexed documents")
        st.bar_chart(table, x="stage", y="documents", color="source type")
    roadmap = services.corpus.roadmap
    with st.form("add"):
        st.subheader("Add your own reading")
        upload = st.file_uploader("A Markdown, text, HTML or PDF file", type=["md", "txt", "html", "htm", "pdf"])
        url = st.text_input("…or a link (http/https)")
        stage = st.selectbox("Stage", [0, 1, 2, 3, 4, 5], format_func=lambda s: "No stage" if s == 0 else f"Stage {s}")
        section = st.selectbox("Section", ["", *roadmap.section_names], format_func=lambda s: s or "No section")
        if st.form_submit_button("Add to library", type="primary"):
            if upload is not None:
                folder = services.settings.data_dir / "uploads"
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / Path(upload.name).name  # never trust a client-supplied path
                path.write_bytes(upload.getvalue())
                _run(services, f"Indexing {path.name}…", paths=[path], stage=stage, section=section)
            elif url.strip():
                _run(services, f"Fetching {url.strip()}…", urls=[url.strip()], stage=stage, section=section)
            else:
                st.warning("Choose a file or enter a link.")
    report = st.session_state.get("last_ingest")
    if report:
        st.subheader("Last ingest")
        cols = st.columns(6)
        for col, key in zip(
            cols, ["added", "updated", "unchanged", "removed", "failed", "chunks_embedded"], strict=True
        ):
            col.metric(key.replace("_", " "), report[key])
        for failure in report["failures"]:
            st.error(f"{failure['source']}: {failure['reason']}")
    with st.expander("Linked readings for each roadmap item"):
        for _, _, item in roadmap.iter_items():
            links = services.corpus.links.get(item.id, [])
            st.markdown(f"**{item.title}**")
            for link in links:
                st.markdown(f"- [{link.title}]({link.url}) ({link.kind}): {link.why}")
