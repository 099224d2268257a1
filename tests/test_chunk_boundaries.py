"""No chunk starts or ends inside a sentence; lists and code blocks are kept whole."""

from pathlib import Path

import pytest

from app.core.corpus import load_corpus
from app.core.text import split_sentences, split_units
from ingest.chunking import chunk_markdown, count_tokens

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _sentences_of(text: str) -> set[str]:
    out = set()
    for unit in split_units(text):
        if unit.kind == "sentence":
            out.add(unit.text)
        elif unit.kind == "item":
            out.update(split_sentences(unit.text))
    return out


@pytest.mark.parametrize("reading_id", sorted(p.stem for p in (CORPUS / "readings").glob("*.md")))
def test_every_chunk_of_every_reading_is_made_of_whole_units(reading_id):
    reading = load_corpus(CORPUS).readings[reading_id]
    whole = {u.text for u in split_units(reading.body)} | _sentences_of(reading.body)
    for chunk in chunk_markdown(reading.body, 180, 30):
        for unit in split_units(chunk.text):
            if unit.kind == "heading":
                continue
            if unit.kind == "code":
                assert unit.text in reading.body, "a code block was cut"
                continue
            parts = split_sentences(unit.text) if unit.kind == "item" else [unit.text]
            for part in parts:
                assert part in whole or part in reading.body, f"cut unit in {reading_id}: {part[:80]}"
        assert chunk.text[0] not in ",;:.)" and not chunk.text[0].islower(), chunk.text[:60]


def test_a_long_paragraph_is_cut_between_sentences_with_whole_sentence_overlap():
    para = " ".join(f"Sentence number {i} says something." for i in range(60))
    chunks = chunk_markdown(f"## H\n\n{para}", max_tokens=50, overlap_tokens=10)
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert a.text.endswith(".") and b.text.startswith("Sentence number")
        assert split_sentences(a.text)[-1] == split_sentences(b.text)[0]  # one whole sentence carried over
    assert all(count_tokens(c.text) <= 50 for c in chunks)


def test_a_list_longer_than_a_chunk_is_cut_between_items():
    items = "\n".join(f"- **Term {i}** means thing number {i}, which matters." for i in range(30))
    chunks = chunk_markdown(f"## Defs\n\n{items}", max_tokens=60, overlap_tokens=0)
    assert len(chunks) > 2
    for chunk in chunks:
        assert all(line.startswith("- **Term") and line.endswith("matters.") for line in chunk.text.splitlines())


def test_a_short_code_block_stays_whole_with_its_fences():
    code = "```python\n" + "\n".join(f"x{i} = {i}" for i in range(10)) + "\n```"
    chunks = chunk_markdown(f"## Code\n\nSome prose here.\n\n{code}", max_tokens=60, overlap_tokens=0)
    assert any(code in c.text for c in chunks)
