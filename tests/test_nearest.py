"""ActiveIndex.nearest with a stage filter, on a real on-disk Chroma: the over-fetch shortcut must
give exactly what Chroma's own filtered query gives, for a common stage and for a rare one (where
the shortcut finds too few and Chroma filters)."""

from __future__ import annotations

import random

import pytest

from app.core.ports import Record
from app.core.settings import Settings
from app.core.vectorstore import IndexParams, _matcher, active_index, create_version, make_chroma_client, set_active


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    client = make_chroma_client(Settings(data_dir=tmp_path_factory.mktemp("nearest")))
    version = create_version(client, "t", IndexParams("fake", 180, 30))
    rng = random.Random(3)
    records = []
    for i in range(600):
        stage = 5 if i % 100 == 0 else 1 + i % 3  # stage 5 is rare: 6 chunks of 600
        vector = [rng.gauss(0, 1) for _ in range(16)]
        records.append(Record(f"c{i}", f"chunk {i}", {"stage": stage, "section": f"s{i % 7}"}, vector))
    version.add(records)
    set_active(client, "t", version.name, version.version)
    return active_index(client, "t"), rng


@pytest.mark.parametrize("where", [{"stage": 2}, {"stage": 5}, {"$and": [{"stage": 1}, {"section": "s3"}]}])
def test_the_filtered_nearest_are_those_chroma_filters(index, where):
    idx, rng = index
    for _ in range(10):
        query = [rng.gauss(0, 1) for _ in range(16)]
        ours = [x.id for x in idx.nearest(query, 5, where)]
        chroma = [x.id for x in idx._query(query, 5, where)]
        assert ours == chroma
        assert len(ours) == 5


def test_only_equality_filters_are_tried_in_python():
    assert _matcher({"stage": 2})({"stage": 2}) and not _matcher({"stage": 2})({"stage": 3})
    assert _matcher({"stage": {"$eq": 2}})({"stage": 2})
    both = _matcher({"$and": [{"stage": 2}, {"section": "a"}]})
    assert both({"stage": 2, "section": "a"}) and not both({"stage": 2, "section": "b"})
    assert _matcher({"stage": {"$in": [1, 2]}}) is None
    assert _matcher({"$or": [{"stage": 1}, {"stage": 2}]}) is None
