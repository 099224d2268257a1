"""Fresh multiple-choice questions from a reading, served only after verification.

The small model drafts (with JSON-schema constrained output, so the draft always parses); it does
not decide whether its draft is right. `verify` does, with evidence from the source passage:
the key must be supported by the passage, every distractor must be clearly less supported and not
supported on its own, the options must be distinct, and the question must not repeat a bank or
earlier question. Every draft is logged with its verdict and reasons.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from app.core.corpus import Question
from app.core.prompts import load_prompt
from app.core.text import cosine, lexical_support, tokenize

__all__ = ["DRAFT_SCHEMA", "Draft", "draft_question", "verify", "generate_fresh"]

Embed = Callable[[list[str]], list[list[float]]]

DRAFT_SCHEMA = {
    "type": "object",
    "properties": {
        "question": {"type": "string"},
        "options": {"type": "array", "items": {"type": "string"}, "minItems": 4, "maxItems": 4},
        "answer_index": {"type": "integer", "minimum": 0, "maximum": 3},
        "explanation": {"type": "string"},
    },
    "required": ["question", "options", "answer_index", "explanation"],
}

KEY_LEXICAL, KEY_SEMANTIC = 0.6, 0.45  # the key must be this well supported (either measure)
DISTRACTOR_LEXICAL = 0.85  # a distractor this well covered by the passage is probably also right
MARGIN = 0.05  # the key's support must beat every distractor's by this much
DUPLICATE = 0.6  # word-set overlap above which two questions ask the same thing


@dataclass
class Draft:
    question: str
    options: list[str]
    answer_index: int
    explanation: str


def _overlap(a: str, b: str) -> float:
    x, y = set(tokenize(a)), set(tokenize(b))
    return len(x & y) / max(1, len(x | y))


def verify(draft: Draft, item_id: str, heading: str, passage: str, existing: list[str], embed: Embed) -> list[str]:
    """Reasons to reject the draft; an empty list means it may be served."""
    try:
        Question(
            id="draft",
            item_id=item_id,
            type="mcq",
            question=draft.question,
            options=draft.options,
            answer=draft.answer_index,
            explanation=draft.explanation or "-",
            difficulty=2,
            heading=heading,
        )
    except ValidationError as exc:
        return [f"schema: {exc.errors()[0]['msg']}"]
    reasons = []
    if re.search(r"\b(all|none) of the above\b", " ".join(draft.options), re.I):
        reasons.append("uses all/none of the above")
    vectors = embed([passage, *draft.options])
    support = [
        (lexical_support(o, passage), cosine(vectors[0], v)) for o, v in zip(draft.options, vectors[1:], strict=True)
    ]
    key_lex, key_sem = support[draft.answer_index]
    if key_lex < KEY_LEXICAL and key_sem < KEY_SEMANTIC:
        reasons.append(f"key not supported by the passage (lexical {key_lex:.2f}, semantic {key_sem:.2f})")
    for i, (lex, sem) in enumerate(support):
        if i == draft.answer_index:
            continue
        if lex >= DISTRACTOR_LEXICAL:
            reasons.append(f"distractor {i + 1} is supported by the passage (lexical {lex:.2f})")
        elif lex + sem + MARGIN > key_lex + key_sem:
            reasons.append(f"distractor {i + 1} is as well supported as the key")
    for other in existing:
        if _overlap(draft.question, other) > DUPLICATE:
            reasons.append(f"near-duplicate of an existing question: {other[:60]!r}")
            break
    return reasons


def draft_question(llm, passage: str) -> Draft:
    """Ask the LLM for one question; constrained to DRAFT_SCHEMA on llama.cpp."""
    from langchain_core.messages import HumanMessage

    prompt = load_prompt("question_gen").format(passage=passage)
    if getattr(llm, "_llm_type", "") == "llamacpp":
        llm = llm.bind(response_format={"type": "json_object", "schema": DRAFT_SCHEMA}, max_tokens=300)
    else:
        llm = llm.bind(response_format={"type": "json_object"}, max_tokens=300)
    raw = llm.invoke([HumanMessage(content=prompt)]).content
    data = json.loads(str(raw))
    return Draft(
        str(data.get("question", "")),
        [str(o) for o in data.get("options", [])],
        int(data.get("answer_index", -1)),
        str(data.get("explanation", "")),
    )


def generate_fresh(
    corpus, item_id: str, n: int, llm, embed: Embed, log_path: Path, tries: int = 3, existing: list[str] = ()
) -> list[Question]:
    """Up to n verified questions on an item; every draft (kept or not) is appended to log_path."""
    reading = corpus.readings[item_id]
    existing = [q.question for q in corpus.questions] + list(existing)
    accepted: list[Question] = []
    sections = [s for s in reading.parts() if s[0] != "How it connects"]
    for attempt in range(n * tries):
        if len(accepted) >= n or not sections:
            break
        heading, passage = sections[attempt % len(sections)]
        passage = " ".join(passage.split()[:220])  # keep the prompt short on a small CPU
        try:
            draft = draft_question(llm, passage)
            reasons = verify(draft, item_id, heading, passage, existing, embed)
        except (ValueError, json.JSONDecodeError) as exc:
            draft, reasons = None, [f"unparseable output: {exc}"]
        record = {
            "time": datetime.now(UTC).isoformat(),
            "item_id": item_id,
            "heading": heading,
            "draft": draft.__dict__ if draft else None,
            "accepted": not reasons,
            "reasons": reasons,
        }
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("a", encoding="utf-8") as log:
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
        if reasons or draft is None:
            continue
        qid = f"gen-{item_id}-{hashlib.sha1(draft.question.encode()).hexdigest()[:8]}"
        accepted.append(
            Question(
                id=qid,
                item_id=item_id,
                type="mcq",
                question=draft.question,
                options=draft.options,
                answer=draft.answer_index,
                explanation=draft.explanation,
                difficulty=2,
                heading=heading,
            )
        )
        existing.append(draft.question)
    return accepted
