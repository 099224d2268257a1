"""The `tutor` command through typer's runner: output shapes and one-line errors."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from app.cli.main import app

runner = CliRunner()


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), result.output
    return lines[0]


def test_ask_on_an_empty_index_says_what_to_run(env):
    assert "run `tutor ingest`" in one_line_error(runner.invoke(app, ["ask", "what is PCA?"]))


def test_unreachable_chroma_server_says_how_to_start_it(env, monkeypatch):
    monkeypatch.setenv("TUTOR_VECTOR_BACKEND", "http")
    monkeypatch.setenv("TUTOR_CHROMA_PORT", "9")
    line = one_line_error(runner.invoke(app, ["ask", "what is PCA?"]))
    assert "does not answer" in line and "chroma run" in line


@pytest.mark.parametrize("heartbeat_ok", [False, True])
def test_a_chroma_server_that_answers_garbage_is_one_line(env, monkeypatch, heartbeat_ok):
    """Something else on the port (a web page, a proxy's error body sent with 200), or a server
    whose heartbeat works and nothing else does: one line, never a traceback."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Garbage(BaseHTTPRequestHandler):
        def _reply(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            ok = heartbeat_ok and "heartbeat" in self.path
            self.wfile.write(b'{"nanosecond heartbeat": 1}' if ok else b"<html>garbage {not json")

        do_GET = do_POST = do_PUT = do_DELETE = _reply

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("TUTOR_VECTOR_BACKEND", "http")
        monkeypatch.setenv("TUTOR_CHROMA_PORT", str(server.server_address[1]))
        line = one_line_error(runner.invoke(app, ["ask", "what is PCA?"]))
        assert "does not answer properly" in line and "chroma run" in line
        doctor = runner.invoke(app, ["doctor"])
        assert "Traceback" not in doctor.output and "FAIL index" in doctor.output
    finally:
        server.shutdown()


def test_corrupt_model_file_is_refused_with_a_fix(env):
    from app.core.model_files import MODEL_FILENAME

    (env / "models").mkdir(parents=True)
    (env / "models" / MODEL_FILENAME).write_bytes(b"GGUF not really a model")
    line = one_line_error(runner.invoke(app, ["setup"]))
    assert "refusing to load" in line and "tutor setup" in line


def test_unknown_section_is_rejected_with_the_list(env):
    result = runner.invoke(app, ["ingest", "--section", "Cooking"])
    assert result.exit_code == 2 and "Mathematics & Statistics" in result.output


@pytest.mark.slow
def test_ask_json_has_the_documented_shape(monkeypatch, corpus_data_dir):
    from app.core.settings import Settings

    monkeypatch.setenv("TUTOR_DATA_DIR", str(corpus_data_dir))
    monkeypatch.setenv("TUTOR_MIN_RELEVANCE", "0.99")  # refuse: the shape must hold without an LLM
    monkeypatch.setenv("TUTOR_FAQ_MIN_SIMILARITY", "9")  # above any match score (at most 1.4): no FAQ answer
    result = runner.invoke(app, ["ask", "what is a confusion matrix?", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"answer", "citations", "refused", "timings", "tokens", "sentences", "matched"}
    assert set(data["timings"]) == {"retrieve_s", "evidence_s", "first_token_s", "last_token_s", "total_s"}
    assert data["refused"] is True and data["tokens"] == 0
    assert Settings().min_relevance == 0.99


def test_quiz_json_lists_questions_without_keys(env):
    result = runner.invoke(app, ["quiz", "--stage", "3", "--count", "4", "--json"])
    assert result.exit_code == 0, result.output
    quiz = json.loads(result.stdout)
    assert len(quiz) == 4 and {q["stage"] for q in quiz} == {3}
    for q in quiz:
        assert set(q) == {"id", "type", "question", "options", "stage", "section", "source_id"}


def test_grade_json_for_a_choice_question(env):
    from app.core.corpus import load_corpus
    from tests.conftest import REPO

    q = next(q for q in load_corpus(REPO / "corpus").questions if q.type == "mcq")
    wrong = "ABCD"[(q.answer + 1) % 4]
    right = json.loads(
        runner.invoke(app, ["grade", "--question-id", q.id, "--answer", "ABCD"[q.answer], "--json"]).stdout
    )
    bad = json.loads(runner.invoke(app, ["grade", "--question-id", q.id, "--answer", wrong, "--json"]).stdout)
    assert (right["verdict"], bad["verdict"]) == ("correct", "incorrect")
    assert right["citations"][0]["source_id"] == f"reading/{q.item_id}" and "See “" in bad["feedback"]
    assert runner.invoke(app, ["grade", "--question-id", "nope", "--answer", "A"]).exit_code == 2


def test_doctor_reports_each_part_without_a_traceback(env):
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "chromadb" in result.output and "llama-cpp-python" in result.output
    assert "FAIL llm" in result.output and "tutor setup" in result.output
    assert "FAIL index" in result.output and "tutor ingest" in result.output


def test_doctor_says_when_an_ingest_holds_the_data_folder(env):
    from ingest.service import _ingest_lock

    assert "no ingest running" in runner.invoke(app, ["doctor"]).output
    with _ingest_lock(env):  # a second open file description: the lock conflicts as another process's would
        result = runner.invoke(app, ["doctor"])
    assert f"an ingest is running (pid {os.getpid()})" in result.output
    assert "no ingest running" in runner.invoke(app, ["doctor"]).output


def test_doctor_reports_a_broken_database_instead_of_crashing_on_it(env):
    (env / "chroma").mkdir(parents=True)
    (env / "chroma" / "chroma.sqlite3").write_text("not a database")
    (env / "progress.db").write_text("not a database either")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = {line.split(":")[0] for line in result.output.splitlines() if line.startswith("FAIL")}
    assert {"FAIL index", "FAIL progress"} <= lines
    assert "ok   data dir" in result.output


def test_a_garbage_progress_database_is_one_line_not_a_traceback(env, monkeypatch, tmp_path):
    garbage = tmp_path / "progress.db"
    garbage.write_text("this is not a database")
    monkeypatch.setenv("TUTOR_DATABASE_URL", f"sqlite:///{garbage}")
    result = runner.invoke(app, ["grade", "--question-id", "s1-git-q01", "--answer", "B", "--learner", "ana"])
    assert "the progress database cannot be used" in one_line_error(result)
    assert garbage.read_text() == "this is not a database"  # nothing overwritten


def test_a_read_only_folder_is_one_line_not_a_traceback():
    from app.core.providers import backend_error_message

    message = backend_error_message(PermissionError(13, "Permission denied", "/data/progress.db"))
    assert message.startswith("cannot write /data/progress.db: it is read-only") and "TUTOR_DATA_DIR" in message
    import errno

    assert "read-only" in backend_error_message(OSError(errno.EROFS, "Read-only file system", "/data"))
    assert backend_error_message(ValueError("a bug")) is None  # a bug still surfaces as a bug


def test_control_sequences_from_text_the_tutor_did_not_write_never_reach_the_terminal():
    from app.cli.base import SafeConsole, strip_controls

    hostile = "title\x1b]0;pwned\x07 \x1b[2J\x1b[31mred\x1b[0m bell\x07 back\rspace\x08 ok\tand\nnext"
    assert strip_controls(hostile) == "title red bell backspace ok\tand\nnext"
    import io

    buffer = io.StringIO()
    SafeConsole(file=buffer, force_terminal=False).print(hostile, markup=False, highlight=False)
    assert "\x1b" not in buffer.getvalue() and "\x07" not in buffer.getvalue()
