"""Prompts live as text files, so they can be read and diffed as prose: the tutor's beside this
module, the evals' in `evals/prompts/` (pass that folder)."""

from functools import cache
from pathlib import Path

__all__ = ["PROMPTS", "load_prompt"]

PROMPTS = Path(__file__).parent


@cache
def load_prompt(name: str, folder: Path = PROMPTS) -> str:
    return (folder / f"{name}.txt").read_text(encoding="utf-8").strip()
