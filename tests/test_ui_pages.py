"""Quiz, progress and library pages through Streamlit's AppTest (real embeddings and Chroma)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from app.core.settings import Settings
from app.services import Services
from tests.conftest import FIXTURES
from tests.fakes import ScriptedChat

pytestmark = pytest.mark.slow
APP = str(Path(__file__).resolve().parent.parent / "app" / "ui" / "streamlit_app.py")


@pytest.fixture
def services(monkeypatch, corpus_services, tmp_path):
    """The shared corpus index, but a fresh progress database per test."""
    settings = Settings(data_dir=corpus_services.settings.data_dir, database_url=f"sqlite:///{tmp_path / 'p.db'}")
    services = Services(
        settings,
        llm=ScriptedChat(responses=["unused"], received=[], kwargs_seen=[]),
        embeddings=corpus_services.embeddings,
        client=corpus_services.client,
    )
    monkeypatch.setattr("app.ui.state.make_services", lambda: services)
    st.cache_resource.clear()
    return services


def open_page(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.sidebar.radio(key="page").set_value(name).run()
    assert not at.exception
    return at


def answer_current(at: AppTest, services) -> None:
    """Answer whatever question is on screen with its key (what a learner who knows would do)."""
    quiz = at.session_state["quiz"]["quiz"]
    q = quiz.questions[at.session_state["quiz"]["index"]]
    if q.type == "mcq":  # the options are shown shuffled: pick the position where the key is shown
        from app.learning.quiz import option_order

        at.radio(key="answer").set_value(option_order(quiz.session_id, q.id).index(q.answer))
    elif q.type == "true_false":
        at.radio(key="answer").set_value("true" if q.answer else "false")
    else:
        at.text_area(key="answer").input(q.answer)
    next(b for b in at.button if b.label == "Check answer").click().run()


def test_quiz_flow_saves_each_attempt_and_ends_with_a_summary(services):
    at = open_page("Quiz")
    at.radio(key="quiz_scope").set_value("A stage").run()
    at.slider(key="quiz_n").set_value(3).run()
    at.button(key="quiz_start").click().run()
    for i in range(3):
        answer_current(at, services)
        assert not at.exception
        assert at.success or at.warning  # a verdict is shown
        assert any("Source:" in c.value for c in at.main.caption)
        assert len(services.progress.attempts("default")) == i + 1  # saved before moving on
        at.button(key="quiz_next").click().run()  # Next question / See summary
    assert at.subheader[0].value.startswith("Score:")


def test_progress_page_shows_mastery_and_due_reviews(services):
    q = services.corpus.questions[0]
    services.progress.record("default", q.id, 1, "Mathematics & Statistics", "x", "incorrect")
    at = open_page("Progress")
    assert not at.exception
    assert [s.value for s in at.subheader][:2] == ["The roadmap by mastery", "Mastery over time"]
    assert at.metric[0].value == "0"  # the failed card is due in a few minutes, not yet


def test_learners_keep_separate_progress(services):
    services.progress.record("ann", services.corpus.questions[0].id, 1, "Mathematics & Statistics", "x", "correct")
    at = open_page("Progress")
    at.sidebar.selectbox[0].set_value("ann").run()
    assert "ann" in at.header[0].value
    assert not any("No quiz answers yet" in i.value for i in at.info)
    at.sidebar.text_input[0].input("zoe").run()
    assert "zoe" in at.header[0].value and any("No quiz answers yet" in i.value for i in at.info)


def test_library_lists_the_index_and_linked_readings(services):
    at = open_page("Library")
    assert not at.exception
    assert at.subheader[0].value == "Indexed documents"
    assert any("Linked readings" in e.label for e in at.expander)
    assert (FIXTURES / "good_note.md").exists()
