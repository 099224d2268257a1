"""Streamlit entry point: `streamlit run app/ui/streamlit_app.py` (or `tutor ui`)."""

from __future__ import annotations

import streamlit as st

from app.ui import chat_page
from app.ui.state import ensure_ready, get_services

st.set_page_config(page_title="ML Roadmap Tutor", page_icon="🎓", layout="wide")

PAGES = {"Chat": chat_page.render}


def main() -> None:
    services = get_services()
    with st.sidebar:
        st.title("🎓 ML Roadmap Tutor")
        page = st.radio("Page", list(PAGES), key="page", label_visibility="collapsed")
    if not ensure_ready(services):
        st.stop()
    PAGES[page](services)


main()
