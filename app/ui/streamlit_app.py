"""Streamlit entry point: `streamlit run app/ui/streamlit_app.py` (or `tutor ui`)."""

from __future__ import annotations

import streamlit as st

from app.core.cpu import quiet_thread_pools

quiet_thread_pools()  # before torch or llama.cpp is loaded

from app.core.providers import backend_error_message  # noqa: E402
from app.ui import chat_page, library_page, progress_page, quiz_page  # noqa: E402
from app.ui.sign_in import oidc_user, signed_in_user  # noqa: E402
from app.ui.state import ensure_ready, get_services  # noqa: E402

st.set_page_config(page_title="ML Roadmap Tutor", page_icon="🎓", layout="wide")

PAGES = {
    "Chat": chat_page.render,
    "Quiz": quiz_page.render,
    "Progress": progress_page.render,
    "Library": library_page.render,
}


def _oidc_sign_in() -> str:
    user = oidc_user(st.user)
    if user is None:
        st.info("Sign in to use the tutor: it is served to a group, and your progress is kept under your account.")
        if st.button("Sign in", type="primary"):
            st.login()
        st.stop()
    if st.button("Sign out"):
        st.logout()
    return user


def _learner(services) -> None:
    """A local profile: several learners on one machine keep separate progress. In a group
    deployment (TUTOR_TRUSTED_USER_HEADER, or TUTOR_OIDC_LOGIN with an identity provider in
    .streamlit/secrets.toml) the learner is whoever the deployment says signed in, and nobody can
    pick another learner's profile."""
    header = services.settings.trusted_user_header
    if header or services.settings.oidc_login:
        if header:
            user = signed_in_user(st.context.headers, header)
            if user is None:
                st.error(f"Sign-in required: this tutor is served to a group and no {header} header came with it.")
                st.stop()
        else:
            user = _oidc_sign_in()
        if st.session_state.get("learner") != user:
            st.session_state.pop("quiz", None)
            st.session_state.pop("conversation", None)
        st.session_state["learner"] = user
        services.progress.learner_id(user)
        st.caption(f"Signed in as **{user}**")
        return
    known = services.progress.learners() or ["default"]
    current = st.session_state.get("learner", known[0])
    if current not in known:
        known.append(current)
    choice = st.selectbox("Learner", known, index=known.index(current))
    new = st.text_input("New learner", placeholder="name, then Enter", max_chars=40)
    if new.strip() and new.strip() != current:
        services.progress.learner_id(new.strip())
        choice = new.strip()
    if choice != current:
        st.session_state.pop("quiz", None)  # a quiz belongs to the learner who started it
    st.session_state["learner"] = choice


def _status(services) -> None:
    index = services.index()
    settings = services.settings
    model = (
        "embedded Qwen2.5-Coder 0.5B Instruct (llama.cpp)"
        if settings.llm_backend == "llamacpp"
        else f"{settings.openai_model} at {settings.openai_base_url}"
    )
    st.caption(f"Model: {model}  \nIndex: {index.count() if index else 0} chunks ({index.name if index else 'none'})")


def main() -> None:
    services = get_services()
    with st.sidebar:
        st.title("ML Roadmap Tutor")
        page = st.radio("Page", list(PAGES), key="page", label_visibility="collapsed")
    if not ensure_ready(services):
        st.stop()
    try:
        with st.sidebar:
            _learner(services)
            _status(services)
        PAGES[page](services)
    except Exception as exc:  # a broken database, a read-only folder, a server gone: say so, no traceback
        message = backend_error_message(exc)
        if message is None:
            raise
        st.error(message, icon="🛑")


main()
