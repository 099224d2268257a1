from ingest.chunking import chunk_markdown, count_tokens

DOC = """# Title

Intro paragraph one.

## Alpha

First alpha paragraph about gradients.

Second alpha paragraph.

```python
x = 1

y = 2
```

## Beta
### Deep

Beta deep text.
"""


def test_chunks_follow_headings_and_keep_code_fences_whole():
    chunks = chunk_markdown(DOC, max_tokens=200, overlap_tokens=10)
    paths = [c.heading_path for c in chunks]
    assert paths == [("Title",), ("Title", "Alpha"), ("Title", "Beta", "Deep")]
    assert "x = 1\n\ny = 2" in chunks[1].text
    assert [c.index for c in chunks] == [0, 1, 2]


def test_size_limit_and_overlap():
    para = " ".join(f"Sentence number {i} says something." for i in range(60))
    chunks = chunk_markdown(f"## H\n\n{para}", max_tokens=50, overlap_tokens=10)
    assert len(chunks) > 3
    assert all(count_tokens(c.text) <= 60 for c in chunks)  # limit plus the overlap carried over
    # consecutive chunks share text, so a fact cut in two is still found whole in one of them
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert a.text.split()[-1] in b.text.split()[:12]


def test_nothing_is_lost():
    para = " ".join(f"w{i}" for i in range(500))
    chunks = chunk_markdown(para, max_tokens=64, overlap_tokens=0)
    words = [w for c in chunks for w in c.text.split()]
    assert words == para.split()


def test_empty_text_gives_no_chunks():
    assert chunk_markdown("   \n\n") == []
