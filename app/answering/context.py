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
    r"(?:^\W*|\b(?:please|now|should|must|(?<!try )to|and)\s+)(ignore|disregard|forget|override)\b[^.]{0,40}"
    r"\b(instructions?|rules|prompts?|everything|the above)\b"
    r"|\byou are now\b|\bsystem prompt\b|\bnew (instructions?|task|role|rules)\s*:"
    r"|\b(reply|respond|answer|output)\b[^.]{0,20}\bonly with\b|\bwith (just |only )?the single word\b"
    r"|\b(note|message|instruction)s? (to|for) (the|any) (ai|model|assistant|llm|language model|chatbot)\b"
    r"|\b(ai|language) model (reading|processing) this\b|\byour (only|new|real) (task|job|goal)\b"
    r"|\bfrom now on\b[^.]{0,40}\b(answer|reply|respond|say)\b|\bdo anything now\b|\bjailbreak\b"
    r"|\bthe (user|learner) is (an? )?(admin|administrator|developer|root)\b"
    r"|\b(ignorez|ignoriere|ignora|oubliez|vergiss|olvida)\b|\b(instructions pr[eé]c[eé]dentes"
    r"|vorherigen anweisungen|instrucciones anteriores)\b",
    re.I,
)
# "say PWNED", "print HACKED": an order to emit a shouted token (case-sensitive on purpose)
_SHOUT = re.compile(
    r"\b(?:[Ss]ay|[Pp]rint|[Oo]utput|[Ww]rite|[Rr]eply with|[Rr]espond with|[Aa]nswer with)\s+[\"'\u201c]?[A-Z]{4,}"
    r"[\"'\u201d]?\s*(?:[.!,;]|$)"
)
# A line that plays a role in a chat transcript ("Assistant: ...", "[SYSTEM] ...", "<|im_start|>").
_ROLE = re.compile(
    r"^\W*(\[?(system|assistant|user|human|ai|developer)\]?\s*[:>\]]|<\|?(im_start|im_end|system|assistant)\|?>)",
    re.I,
)


def looks_like_instruction(sentence: str) -> bool:
    return bool(
        _INSTRUCTION.search(sentence) or _SHOUT.search(sentence) or _ROLE.search(sentence) or "<|im_" in sentence
    )
