"""The chat page driven in-process by Streamlit's AppTest: real embeddings and Chroma, scripted LLM."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app.services import Services
from tests.fakes import ScriptedChat

pytestmark = pytest.mark.slow
APP = str(Path(__file__).resolve().parent.parent / "app" / "ui" / "streamlit_app.py")


@pytest.fixture
def wire(monkeypatch, corpus_services):
    """Route the app's one wiring point to the shared corpus index and a scripted LLM."""

    def install(*responses: str) -> ScriptedChat:
        llm = ScriptedChat(responses=list(responses), received=[], kwargs_seen=[])
        services = Services(
            corpus_services.settings, llm=llm, embeddings=corpus_services.embeddings, client=corpus_services.client
        )
        monkeypatch.setattr("app.ui.state.make_services", lambda: services)
        st.cache_resource.clear()
        return llm

    return install


def test_question_gets_a_streamed_cited_answer(wire):
    wire("Precision is the fraction of flagged cases that really are positive [1].")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    at.chat_input[0].set_value("What is precision?").run()
    assert not at.exception
    messages = at.chat_message
    assert [m.name for m in messages] == ["user", "assistant"]
    labels = [e.label for e in at.expander]
    assert labels and "Model Evaluation" in labels[0] and labels[0].startswith("[1]")


def test_follow_up_uses_history_and_conversation_survives_reruns(wire):
    llm = wire(
        "Gradient boosting adds trees that fix earlier errors [1].",
        "How does LightGBM compare to XGBoost?",
        "LightGBM grows trees leaf-wise [1].",
    )
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.chat_input[0].set_value("What is gradient boosting?").run()
    at.chat_input[0].set_value("and how does LightGBM compare?").run()
    assert not at.exception
    assert len(at.chat_message) == 4
    assert any("What is gradient boosting?" in m[0].content for m in llm.received)  # condense saw the history
    at.button[0].click().run()  # "New conversation"
    assert len(at.chat_message) == 0


def test_out_of_scope_question_is_declined(wire):
    llm = wire("never used")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.chat_input[0].set_value("What fertilizer should I use for tomatoes?").run()
    assert not at.exception
    assert "does not cover" in at.chat_message[1].markdown[0].value
    assert llm.received == []


def test_down_llm_server_gives_a_message_not_a_traceback(monkeypatch, corpus_services):
    from app.core.providers import make_llm
    from app.core.settings import Settings

    settings = Settings(
        data_dir=corpus_services.settings.data_dir,
        llm_backend="openai",
        openai_base_url="http://127.0.0.1:9/v1",
        llm_timeout_s=2,
    )
    services = Services(
        settings, llm=make_llm(settings), embeddings=corpus_services.embeddings, client=corpus_services.client
    )
    monkeypatch.setattr("app.ui.state.make_services", lambda: services)
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.chat_input[0].set_value("What is precision?").run()
    assert not at.exception
    assert "did not answer" in at.error[0].value
