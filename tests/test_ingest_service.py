"""Ingest as a learner runs it: files and links through `ingest.service` and `tutor ingest`.

Real Chroma on disk under tmp_path, a counting deterministic fake for the embeddings (so a test
sees exactly how many chunks were embedded) and, in the `slow` test, the real MiniLM model. Links
are served by a real HTTP server on 127.0.0.1; every other lookup or connection is refused.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding
from typer.testing import CliRunner

from app.core.settings import Settings
from app.services import Services
from ingest.service import ingest
from tests.test_fetch import LocalSite, guard_network

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = ["bias_variance_notes.pdf", "good_note.md", "plain_notes.txt", "saved_article.html"]
BAD = {
    "empty.md": "empty file",
    "diagram_really_a_png.md": "binary content",
    "notes_latin1.txt": "not UTF-8 text",
    "corrupt.pdf": "corrupt or unreadable PDF",
    "no_text.html": "HTML page has no main text",
    "dump.txt": "file too large",
}


class CountingEmbeddings(DeterministicFakeEmbedding):
    texts: int = 0

    def embed_documents(self, texts):
        self.texts += len(texts)
        return super().embed_documents(texts)


@pytest.fixture
def connections(monkeypatch):
    return guard_network(monkeypatch)


@pytest.fixture
def site(connections):
    server = LocalSite()
    yield server
    server.close()


@pytest.fixture
def emb():
    return CountingEmbeddings(size=32)


@pytest.fixture
def make_services(tmp_path, emb):
    def make(**overrides) -> Services:
        return Services(Settings(data_dir=tmp_path / "data", **overrides), embeddings=emb)

    return make


@pytest.fixture
def inbox(tmp_path) -> Path:
    """A learner's folder: every fixture plus a 21 MB sparse file."""
    folder = tmp_path / "inbox"
    shutil.copytree(FIXTURES, folder)
    with (folder / "dump.txt").open("wb") as f:
        f.truncate(21 * 1024 * 1024)
    return folder


def indexed_sources(services: Services) -> dict[str, dict]:
    metas = services.index().collection.get(include=["metadatas"])["metadatas"]
    return {m["source_id"]: m for m in metas}


def test_every_bad_file_is_reported_by_name_and_the_good_ones_are_indexed(make_services, inbox):
    services = make_services()
    report = ingest(services, [inbox], stage=1, section="Programming", include_corpus=False)
    reasons = {Path(f["source"]).name: f["reason"] for f in report.failures}
    assert set(reasons) == set(BAD) and report.failed == len(BAD)
    for name, reason in BAD.items():
        assert reason in reasons[name], (name, reasons[name])
    assert report.added == len(GOOD) and report.chunks_embedded == report.chunks_total > len(GOOD)
    names = sorted(Path(m["url_or_path"]).name for m in indexed_sources(services).values())
    assert names == GOOD
    tags = {(m["stage"], m["section"]) for m in indexed_sources(services).values()}
    assert tags == {(1, "Programming")}


def test_second_run_embeds_nothing_and_an_edit_replaces_only_that_file(make_services, inbox, emb):
    ingest(make_services(), [inbox], include_corpus=False)
    emb.texts = 0
    again = ingest(make_services(), [inbox], include_corpus=False)
    assert (again.unchanged, again.added, again.chunks_embedded, emb.texts) == (len(GOOD), 0, 0, 0)
    (inbox / "good_note.md").write_text("# Notes\n\nLeave-one-out is k-fold with k = n.\n")
    edited = ingest(make_services(), [inbox], include_corpus=False)
    # the edited file's one chunk, and its one new sentence for evidence selection
    assert (edited.updated, edited.unchanged, emb.texts) == (1, len(GOOD) - 1, 2)
    (inbox / "plain_notes.txt").unlink()
    pruned = ingest(make_services(), [inbox], include_corpus=False, prune=True)
    assert pruned.removed == 1 and "plain_notes.txt" not in {
        Path(m["url_or_path"]).name for m in indexed_sources(make_services()).values()
    }


def test_a_crash_mid_ingest_leaves_the_previous_index_answering(make_services, inbox):
    ingest(make_services(), [inbox / "good_note.md"], include_corpus=False)
    before = make_services().index()

    def power_cut(batch_no: int) -> None:
        raise KeyboardInterrupt("power cut")

    (inbox / "good_note.md").write_text("# Rewritten\n\nNothing about folds any more.\n")
    with pytest.raises(KeyboardInterrupt):
        ingest(make_services(embedding_batch_size=2), [inbox], include_corpus=False, on_batch=power_cut)
    services = make_services()
    assert services.index().name == before.name and services.index().count() == before.count()
    hits = services.retriever.retrieve("stratified folds keep the class proportions", k=2).hits
    assert hits and "stratified folds keep the class proportions" in hits[0].text


def test_links_are_indexed_once_and_survive_an_embedding_model_change(make_services, site, emb):
    urls = [site.url("/article.html"), site.url("/notes.pdf"), "http://10.0.0.1/intranet"]
    report = ingest(
        make_services(),
        urls=urls,
        allow_hosts={"127.0.0.1:*"},
        stage=2,
        section="Supervised Learning",
        include_corpus=False,
    )
    assert report.added == 2 and report.by_source_type == {"link": report.chunks_total}
    assert report.failures == [{"source": urls[2], "reason": report.failures[0]["reason"]}]
    assert "private address" in report.failures[0]["reason"]
    metas = indexed_sources(make_services()).values()
    tags = {(m["origin"], m["stage"], m["section"]) for m in metas}
    assert tags == {("url", 2, "Supervised Learning")}
    assert sorted(site.seen) == ["/article.html", "/notes.pdf"]

    emb.texts = 0
    again = ingest(
        make_services(),
        urls=urls[:2],
        allow_hosts={"127.0.0.1:*"},
        stage=2,
        section="Supervised Learning",
        include_corpus=False,
    )
    assert (again.unchanged, again.chunks_embedded, emb.texts, len(site.seen)) == (2, 0, 0, 2)

    emb.texts = 0
    services = make_services(embedding_model="another-model")
    rebuilt = ingest(services, include_corpus=False)
    assert rebuilt.rebuilt and "another-model" in rebuilt.message
    units = services.quotable_units(services.index().records())  # their vectors too: another model
    assert rebuilt.chunks_total == report.chunks_total and emb.texts == report.chunks_total + len(units)
    assert len(site.seen) == 2  # the rebuild re-read the pages from the link cache


def test_fetch_limits_come_from_the_settings(make_services, site):
    services = make_services(fetch_max_mb=0.05, fetch_retries=0)
    report = ingest(services, urls=[site.url("/huge")], allow_hosts={"127.0.0.1:*"}, include_corpus=False)
    assert report.failed == 1 and "more than 52,428 bytes" in report.failures[0]["reason"]


def test_prune_drops_the_page_of_a_link_removed_from_the_corpus(tmp_path, site, emb):
    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent.parent / "corpus", corpus)
    for extra in (corpus / "links").glob("*.yaml"):
        extra.write_text("[]\n")  # no other link, so nothing reaches for the network

    def write_links(*paths: str) -> None:
        links = [{"title": p, "url": site.url(p), "kind": "doc", "why": "A page served by the test."} for p in paths]
        (corpus / "links" / "s2-metrics.yaml").write_text(json.dumps(links))

    def services() -> Services:
        return Services(Settings(data_dir=tmp_path / "data", corpus_dir=corpus), embeddings=emb)

    write_links("/article.html", "/notes.pdf")
    first = ingest(services(), links=True, allow_hosts={"127.0.0.1:*"})
    assert first.failed == 0 and first.by_source_type["link"] > 0
    write_links("/article.html")
    pruned = ingest(services(), prune=True)  # no --links: the remaining link's page is kept
    assert pruned.removed == 1
    kept = {m["url_or_path"] for m in indexed_sources(services()).values() if m["origin"] == "url"}
    assert kept == {site.url("/article.html")}


# --- `tutor ingest` -----------------------------------------------------------------------------
runner = CliRunner()
JSON_KEYS = {
    "added",
    "updated",
    "unchanged",
    "removed",
    "failed",
    "chunks_embedded",
    "failures",
    "seconds",
    "chunks_total",
    "by_stage",
    "by_source_type",
    "rebuilt",
    "message",
    "collection",
}


@pytest.fixture
def tutor(monkeypatch, tmp_path, emb, connections):
    """`tutor ...` through typer's runner, on a tmp data dir, with the fake embeddings wired in."""
    import app.cli.main

    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(app.cli.main, "make_services", lambda: Services(Settings(), embeddings=emb))

    def run(*args: str):
        result = runner.invoke(app.cli.main.app, ["ingest", *args])
        assert "Traceback" not in result.output, result.output
        return result

    return run


def test_cli_json_summary_and_exit_code(tutor, inbox):
    result = tutor(str(inbox), "--json")
    assert result.exit_code == 1  # something failed
    data = json.loads(result.stdout)
    assert set(data) == JSON_KEYS
    assert data["failed"] == len(BAD) == len(data["failures"])
    assert all(set(f) == {"source", "reason"} for f in data["failures"])
    assert {Path(f["source"]).name for f in data["failures"]} == set(BAD)
    assert data["chunks_embedded"] == data["chunks_total"] > 300  # corpus + the good files
    clean = tutor(str(inbox / "good_note.md"), "--json")
    assert clean.exit_code == 0
    data = json.loads(clean.stdout)
    summary = (data["failed"], data["failures"], data["chunks_embedded"], data["added"])
    assert summary == (0, [], 0, 0)


def test_cli_links_offline_reports_each_link_and_indexes_the_rest(tutor):
    result = tutor("--links", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["failed"] == len(data["failures"]) > 60
    assert all(f["source"].startswith("http") and "cannot resolve host" in f["reason"] for f in data["failures"])
    assert data["chunks_total"] > 300 and "roadmap" in data["by_source_type"]  # corpus indexed
    table = tutor("--links")
    assert table.exit_code == 1 and "failed https://numpy.org/" in table.stdout
    assert "remembered" in table.stdout and "skipped" in table.stdout


def test_cli_url_needs_an_explicit_allowance_for_loopback(tutor, site):
    url = site.url("/article.html")
    refused = json.loads(tutor("--url", url, "--json").stdout)
    assert "loopback" in refused["failures"][0]["reason"] and site.seen == []
    result = tutor("--url", url, "--allow-host", "127.0.0.1:*", "--stage", "2", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["added"] == 1 and data["failures"] == [] and site.seen == ["/article.html"]


# --- real embeddings ----------------------------------------------------------------------------
@pytest.mark.slow
def test_real_model_finds_the_pdf_page_and_the_saved_article(tmp_path, real_embeddings, inbox):
    services = Services(Settings(data_dir=tmp_path / "data"), embeddings=real_embeddings)
    report = ingest(services, [inbox], include_corpus=False)
    assert report.added == len(GOOD) and report.failed == len(BAD)
    question = "Which regularization drives some weights to exactly zero?"
    top = services.retriever.retrieve(question, k=1)
    assert top.hits[0].metadata["page"] == 2
    assert Path(top.hits[0].metadata["url_or_path"]).name == "bias_variance_notes.pdf"
    top = services.retriever.retrieve("How is each new tree fitted in gradient boosting?", k=1)
    assert Path(top.hits[0].metadata["url_or_path"]).name == "saved_article.html"
    assert top.best_sim > 0.5


def test_a_second_ingest_at_the_same_time_is_told_another_is_running(make_services, inbox, tmp_path):
    import fcntl

    from ingest.service import IngestBusyError

    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    with open(data / "ingest.lock", "a+") as held:  # what a running ingest holds
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("pid 4242")
        held.flush()
        with pytest.raises(IngestBusyError, match=r"another ingest is running \(pid 4242\)"):
            ingest(make_services(), [inbox / "good_note.md"], include_corpus=False)
        fcntl.flock(held, fcntl.LOCK_UN)
    report = ingest(make_services(), [inbox / "good_note.md"], include_corpus=False)  # free again
    assert report.chunks_total > 0


KILL_SCRIPT = """
import os, sys, time
from langchain_core.embeddings import DeterministicFakeEmbedding
from app.core.settings import Settings
from app.services import Services
from ingest.service import ingest

class Slow(DeterministicFakeEmbedding):
    def embed_documents(self, texts):
        print("batch", flush=True)
        time.sleep(0.05)
        return super().embed_documents(texts)

services = Services(Settings(data_dir=sys.argv[1], embedding_batch_size=8), embeddings=Slow(size=32))
report = ingest(services)
print("done", report.chunks_total, flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("batches_before_kill", [1, 5, 30])
def test_a_sigkilled_ingest_leaves_the_index_answering_and_the_next_ingest_succeeds(tmp_path, batches_before_kill):
    """A real SIGKILL (no clean-up runs) at several points of a full rebuild, then a new ingest."""
    import os
    import signal
    import subprocess
    import sys

    data = tmp_path / "data"
    script = tmp_path / "ingest_it.py"
    script.write_text(KILL_SCRIPT)
    env = {**os.environ, "TUTOR_CHUNK_TOKENS": "180"}
    first = subprocess.run([sys.executable, str(script), str(data)], env=env, capture_output=True, text=True)
    assert first.returncode == 0 and "done" in first.stdout, first.stderr[-2000:]
    before = Services(Settings(data_dir=data, chunk_tokens=180), embeddings=DeterministicFakeEmbedding(size=32))
    old_name, old_count = before.index().name, before.index().count()
    env["TUTOR_CHUNK_TOKENS"] = "150"  # a parameter change: the next ingest rebuilds every chunk
    proc = subprocess.Popen([sys.executable, str(script), str(data)], env=env, stdout=subprocess.PIPE, text=True)
    for _ in range(batches_before_kill):
        assert proc.stdout.readline().startswith("batch")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    during = Services(Settings(data_dir=data, chunk_tokens=180), embeddings=DeterministicFakeEmbedding(size=32))
    assert during.index().name == old_name and during.index().count() == old_count  # still the old, whole index
    assert during.retriever.retrieve("gradient descent learning rate", k=3).hits
    again = subprocess.run([sys.executable, str(script), str(data)], env=env, capture_output=True, text=True)
    assert again.returncode == 0 and "done" in again.stdout, again.stderr[-2000:]
    after = Services(Settings(data_dir=data, chunk_tokens=150), embeddings=DeterministicFakeEmbedding(size=32))
    assert after.index().name != old_name and after.index().count() > 0
    assert after.retriever.retrieve("gradient descent learning rate", k=3).hits


def test_an_ingest_of_the_corpus_embeds_the_questions_written_in_advance_once(make_services, emb):
    """The first question then does not wait for 3,000 embeddings; a second ingest embeds nothing."""
    import numpy as np

    from app.core.faq import FaqIndex, load_faq

    services = make_services()
    ingest(services)
    files = list(services.settings.cache_dir.glob("faq-*.npy"))
    questions = FaqIndex.texts(load_faq(services.settings.corpus_dir))
    assert len(files) == 1 and np.load(files[0]).shape == (len(questions), 32)
    emb.texts = 0
    ingest(make_services())
    assert emb.texts == 0  # neither a chunk nor a question embedded again


def test_ingest_embeds_the_readings_sentences_so_answering_embeds_only_the_question(make_services, inbox, emb):
    ingest(make_services(), [inbox], include_corpus=False)
    services = make_services()
    units = services.quotable_units(services.index().records())
    assert len(units) > 5 and all("\0" not in u for u in units)
    assert services.tutor.faq is not None  # the questions written in advance, embedded here (no corpus ingest)
    emb.texts = 0
    answer = services.tutor.ask("how do stratified folds keep the class proportions?")
    assert not answer.refused and emb.texts == 0  # the question goes through embed_query, not counted here
    (inbox / "good_note.md").write_text("# Notes\n\nLeave-one-out is k-fold with k = n.\n")
    ingest(make_services(), [inbox], include_corpus=False, prune=True)
    from app.core.unit_vectors import load

    kept = load(services.unit_vectors_path())
    fresh = make_services()
    assert set(kept) == set(fresh.quotable_units(fresh.index().records()))  # the old note's units are gone


def test_a_broken_sentence_vector_file_only_costs_the_work_at_answer_time(make_services, inbox, emb):
    ingest(make_services(), [inbox], include_corpus=False)
    services = make_services()
    services.unit_vectors_path().write_bytes(b"not a numpy file")
    assert services.tutor.faq is not None
    emb.texts = 0
    answer = services.tutor.ask("how do stratified folds keep the class proportions?")
    assert not answer.refused and emb.texts > 0  # embedded on demand, as before


def test_a_change_in_how_units_are_cut_re_embeds_them_on_a_no_change_ingest(make_services, inbox, monkeypatch):
    """The units' file is keyed by the code that cuts them: with the pitfall lead reworded, a
    no-change ingest must write the new texts' vectors, not keep the old file as this index's."""
    import app.answering.evidence as evidence

    ingest(make_services(), [inbox], include_corpus=False)
    before = make_services().unit_vectors_path()
    monkeypatch.setattr(evidence, "units_recipe", lambda: "reworded")
    after = make_services().unit_vectors_path()
    assert before.exists() and after != before and not after.exists()
    ingest(make_services(), [inbox], include_corpus=False)
    assert after.exists()
