"""llama.cpp's own server for a group (`tutor llm-server`, app.core.llama_server): the command line,
the build's failures as one line, and, where the binary has been built, a real server decoding two
learners' answers in two slots at once."""

from __future__ import annotations

import os
import threading

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.core.cpu import available_cores
from app.core.llama_server import build, command, server_binary
from app.core.settings import Settings
from app.services import Services
from tests.conftest import REPO

runner = CliRunner()


def test_the_command_shares_the_context_between_slots_and_uses_the_cores_available(tmp_path):
    argv = command(tmp_path / "llama-server", tmp_path / "m.gguf", port=8123, parallel=4, ctx_per_slot=2048)
    flags = dict(zip(argv[1::2], argv[2::2], strict=False))
    assert argv[0].endswith("llama-server") and flags["--model"].endswith("m.gguf")
    assert (flags["--parallel"], flags["--ctx-size"], flags["--port"]) == ("4", "8192", "8123")
    assert flags["--threads"] == str(available_cores()) and flags["--host"] == "127.0.0.1"
    assert "--cont-batching" in argv and "--no-webui" in argv


def test_a_build_without_cmake_says_what_to_install(tmp_path, monkeypatch):
    import app.core.llama_server as server

    monkeypatch.setattr(server.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="cmake is not installed"):
        build(tmp_path)
    assert not server_binary(tmp_path).exists()


def test_a_failed_build_is_one_line_and_exit_status_2(tmp_path, monkeypatch):
    import app.core.llama_server as server

    def broken(data_dir, say=print, jobs=0):
        raise RuntimeError("cmake failed (1):\nno compiler")

    monkeypatch.setattr(server, "build", broken)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    result = runner.invoke(app, ["llm-server", "--build-only"])
    assert result.exit_code == 2 and "could not build llama-server" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.llm
@pytest.mark.server
def test_two_learners_are_answered_in_two_slots_at_once(model_path, corpus_data_dir, real_embeddings, tmp_path):
    binary = server_binary(REPO / "data")  # where `tutor llm-server` builds it in a checkout
    if not os.access(binary, os.X_OK):
        pytest.skip(f"llama-server is not built ({binary}): `tutor llm-server --build-only` builds it (~12 min)")
    from evals.bench.llama_server import llama_server

    log = tmp_path / "server.log"
    with llama_server(model_path, log, alias="group", binary=binary, parallel=2, n_ctx=2048) as url:
        settings = Settings(
            data_dir=corpus_data_dir,
            llm_backend="openai",
            openai_base_url=url,
            openai_model="group",
            explanation="checked",
        )
        tutor = Services(settings, embeddings=real_embeddings).tutor
        questions = ["What is the difference between precision and recall?", "How does k-fold cross-validation work?"]
        answers: dict[str, object] = {}
        threads = [threading.Thread(target=lambda q=q: answers.__setitem__(q, tutor.ask(q))) for q in questions]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
    assert set(answers) == set(questions)
    assert all(not a.refused and a.tokens > 1 for a in answers.values())  # both explained by the server
    text = log.read_text(errors="replace")
    assert "id  0" in text and "id  1" in text  # both slots decoded


def test_on_a_cpu_with_amx_the_weights_stay_as_stored(tmp_path):
    """llama.cpp's AMX and repacked weight layouts crashed it on a Xeon with AMX (session 32)."""
    on = command(tmp_path / "llama-server", tmp_path / "m.gguf", port=8123, amx=True)
    off = command(tmp_path / "llama-server", tmp_path / "m.gguf", port=8123, amx=False)
    assert "--no-repack" in on and "--no-repack" not in off
