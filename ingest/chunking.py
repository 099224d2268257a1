"""Structure-aware chunking of Markdown-like text. Pure functions: text in, chunks out.

Text is cut at headings first, then at paragraphs (a fenced code block counts as one paragraph),
and paragraphs are packed into chunks of at most `max_tokens`. A paragraph longer than that is cut
at sentence ends, and a sentence longer than that at word boundaries. Consecutive chunks of the same
heading share `overlap_tokens` of text so a fact that straddles a cut is still found whole.

Token counts are estimates (words and punctuation marks), close to MiniLM's word pieces for English
prose; exact counts would tie chunking to one tokenizer for little gain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Chunk", "chunk_markdown", "count_tokens"]

_TOKEN = re.compile(r"\w+|[^\w\s]")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")


@dataclass(frozen=True)
class Chunk:
    text: str
    heading_path: tuple[str, ...]
    index: int
    page: int | None = None


def count_tokens(text: str) -> int:
    return len(_TOKEN.findall(text))


def _blocks(text: str) -> list[tuple[tuple[str, ...], str]]:
    """Split into (heading path, paragraph) pairs; code fences stay whole."""
    path: list[tuple[int, str]] = []
    out: list[tuple[tuple[str, ...], str]] = []
    para: list[str] = []
    in_fence = False

    def flush() -> None:
        if para and "".join(para).strip():
            out.append((tuple(h for _, h in path), "\n".join(para).strip()))
        para.clear()

    for line in text.splitlines():
        if line.strip().startswith("```"):
            in_fence = not in_fence
            para.append(line)
            continue
        if not in_fence:
            match = _HEADING.match(line)
            if match:
                flush()
                level = len(match.group(1))
                path[:] = [(lvl, h) for lvl, h in path if lvl < level] + [(level, match.group(2))]
                continue
            if not line.strip():
                flush()
                continue
        para.append(line)
    flush()
    return out


def _split_long(paragraph: str, max_tokens: int) -> list[str]:
    """Cut a paragraph that exceeds max_tokens at sentence ends, then at words."""
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(paragraph):
        if count_tokens(sentence) <= max_tokens:
            pieces.append(sentence)
            continue
        words, current = sentence.split(), []
        for word in words:
            if current and count_tokens(" ".join([*current, word])) > max_tokens:
                pieces.append(" ".join(current))
                current = []
            current.append(word)
        if current:
            pieces.append(" ".join(current))
    return pieces


def _tail(text: str, n_tokens: int) -> str:
    """The last ~n_tokens of text, starting at a word boundary."""
    if n_tokens <= 0:
        return ""
    words = text.split()
    tail: list[str] = []
    for word in reversed(words):
        if count_tokens(" ".join([word, *tail])) > n_tokens:
            break
        tail.insert(0, word)
    return " ".join(tail)


def chunk_markdown(text: str, max_tokens: int = 180, overlap_tokens: int = 30, page: int | None = None) -> list[Chunk]:
    """Chunk `text`; chunk indexes start at 0 and follow document order."""
    if overlap_tokens >= max_tokens:
        raise ValueError("overlap_tokens must be smaller than max_tokens")
    chunks: list[Chunk] = []
    groups: list[tuple[tuple[str, ...], list[str]]] = []
    for path, para in _blocks(text):
        pieces = [para] if count_tokens(para) <= max_tokens else _split_long(para, max_tokens)
        if groups and groups[-1][0] == path:
            groups[-1][1].extend(pieces)
        else:
            groups.append((path, pieces))

    for path, pieces in groups:
        current: list[str] = []
        budget = max_tokens
        for piece in pieces:
            size = count_tokens(piece)
            if current and count_tokens("\n\n".join(current)) + size > budget:
                body = "\n\n".join(current)
                chunks.append(Chunk(body, path, len(chunks), page))
                overlap = _tail(body, min(overlap_tokens, max_tokens - size))
                current = [overlap] if overlap else []
            current.append(piece)
        if current:
            chunks.append(Chunk("\n\n".join(current), path, len(chunks), page))
    return chunks
