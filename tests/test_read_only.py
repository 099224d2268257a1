"""A data folder that really is read-only: bind-mounted read-only in a private mount namespace
(`unshare -rm`), so that even root gets EROFS, as a learner on a read-only share or a container
with a read-only volume would. Each command gives one line that says so, `tutor doctor` names the
folder and the progress database, and the attempts recorded before are all still there."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

TUTOR = [sys.executable, "-c", "from app.cli import run; run()"]
MOUNT = 'mount --bind "$D" "$D" && mount -o remount,bind,ro "$D" && exec "$@"'
ROOT = Path(__file__).resolve().parents[1]


def _can_mount_read_only(tmp: Path) -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", MOUNT, "sh", "touch", str(tmp / "x")],
        env={**os.environ, "D": str(tmp)},
        capture_output=True,
        text=True,
    )
    return "Read-only file system" in probe.stderr


def _tutor(data: Path, *args: str, read_only: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "TUTOR_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1", "D": str(data), "COLUMNS": "200"}
    env.pop("TUTOR_DATABASE_URL", None)
    cmd = ["unshare", "-rm", "sh", "-c", MOUNT, "sh", *TUTOR, *args] if read_only else [*TUTOR, *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT, timeout=300)


def _attempts(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("select count(*) from attempts").fetchone()[0]


def test_a_read_only_data_folder_gives_one_line_and_loses_nothing(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    if not _can_mount_read_only(data):
        pytest.skip("this machine cannot make a private read-only bind mount (unshare -rm)")
    grade = ("grade", "--question-id", "s1-git-q01", "--answer", "B", "--learner", "ana")
    assert _tutor(data, *grade, read_only=False).returncode == 0
    before = _attempts(data / "progress.db")
    assert before == 1

    result = _tutor(data, *grade, read_only=True)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "progress database: it is read-only" in output and "nothing was recorded" in output

    doctor = _tutor(data, "doctor", read_only=True)
    assert doctor.returncode == 1 and "Traceback" not in doctor.stdout + doctor.stderr
    fails = [line for line in doctor.stdout.splitlines() if line.startswith("FAIL")]
    assert any(line.startswith("FAIL data dir") and "not writable" in line for line in fails)
    assert any(line.startswith("FAIL progress") and "read-only" in line for line in fails)

    assert _attempts(data / "progress.db") == before  # nothing lost, nothing half-written
    assert _tutor(data, *grade, read_only=False).returncode == 0  # writable again: it records
    assert _attempts(data / "progress.db") == before + 1
