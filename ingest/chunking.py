"""Structure-aware chunking of Markdown-like text. Pure functions: text in, chunks out.

Text is cut at headings first, then packed block by block (a paragraph, a list, a fenced code
block, a table) into chunks of at most `max_tokens`. A block longer than that is cut into its
units from `app.core.text`: whole sentences or whole list items; a code block is never cut (a longer
one becomes a chunk of its own), and only a single sentence longer than a chunk is cut at words.
So no chunk starts or ends inside a sentence, and a list item or code block stays whole.
Consecutive chunks of the same heading share the whole sentences (or items) at the end of the
first, up to `overlap_tokens`, so a fact that straddles a cut is still found whole.

Token counts are estimates (words and punctuation marks), close to MiniLM's word pieces for English
prose; exact counts would tie chunking to one tokenizer for little gain.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.text import count_tokens, heading, list_items, split_blocks, split_sentences

__all__ = ["Chunk", "chunk_markdown", "count_tokens"]


@dataclass(frozen=True)
class Chunk:
    text: str
    heading_path: tuple[str, ...]
    index: int
    page: int | None = None


@dataclass(frozen=True)
class _Piece:
    text: str
    block: int  # pieces of one block are joined by `sep`, pieces of different blocks by a blank line
    sep: str


def _words(text: str, max_tokens: int) -> list[str]:
    """Last resort for a sentence longer than a chunk: cut at word boundaries."""
    pieces, current = [], []
    for word in text.split():
        if current and count_tokens(" ".join([*current, word])) > max_tokens:
            pieces.append(" ".join(current))
            current = []
        current.append(word)
    return pieces + ([" ".join(current)] if current else [])


def _fit(texts: list[str], max_tokens: int) -> list[str]:
    return [p for t in texts for p in ([t] if count_tokens(t) <= max_tokens else _words(t, max_tokens))]


def _pieces(kind: str, block: str, b: int, max_tokens: int) -> list[_Piece]:
    if count_tokens(block) <= max_tokens:
        return [_Piece(block, b, "\n")]
    if kind == "code":
        return [_Piece(block, b, "\n")]  # code is never cut: an over-long block is a chunk of its own
    if kind in ("list", "table"):
        pieces = []
        for item in list_items(block) if kind == "list" else block.splitlines():
            parts = [item] if count_tokens(item) <= max_tokens else split_sentences(item)
            # an item's own sentences run on; the next item starts a new line
            pieces += [_Piece(p, b, "\n" if i == 0 else " ") for i, p in enumerate(_fit(parts, max_tokens))]
        return pieces
    return [_Piece(p, b, " ") for p in _fit(split_sentences(block), max_tokens)]


def _join(pieces: list[_Piece]) -> str:
    out = ""
    for prev, piece in zip([None, *pieces], pieces, strict=False):
        if prev is not None:
            out += piece.sep if prev.block == piece.block else "\n\n"
        out += piece.text
    return out


def _size(pieces: list[_Piece]) -> int:
    return count_tokens(_join(pieces))


def _overlap(pieces: list[_Piece], n_tokens: int) -> list[_Piece]:
    """The whole pieces at the end of `pieces` that fit in n_tokens (possibly none)."""
    tail: list[_Piece] = []
    for piece in reversed(pieces):
        if _size([piece, *tail]) > n_tokens:
            break
        tail.insert(0, piece)
    return tail if len(tail) < len(pieces) else []


def chunk_markdown(text: str, max_tokens: int = 180, overlap_tokens: int = 30, page: int | None = None) -> list[Chunk]:
    """Chunk `text`; chunk indexes start at 0 and follow document order."""
    if overlap_tokens >= max_tokens:
        raise ValueError("overlap_tokens must be smaller than max_tokens")
    groups: list[tuple[tuple[str, ...], list[_Piece]]] = []
    path: list[tuple[int, str]] = []
    for b, (kind, block) in enumerate(split_blocks(text)):
        if kind == "heading":
            found = heading(block)
            if found:
                level, title = found
                path[:] = [(lvl, h) for lvl, h in path if lvl < level] + [(level, title)]
                continue
        key = tuple(h for _, h in path)
        pieces = _pieces(kind, block, b, max_tokens)
        if groups and groups[-1][0] == key:
            groups[-1][1].extend(pieces)
        else:
            groups.append((key, pieces))

    chunks: list[Chunk] = []
    for key, pieces in groups:
        current: list[_Piece] = []
        for piece in pieces:
            if current and _size([*current, piece]) > max_tokens:
                chunks.append(Chunk(_join(current), key, len(chunks), page))
                carried = _overlap(current, min(overlap_tokens, max_tokens - count_tokens(piece.text)))
                current = carried
            current.append(piece)
        if current:
            chunks.append(Chunk(_join(current), key, len(chunks), page))
    return chunks
