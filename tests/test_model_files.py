import hashlib

import pytest

from app.core.model_files import MODEL_FILENAME, MODEL_SHA256, ModelFileError, assemble_model, verify_model


@pytest.fixture
def parts(tmp_path):
    paths = []
    for i, data in enumerate([b"GGUF" + b"a" * 5000, b"b" * 7000, b"c" * 3]):
        p = tmp_path / f"part{i}.bin"
        p.write_bytes(data)
        paths.append(p)
    whole = b"".join(p.read_bytes() for p in paths)
    return paths, hashlib.sha256(whole).hexdigest(), whole


def test_assembles_in_order_verifies_and_reports_progress(tmp_path, parts):
    paths, sha, whole = parts
    seen = []
    out = assemble_model(tmp_path / "models", paths, sha, progress=lambda d, t: seen.append((d, t)))
    assert out.read_bytes() == whole
    assert seen[-1] == (len(whole), len(whole))
    assert not list((tmp_path / "models").glob("*.partial"))


def test_reuses_a_verified_file_without_reading_parts(tmp_path, parts):
    paths, sha, _ = parts
    first = assemble_model(tmp_path / "models", paths, sha)
    for p in paths:
        p.unlink()  # a second call must not need them
    assert assemble_model(tmp_path / "models", paths, sha) == first


def test_wrong_parts_are_refused_and_leave_no_file(tmp_path, parts):
    paths, _, _ = parts
    with pytest.raises(ModelFileError, match="not the expected ones"):
        assemble_model(tmp_path / "models", paths, "0" * 64)
    assert list((tmp_path / "models").iterdir()) == []


def test_a_tampered_model_file_is_refused(tmp_path, parts):
    paths, sha, _ = parts
    target = assemble_model(tmp_path / "models", paths, sha)
    target.write_bytes(b"GGUF" + b"x" * 100)
    with pytest.raises(ModelFileError, match="refusing to load"):
        assemble_model(tmp_path / "models", paths, sha)
    with pytest.raises(ModelFileError, match="missing"):
        verify_model(tmp_path / "nothing.gguf", sha)


def test_a_file_corrupted_in_place_with_size_and_mtime_restored_is_refused(tmp_path, parts):
    """Same size, same mtime, one byte changed: the stamp must not vouch for it."""
    import os

    paths, sha, _ = parts
    target = assemble_model(tmp_path / "models", paths, sha)
    before = target.stat()
    with target.open("r+b") as f:
        f.seek(100)
        f.write(b"Z")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size and target.stat().st_mtime_ns == before.st_mtime_ns
    with pytest.raises(ModelFileError, match="refusing to load"):
        assemble_model(tmp_path / "models", paths, sha)


@pytest.mark.slow
def test_packaged_parts_form_the_expected_model(model_path):
    assert model_path.name == MODEL_FILENAME
    assert model_path.stat().st_size == 491_400_064
    verify_model(model_path, MODEL_SHA256)
