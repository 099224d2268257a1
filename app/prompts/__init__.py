"""Prompts live as text files beside this module, so they can be read and diffed as prose."""

from functools import cache
from pathlib import Path

__all__ = ["load_prompt"]


@cache
def load_prompt(name: str) -> str:
    return (Path(__file__).parent / f"{name}.txt").read_text(encoding="utf-8").strip()
