"""The filter that drops passage headers the model copies into its answer (app.stream_filter)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.stream_filter import HeaderFilter, header_key

HEADERS = ["[1] Software Engineering Principles for ML Code (stage 1, Programming)", "[2] Roadmap (roadmap)"]
BODY = "Use composition to combine behaviour [1]. Inheritance ties a class to its parent [1]."


def run(text: str, pieces: list[int] | None = None) -> str:
    """Feed `text` cut at the given lengths (default: word by word) and return what is shown."""
    f = HeaderFilter(HEADERS)
    if pieces is None:
        chunks = [w if i == 0 else " " + w for i, w in enumerate(text.split(" "))]
    else:
        chunks, at = [], 0
        for n in pieces:
            chunks.append(text[at : at + n])
            at += n
        chunks.append(text[at:])
    return "".join(f.feed(c) for c in chunks) + f.flush()


def test_a_copied_header_line_is_dropped_and_the_body_kept():
    assert run(f"{HEADERS[0]}\n{BODY}") == BODY
    assert run(f"**[1] Software Engineering Principles for ML Code (stage 1, Programming)**\n{BODY}") == BODY
    assert run(f"### Software engineering principles for ML code (stage 1, programming)\n\n{BODY}") == f"\n{BODY}"
    assert run(f"{BODY}\n\n{HEADERS[1]}\nMore text.") == f"{BODY}\n\nMore text."  # mid-answer too
    assert run(HEADERS[0]) == ""  # a reply that is nothing but a header


def test_other_lines_pass_unchanged_even_when_they_start_with_a_bracket():
    for text in (
        BODY,
        "[1] says composition is preferred.\nSecond line.",
        "- **Singleton**: one instance [1].\n- **Factory** builds objects [2].",
        "[3] Some other title (stage 9, Nowhere)\nText.",  # not a header of these passages
    ):
        assert run(text) == text


def test_streaming_stays_live_outside_a_possible_header():
    f = HeaderFilter(HEADERS)
    assert f.feed("Precision is") == "Precision is"  # shown at once
    assert f.feed(" the share\n[1] Soft") == " the share\n"  # the new line may be a header: held
    assert f.feed("ware Engineering Principles for ML Code (stage 1, Programming)\nNext") == "Next"
    assert f.flush() == ""


def test_header_key_ignores_number_markup_case_and_spacing():
    assert header_key("**[1]  Title  (Stage 2, Algorithms)**") == header_key("[7] title (stage 2, algorithms)")


@given(st.lists(st.integers(min_value=1, max_value=12), max_size=40))
def test_the_result_does_not_depend_on_how_the_stream_is_cut(cuts):
    text = f"{HEADERS[0]}\n{BODY}\n\n{HEADERS[1]}\n[1] is cited.\n"
    assert run(text, cuts) == f"{BODY}\n\n[1] is cited.\n"
