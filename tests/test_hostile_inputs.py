"""Open-ended inputs, generated: whatever a learner types or a file contains, the parsers answer or
refuse with a reason; they never raise anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.conversation.chat import parse_reply
from app.conversation.intents import route_rules
from app.core.corpus import load_corpus
from app.core.settings import Settings
from ingest.loaders import LoadError, parse_document

CORPUS = load_corpus(Settings().corpus_dir)
QUESTIONS = {
    kind: next(q for q in CORPUS.questions if q.type == kind) for kind in ("mcq", "true_false", "short_answer")
}
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message=TEXT, awaiting=st.booleans())
def test_any_message_gets_an_intent(message, awaiting):
    intent = route_rules(message, CORPUS.roadmap, awaiting, awaiting)
    assert intent.kind in ("question", "quiz_request", "quiz_answer", "hint", "skip", "stop", "progress", "plan")
    if intent.kind == "quiz_request":
        t = intent.target
        assert t.stage in (None, 1, 2, 3, 4, 5) and (t.count is None or 1 <= t.count <= 20)


@settings(max_examples=300, deadline=None)
@given(reply=TEXT, kind=st.sampled_from(["mcq", "true_false", "short_answer"]))
def test_any_reply_is_read_as_a_choice_or_refused(reply, kind):
    value = parse_reply(QUESTIONS[kind], reply)
    if kind == "mcq":
        assert value is None or value in (0, 1, 2, 3)
    elif kind == "true_false":
        assert value in (None, True, False)
    else:
        assert value == reply.strip()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), kind=st.sampled_from(["markdown", "text", "html", "pdf"]))
def test_any_bytes_are_parsed_or_refused_with_a_reason(data, kind):
    try:
        title, text, pages = parse_document(data, kind)
    except LoadError as exc:
        assert str(exc)
    else:
        assert isinstance(text, str) and isinstance(title, str)
