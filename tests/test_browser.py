"""The app in a real browser: `streamlit run` on loopback, driven by Playwright in Debian's Chromium.

Everything is real here: the packaged model through llama.cpp, MiniLM, Chroma on disk. Screenshots
of each page go to tests/artifacts/ (docs/screenshots/ holds copies for the README).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.servers import streamlit_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.llm,
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]
ARTIFACTS = REPO / "tests" / "artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def app_url(corpus_data_dir, model_path, tmp_path_factory):
    env = {
        **os.environ,
        "TUTOR_DATA_DIR": str(corpus_data_dir),
        "TUTOR_LLM_MODEL_PATH": str(model_path),
        "TUTOR_DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('browser') / 'p.db'}",
    }
    with streamlit_app(env, tmp_path_factory.mktemp("log") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def page(app_url):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(app_url)
        page.get_by_test_id("stChatInput").wait_for(timeout=120_000)  # first run may build/load things
        yield page
        browser.close()


def _go(page, name: str) -> None:
    page.get_by_test_id("stSidebar").get_by_text(name, exact=True).click()


def test_chat_page_answers_with_a_citation(page):
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("What is the difference between precision and recall?")
    box.press("Enter")
    expander = page.get_by_test_id("stExpander").first
    expander.wait_for(timeout=180_000)  # sources appear once the streamed answer is complete
    assert "[1]" in expander.inner_text() or "[2]" in expander.inner_text()
    assert "Model Evaluation" in page.get_by_test_id("stChatMessage").last.inner_text()
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)


def _send(page, text: str) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")


def test_a_quiz_asked_for_in_the_chat_is_graded_in_the_chat(page):
    before = page.get_by_test_id("stChatMessage").count()
    _send(page, "Quiz me on stage 2")
    question = page.get_by_test_id("stChatMessage").nth(before + 1)
    question.get_by_text("Question 1 of 3").wait_for(timeout=120_000)
    shown = question.inner_text()
    assert "Stage 2" in shown or "stage 2" in shown
    reply = "a" if "\nA. " in shown else "true" if "True or false" in shown else "It reduces variance."
    _send(page, reply)
    graded = page.get_by_test_id("stChatMessage").nth(before + 3)
    graded.get_by_text("Question 2 of 3").wait_for(timeout=120_000)
    assert any(v in graded.inner_text() for v in ("Correct.", "Not quite.", "Partly right."))
    assert "›" in graded.inner_text()  # the verdict names the reading and heading it comes from
    page.screenshot(path=str(ARTIFACTS / "chat-quiz.png"), full_page=True)
    _send(page, "stop")
    page.get_by_test_id("stChatMessage").nth(before + 5).get_by_text("Quiz finished").wait_for(timeout=60_000)


def test_quiz_page_grades_an_answer(page):
    _go(page, "Quiz")
    page.get_by_role("button", name="Start quiz").click()
    page.get_by_role("button", name="Check answer").wait_for(timeout=60_000)
    radios = page.get_by_test_id("stRadio").last.get_by_role("radio")
    if page.get_by_test_id("stTextArea").count():
        page.get_by_test_id("stTextArea").locator("textarea").fill("It reduces variance by averaging many models.")
    else:
        radios.first.check(force=True)
    page.get_by_role("button", name="Check answer").click()
    verdict = page.get_by_test_id("stAlert").first
    verdict.wait_for(timeout=60_000)
    assert any(word in verdict.inner_text() for word in ("Correct", "Incorrect", "Partially correct"))
    # the verdict and its source line arrive in the same rerun but are drawn one after the other
    source = page.get_by_test_id("stCaptionContainer").filter(has_text="Source:")
    source.first.wait_for(timeout=30_000)
    assert " › " in source.first.inner_text()  # names the reading and the heading the question comes from
    page.screenshot(path=str(ARTIFACTS / "quiz.png"), full_page=True)


def test_progress_and_library_pages_render(page):
    _go(page, "Progress")
    page.get_by_text("The roadmap by mastery").wait_for(timeout=60_000)
    page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg").first.wait_for(
        timeout=60_000
    )
    page.wait_for_timeout(1500)  # let every chart finish drawing
    page.screenshot(path=str(ARTIFACTS / "progress.png"), full_page=True)
    _go(page, "Library")
    page.get_by_text("Indexed documents").wait_for(timeout=60_000)
    page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg").first.wait_for(
        timeout=60_000
    )
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "library.png"), full_page=True)
