"""Text units of Markdown-like prose: whole sentences, whole list items, whole code blocks. Pure.

Everything the tutor quotes, chunks or checks is cut by these functions, so a learner never sees
half a sentence. The sentence splitter knows the abbreviations and inline spans that contain a
period without ending a sentence ("e.g.", "vs.", `df.loc`, $0.5$); a list item is one unit however
many sentences it has (its bold lead term and its definition belong together); a fenced code block
and a table are one unit each. Headings are units of their own kind so callers can skip them.

Deliberately left out: full Markdown parsing (nested lists are read as items of one list) and
language detection (English prose only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Unit",
    "cited_numbers",
    "cosine",
    "count_tokens",
    "heading",
    "lexical_support",
    "list_items",
    "split_blocks",
    "split_sentences",
    "split_units",
    "stem",
    "strip_citations",
    "tokenize",
]

_TOKEN = re.compile(r"\w+|[^\w\s]")

# Periods that do not end a sentence. Matched case-insensitively, replaced by a placeholder
# before splitting and restored afterwards.
_ABBREV = re.compile(
    r"\b(e\.g\.|i\.e\.|etc\.|vs\.|et al\.|cf\.|approx\.|fig\.|eq\.|no\.(?=\s*\d)|dr\.|mr\.|ms\.|u\.s\.)", re.I
)
_SPAN = re.compile(r"\$\$.+?\$\$|`[^`\n]+`|\$[^$\n]+\$")  # inline code and inline maths keep their periods
_DOT = "\u2024"  # ONE DOT LEADER stands in for a protected period
# The end of a sentence: its punctuation, any closing quote, bracket or emphasis ("**Title.**"),
# then space before what can start a sentence. Group 1 is the space the sentences are split at.
_SENTENCE_END = re.compile(r"[.!?][\"')\]*_]*(\s+)(?=[\"'(\[*_`$]*[A-Z0-9])")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^(#{1,6})\s+(\S.*?)\s*#*\s*$")

Kind = Literal["sentence", "item", "code", "table", "heading"]


@dataclass(frozen=True)
class Unit:
    """One quotable piece of text and where it stands: `block` counts paragraphs, `index` units."""

    text: str
    kind: Kind
    block: int
    index: int


# Words too common to say what a text is about (for lexical search and term matching).
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "so",
        "that",
        "the",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
        "about",
        "into",
        "than",
        "then",
        "there",
    ]
)
_WORD = re.compile(r"[a-z0-9]+(?:[-+][a-z0-9]+)*")


def tokenize(text: str) -> list[str]:
    return [t for t in _WORD.findall(text.lower()) if t not in _STOP]


_CITE = re.compile(r"\s*\[([1-9]\d*(?:\s*,\s*[1-9]\d*)*)\]")  # citation markers: [1], [1, 3]
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)  # "$\gamma \in [0, 1]$" holds no citation


def _citations(sentence: str) -> list[re.Match]:
    math = [m.span() for m in _MATH.finditer(sentence)]
    return [m for m in _CITE.finditer(sentence) if not any(a <= m.start(1) < b for a, b in math)]


def cited_numbers(sentence: str) -> list[int]:
    return [int(n) for m in _citations(sentence) for n in m.group(1).split(",")]


def strip_citations(sentence: str) -> str:
    for m in reversed(_citations(sentence)):
        sentence = sentence[: m.start()] + sentence[m.end() :]
    return sentence.strip()


def lexical_support(sentence: str, passage: str) -> float:
    """Share of the sentence's content words that the passage contains (prefix-matched, so
    'regularization' in the sentence matches 'regularize' in the passage)."""
    words = set(tokenize(strip_citations(sentence)))
    if not words:
        return 1.0
    passage_words = set(tokenize(passage))
    stems = {w[:6] for w in passage_words}
    found = sum(1 for w in words if w in passage_words or (len(w) > 5 and w[:6] in stems))
    return found / len(words)


def cosine(a: list[float], b: list[float]) -> float:
    """Cosine similarity of two vectors (0.0 when either is all zeros)."""
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = (sum(x * x for x in a) * sum(y * y for y in b)) ** 0.5
    return dot / norm if norm else 0.0


def heading(line: str) -> tuple[int, str] | None:
    """(level, title) of a Markdown heading line ("## Key definitions" -> (2, "Key definitions"))."""
    match = _HEADING.match(line.strip())
    return (len(match.group(1)), match.group(2)) if match else None


def stem(word: str) -> str:
    """A crude English stem, enough to match 'dropping' with 'drop', 'rows' with 'row', 'classes'
    with 'class' and 'regularization' with 'regularize': a common suffix off, a doubled last
    consonant undone, then the first six letters."""
    w = word.lower()
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is", "as")) and len(w) > 3:
        w = w[:-1]
    else:
        for suffix in ("ingly", "edly", "ing", "ed", "ly"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                w = w[: -len(suffix)]
                break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w[:6]


def count_tokens(text: str) -> int:
    """Estimated tokens (words and punctuation marks): close to MiniLM's word pieces for English."""
    return len(_TOKEN.findall(text))


# A paragraph's bold (or italic) lead term alone ("**GRU (gated recurrent unit).**") names what the
# next sentence says; quoted alone it reads as a stray title.
_TITLE_ONLY = re.compile(r"^(\*\*[^*]+\*\*|\*[^*]+\*|__[^_]+__)[.:]?$")


def _protect(text: str) -> str:
    text = _ABBREV.sub(lambda m: m.group(0).replace(".", _DOT), text)
    return _SPAN.sub(lambda m: m.group(0).replace(".", _DOT), text)


def split_sentences(text: str) -> list[str]:
    """Whole sentences of one paragraph of prose, in order; line breaks inside it are spaces."""
    flat = " ".join(text.split())
    if not flat:
        return []
    text, parts, start = _protect(flat), [], 0
    for match in _SENTENCE_END.finditer(text):
        parts.append(text[start : match.start(1)])
        start = match.end(1)
    parts.append(text[start:])
    out: list[str] = []
    for part in (p.replace(_DOT, ".").strip() for p in parts if p.strip()):
        if out and _TITLE_ONLY.match(out[-1]):
            out[-1] = f"{out[-1]} {part}"  # "**GRU (gated recurrent unit).** Merges ...": one sentence
        else:
            out.append(part)
    return out


def split_blocks(text: str) -> list[tuple[str, str]]:
    """(kind, text) blocks: "code" (a whole fenced block), "table", "heading", "list" (a run of
    list items) and "para" (prose), in document order."""
    blocks: list[tuple[str, str]] = []
    lines: list[str] = []
    kind = "para"
    in_fence = False

    def flush() -> None:
        nonlocal kind
        if lines and "\n".join(lines).strip():
            blocks.append((kind, "\n".join(lines).strip("\n")))
        lines.clear()
        kind = "para"

    for line in text.splitlines():
        stripped = line.strip()
        if in_fence:
            lines.append(line)
            if stripped.startswith("```"):
                in_fence = False
                flush()
            continue
        if stripped.startswith("```"):
            flush()
            kind, in_fence = "code", True
            lines.append(line)
            continue
        if not stripped:
            flush()
            continue
        if _HEADING.match(stripped):
            flush()
            blocks.append(("heading", stripped))
            continue
        line_kind = "table" if stripped.startswith("|") else "list" if _LIST_ITEM.match(line) else None
        if line_kind and line_kind != kind:
            flush()
            kind = line_kind
        elif not line_kind and kind == "table":
            flush()
        lines.append(line)
    flush()
    return _join_continuations(blocks)


def _join_continuations(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A display formula and the prose that continues the sentence around it ("... is\n\n$$f$$\n\n
    where f is ...") are one paragraph: the sentence must not be cut at the blank lines."""
    out: list[tuple[str, str]] = []
    for kind, block in blocks:
        continues = kind == "para" and (block.startswith("$$") or block[:1].islower())
        if continues and out and out[-1][0] == "para":
            out[-1] = ("para", out[-1][1] + "\n" + block)
        else:
            out.append((kind, block))
    return out


def list_items(block: str) -> list[str]:
    """The items of a list block, each with its continuation lines joined on."""
    items: list[list[str]] = []
    for line in block.splitlines():
        if _LIST_ITEM.match(line) or not items:
            items.append([line.strip()])
        else:
            items[-1].append(line.strip())  # a continuation line belongs to the item above
    return [" ".join(item) for item in items]


def split_units(text: str) -> list[Unit]:
    """Every unit of `text` in document order (see the module docstring)."""
    units: list[Unit] = []
    for b, (kind, block) in enumerate(split_blocks(text)):
        if kind in ("code", "table", "heading"):
            pieces: list[tuple[Kind, str]] = [(kind, block)]  # type: ignore[list-item]
        elif kind == "list":
            pieces = [("item", item) for item in list_items(block)]
        else:
            pieces = [("sentence", s) for s in split_sentences(block)]
        for unit_kind, piece in pieces:
            units.append(Unit(piece, unit_kind, b, len(units)))
    return units
