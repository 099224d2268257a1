"""The OpenAI-compatible chat model as a server sees it: the limits the chains set reach the body."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from app.core.providers import make_llm
from app.core.settings import Settings

_REPLY = (
    b'data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":'
    b'[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'
)


@contextmanager
def _serve(handler) -> Iterator[str]:
    """A local stand-in for an OpenAI-compatible server; yields its base URL."""
    server = HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v1"
    finally:
        server.shutdown()


def test_a_bound_max_tokens_reaches_an_openai_compatible_server():
    """llama.cpp's server reads `max_tokens`, langchain-openai sends `max_completion_tokens`: the
    condense step's 64 must be in the body as both, not the model's default."""
    bodies: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            self.wfile.write(_REPLY)

        def log_message(self, *args):
            pass

    with _serve(Handler) as base_url:
        settings = Settings(llm_backend="openai", openai_base_url=base_url)
        llm = make_llm(settings)
        chain = ChatPromptTemplate.from_messages([("human", "{q}")]) | llm.bind(
            max_tokens=64, extra_body={"max_tokens": 64}
        )
        assert (chain | StrOutputParser()).invoke({"q": "hi"}) == "ok"
        assert bodies[-1]["max_tokens"] == 64 and bodies[-1]["max_completion_tokens"] == 64
        (ChatPromptTemplate.from_messages([("human", "{q}")]) | llm).invoke({"q": "hi"})
        assert bodies[-1]["max_tokens"] == settings.llm_max_tokens  # unbound: the setting


@pytest.mark.slow
def test_loading_the_embedding_model_prints_no_progress_bar():
    """Every command loads the model; its 'Loading weights' bar on stderr was noise each time."""
    code = (
        "from app.core.providers import make_embeddings; from app.core.settings import Settings; "
        "print(len(make_embeddings(Settings()).embed_query('hi')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert run.stdout.strip() == "384"
    assert "Loading weights" not in run.stderr and "it/s" not in run.stderr


@pytest.mark.parametrize("reply", ["garbage", "dropped"])
def test_a_server_that_sends_garbage_or_drops_the_stream_is_one_line(reply):
    from app.core.providers import backend_error_message

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            if reply == "garbage":
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                self.wfile.write(b"data: {not json at all\n\n")
            else:  # promise a long body, send a few bytes, hang up
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "5000")
                self.end_headers()
                self.wfile.write(b'{"id": "x", "choi')
                self.wfile.flush()
                self.connection.close()

        def log_message(self, *args):
            pass

    with _serve(Handler) as base_url:
        llm = make_llm(Settings(llm_backend="openai", openai_base_url=base_url))
        with pytest.raises(Exception) as caught:
            list(llm.stream("hi")) if reply == "garbage" else llm.invoke("hi")
        message = backend_error_message(caught.value)
        assert message and message.startswith("The language model server did not answer properly"), caught.value
