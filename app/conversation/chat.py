"""One conversation that answers questions and quizzes: the router and what each route does.

`Conversation.respond(message)` routes the message (rules from `app.conversation.intents`, the
model only for what they leave open, constrained to a JSON label, the question path when in doubt)
through a LangChain `RunnableBranch`, and yields what the tutor says: text as it streams for an
answer, and one `Turn` per tutor turn (kind "answer" | "quiz_question" | "grade" | "progress" |
"plan" | "refusal" | "info"). The chat page, `tutor chat` and `tutor chat --jsonl` all use it.

The quiz is the Quiz page's: the same QuizService (bank, grading, feedback with its source), the
same ProgressStore and FSRS cards; each attempt is committed the moment it is graded. A question
asked in the middle of a quiz is answered, then the pending quiz question is asked again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from langchain_core.runnables import RunnableBranch, RunnableLambda

from app.answering.answer import Answer
from app.conversation.intents import Intent, QuizTarget, quiz_target, route_rules
from app.core.corpus import Corpus, Question
from app.core.ports import made
from app.core.prompts import load_prompt
from app.core.text import tokenize
from app.learning.plan import plan_text, progress_text, study_plan
from app.learning.quiz import Quiz, QuizService, option_order

__all__ = ["Conversation", "Turn", "parse_reply"]

LETTERS = "ABCD"
DEFAULT_COUNT = 3
TYPE_NAMES = {"mcq": "multiple choice", "true_false": "true or false", "short_answer": "short answer"}
_ROUTE_SCHEMA = {
    "type": "object",
    "properties": {"intent": {"type": "string", "enum": ["question", "quiz_request", "progress", "plan"]}},
    "required": ["intent"],
}


@dataclass
class Turn:
    """One tutor turn; `data` holds the kind's fields (never a quiz key before it is graded)."""

    kind: str
    text: str
    data: dict[str, Any] = field(default_factory=dict)
    answer: Answer | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"kind": self.kind, "text": self.text, **self.data}
        if self.answer is not None:
            out["citations"] = [
                {"n": c.n, "source_id": c.source_id, "heading": c.heading, "section": c.section}
                for c in self.answer.citations
                if c.cited
            ]
            out["refused"] = self.answer.refused
        return out


def parse_reply(question: Question, reply: str, order: list[int] | None = None) -> str | int | bool | None:
    """What the learner chose: the bank's option index (from a letter of the options as shown, in
    `order`, or from the option's own words), True or False, or the text of a short answer. None
    when a choice cannot be read from the reply."""
    text = reply.strip()
    if question.type == "short_answer":
        return text
    if question.type == "true_false":
        m = re.search(r"\b(true|false|yes|no|t|f|correct|wrong|right)\b", text, re.I)
        if not m:
            return None
        return m.group(1).lower() in ("true", "yes", "t", "correct", "right")
    m = re.match(r"^\W*(?:(?:i think|i'?d say|my answer is|answer:?)\s+)?(?:it'?s\s+|the answer is\s+)?"
                 r"(?:option\s+)?\(?([a-d])\)?(?:[.)\s]|$)", text, re.I)  # fmt: skip
    if m:
        shown = LETTERS.index(m.group(1).upper())
        return order[shown] if order else shown
    options = question.options or []

    def plain(s: str) -> str:
        return " ".join(s.lower().strip(" .!?\"'`").split())

    exact = [i for i, o in enumerate(options) if plain(o) == plain(text)]
    if len(exact) == 1:  # "0.5" is an option's own words though it has no words to score
        return exact[0]
    words = set(tokenize(text))
    scored = sorted(
        ((len(words & set(tokenize(o))) / max(1, len(set(tokenize(o)))), i) for i, o in enumerate(options)),
        reverse=True,
    )
    if scored and scored[0][0] >= 0.6 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


@dataclass
class _QuizState:
    quiz: Quiz
    position: int = 0
    graded: list[str] = field(default_factory=list)  # verdicts so far

    @property
    def current(self) -> Question | None:
        return self.quiz.questions[self.position] if self.position < len(self.quiz.questions) else None


class Conversation:
    def __init__(
        self,
        tutor,
        quiz: QuizService,
        corpus: Corpus,
        learner: str = "default",
        llm=None,
        stage: int | None = None,
        mode: str = "explain",
    ) -> None:
        """`llm` (the model, or a function making it on first use): used only to label a message the
        rules leave open (None: the question path)."""
        self.tutor = tutor
        self.quiz = quiz
        self.corpus = corpus
        self.learner = learner
        self._llm = llm
        self.stage = stage
        self.mode = mode
        self.history: list[tuple[str, str]] = []
        self.state: _QuizState | None = None
        self.router = RunnableLambda(self._classify) | RunnableBranch(
            (lambda x: x["intent"].kind == "quiz_request", RunnableLambda(lambda x: self._start(x["intent"].target))),
            (lambda x: x["intent"].kind == "quiz_answer", RunnableLambda(lambda x: self._grade(x["message"]))),
            (lambda x: x["intent"].kind == "hint", RunnableLambda(lambda x: self._hint())),
            (lambda x: x["intent"].kind == "skip", RunnableLambda(lambda x: self._skip())),
            (lambda x: x["intent"].kind == "stop", RunnableLambda(lambda x: self._stop())),
            (lambda x: x["intent"].kind == "progress", RunnableLambda(lambda x: iter([self._progress()]))),
            (lambda x: x["intent"].kind == "plan", RunnableLambda(lambda x: iter([self._plan()]))),
            RunnableLambda(lambda x: self._question(x["message"])),
        )

    # --- routing ------------------------------------------------------------------------------

    @property
    def awaiting_answer(self) -> bool:
        return self.state is not None and self.state.current is not None

    def route(self, message: str) -> Intent:
        return self._classify({"message": message})["intent"]

    def _classify(self, inputs: dict) -> dict:
        intent = route_rules(inputs["message"], self.corpus.roadmap, self.awaiting_answer, self.state is not None)
        if intent.open and self._llm is not None:
            intent = self._ask_model(inputs["message"], intent)
        return {**inputs, "intent": intent}

    def _ask_model(self, message: str, fallback: Intent) -> Intent:
        """A JSON-constrained label from the model for a message the rules left open; any failure
        or doubt keeps the question path (which still refuses what the roadmap lacks)."""
        try:
            raw = (
                made(self._llm)
                .bind(
                    response_format={"type": "json_object", "schema": _ROUTE_SCHEMA},
                    max_tokens=24,
                    extra_body={"max_tokens": 24},
                )
                .invoke(load_prompt("route").format(message=message[:500]))
            )
            kind = json.loads(getattr(raw, "content", raw))["intent"]
        except Exception:  # noqa: BLE001 (a label is a convenience; the question path is safe)
            return fallback
        if kind == "quiz_request":
            return Intent("quiz_request", quiz_target(message, self.corpus.roadmap), reason="model label")
        if kind in ("progress", "plan"):
            return Intent(kind, reason="model label")
        return fallback

    def respond(self, message: str) -> Iterator[str | Turn]:
        """The tutor's reply to one message: streamed text (answers only) and one Turn per turn."""
        if not message.strip():
            yield Turn("info", "Type a question, or say “quiz me on stage 1”.")
            return
        yield from self.router.invoke({"message": message})

    def turns(self, message: str) -> list[Turn]:
        """`respond` without the streamed text: what `tutor chat --jsonl` prints."""
        return [part for part in self.respond(message) if isinstance(part, Turn)]

    # --- the question path --------------------------------------------------------------------

    def _question(self, message: str) -> Iterator[str | Turn]:
        answer = None
        for part in self.tutor.stream(message, history=self.history, stage=self.stage, mode=self.mode):
            if isinstance(part, Answer):
                answer = part
            else:
                yield part
        assert answer is not None
        self.history += [("user", message), ("assistant", answer.answer)]
        yield Turn("refusal" if answer.refused else "answer", answer.answer, answer=answer)
        if self.awaiting_answer:  # a question in the middle of a quiz: answered, then back to it
            yield self._ask(again=True)

    # --- the quiz -----------------------------------------------------------------------------

    def _start(self, target: QuizTarget) -> Iterator[Turn]:
        if target.unknown:
            sections = [s.name for st in self.corpus.roadmap.stages for s in st.sections]
            text = (
                f"The roadmap material I have does not cover {target.unknown}, so I can't quiz you on it. "
                f"I can quiz you on a stage (1-5), a roadmap item, or a section: {', '.join(sections)}."
            )
            yield Turn("refusal", text)
            return
        quiz = self.quiz.start(
            self.learner,
            n=target.count or DEFAULT_COUNT,
            stage=target.stage or (None if target.section or target.item_id else self.stage),
            section=target.section,
            due=target.due,
            item_id=target.item_id,
        )
        if not quiz.questions:
            what = "due for review" if target.due else "in that scope"
            yield Turn("info", f"There are no quiz questions {what} right now. Try “quiz me on stage 1”.")
            return
        self.state = _QuizState(quiz)
        yield Turn("info", f"Quiz on {_scope_words(quiz.scope, self.corpus)}: {len(quiz.questions)} questions.")
        yield self._ask()

    def _ask(self, again: bool = False) -> Turn:
        assert self.state is not None and self.state.current is not None
        q = self.state.current
        stage, section, _ = self.corpus.items[q.item_id]
        n, total = self.state.position + 1, len(self.state.quiz.questions)
        lead = "Back to the quiz. " if again else ""
        lines = [f"{lead}**Question {n} of {total}** (stage {stage.stage}, {section.name}; {TYPE_NAMES[q.type]}):"]
        lines.append("")
        lines.append(f"True or false: {q.question}" if q.type == "true_false" else q.question)
        order = option_order(self.state.quiz.session_id, q.id)  # shuffled per quiz, as on the Quiz page
        shown = [q.options[i] for i in order] if q.options else []
        if q.type == "mcq":  # one option per line (a Markdown hard break keeps them apart in the page)
            lines.append("")
            lines.append("  \n".join(f"**{LETTERS[i]}.** {o}" for i, o in enumerate(shown)))
        how = {
            "mcq": "Answer with a letter or the option's words",
            "true_false": "Answer true or false",
            "short_answer": "Answer in a sentence or two",
        }[q.type]
        lines += ["", f"_{how}; say “hint”, “skip” or “stop” at any time._"]
        data = {
            "question_id": q.id,
            "type": q.type,
            "options": shown,
            "stage": stage.stage,
            "section": section.name,
            "position": n,
            "total": total,
        }
        return Turn("quiz_question", "\n".join(lines), data)

    def _grade(self, reply: str) -> Iterator[Turn]:
        assert self.state is not None and self.state.current is not None
        q = self.state.current
        given = parse_reply(q, reply, option_order(self.state.quiz.session_id, q.id))
        if given is None:
            letters = "A-D or the option's words" if q.type == "mcq" else "true or false"
            yield Turn("info", f"I could not read a choice from that: answer with {letters} (or say “skip”).")
            return
        feedback = self.quiz.answer(self.state.quiz, q, given)  # committed before this returns
        label = {"correct": "**Correct.**", "partially_correct": "**Partly right.**", "incorrect": "**Not quite.**"}
        text = feedback.feedback
        for head in ("Correct. ", "Partly right. ", "Not quite. "):
            text = text.removeprefix(head)
        yield Turn(
            "grade",
            f"{label[feedback.verdict]} {text}",
            {"verdict": feedback.verdict, "question_id": q.id, "citations": feedback.citations},
        )
        self.state.graded.append(feedback.verdict)
        yield from self._next()

    def _next(self) -> Iterator[Turn]:
        assert self.state is not None
        self.state.position += 1
        if self.state.current is not None:
            yield self._ask()
        else:
            yield self._finish()

    def _finish(self) -> Turn:
        assert self.state is not None
        graded = self.state.graded
        right = sum(v == "correct" for v in graded)
        partly = sum(v == "partially_correct" for v in graded)
        text = f"Quiz finished: {right} of {len(graded)} correct" + (f", {partly} partly" if partly else "") + "."
        text += " Every answer is saved: ask “how am I doing?” or “what should I study next?”."
        self.state = None
        return Turn("info", text)

    def _hint(self) -> Iterator[Turn]:
        assert self.state is not None and self.state.current is not None
        q = self.state.current
        reading = self.corpus.readings[q.item_id]
        text = f"Hint: the answer is in “{reading.title} › {q.heading}” (`corpus/readings/{q.item_id}.md`)."
        if q.type == "short_answer" and q.key_points:
            text += f" A full answer makes {len(q.key_points)} point{'s' if len(q.key_points) > 1 else ''}."
        yield Turn("info", text, {"question_id": q.id})

    def _skip(self) -> Iterator[Turn]:
        assert self.state is not None and self.state.current is not None
        q = self.state.current
        yield Turn("info", f"Skipped (not recorded). The answer: {q.key_text.rstrip('.')}. {q.explanation}")
        yield from self._next()

    def _stop(self) -> Iterator[Turn]:
        if self.state is None:
            yield Turn("info", "No quiz is running. Say “quiz me on stage 1” to start one.")
            return
        yield self._finish()

    # --- progress and plan ---------------------------------------------------------------------

    def _progress(self) -> Turn:
        attempts = self.quiz.store.attempts(self.learner)
        due = [q for q, _ in self.quiz.store.due(self.learner)]
        return Turn("progress", progress_text(self.corpus.roadmap, attempts, due), {"attempts": len(attempts)})

    def _plan(self) -> Turn:
        attempts = self.quiz.store.attempts(self.learner)
        due = [q for q, _ in self.quiz.store.due(self.learner)]
        item_of = {q.id: q.item_id for q in self.corpus.questions}
        plan = study_plan(self.corpus.roadmap, attempts, due, item_of)
        items = [{"item_id": p.item_id, "title": p.title, "reason": p.reason, "reading": p.reading} for p in plan]
        return Turn("plan", plan_text(plan), {"items": items})


def _scope_words(scope: str, corpus: Corpus) -> str:
    kind, _, value = scope.partition(":")
    if kind == "stage":
        return f"stage {value}"
    if kind == "section":
        return value
    if kind == "item":
        return corpus.items[value][2].title
    return "your reviews due" if kind == "due" else "the whole roadmap"
