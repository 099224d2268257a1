"""`tutor chat --jsonl` end to end, as a learner would drive it: a real process, the packaged model,
MiniLM, the shipped index, the real quiz bank and a real SQLite progress store."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading

import pytest

from app.learning.progress import ProgressStore
from tests.conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.llm]


class Chat:
    """The process, with a reader thread so that a turn that never comes fails the test instead of
    hanging it."""

    def __init__(self, env):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from app.cli import run; run()", "chat", "--jsonl", "--learner", "ana"],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(x) for x in self.proc.stdout], daemon=True).start()

    def say(self, message: str, until: tuple[str, ...]) -> list[dict]:
        """Send one message; read turns until one of the kinds in `until` arrives."""
        self.proc.stdin.write(message + "\n")
        self.proc.stdin.flush()
        turns = []
        while not turns or turns[-1]["kind"] not in until:
            try:
                line = self.lines.get(timeout=300)
            except queue.Empty:
                raise AssertionError(f"no {until} turn after {message!r}; got {turns}") from None
            turns.append(json.loads(line))
        return turns


def _reply(question: dict) -> str:
    return {"mcq": "b", "true_false": "false", "short_answer": "It averages many models to reduce variance."}[
        question["type"]
    ]


def test_quiz_progress_and_plan_in_one_conversation(corpus_data_dir, model_path, tmp_path):
    db = tmp_path / "progress.db"
    env = {
        **os.environ,
        "TUTOR_DATA_DIR": str(corpus_data_dir),
        "TUTOR_LLM_MODEL_PATH": str(model_path),
        "TUTOR_DATABASE_URL": f"sqlite:///{db}",
    }
    chat = Chat(env)
    try:
        turns = chat.say("Quiz me on stage 2", until=("quiz_question",))
        asked = turns[-1]
        assert (
            asked["stage"] == 2 and asked["total"] == 3 and {"question_id", "type", "options", "section"} <= set(asked)
        )
        assert "answer" not in asked and "key" not in asked
        graded = chat.say(_reply(asked), until=("quiz_question", "info"))
        assert graded[0]["kind"] == "grade" and graded[0]["question_id"] == asked["question_id"]
        assert graded[0]["verdict"] in ("correct", "partially_correct", "incorrect") and graded[0]["citations"]
        pending = graded[-1]
        # a question in the middle of the quiz is answered, then the quiz question comes back
        middle = chat.say("wait, what is a bootstrap sample?", until=("quiz_question",))
        assert [t["kind"] for t in middle] == ["answer", "quiz_question"]
        assert "bootstrap" in middle[0]["text"].lower() and middle[0]["citations"]
        assert middle[1]["question_id"] == pending["question_id"]
        # a follow-up goes through the model's rewrite, then back to the quiz again
        follow = chat.say("and why does that help random forests?", until=("quiz_question",))
        assert follow[0]["kind"] in ("answer", "refusal") and follow[-1]["question_id"] == pending["question_id"]
        chat.say(_reply(pending), until=("quiz_question", "info"))
        done = chat.say("stop", until=("info",))
        assert done[-1]["text"].startswith("Quiz finished: ") and "of 2" in done[-1]["text"]
        progress = chat.say("how am I doing?", until=("progress",))[-1]
        assert "2 quiz questions" in progress["text"] and "Stage 2" in progress["text"]
        plan = chat.say("what should I study next?", until=("plan",))[-1]
        assert len(plan["items"]) == 3 and all(i["reason"] and i["reading"] for i in plan["items"])
        refused = chat.say("quiz me on cooking", until=("refusal",))[-1]
        assert "does not cover cooking" in refused["text"]
    finally:
        chat.proc.stdin.close()
        chat.proc.wait(timeout=60)
    attempts = ProgressStore(f"sqlite:///{db}").attempts("ana")
    assert len(attempts) == 2 and all(a.stage == 2 for a in attempts)  # every graded answer was saved
