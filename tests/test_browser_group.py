"""Served to a group: the learner is whoever the authenticating proxy's header names. Real
`streamlit run` on loopback, real Chromium; the header is set the way a proxy would set it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import REPO
from tests.test_browser import CHROMIUM, FLAGS, _free_port, pytestmark  # noqa: F401 (same markers)


@pytest.fixture(scope="module")
def group_url(corpus_data_dir, model_path, tmp_path_factory):
    port = _free_port()
    env = {
        **os.environ,
        "TUTOR_DATA_DIR": str(corpus_data_dir),
        "TUTOR_LLM_MODEL_PATH": str(model_path),
        "TUTOR_DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('group') / 'p.db'}",
        "TUTOR_TRUSTED_USER_HEADER": "X-Remote-User",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "app" / "ui" / "streamlit_app.py"),
         "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            break
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline, "streamlit did not start"
            time.sleep(0.5)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_the_learner_is_the_signed_in_user_and_nobody_else(group_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        ana = browser.new_context(extra_http_headers={"X-Remote-User": "ana"}).new_page()
        ana.goto(group_url)
        sidebar = ana.get_by_test_id("stSidebar")
        sidebar.get_by_text("Signed in as").wait_for(timeout=120_000)
        assert "ana" in sidebar.inner_text()
        assert ana.get_by_text("New learner").count() == 0  # no picking another learner's profile
        sidebar.get_by_text("Progress", exact=True).click()
        ana.get_by_text("Progress — ana").wait_for(timeout=60_000)  # her own progress, nobody else's
        stranger = browser.new_context().new_page()  # no header: not signed in
        stranger.goto(group_url)
        stranger.get_by_text("Sign-in required").wait_for(timeout=120_000)
        browser.close()
