"""Served to a group: the learner is whoever the authenticating proxy's header names. Real
`streamlit run` on loopback, real Chromium; the header is set the way a proxy would set it."""

from __future__ import annotations

import os

import pytest

from tests.servers import streamlit_app
from tests.test_browser import CHROMIUM, FLAGS, pytestmark  # noqa: F401 (same markers)


@pytest.fixture(scope="module")
def group_url(corpus_data_dir, model_path, tmp_path_factory):
    env = {
        **os.environ,
        "TUTOR_DATA_DIR": str(corpus_data_dir),
        "TUTOR_LLM_MODEL_PATH": str(model_path),
        "TUTOR_DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('group') / 'p.db'}",
        "TUTOR_TRUSTED_USER_HEADER": "X-Remote-User",
    }
    with streamlit_app(env) as url:
        yield url


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


def test_streamlit_oidc_login_makes_the_signed_in_person_the_learner(corpus_data_dir, model_path, tmp_path):
    """TUTOR_OIDC_LOGIN with a real (loopback) OpenID Connect provider: nobody gets in before signing
    in; after the provider's redirect, the code exchange and the ID token's checks, the learner is
    the signed-in e-mail and there is no picking another profile; signing out ends it."""
    from playwright.sync_api import sync_playwright

    from evals.bench.llama_server import free_port
    from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, oidc_provider

    port = free_port()
    with oidc_provider("ana@example.org", "Ana") as provider:
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "a-long-random-test-secret-0123456789"\n'
            f'client_id = "{CLIENT_ID}"\nclient_secret = "{CLIENT_SECRET}"\n'
            f'server_metadata_url = "{provider.issuer}/.well-known/openid-configuration"\n'
        )
        env = {
            **os.environ,
            "TUTOR_DATA_DIR": str(corpus_data_dir),
            "TUTOR_LLM_MODEL_PATH": str(model_path),
            "TUTOR_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
            "TUTOR_OIDC_LOGIN": "true",
        }
        app_args = ("--secrets.files", str(secrets_file))
        with streamlit_app(env, port=port, args=app_args) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_context().new_page()
            page.goto(url)
            sidebar = page.get_by_test_id("stSidebar")
            sidebar.get_by_role("button", name="Sign in").wait_for(timeout=120_000)
            assert page.get_by_text("Signed in as").count() == 0
            assert page.get_by_text("New learner").count() == 0
            sidebar.get_by_role("button", name="Sign in").click()
            sidebar.get_by_text("Signed in as").wait_for(timeout=60_000)
            assert "ana@example.org" in sidebar.inner_text()
            assert len(provider.issued) == 1  # signed in through the provider's code exchange
            assert page.get_by_text("New learner").count() == 0
            sidebar.get_by_text("Progress", exact=True).click()
            page.get_by_text("Progress — ana@example.org").wait_for(timeout=60_000)
            sidebar.get_by_role("button", name="Sign out").click()
            sidebar.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
            browser.close()
