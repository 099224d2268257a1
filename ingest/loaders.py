"""Turn a learner's file (or a fetched page) into a Source, or say exactly why it cannot be read.

Supported: Markdown, plain text, HTML (main text kept; navigation, banners, scripts, comments and
other page furniture dropped) and PDF (text per page, page numbers kept for citations). Every
rejection is a `LoadError` with a reason a person can act on; the indexer reports it by name and
goes on with the rest. `parse_document` works on bytes, so files and fetched links (`ingest.fetch`)
go through the very same decoding, HTML extraction and PDF page extraction.

Deliberately left out: guessing legacy encodings (a Latin-1 file is rejected with the byte that
broke UTF-8, not silently decoded as something that may be wrong), OCR of scanned PDFs, and
JavaScript rendering of pages that build their text in the browser.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from pathlib import Path

from ingest.sources import Source, slug

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "LoadError",
    "decode_text",
    "html_to_markdown",
    "load_file",
    "parse_document",
    "pdf_pages",
]

MAX_FILE_BYTES = 20 * 1024 * 1024
SUPPORTED_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


class LoadError(ValueError):
    """A document that cannot be indexed; str(error) is the reason."""


def decode_text(data: bytes, charset: str | None = None) -> str:
    """Bytes to text: a BOM or a declared charset wins, otherwise UTF-8; binary data is refused."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("binary content (NUL bytes) in a text file")
    text = None
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
    for bom, codec in boms:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise LoadError(f"not valid {codec} text despite its byte-order mark") from exc
            break
    if text is None and charset:
        try:
            text = data.decode(charset)
        except LookupError:
            text = None  # an unknown charset name: fall back to UTF-8 below
        except UnicodeDecodeError as exc:
            raise LoadError(f"not valid {charset} text (byte offset {exc.start})") from exc
    if text is None:
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


# Page furniture by tag name. <header> inside an <article> usually holds the article's own title,
# so only headers outside articles go.
_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "nav",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "template",
    "dialog",
    "select",
    "input",
]
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search"}
# Furniture by id/class token: "cookie-banner", "share-buttons", "related-posts", "comments"...
_FURNITURE = re.compile(
    r"(?:^|[-_\s])(cookies?|consent|gdpr|banner|newsletter|subscribe|share|sharing|social|"
    r"breadcrumbs?|advert|ads?|promo|related|comments?|popup|modal|skip|sidebar|signup)(?:[-_\s]|$)",
    re.I,
)
_BLOCKS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "tr", "blockquote", "dt", "dd", "figcaption"]
_CONTAINERS = ["li", "pre", "tr", "blockquote", "dd"]


def _is_furniture(tag) -> bool:
    if tag.get("role") in _DROP_ROLES or tag.get("aria-hidden") == "true" or tag.has_attr("hidden"):
        return True
    names = " ".join([str(tag.get("id") or ""), *(tag.get("class") or [])])
    return bool(names.strip()) and bool(_FURNITURE.search(names))


def _main_root(soup):
    """The element holding the page's own text. Furniture inside it is removed, but never an
    element that wraps the article itself (a "page-with-sidebar" div around everything): one
    that holds the article, its title, or most of the text."""
    root = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.find("article") or soup.body or soup
    total = len(root.get_text(" ", strip=True))
    for tag in root.find_all(True):
        if tag.decomposed or not _is_furniture(tag) or tag.find(["article", "main", "h1"]):
            continue
        if len(tag.get_text(" ", strip=True)) <= 0.6 * total:
            tag.decompose()
    return root


def _block_text(el) -> str:
    if el.name == "pre":
        return "```\n" + el.get_text().strip("\n") + "\n```"
    if el.name == "tr":
        return " | ".join(" ".join(c.get_text(" ").split()) for c in el.find_all(["td", "th"]))
    text = " ".join(el.get_text(" ").split())  # source line breaks and indentation are layout
    if el.name.startswith("h"):
        return "\n" + "#" * int(el.name[1]) + " " + text + "\n"
    if el.name == "blockquote":
        return "> " + text + "\n"
    return ("- " + text) if el.name in ("li", "dd") else text + "\n"


def html_to_markdown(html: str) -> tuple[str, str]:
    """(title, main text as Markdown-ish text with headings) of an HTML page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else ""
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for tag in soup("header"):
        if not tag.find_parent("article"):
            tag.decompose()
    root = _main_root(soup)
    lines = []
    for el in root.find_all(_BLOCKS):
        if el.find_parent(_CONTAINERS):
            continue  # nested: its text is already in the enclosing block
        if el.get_text().strip():
            lines.append(_block_text(el))
    if not lines:  # text kept in bare <div>s: take it line by line rather than lose it
        lines = [line for line in root.get_text("\n", strip=True).splitlines() if line.strip()]
    return title, "\n".join(lines).strip()


def pdf_pages(data: bytes) -> list[tuple[int, str]]:
    """(page number from 1, text) for every page with text; a damaged PDF is a LoadError."""
    if b"%PDF-" not in data[:1024]:
        raise LoadError("corrupt PDF (no %PDF header)")
    from pypdf import PdfReader

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # a damaged file logs dozens of warnings; we report one line
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError("encrypted PDF (needs a password)")
        pages = [(i + 1, (page.extract_text() or "").strip()) for i, page in enumerate(reader.pages)]
    except LoadError:
        raise
    except Exception as exc:  # pypdf raises assorted error types on damaged files
        detail = str(exc).splitlines()[0][:120] if str(exc) else ""
        raise LoadError(f"corrupt or unreadable PDF ({type(exc).__name__}: {detail})") from exc
    finally:
        pypdf_log.setLevel(level)
    pages = [(n, t) for n, t in pages if t]
    if not pages:
        raise LoadError("PDF has no extractable text (scanned images?)")
    return pages


def parse_document(data: bytes, kind: str, charset: str | None = None) -> tuple[str, str, list[tuple[int, str]]]:
    """(title or "", text, pages) of a document's bytes; `kind` is markdown | text | html | pdf."""
    if not data:
        raise LoadError("empty file")
    if kind == "pdf":
        return "", "", pdf_pages(data)
    text = decode_text(data, charset)
    title = ""
    if kind == "html":
        title, text = html_to_markdown(text)
        if not text.strip():
            raise LoadError("HTML page has no main text")
    if not text.strip():
        raise LoadError("file has no text (only whitespace)")
    return title, text, []


def load_file(path: Path, stage: int = 0, section: str = "") -> Source:
    """Read one file into a Source tagged with the given stage and section."""
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise LoadError(f"unsupported file type '{path.suffix}' (use .md, .txt, .html or .pdf)")
    size = path.stat().st_size
    if size == 0:
        raise LoadError("empty file")
    if size > MAX_FILE_BYTES:
        raise LoadError(f"file too large ({size / 2**20:.1f} MiB > {MAX_FILE_BYTES / 2**20:.0f} MiB limit)")
    title, text, pages = parse_document(path.read_bytes(), kind)
    resolved = path.resolve()
    return Source(
        source_id=file_source_id(resolved),
        source_type="file",
        origin="file",
        title=title or path.stem,
        url_or_path=str(resolved),
        text=text,
        pages=pages,
        stage=stage,
        section=section,
    )


def file_source_id(resolved: Path) -> str:
    """A readable id that no other path shares: the slug of the file name and a hash of the exact
    path ("a b.md", "a-b.md" and "A_B.md" in one folder slug alike but are three documents)."""
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f"file/{slug(resolved.name)[:60]}-{digest}"
