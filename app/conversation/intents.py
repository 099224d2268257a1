"""What a chat message asks for: a question, a quiz, an answer to the quiz question just asked, a
hint, skip, stop, progress or a study plan. Rules first, pure.

The rules know the roadmap (stage numbers, section names, item titles and topics), so "quiz me on
stage 2", "test me on transformers" and "5 questions about Git" are read exactly. A message the
rules cannot place with confidence (it uses a word of quizzing or progress but in no known pattern)
is marked `open`; the conversation may then ask the model for a JSON-constrained label, and falls
back to the question path. Look-alikes stay questions: "what is a quiz in ML?" asks about quizzes,
it does not ask for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from app.core.corpus import Roadmap

__all__ = ["KINDS", "Intent", "QuizTarget", "quiz_target", "route_rules"]

Kind = Literal["question", "quiz_request", "quiz_answer", "hint", "skip", "stop", "progress", "plan"]
KINDS: tuple[str, ...] = ("question", "quiz_request", "quiz_answer", "hint", "skip", "stop", "progress", "plan")

_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "a couple of": 2, "a few": 3, "some": 3}  # fmt: skip
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": 5}

_FILL = r"(?:\W*\b(?:ok|okay|hmm+|umm*|uh|well|so|sorry|tbh|honestly|lol|pls|please|actually)\b)*"
_STOP = re.compile(
    r"^" + _FILL + r"\W*(stop|quit|exit|cancel|enough( questions)?|done|no more( questions)?|let'?s stop)\W*$"
    r"|\b(end( the| this)? quiz|stop( the| this)? quiz|finish the quiz|i'?m done|im done|quit the quiz)\b",
    re.I,
)
_SKIP = re.compile(
    r"^" + _FILL + r"\W*(skip( it| this( one)?)?|next( one| question)?|pass|i don'?t know|i dont know|idk|no idea"
    r"|dunno|no clue)" + _FILL + r"\W*$",
    re.I,
)
_HINT = re.compile(
    r"^" + _FILL + r"\W*((give me |can i (get|have) |i need |may i have |got )?(a |another |any )?(hint|clue)s?"
    r"( please)?|help( me)?|hint please)" + _FILL + r"\W*$",
    re.I,
)
_PROGRESS = re.compile(
    r"\b(how am i doing|how'?m i doing|how (am i|have i been) (doing|progressing)|my (progress|mastery|scores?|stats)"
    r"|how (well )?(have|did) i (do|done)|am i (improving|getting better|on track)|show (me )?(my )?(progress|mastery)"
    r"|what have i (learned|mastered)|where do i stand|how far (along )?am i|progress report"
    r"|how many (questions )?(have|did) i (get|got|gotten|answer|answered)\w*( right| correct)?)\b"
    r"|^\W*(my )?progress\W*$",
    re.I,
)
_PLAN = re.compile(
    r"\b(what (should|shall|do) i (study|learn|do|read|focus on|work on|review)( next| now| first)?"
    r"|what('?s| is) next( for me)?|study plan|plan my (study|studies|week)|what to (study|learn|read) next"
    r"|where should i (start|go next|continue)|(suggest|recommend) (what|something|a topic|the next)"
    r"|next (topic|thing to (study|learn))|what next|where (do|should|can) i (start|begin)"
    r"|(which|what) (topic|item|section|one|part) (should|shall|do) i (study|learn|work on|do|focus on|review))\b",
    re.I,
)
_QUIZ = re.compile(
    r"(^\W*(quiz|test|drill|examine) (me\b|on\b|about\b)|\b(quiz|test|drill) me\b"
    r"|\b(give|ask|send) me (a |an |some |a few |\w+ )?(quiz|questions?|test|practice questions)\b"
    r"|\b(start|begin|take|do|run|try) (a |an |another |the |one more )?(quiz|test|practice (round|quiz))\b"
    r"|\b(i want|i'?d like|can i (have|get|take)|let'?s (do|have|try)?) (a |an |another |some )?"
    r"(quiz|test|practice questions|questions)\b|^\W*(another|one more|more) (quiz|questions?|round)\b"
    r"|\bpractice questions\b|^\W*quiz\W*$|\breview (my )?(due|cards|reviews)\b|\bmy reviews\b"
    r"|^\W*(a )?(quick|short|small|little) (quiz|test)\b|\btest (my|me on my) (knowledge|understanding)\b"
    r"|\bhit me with\b.*\b(questions?|qs|quiz)\b)",
    re.I,
)
_ABOUT = re.compile(r"\b(?:on|about|for|from|in|covering)\s+(?P<topic>[^?.!]+)", re.I)
_STAGE = re.compile(r"\bstage\s*(?P<n>[1-5]|one|two|three|four|five)\b", re.I)
_ORDINAL_STAGE = re.compile(r"\b(?P<o>first|second|third|fourth|fifth|last)\s+stage\b", re.I)
_COUNT = re.compile(
    r"\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few)\s+"
    r"(?:more\s+)?(?:quick\s+|practice\s+|short\s+)?(?:questions?|qs|items)\b",
    re.I,
)
_DUE = re.compile(r"\b(due|reviews?|what i got wrong|my mistakes|spaced)\b", re.I)
# A message that asks something about the material: answered, even in the middle of a quiz.
_ASKS = re.compile(
    r"^\W*(?:(?:and|but|so|also|ok|okay|hmm|wait|sorry)\W+)*(what|why|how|when|where|which|who|can|could|does"
    r"|do|is|are|should|explain|tell me|define|describe|what'?s|whats|isn'?t|wait)\b",
    re.I,
)
_ANSWER_SHAPE = re.compile(
    r"^\W*(\(?[a-d]\)?|option [a-d]|[a-d]\)|true|false|t|f|yes|no|it'?s [a-d]|is it [a-d]"
    r"|(i think )?(it'?s |the answer is )?([a-d]|true|false))\W*$",
    re.I,
)
_WORDS_OF_INTENT = re.compile(r"\b(quiz\w*|test me|practice|progress|mastery|study next|learn next|score)\b", re.I)
_FILLER = re.compile(r"\b(the|a|an|some|me|please|pls|quiz|questions?|test|stuff|things|topic|section|roadmap)\b", re.I)


@dataclass(frozen=True)
class QuizTarget:
    """What a quiz request asks about; all empty = the whole roadmap."""

    stage: int | None = None
    section: str | None = None
    item_id: str | None = None
    count: int | None = None
    due: bool = False
    unknown: str = ""  # a topic named that the roadmap does not have


@dataclass(frozen=True)
class Intent:
    kind: Kind
    target: QuizTarget = field(default_factory=QuizTarget)
    open: bool = False  # the rules could not place it with confidence
    reason: str = ""


def _number(text: str) -> int | None:
    text = text.lower()
    return int(text) if text.isdigit() else _NUMBERS.get(text)


def _matches(phrase: str, text: str) -> bool:
    """Is the phrase in the text as whole words (apostrophes and a plural 's' not counting)?"""
    phrase = phrase.casefold().replace("'", "")
    return re.search(r"(?<![\w-])" + re.escape(phrase) + r"s?(?![\w-])", text.replace("'", "")) is not None


def _names(item) -> list[str]:
    """How a learner may name a roadmap item: its title and its parts, its topics, their initials
    ("singular value decomposition" -> "svd")."""
    names = [item.title, *item.topics, item.id.split("-", 1)[1].replace("-", " ")]
    names += re.split(r"\s*(?:&|\band\b|,)\s*", item.title)  # "Probability & Statistics"
    names += ["".join(w[0] for w in t.split()) for t in item.topics if len(t.split()) >= 3]
    return [n for n in names if len(n) > 2]


def quiz_target(message: str, roadmap: Roadmap) -> QuizTarget:
    """Stage, section, roadmap item, count and 'due' named in a quiz request."""
    text = message.casefold()
    stage = None
    if m := _STAGE.search(message):
        stage = _number(m.group("n"))
    elif m := _ORDINAL_STAGE.search(message):
        stage = _ORDINALS[m.group("o").lower()]
    count = _number(m.group("n")) if (m := _COUNT.search(message)) else None
    section = next((s.name for st in roadmap.stages for s in st.sections if _matches(s.name, text)), None)
    item_id = None
    if not section:
        for st in roadmap.stages:
            for s in st.sections:
                for item in s.items:
                    if any(_matches(n, text) for n in _names(item)):
                        item_id = item_id or item.id
    unknown = ""
    if not (stage or section or item_id) and (m := _ABOUT.search(message)):
        topic = _FILLER.sub(" ", m.group("topic"))
        topic = re.sub(r"\b(stage|everything|anything|all|whole|it|them|this|that|my|due|reviews?)\b", " ", topic)
        topic = " ".join(topic.split())
        if len(topic) > 2:
            unknown = topic
    due = bool(_DUE.search(message)) and not (stage or section or item_id)
    return QuizTarget(stage, section, item_id, max(1, min(count, 20)) if count else None, due, unknown)


def route_rules(message: str, roadmap: Roadmap, awaiting_answer: bool = False, in_quiz: bool = False) -> Intent:
    """The intent of one chat message. `awaiting_answer`: the tutor's last turn asked a quiz
    question; `in_quiz`: a quiz is running (stop and skip mean something)."""
    text = re.sub(r"\bquizz+(?=\w*\b)", "quiz", " ".join(message.split()), flags=re.I)  # "quizz me"
    if not text:
        return Intent("question", reason="empty")
    if in_quiz and _STOP.search(text):
        return Intent("stop", reason="stop word")
    if awaiting_answer and _SKIP.match(text):
        return Intent("skip", reason="skip word")
    if awaiting_answer and _HINT.match(text):
        return Intent("hint", reason="hint word")
    if awaiting_answer and _ANSWER_SHAPE.match(text):
        return Intent("quiz_answer", reason="answer shape")
    if _PROGRESS.search(text):
        return Intent("progress", reason="progress pattern")
    if _PLAN.search(text):
        return Intent("plan", reason="plan pattern")
    if _QUIZ.search(text) and not re.match(r"^\W*(what|why|how) (is|are|does|do)\b(?!.*\b(me|i)\b)", text, re.I):
        return Intent("quiz_request", quiz_target(text, roadmap), reason="quiz pattern")
    if awaiting_answer:
        if (_ASKS.match(text) and (text.endswith("?") or len(text.split()) > 4)) or (
            text.endswith("?") and len(text.split()) >= 4
        ):
            return Intent("question", reason="a question in the middle of a quiz")
        return Intent("quiz_answer", reason="reply to the quiz question")
    if _WORDS_OF_INTENT.search(text) and not _ASKS.match(text):
        return Intent("question", open=True, reason="a word of quizzing or progress, no known pattern")
    return Intent("question", reason="default")
