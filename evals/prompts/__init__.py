"""The evals' own prompts (the plain-RAG baseline, the LLM judge), kept apart from the tutor's."""

from pathlib import Path

from app.core.prompts import load_prompt

__all__ = ["EVAL_PROMPTS", "load_eval_prompt"]

EVAL_PROMPTS = Path(__file__).parent


def load_eval_prompt(name: str) -> str:
    return load_prompt(name, EVAL_PROMPTS)
