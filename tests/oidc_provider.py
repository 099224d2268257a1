"""A small but real OpenID Connect provider on loopback, for the login test: discovery document,
an authorization endpoint that signs in a fixed person at once (the provider's own login form is
not what is tested), a token endpoint that checks the client's secret and the code, and a JWKS with
the RS256 key that signs the ID tokens. Streamlit's Authlib client talks to it exactly as it would
to Google or Okta: it fetches the metadata, redirects the browser, exchanges the code, checks the
token's signature, issuer, audience, expiry and nonce."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "tutor-test"
CLIENT_SECRET = "tutor-test-secret"


@contextmanager
def oidc_provider(email: str, name: str) -> Iterator[SimpleNamespace]:
    """Serve the provider on a free loopback port; yields `.issuer` (its URL) and `.issued` (the
    ID tokens it has handed out)."""
    key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
    codes: dict[str, dict] = {}
    issued: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._json(200, {
                    "issuer": issuer,
                    "authorization_endpoint": issuer + "/authorize",
                    "token_endpoint": issuer + "/token",
                    "jwks_uri": issuer + "/jwks",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                })  # fmt: skip
            elif url.path == "/jwks":
                self._json(200, {"keys": [key.as_dict(private=False)]})
            elif url.path == "/authorize":
                if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                    self._json(400, {"error": "invalid_request"})
                    return
                code = secrets.token_urlsafe(16)
                codes[code] = {"nonce": query.get("nonce"), "redirect_uri": query["redirect_uri"]}
                self.send_response(302)
                back = urlencode({"code": code, "state": query["state"]})
                self.send_header("Location", query["redirect_uri"] + "?" + back)
                self.end_headers()
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            if urlsplit(self.path).path != "/token":
                self._json(404, {"error": "not_found"})
                return
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()}
            client_id, secret = form.get("client_id"), form.get("client_secret")
            auth = self.headers.get("Authorization", "")
            if auth.startswith("Basic "):
                client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
            grant = codes.pop(form.get("code", ""), None)
            if (client_id, secret) != (CLIENT_ID, CLIENT_SECRET) or grant is None:
                self._json(400, {"error": "invalid_grant"})
                return
            now = int(time.time())
            claims = {
                "iss": issuer, "sub": "person-1", "aud": CLIENT_ID, "iat": now, "exp": now + 600,
                "email": email, "email_verified": True, "name": name,
            }  # fmt: skip
            if grant["nonce"]:
                claims["nonce"] = grant["nonce"]
            id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)
            issued.append(id_token)
            self._json(200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                             "expires_in": 600, "id_token": id_token})  # fmt: skip

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(issuer=issuer, issued=issued)
    finally:
        server.shutdown()
        server.server_close()
