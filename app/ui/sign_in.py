"""Who the learner is when the tutor is served to a group: pure functions of what the deployment
vouches for (a proxy's header, or Streamlit's OpenID Connect login in `st.user`)."""

from __future__ import annotations

from collections.abc import Mapping

MAX_NAME = 80


def signed_in_user(headers: Mapping[str, str], header: str) -> str | None:
    """The learner an authenticating proxy vouches for (its header), or None."""
    value = (headers.get(header) or "").strip()
    return value[:MAX_NAME] or None


def oidc_user(user: Mapping[str, object]) -> str | None:
    """The learner Streamlit's OpenID Connect login vouches for: the e-mail, else the subject;
    None when nobody is signed in."""
    if not user.get("is_logged_in"):
        return None
    value = str(user.get("email") or user.get("sub") or "").strip()
    return value[:MAX_NAME] or None
