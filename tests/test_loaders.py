"""Loaders on real files (tests/fixtures): what is kept, what is dropped, and why a file is refused.

The fixtures are real documents: a two-page PDF written by matplotlib's PDF backend (TrueType
fonts), a page saved from a browser with its header, menus, cookie banner, share buttons,
comments, sidebar, footer and scripts around the article, a Latin-1 text file, a PNG renamed
to .md, an empty file, a truncated PDF and a JavaScript-only page with no text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.vectorstore import IndexParams
from ingest.indexer import chunk_source
from ingest.loaders import MAX_FILE_BYTES, LoadError, html_to_markdown, load_file

FIXTURES = Path(__file__).parent / "fixtures"
PARAMS = IndexParams("m", 180, 30)


def test_markdown_keeps_its_headings_as_chunk_heading_paths():
    source = load_file(FIXTURES / "good_note.md", stage=2, section="Model Evaluation")
    assert (source.source_type, source.origin, source.stage, source.section) == ("file", "file", 2, "Model Evaluation")
    assert source.url_or_path == str((FIXTURES / "good_note.md").resolve())
    paths = [meta["heading_path"] for _, _, meta in chunk_source(source, PARAMS)]
    assert paths == [
        "My notes on cross-validation > Why a single split is not enough",
        "My notes on cross-validation > Stratification",
    ]


def test_plain_text_is_read_as_is():
    source = load_file(FIXTURES / "plain_notes.txt")
    assert source.title == "plain_notes" and "orthogonal directions" in source.text


def test_saved_html_page_keeps_the_article_and_drops_the_page_furniture():
    source = load_file(FIXTURES / "saved_article.html")
    assert source.title == "Gradient boosting in practice | The Example ML Blog"
    text = source.text
    for kept in (
        "# Gradient boosting in practice",
        "## How one boosting round works",
        "- Compute pseudo-residuals for every training example.",
        "model = GradientBoostingRegressor(learning_rate=0.05",
        "learning_rate | 0.01 to 0.1",
        "> Boosting reduces bias",
    ):
        assert kept in text, kept
    for dropped in (
        "cookies",
        "Accept all",
        "Home",
        "About us",
        "Skip to content",
        "Breadcrumb",
        "Share on Twitter",
        "Related posts",
        "Random forests explained",
        "12 comments",
        "CatBoost",
        "Subscribe",
        "All rights reserved",
        "Privacy policy",
        "gtag",
        "dataLayer",
        "font-family",
    ):
        assert dropped not in text, dropped
    # a paragraph's source line breaks are layout, not text
    assert "Each new tree is fitted to the residual errors" in text


def test_pdf_text_is_kept_per_page_and_page_numbers_reach_chunk_metadata():
    source = load_file(FIXTURES / "bias_variance_notes.pdf", stage=2, section="Model Evaluation")
    assert [n for n, _ in source.pages] == [1, 2] and source.text == ""
    assert "Bias, variance and model capacity" in source.pages[0][1]
    assert "Regularization in practice" in source.pages[1][1]
    chunks = chunk_source(source, PARAMS)
    pages = [meta["page"] for _, _, meta in chunks]
    assert pages == sorted(pages) and set(pages) == {1, 2}
    for _, doc, meta in chunks:
        assert doc.startswith(f"bias_variance_notes (page {meta['page']})")
        assert meta["stage"] == 2 and meta["content_hash"] == source.content_hash
    assert any("L1 regularization" in doc and meta["page"] == 2 for _, doc, meta in chunks)


BAD_INPUTS = [
    ("empty.md", "empty file"),
    ("diagram_really_a_png.md", "binary content (NUL bytes)"),
    ("notes_latin1.txt", "not UTF-8 text (invalid byte 0xe9 at offset 20)"),
    ("corrupt.pdf", "corrupt or unreadable PDF"),
    ("no_text.html", "HTML page has no main text"),
]


@pytest.mark.parametrize(("name", "reason"), BAD_INPUTS)
def test_bad_input_is_refused_with_a_reason(name, reason):
    with pytest.raises(LoadError) as err:
        load_file(FIXTURES / name)
    assert reason in str(err.value)


def test_huge_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "dump.txt"
    with huge.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk space, no memory
    with pytest.raises(LoadError, match=r"file too large \(20.0 MiB > 20 MiB limit\)"):
        load_file(huge)


def test_more_refusals(tmp_path):
    (tmp_path / "blank.txt").write_text("  \n\t\n")
    (tmp_path / "slides.pptx").write_bytes(b"PK\x03\x04")
    (tmp_path / "fake.pdf").write_text("just text with a pdf name")
    for name, reason in [
        ("blank.txt", "no text (only whitespace)"),
        ("slides.pptx", "unsupported file type '.pptx'"),
        ("fake.pdf", "no %PDF header"),
    ]:
        with pytest.raises(LoadError, match=re.escape(reason)):
            load_file(tmp_path / name)


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes("\ufeffNaïve Bayes assumes independent features.".encode("utf-16-le"))
    assert load_file(path).text == "Naïve Bayes assumes independent features."


def test_html_without_semantic_blocks_or_with_an_article_header():
    _, text = html_to_markdown(
        "<body><div class='page-with-sidebar'><div>Bagging averages "
        "models.</div><div>Boosting chains them.</div></div></body>"
    )
    assert text == "Bagging averages models.\nBoosting chains them."
    _, text = html_to_markdown(
        "<header>Site name</header><article><header><h1>PCA</h1></header>"
        "<p>Projects onto directions of maximal variance.</p></article>"
    )
    assert text.startswith("# PCA") and "Site name" not in text


def test_file_names_that_slug_alike_are_three_documents(tmp_path):
    """'a b.md', 'a-b.md' and 'A_B.md' used to get one id: a crash in one run, a silent replace
    across runs."""
    paths = []
    for name in ("a b.md", "a-b.md", "A_B.md", "ml notes.md", "ml-notes.md", "ünï cödé.md", "x" * 200 + ".md"):
        path = tmp_path / name
        path.write_text(f"# {name}\n\nSome text about {name[:20]}.", encoding="utf-8")
        paths.append(path)
    ids = [load_file(p).source_id for p in paths]
    assert len(set(ids)) == len(ids) and all(i.startswith("file/") and len(i) < 90 for i in ids)
    assert load_file(paths[0]).source_id == ids[0]  # stable across runs
