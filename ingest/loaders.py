"""Turn a learner's file into a Source, or say exactly why it cannot be read.

Supported: Markdown, plain text, HTML (main text kept, navigation and scripts dropped) and PDF (text
per page, page numbers kept for citations). Every rejection is a `LoadError` with a reason a person
can act on; the indexer reports it by file name and goes on with the rest.
"""

from __future__ import annotations

from pathlib import Path

from ingest.sources import Source, slug

__all__ = ["MAX_FILE_BYTES", "SUPPORTED_SUFFIXES", "LoadError", "html_to_markdown", "load_file"]

MAX_FILE_BYTES = 20 * 1024 * 1024
SUPPORTED_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text",
                      ".html": "html", ".htm": "html", ".pdf": "pdf"}


class LoadError(ValueError):
    """A file that cannot be indexed; str(error) is the reason."""


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("binary content (NUL bytes) in a text file")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 and ingest it again"
        ) from exc
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * max(1, min(len(text), 8192)):
        raise LoadError("binary content (control characters) in a text file")
    return text


def html_to_markdown(html: str) -> tuple[str, str]:
    """(title, main text as Markdown-ish text with headings) of an HTML page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else ""
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form",
                     "iframe", "svg", "button"]):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    lines = []
    for el in root.find_all(["h1", "h2", "h3", "h4", "p", "li", "pre", "td", "blockquote"]):
        if el.find_parent(["li", "pre", "td", "blockquote"]) and el.name != "pre":
            continue  # nested: its text is already in the parent
        text = el.get_text(" ", strip=True) if el.name != "pre" else el.get_text()
        if not text.strip():
            continue
        if el.name in ("h1", "h2", "h3", "h4"):
            lines.append("\n" + "#" * int(el.name[1]) + " " + text + "\n")
        elif el.name == "li":
            lines.append("- " + text)
        elif el.name == "pre":
            lines.append("```\n" + text.strip("\n") + "\n```")
        else:
            lines.append(text + "\n")
    return title, "\n".join(lines).strip()


def _load_pdf(path: Path) -> list[tuple[int, str]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [(i + 1, (page.extract_text() or "").strip()) for i, page in enumerate(reader.pages)]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        raise LoadError(f"corrupt or unreadable PDF ({type(exc).__name__})") from exc
    return [(n, t) for n, t in pages if t]


def load_file(path: Path, stage: int = 0, section: str = "") -> Source:
    """Read one file into a Source tagged with the given stage and section."""
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise LoadError(f"unsupported file type '{path.suffix}' (use .md, .txt, .html or .pdf)")
    size = path.stat().st_size
    if size == 0:
        raise LoadError("empty file")
    if size > MAX_FILE_BYTES:
        raise LoadError(f"file too large ({size / 1e6:.1f} MB > {MAX_FILE_BYTES / 1e6:.0f} MB limit)")
    resolved = path.resolve()
    source = Source(
        source_id=f"file/{slug(str(resolved))}", source_type="file", origin="file",
        title=path.stem, url_or_path=str(resolved), stage=stage, section=section,
    )
    if kind == "pdf":
        if not path.read_bytes()[:1024].lstrip().startswith(b"%PDF"):
            raise LoadError("corrupt PDF (no %PDF header)")
        source.pages = _load_pdf(path)
        if not source.pages:
            raise LoadError("PDF has no extractable text (scanned images?)")
        return source
    text = _decode(path.read_bytes())
    if kind == "html":
        title, text = html_to_markdown(text)
        source.title = title or path.stem
        if not text.strip():
            raise LoadError("HTML page has no main text")
    if not text.strip():
        raise LoadError("file has no text (only whitespace)")
    source.text = text
    return source
