"""Text units (app.core.text): whole sentences, whole list items, whole code blocks."""

from hypothesis import given
from hypothesis import strategies as st

from app.core.text import split_blocks, split_sentences, split_units


def test_abbreviations_inline_code_and_maths_do_not_end_a_sentence():
    text = (
        "Impute with a statistic, e.g. the median, vs. the mean. Call `df.loc[rows]` to select by label. "
        "A threshold of $0.5$ is the default. Vaswani et al. introduced it in 2017."
    )
    assert split_sentences(text) == [
        "Impute with a statistic, e.g. the median, vs. the mean.",
        "Call `df.loc[rows]` to select by label.",
        "A threshold of $0.5$ is the default.",
        "Vaswani et al. introduced it in 2017.",
    ]


def test_decimals_and_questions():
    assert split_sentences("AUC = 0.833 here. Why? Because 5/6 pairs are ordered.") == [
        "AUC = 0.833 here.",
        "Why?",
        "Because 5/6 pairs are ordered.",
    ]


def test_list_items_code_blocks_and_tables_are_whole_units():
    text = (
        "## Key definitions\n\nIntro sentence one. Intro two:\n\n"
        "- **Precision** = TP / (TP + FP). Of the flagged cases, the share that are right.\n"
        "- **Recall** = TP / (TP + FN).\n  It continues on a second line.\n\n"
        "```python\nx = 1\n\ny = 2\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    units = split_units(text)
    assert [u.kind for u in units] == ["heading", "sentence", "sentence", "item", "item", "code", "table"]
    assert units[3].text.startswith("- **Precision**") and units[3].text.endswith("the share that are right.")
    assert units[4].text.endswith("It continues on a second line.")
    assert units[5].text == "```python\nx = 1\n\ny = 2\n```"


@given(st.lists(st.sampled_from(["Alpha beta.", "Gamma, e.g. delta.", "Eps $1.5$ zeta!", "Eta (theta)?"]), max_size=12))
def test_sentences_round_trip(sentences):
    assert split_sentences(" ".join(sentences)) == sentences


@given(st.text(alphabet=st.sampled_from(list("ab .,-*#`\n$1")), max_size=200))
def test_blocks_lose_no_words(text):
    words = [w for w in text.split() if w.strip("`") and not w.startswith("```")]
    kept = " ".join(block for _, block in split_blocks(text)).split()
    for word in words:
        assert word in kept


def test_a_bold_title_keeps_its_closing_emphasis_and_its_sentence():
    # quoted alone, "**GRU (gated recurrent unit).**" reads as a stray title: it leads the next sentence
    assert split_sentences("**Gradient descent by hand.** Minimize L(w) = (w - 3)^2. Done.") == [
        "**Gradient descent by hand.** Minimize L(w) = (w - 3)^2.",
        "Done.",
    ]
    assert split_sentences("*Note.* Two gates. **Attention:** Scores keys.") == [
        "*Note.* Two gates.",
        "**Attention:** Scores keys.",
    ]
    assert split_sentences('He said "stop." Then left.') == ['He said "stop."', "Then left."]


def test_brackets_inside_formulas_are_not_citations():
    from app.core.text import cited_numbers, strip_citations

    sentence = r"a discount factor $\gamma \in [0, 1]$ and the pair $[1, 2]$ [3]."
    assert cited_numbers(sentence) == [3]
    assert strip_citations(sentence) == r"a discount factor $\gamma \in [0, 1]$ and the pair $[1, 2]$."
    assert cited_numbers("seen in [1, 3] and [0] alone") == [1, 3]
