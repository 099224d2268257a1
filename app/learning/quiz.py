"""Quizzes: choose questions, grade answers, record progress.

Selection is a pure function (`select_questions`): questions of the requested scope, each weighted
up when its section's mastery is low and strongly when its FSRS card is due, drawn without
replacement and interleaved by type. Grading uses `app.learning.grading` (exact for choices, key points for
short answers) and feedback is written from the bank's explanation and its supporting reading, so it
always cites its source and never depends on the small model's judgement.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

from app.core.corpus import Corpus, Question
from app.core.ports import ProgressPort
from app.learning.grading import Grade, grade_choice, grade_short_answer
from app.learning.progress import mastery

__all__ = ["Feedback", "Quiz", "QuizService", "option_order", "public_question", "select_questions"]


@dataclass
class Quiz:
    session_id: int
    learner: str
    scope: str
    questions: list[Question]


@dataclass
class Feedback:
    verdict: str
    feedback: str
    key: str
    explanation: str
    citations: list[dict]
    grade: Grade = field(repr=False, default=None)  # type: ignore[assignment]

    def to_json(self) -> dict:
        return {
            "verdict": self.verdict,
            "feedback": self.feedback,
            "citations": self.citations,
            "key": self.key,
            "covered": self.grade.covered if self.grade else [],
            "missing": self.grade.missing if self.grade else [],
        }


def public_question(q: Question, corpus: Corpus) -> dict:
    """What a learner may see before answering: no key, no explanation."""
    stage, section, _ = corpus.items[q.item_id]
    return {
        "id": q.id,
        "type": q.type,
        "question": q.question,
        "options": q.options,
        "stage": stage.stage,
        "section": section.name,
        "source_id": f"reading/{q.item_id}",
    }


def option_order(session_id: int | None, question_id: str, n: int = 4) -> list[int]:
    """The order a multiple-choice question's options are shown in on one quiz: shuffled per quiz
    (so the key's position teaches nothing), the same on every rerun of the page. Position i shows
    option order[i]; an answer given by position maps back through it."""
    order = list(range(n))
    random.Random(f"{session_id}:{question_id}").shuffle(order)
    return order


def select_questions(
    bank: list[Question],
    section_of: dict[str, str],
    n: int,
    section_mastery: dict[str, float],
    due_ids: set[str],
    rng: random.Random,
) -> list[Question]:
    """Draw n questions without replacement, cycling through the types (multiple choice,
    true/false, short answer) so a quiz mixes them; within a type, a question's weight grows as
    its section's mastery falls and jumps when its card is due."""

    def weight(q: Question) -> float:
        return 1.0 + 2.0 * (1.0 - section_mastery.get(section_of[q.item_id], 0.0)) + (6.0 if q.id in due_ids else 0.0)

    pools: dict[str, list[Question]] = {}
    for q in bank:
        pools.setdefault(q.type, []).append(q)
    order = [t for t in ("mcq", "true_false", "short_answer") if t in pools]
    chosen: list[Question] = []
    while len(chosen) < n and any(pools.get(t) for t in order):
        for t in order:
            pool = pools[t]
            if not pool or len(chosen) == n:
                continue
            i = rng.choices(range(len(pool)), weights=[weight(q) for q in pool])[0]
            chosen.append(pool.pop(i))
    return chosen


class QuizService:
    def __init__(
        self,
        corpus: Corpus,
        store: ProgressPort,  # app.learning.progress.ProgressStore (SQLite / PostgreSQL)
        embed,
        rng: random.Random | None = None,
        max_answer_chars: int = 4000,
    ) -> None:
        self.corpus = corpus
        self.max_answer_chars = max_answer_chars  # a longer answer is graded and stored cut, with a notice
        self.store = store
        self.embed = embed  # texts -> normalised vectors, for short-answer grading
        self.rng = rng or random.Random()
        self.section_of = {item_id: sec.name for item_id, (_, sec, _) in corpus.items.items()}
        self.stage_of = {item_id: st.stage for item_id, (st, _, _) in corpus.items.items()}

    def scope_questions(
        self,
        stage: int | None = None,
        section: str | None = None,
        due: bool = False,
        learner: str = "default",
        now: datetime | None = None,
        item_id: str | None = None,
    ) -> list[Question]:
        bank = self.corpus.questions
        if item_id:
            bank = [q for q in bank if q.item_id == item_id]
        if due:
            due_ids = {q for q, _ in self.store.due(learner, now)}
            bank = [q for q in bank if q.id in due_ids]
        if stage:
            bank = [q for q in bank if self.stage_of[q.item_id] == stage]
        if section:
            bank = [q for q in bank if self.section_of[q.item_id].casefold() == section.casefold()]
        return bank

    def start(
        self,
        learner: str,
        n: int = 5,
        stage: int | None = None,
        section: str | None = None,
        due: bool = False,
        now: datetime | None = None,
        item_id: str | None = None,
    ) -> Quiz:
        scope = (
            "due"
            if due
            else f"item:{item_id}"
            if item_id
            else f"section:{section}"
            if section
            else f"stage:{stage}"
            if stage
            else "all"
        )
        bank = self.scope_questions(stage, section, due, learner, now, item_id)
        attempts = self.store.attempts(learner)
        due_ids = {q for q, _ in self.store.due(learner, now)}
        questions = select_questions(bank, self.section_of, n, mastery(attempts), due_ids, self.rng)
        session_id = self.store.start_session(learner, scope, [q.id for q in questions])
        return Quiz(session_id, learner, scope, questions)

    def add_fresh(self, quiz: Quiz, n: int, llm, log_path) -> list[str]:
        """Append up to n generated questions (verified; see app.learning.question_gen) on the quiz's items.
        Returns the ids added; every draft, kept or rejected, is logged to log_path."""
        from app.learning.question_gen import generate_fresh

        items = list(dict.fromkeys(q.item_id for q in quiz.questions)) or list(self.corpus.items)
        added: list[Question] = []
        for item_id in items:
            if len(added) >= n:
                break
            added += generate_fresh(
                self.corpus,
                item_id,
                1,
                llm,
                self.embed,
                log_path,
                existing=[q.question for q in quiz.questions + added],
            )
        quiz.questions.extend(added)
        return [q.id for q in added]

    def grade(self, question: Question, answer: str | int | bool) -> Feedback:
        if isinstance(answer, str) and not answer.strip():
            raise ValueError("empty answer: nothing to grade")
        notice = ""
        if isinstance(answer, str) and len(answer) > self.max_answer_chars:
            notice = f"(Your answer has {len(answer):,} characters; I graded its first {self.max_answer_chars:,}.) "
            answer = answer[: self.max_answer_chars]
        if question.type == "short_answer":
            grade = grade_short_answer(
                question.key_points or [],
                str(answer),
                self.embed,
                reference=question.key_text,
                question=question.question,
                roles=[r.model_dump() for r in question.roles or []],
                order=question.order,
                exact=question.exact,
            )
        else:
            grade = grade_choice(question, answer)
        return Feedback(
            grade.verdict,
            notice + self._feedback(question, grade),
            question.key_text,
            question.explanation,
            [self._citation(question)],
            grade,
        )

    def answer(self, quiz_or_learner: Quiz | str, question: Question, answer: str | int | bool) -> Feedback:
        """Grade and record one answer (committed before this returns)."""
        learner = quiz_or_learner.learner if isinstance(quiz_or_learner, Quiz) else quiz_or_learner
        session_id = quiz_or_learner.session_id if isinstance(quiz_or_learner, Quiz) else None
        feedback = self.grade(question, answer)
        self.store.record(
            learner,
            question.id,
            self.stage_of[question.item_id],
            self.section_of[question.item_id],
            str(answer)[: self.max_answer_chars],
            feedback.verdict,
            session_id,
        )
        return feedback

    def _citation(self, q: Question) -> dict:
        reading = self.corpus.readings[q.item_id]
        stage, section, _ = self.corpus.items[q.item_id]
        return {
            "source_id": f"reading/{q.item_id}",
            "title": reading.title,
            "heading": q.heading,
            "stage": stage.stage,
            "section": section.name,
            "path": f"corpus/readings/{q.item_id}.md",
        }

    def _feedback(self, q: Question, grade: Grade) -> str:
        """Which key point was missed or contradicted (in the learner's own words where the
        grader found them), the key, the explanation, and the reading heading to reread."""
        source = f"See “{self.corpus.readings[q.item_id].title} › {q.heading}”."
        missing = [m.replace(" | ", " or ") for m in grade.missing]
        key = q.key_text.rstrip(".")
        if grade.verdict == "correct":
            head = "Correct."
        elif grade.unsure:
            head = (
                "Partly right. I cannot place your answer with confidence, so check it against the key"
                f" yourself: {key}." + (f" Points I could not find: {'; '.join(missing)}." if missing else "")
            )
        elif grade.verdict == "partially_correct":
            head = "Partly right. " + _you_have(grade)
            head += f"Still missing: {'; '.join(missing)}." if missing else f"Compare with the key: {key}."
        else:
            head = f"Not quite. The answer is: {key}."
            if grade.contradicted and grade.contradicted[0]["reason"] == "steps out of order":
                said = grade.contradicted[0]["clause"]
                head = f"Not quite: the steps are out of order ({said}). The answer is: {key}."
            elif grade.contradicted:
                said = grade.contradicted[0]["clause"].strip().rstrip(".")
                what = (
                    "swaps who does what"
                    if grade.contradicted[0]["reason"] == "swaps who does what"
                    else "says the opposite of the key"
                )
                head = f"Not quite: “{said}” {what}. The answer is: {key}."
            elif missing and q.type == "short_answer":
                head += " (key points: " + "; ".join(missing) + ")"
        return f"{head} {q.explanation} {source}"


def _you_have(grade: Grade, longest: int = 120) -> str:
    """The learner's own clause that carries a key point, quoted ("" when none is short enough)."""
    for d in grade.detail:
        clause = d.get("clause", "").strip().rstrip(".")
        if d.get("covered") and clause and len(clause) <= longest:
            return f"You have “{clause}” ({d['key_point'].replace(' | ', ' or ')}). "
    return ""
