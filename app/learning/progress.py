"""The progress store: learners, quiz sessions, attempts and one FSRS card per (learner, question).

SQLAlchemy, so SQLite by default and any SQLAlchemy URL (PostgreSQL) by setting. Every attempt is
written in its own transaction together with its card update and committed before the next question
is shown: a process killed mid-quiz loses nothing already answered.

Mastery is not stored: it is computed from the attempts (see `mastery`), so it can never disagree
with them, and mastery over time falls out of the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from app.learning.grading import VERDICT_SCORES

__all__ = ["AttemptRecord", "ProgressStore", "mastery", "mastery_over_time"]


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Learner(Base):
    __tablename__ = "learners"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class QuizSession(Base):
    __tablename__ = "quiz_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    scope: Mapped[str] = mapped_column(String(120))
    question_ids: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Attempt(Base):
    __tablename__ = "attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_sessions.id"), nullable=True)
    question_id: Mapped[str] = mapped_column(String(120), index=True)
    stage: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(120))
    answer: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(24))
    score: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class CardRow(Base):
    __tablename__ = "cards"
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    card: Mapped[str] = mapped_column(Text)  # fsrs.Card.to_dict() as JSON
    due: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


@dataclass(frozen=True)
class AttemptRecord:
    question_id: str
    stage: int
    section: str
    verdict: str
    score: float
    created_at: datetime
    answer: str = ""


def _aware(value: datetime) -> datetime:
    """UTC, whatever the database returns: SQLite drops the zone, PostgreSQL returns the session's
    time zone (and FSRS accepts only UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _rating(verdict: str):
    from fsrs import Rating

    return {"correct": Rating.Good, "partially_correct": Rating.Hard}.get(verdict, Rating.Again)


class ProgressStore:
    def __init__(self, url: str) -> None:
        kwargs = {"connect_args": {"check_same_thread": False, "timeout": 30}} if url.startswith("sqlite") else {}
        self.engine = create_engine(url, **kwargs)
        Base.metadata.create_all(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def learner_id(self, name: str) -> int:
        name = name.strip() or "default"
        with self._session.begin() as db:
            row = db.scalar(select(Learner).where(Learner.name == name))
            if row is None:
                row = Learner(name=name)
                db.add(row)
                db.flush()
            return row.id

    def learners(self) -> list[str]:
        with self._session() as db:
            return list(db.scalars(select(Learner.name).order_by(Learner.name)))

    def start_session(self, learner: str, scope: str, question_ids: list[str]) -> int:
        learner_id = self.learner_id(learner)
        with self._session.begin() as db:
            row = QuizSession(learner_id=learner_id, scope=scope, question_ids=question_ids)
            db.add(row)
            db.flush()
            return row.id

    def record(
        self,
        learner: str,
        question_id: str,
        stage: int,
        section: str,
        answer: str,
        verdict: str,
        session_id: int | None = None,
        when: datetime | None = None,
    ) -> AttemptRecord:
        """Store one attempt and advance the question's FSRS card, in one transaction."""
        from fsrs import Card, Scheduler

        when = when or _now()
        learner_id = self.learner_id(learner)
        with self._session.begin() as db:
            db.add(
                Attempt(
                    learner_id=learner_id,
                    session_id=session_id,
                    question_id=question_id,
                    stage=stage,
                    section=section,
                    answer=answer,
                    verdict=verdict,
                    score=VERDICT_SCORES[verdict],
                    created_at=when,
                )
            )
            row = db.get(CardRow, (learner_id, question_id))
            card = Card.from_dict(json.loads(row.card)) if row else Card()
            card, _ = Scheduler(enable_fuzzing=False).review_card(card, _rating(verdict), review_datetime=when)
            if row is None:
                db.add(
                    CardRow(
                        learner_id=learner_id, question_id=question_id, card=json.dumps(card.to_dict()), due=card.due
                    )
                )
            else:
                row.card, row.due = json.dumps(card.to_dict()), card.due
        return AttemptRecord(question_id, stage, section, verdict, VERDICT_SCORES[verdict], when, answer)

    def attempts(self, learner: str) -> list[AttemptRecord]:
        learner_id = self.learner_id(learner)
        with self._session() as db:
            rows = db.scalars(select(Attempt).where(Attempt.learner_id == learner_id).order_by(Attempt.id))
            return [
                AttemptRecord(r.question_id, r.stage, r.section, r.verdict, r.score, _aware(r.created_at), r.answer)
                for r in rows
            ]

    def cards(self, learner: str) -> dict[str, dict]:
        """question_id -> card dict (with 'due' as an aware datetime)."""
        learner_id = self.learner_id(learner)
        with self._session() as db:
            rows = db.scalars(select(CardRow).where(CardRow.learner_id == learner_id))
            return {r.question_id: {**json.loads(r.card), "due": _aware(r.due)} for r in rows}

    def due(self, learner: str, now: datetime | None = None) -> list[tuple[str, datetime]]:
        now = now or _now()
        return sorted(((q, c["due"]) for q, c in self.cards(learner).items() if c["due"] <= now), key=lambda x: x[1])


def mastery(attempts: Iterable[AttemptRecord], decay: float = 0.7) -> dict[str, float]:
    """Per section, an exponentially weighted mean of scores, newest attempts weighing most.

    With decay 0.7, the last attempt counts 1, the one before 0.7, then 0.49, ... so a learner who
    starts getting a section right sees mastery rise within a few answers."""
    by_section: dict[str, list[float]] = {}
    for a in attempts:
        by_section.setdefault(a.section, []).append(a.score)
    out = {}
    for section, scores in by_section.items():
        weights = [decay ** (len(scores) - 1 - i) for i in range(len(scores))]
        out[section] = sum(w * s for w, s in zip(weights, scores, strict=True)) / sum(weights)
    return out


def mastery_over_time(attempts: list[AttemptRecord], decay: float = 0.7) -> list[dict]:
    """One row per attempt: its section's mastery right after it (for a chart). Same weighting as
    `mastery`, kept incrementally: mastery = num / den with num, den decayed at each new attempt."""
    num: dict[str, float] = {}
    den: dict[str, float] = {}
    rows = []
    for a in attempts:
        num[a.section] = a.score + decay * num.get(a.section, 0.0)
        den[a.section] = 1.0 + decay * den.get(a.section, 0.0)
        rows.append({"time": a.created_at, "section": a.section, "mastery": num[a.section] / den[a.section]})
    return rows
