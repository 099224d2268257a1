"""What may not enter a prompt: sentences addressed to the model. Pure.

Passages are data, not instructions. A reading can contain a sentence addressed to the model by
accident or by design (prompt injection); the small model follows such sentences all too readily,
so the evidence selection (app.answering.evidence) never quotes them and they never reach the prompt.
"""

from __future__ import annotations

import re

__all__ = ["looks_like_instruction"]

# Sentences addressed to the model rather than the learner. A reading can contain them by accident
# or by design (prompt injection); the small model follows them all too readily, so they never
# reach the prompt. The patterns are narrow on purpose: ML prose about "instruction-tuned models"
# or "following instructions" does not match.
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b[^.]{0,40}\b(instructions?|rules|prompts?|everything)\b"
    r"|\byou are now\b|\bsystem prompt\b|\bnew instructions?\b"
    r"|\b(reply|respond|answer|output)\b[^.]{0,20}\bonly with\b",
    re.I,
)


def looks_like_instruction(sentence: str) -> bool:
    return bool(_INSTRUCTION.search(sentence))
