"""Drops the lines in which the model copies a passage's header into its answer.

The answer prompt labels each passage "[1] Title (stage 2, Section)". The small default model often
starts its answer by repeating such a line, which the learner would read as a stray heading. The
filter works on the token stream: a line that could still become a header (one starting with "[",
"**[" or "#") is held back until its end is seen; every other text passes at once, so streaming
stays live. Pure: no model, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["HeaderFilter", "header_key"]

_DECORATION = " \t#*->_`"
_NUMBER = re.compile(r"^\[\d+\]\s*")
_HOLD_CHARS = 200  # a header is one short line; past this length a held line is let through


def header_key(line: str) -> str:
    """A header line reduced to what identifies it: "**[1] Title (stage 2, S)**" -> "title (stage 2, s)"."""
    text = line.strip().strip(_DECORATION)
    text = _NUMBER.sub("", text).strip().strip(_DECORATION)
    return " ".join(text.split()).casefold()


class HeaderFilter:
    """`feed` text as it streams and get back what to show; `flush` at the end."""

    def __init__(self, headers: Iterable[str]) -> None:
        self.keys = {header_key(h) for h in headers} - {""}
        self.buf = ""
        self.line_start = True  # the buffer begins a line, so it may be a header

    def _maybe_header(self, line: str) -> bool:
        """Could this unfinished line still turn out a header? ("[1] …", "**[1] …", "### …")"""
        text = line.lstrip(" \t")
        held = text in ("", "*", "**") or text[0] in "[#" or text.startswith("**[")
        return held and len(line) < _HOLD_CHARS

    def feed(self, piece: str) -> str:
        self.buf += piece
        shown = []
        while self.buf:
            end = self.buf.find("\n")
            if not self.line_start:
                if end < 0:
                    shown.append(self.buf)
                    self.buf = ""
                else:
                    shown.append(self.buf[: end + 1])
                    self.buf = self.buf[end + 1 :]
                    self.line_start = True
                continue
            line = self.buf if end < 0 else self.buf[:end]
            if end >= 0 and line.strip() and header_key(line) in self.keys:
                self.buf = self.buf[end + 1 :]  # a copied header: dropped with its newline
                continue
            if end < 0 and self._maybe_header(line):
                break  # wait for the rest of the line
            if end >= 0 and not line.strip():
                shown.append(self.buf[: end + 1])  # a blank line; the next one may be a header
                self.buf = self.buf[end + 1 :]
                continue
            self.line_start = False
        return "".join(shown)

    def flush(self) -> str:
        rest, self.buf = self.buf, ""
        if self.line_start and rest.strip() and header_key(rest) in self.keys:
            return ""
        return rest
