"""The indexer's promises: idempotent, exact updates, pruning, no mixed index, atomic swaps.

Real Chroma on disk under tmp_path; embeddings are a counting deterministic fake so each test can
see exactly how many chunks were embedded.
"""

from __future__ import annotations

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from app.core.vectorstore import IndexParams, active_index, make_chroma_client
from ingest.indexer import plan, run_ingest
from ingest.sources import Source


class CountingEmbeddings(DeterministicFakeEmbedding):
    calls: int = 0
    texts: int = 0

    def embed_documents(self, texts):
        self.calls += 1
        self.texts += len(texts)
        return super().embed_documents(texts)


def src(sid: str, text: str, origin: str = "corpus", path: str = "x") -> Source:
    return Source(
        source_id=sid,
        source_type="reading",
        origin=origin,
        title=sid,
        url_or_path=path,
        text=text,
        stage=1,
        section="Programming",
    )


PARAMS = IndexParams("fake-model", 50, 5)


@pytest.fixture
def client(settings):
    return make_chroma_client(settings)


@pytest.fixture
def emb():
    return CountingEmbeddings(size=16)


def ids_by_source(client, source_id):
    col = active_index(client, "t").collection
    return sorted(col.get(where={"source_id": source_id})["ids"])


def test_plan_is_a_pure_diff():
    a, b = src("a", "one"), src("b", "two")
    indexed = {
        "a": {"content_hash": a.content_hash, "origin": "corpus", "source_id": "a"},
        "b": {"content_hash": "old", "origin": "corpus", "source_id": "b"},
        "c": {"content_hash": "x", "origin": "corpus", "source_id": "c"},
    }
    p = plan(indexed, [a, b], prune=False)
    assert ([s.source_id for s in p.update], p.unchanged, p.keep, p.remove) == (["b"], ["a"], ["c"], [])
    assert plan(indexed, [a, b], prune=True).remove == ["c"]


def test_prune_drops_a_linked_reading_whose_corpus_link_is_gone_but_keeps_a_learners_url():
    indexed = {
        "link/kept": {"content_hash": "h", "origin": "url", "item_id": "s1-python", "source_id": "link/kept"},
        "link/gone": {"content_hash": "h", "origin": "url", "item_id": "s1-python", "source_id": "link/gone"},
        "link/mine": {"content_hash": "h", "origin": "url", "item_id": "", "source_id": "link/mine"},
    }
    p = plan(indexed, [], prune=True, corpus_ids={"link/kept"})
    assert (p.remove, sorted(p.keep)) == (["link/gone"], ["link/kept", "link/mine"])
    assert plan(indexed, [], prune=False, corpus_ids=set()).remove == []


def test_second_run_embeds_nothing(client, emb):
    sources = [src("a", "alpha " * 120), src("b", "beta text")]
    first = run_ingest(client, "t", emb, PARAMS, sources)
    assert first.added == 2 and first.chunks_embedded == first.chunks_total > 2
    emb.texts = 0
    second = run_ingest(client, "t", emb, PARAMS, sources)
    assert (second.unchanged, second.chunks_embedded, emb.texts) == (2, 0, 0)
    assert second.collection == first.collection  # no new version for no change


def test_changed_source_replaces_exactly_its_chunks(client, emb):
    run_ingest(client, "t", emb, PARAMS, [src("a", "alpha " * 120), src("b", "beta text")])
    before_b = ids_by_source(client, "b")
    emb.texts = 0
    report = run_ingest(client, "t", emb, PARAMS, [src("a", "gamma words"), src("b", "beta text")])
    assert (report.updated, report.unchanged) == (1, 1)
    assert emb.texts == 1  # only a's single new chunk
    assert ids_by_source(client, "a") == ["a#0"]  # old a chunks gone, not duplicated
    assert ids_by_source(client, "b") == before_b
    docs = active_index(client, "t").collection.get(where={"source_id": "a"})["documents"]
    assert "gamma" in docs[0] and "alpha" not in docs[0]


def test_prune_removes_deleted_files_only_when_asked(client, emb, tmp_path):
    note = tmp_path / "note.md"
    note.write_text("my note")
    sources = [src("a", "alpha"), src("file/n", "my note", origin="file", path=str(note))]
    run_ingest(client, "t", emb, PARAMS, sources)
    note.unlink()
    kept = run_ingest(client, "t", emb, PARAMS, [src("a", "alpha")])
    assert kept.removed == 0 and ids_by_source(client, "file/n")
    pruned = run_ingest(client, "t", emb, PARAMS, [src("a", "alpha")], prune=True)
    assert pruned.removed == 1 and ids_by_source(client, "file/n") == []
    assert ids_by_source(client, "a") == ["a#0"]


def test_embedding_model_change_rebuilds_everything_with_a_message(client, emb):
    run_ingest(client, "t", emb, PARAMS, [src("a", "alpha"), src("b", "beta")])
    emb.texts = 0
    other = IndexParams("another-model", 50, 5)
    report = run_ingest(client, "t", emb, other, [src("a", "alpha"), src("b", "beta")])
    assert report.rebuilt and "another-model" in report.message and "rebuilding" in report.message
    assert emb.texts == 2
    index = active_index(client, "t")
    assert index.params == other
    assert {m["embed_model"] for m in index.collection.get()["metadatas"]} == {"another-model"}


def test_crash_mid_ingest_leaves_previous_index_answering(client, emb):
    run_ingest(client, "t", emb, PARAMS, [src("a", "alpha beta")])
    before = active_index(client, "t")

    def crash(batch_no):
        raise KeyboardInterrupt("power cut")

    many = [src(f"s{i}", f"text {i} " * 80) for i in range(5)]
    with pytest.raises(KeyboardInterrupt):
        run_ingest(client, "t", emb, PARAMS, [src("a", "changed")] + many, batch_size=2, on_batch=crash)
    after = active_index(client, "t")
    assert after.name == before.name and after.count() == 1
    hit = after.collection.query(query_embeddings=[emb.embed_query("alpha")], n_results=1)
    assert hit["ids"] == [["a#0"]]
    assert "alpha beta" in hit["documents"][0][0]
    assert sorted(c.name for c in client.list_collections()) == ["t__pointer", before.name]


def test_a_collection_left_by_a_killed_ingest_does_not_block_the_next_one(client, emb):
    """SIGKILL skips the clean-up: the next version's collection stays behind, half filled. The
    pointer never named it, so the next ingest drops it and builds that version again."""
    run_ingest(client, "t", emb, PARAMS, [src("a", "alpha beta")])
    before = active_index(client, "t")
    orphan = client.create_collection(f"t__v{before.version + 1}")
    orphan.add(ids=["junk"], documents=["half an ingest"], embeddings=[[0.0] * 16])
    report = run_ingest(client, "t", emb, PARAMS, [src("a", "alpha gamma")])
    after = active_index(client, "t")
    assert report.version == before.version + 1 and after.count() == 1
    assert [r.id for r in after.records()] == ["a#0"]
    assert sorted(c.name for c in client.list_collections()) == ["t__pointer", after.name]


def test_a_failing_store_is_an_error_not_an_empty_index():
    """Only a missing collection means 'no index'; any other error must surface, or the app would
    start a full re-ingest over a working index."""

    class Pointer:
        metadata = {"active": "t__v1", "version": 1}

    class Broken:
        def get_or_create_collection(self, name):
            return Pointer()

        def get_collection(self, name):
            raise OSError("disk I/O error")

    class Gone(Broken):
        def get_collection(self, name):
            raise ValueError("Collection [t__v1] does not exist")

    with pytest.raises(OSError, match="disk I/O"):
        active_index(Broken(), "t")
    assert active_index(Gone(), "t") is None


def test_a_whole_collection_is_read_a_page_at_a_time(settings, monkeypatch):
    """Reading every row in one `get` fails past SQLite's variable limit (seen at 100,000 chunks);
    pages of PAGE rows return every record exactly once, with its vector."""
    import app.core.vectorstore as vs
    from app.core.ports import Record

    client = make_chroma_client(settings)
    version = vs.create_version(client, "paged", IndexParams("m", 10, 2))
    version.add([Record(f"id{i}", f"text {i}", {"n": i}, [float(i), 1.0]) for i in range(23)])
    monkeypatch.setattr(vs, "PAGE", 5)
    calls = []
    real_get = version.collection.get
    monkeypatch.setattr(version.collection, "get", lambda **kw: calls.append(kw) or real_get(**kw), raising=False)
    records = version.records(with_embeddings=True)
    assert sorted(r.metadata["n"] for r in records) == list(range(23))
    assert all(r.embedding is not None and r.document == f"text {r.metadata['n']}" for r in records)
    assert sorted(m["n"] for m in version.metadatas()) == list(range(23))
    assert all(c["limit"] == 5 for c in calls) and len(calls) >= 5
