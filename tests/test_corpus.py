"""The shipped corpus, checked whole: coverage, references, keys, duplicates, lengths."""

from __future__ import annotations

import itertools
import re

import pytest

from app.core.corpus import load_corpus
from app.core.text import tokenize
from tests.conftest import REPO

ROADMAP_TEXT = REPO.parent / "shared" / "seeds" / "ml-engineer-roadmap-2025.txt"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(REPO / "corpus")


def test_roadmap_has_five_stages_with_the_roadmaps_own_headings(corpus):
    stages = corpus.roadmap.stages
    assert [s.stage for s in stages] == [1, 2, 3, 4, 5]
    assert [s.title for s in stages] == [
        "Foundational Knowledge",
        "Core Machine Learning Concepts",
        "Advanced Topics",
        "Practical Skills & Tools",
        "Specialization Areas",
    ]
    assert corpus.roadmap.section_names == [
        "Mathematics & Statistics",
        "Programming",
        "Data Basics",
        "Algorithms",
        "Model Evaluation",
        "Deep Learning",
        "Natural Language Processing (NLP)",
        "Time Series Analysis",
        "Reinforcement Learning",
        "Cloud Platforms",
        "Deployment",
        "MLOps",
        "Specialization Areas",
    ]


@pytest.mark.skipif(not ROADMAP_TEXT.exists(), reason="shared/ roadmap seed not beside the repository")
def test_every_roadmap_bullet_is_an_item_word_for_word(corpus):
    bullets = [
        line.strip()[2:].strip()
        for line in ROADMAP_TEXT.read_text(errors="replace").splitlines()
        if line.strip().startswith("- ")
    ]
    assert sorted(bullets) == sorted(item.text for _, _, item in corpus.roadmap.iter_items())
    text = ROADMAP_TEXT.read_text(errors="replace")
    for name in corpus.roadmap.section_names:
        assert name in text


def test_ids_are_unique(corpus):
    item_ids = [item.id for _, _, item in corpus.roadmap.iter_items()]
    assert len(item_ids) == len(set(item_ids)) == 32
    question_ids = [q.id for q in corpus.questions]
    assert len(question_ids) == len(set(question_ids))


def test_every_item_has_a_reading_links_and_ten_questions(corpus):
    for stage, section, item in corpus.roadmap.iter_items():
        reading = corpus.readings.get(item.id)
        assert reading, f"{item.id}: no reading"
        assert (reading.item_id, reading.stage, reading.section) == (item.id, stage.stage, section.name)
        assert 2 <= len(corpus.links.get(item.id, [])) <= 4, f"{item.id}: needs 2-4 links"
        assert sum(q.item_id == item.id for q in corpus.questions) >= 10, f"{item.id}: fewer than 10 questions"
    assert len(corpus.questions) >= 330


def test_readings_have_the_teaching_structure_and_length(corpus):
    for reading in corpus.readings.values():
        assert 600 <= reading.word_count <= 1500, f"{reading.id}: {reading.word_count} words"
        for heading in ("Intuition", "Key definitions", "Worked example", "Common pitfalls", "How it connects"):
            assert heading in reading.headings, f"{reading.id}: missing '## {heading}'"


def test_readings_name_every_topic_of_their_item(corpus):
    for _, _, item in corpus.roadmap.iter_items():
        body = corpus.readings[item.id].body.lower()
        for topic in item.topics:
            words = [w for w in re.split(r"[\s/()-]+", topic.lower()) if len(w) > 3]
            assert all(w.rstrip("s") in body for w in words), f"{item.id}: topic {topic!r} not covered"


def test_questions_point_at_an_existing_reading_heading(corpus):
    for q in corpus.questions:
        assert q.item_id in corpus.readings
        assert q.heading in corpus.readings[q.item_id].headings, f"{q.id}: no heading {q.heading!r}"


def test_question_mix_and_no_all_of_the_above(corpus):
    types = {t: sum(q.type == t for q in corpus.questions) for t in ("mcq", "true_false", "short_answer")}
    assert all(n >= 60 for n in types.values()), types
    for q in corpus.questions:
        for option in q.options or []:
            assert not re.search(r"\b(all|none) of the above\b", option, re.I), q.id


def _near_duplicate(a: str, b: str) -> bool:
    x, y = set(tokenize(a)), set(tokenize(b))
    return len(x & y) / max(1, len(x | y)) > 0.8


def test_no_two_questions_ask_the_same_thing(corpus):
    dupes = [
        (a.id, b.id) for a, b in itertools.combinations(corpus.questions, 2) if _near_duplicate(a.question, b.question)
    ]
    assert dupes == []


def test_links_are_distinct_and_described(corpus):
    for item_id, links in corpus.links.items():
        assert len({link.url for link in links}) == len(links), item_id
        assert all(len(link.why.split()) >= 5 for link in links), item_id


# --- concept notes (corpus/concepts): concepts the roadmap items assume, written to be quoted ---

CONCEPT_HEADINGS = {"Definition", "Example", "Common pitfalls", "How it connects"}


def test_concept_notes_are_complete_and_belong_to_a_roadmap_item(corpus):
    assert len(corpus.concepts) >= 12
    for cid, note in corpus.concepts.items():
        assert re.fullmatch(r"c-[a-z0-9-]+", cid) and note.path.stem == cid
        stage, section, _ = corpus.items[note.item_id]
        assert (note.stage, note.section) == (stage.stage, section.name), cid
        assert set(note.headings) >= CONCEPT_HEADINGS, f"{cid}: headings {note.headings}"
        assert note.headings[0] == "Definition", cid
        assert 300 <= note.word_count <= 800, f"{cid}: {note.word_count} words"


def test_concept_notes_open_with_a_definition_that_names_the_concept(corpus):
    from app.core.text import split_units

    for cid, note in corpus.concepts.items():
        definition = note.body.split("## Definition", 1)[1].split("\n## ", 1)[0]
        first = next(u.text for u in split_units(definition) if u.kind == "sentence")
        title_words = set(tokenize(note.title.split(":")[0])) | set(tokenize(cid[2:].replace("-", " ")))
        assert set(tokenize(first[:80])) & title_words, f"{cid}: first sentence does not name it: {first}"


def test_concept_notes_are_written_to_be_quoted_alone(corpus):
    """The tutor quotes single sentences: none may lean on the one before or break the splitter."""
    from app.core.text import split_units

    for cid, note in corpus.concepts.items():
        assert not re.search(r"\b(e\.g|i\.e|vs)\.", note.body), f"{cid}: abbreviation with a period"
        assert not re.search(r"\bs[1-5]-[a-z]", note.body), f"{cid}: a file id in the prose"
        for unit in split_units(note.body):
            if unit.kind in ("sentence", "item"):
                assert not unit.text.rstrip().endswith(":"), f"{cid}: {unit.text[:60]}"
