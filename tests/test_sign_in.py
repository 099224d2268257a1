"""Who the learner is in a group deployment: pure functions and the settings rule."""

from __future__ import annotations

import pytest

from app.core.settings import load_settings


def test_oidc_user_is_the_email_then_the_subject_and_none_when_signed_out():
    from app.ui.sign_in import oidc_user

    assert oidc_user({"is_logged_in": False, "email": "ana@example.org"}) is None
    assert oidc_user({"is_logged_in": True, "email": " ana@example.org "}) == "ana@example.org"
    assert oidc_user({"is_logged_in": True, "sub": "person-1"}) == "person-1"
    assert oidc_user({"is_logged_in": True}) is None
    assert len(oidc_user({"is_logged_in": True, "email": "x" * 500})) == 80


def test_header_user_is_trimmed_and_none_without_the_header():
    from app.ui.sign_in import signed_in_user

    assert signed_in_user({"X-Remote-User": " ana "}, "X-Remote-User") == "ana"
    assert signed_in_user({}, "X-Remote-User") is None
    assert signed_in_user({"X-Remote-User": "  "}, "X-Remote-User") is None


def test_one_way_of_signing_in_at_a_time():
    with pytest.raises(ValueError, match="either trusted_user_header"):
        load_settings(oidc_login=True, trusted_user_header="X-Remote-User")
    assert load_settings(oidc_login=True).oidc_login


def test_doctor_checks_the_oidc_configuration(tmp_path, monkeypatch):
    from app.cli.doctor import _check_oidc

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    settings = load_settings(oidc_login=True, data_dir=tmp_path)
    name, ok, detail = _check_oidc(settings)
    assert not ok and "no .streamlit/secrets.toml" in detail
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[auth]\nredirect_uri = "http://x/oauth2callback"\n')
    name, ok, detail = _check_oidc(settings)
    assert not ok and "lacks cookie_secret, client_id, client_secret, server_metadata_url" in detail
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        '[auth]\nredirect_uri = "r"\ncookie_secret = "c"\nclient_id = "i"\nclient_secret = "s"\n'
        'server_metadata_url = "https://id.example.org/.well-known/openid-configuration"\n'
    )
    assert _check_oidc(settings) == (
        "sign-in",
        True,
        "OpenID Connect via https://id.example.org/.well-known/openid-configuration",
    )
