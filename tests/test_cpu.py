"""Thread counts follow the cores this process may use, not the host's count."""

from __future__ import annotations

import os

from app.core.cpu import available_cores, cgroup_cpu_limit, quiet_thread_pools


def test_cgroup_quota_is_read_in_both_formats():
    assert cgroup_cpu_limit(cpu_max="200000 100000") == 2.0
    assert cgroup_cpu_limit(cpu_max="150000 100000") == 1.5
    assert cgroup_cpu_limit(cpu_max="max 100000") is None
    assert cgroup_cpu_limit(quota_us="50000", period_us="100000") == 0.5
    assert cgroup_cpu_limit(quota_us="-1", period_us="100000") is None
    assert cgroup_cpu_limit(cpu_max="garbage") is None


def test_available_cores_is_capped_by_affinity_and_quota(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1, 2, 3, 4, 5, 6, 7})
    monkeypatch.setattr("app.core.cpu.cgroup_cpu_limit", lambda: 1.5)
    assert available_cores() == 2  # a 1.5-CPU quota still runs two threads
    monkeypatch.setattr("app.core.cpu.cgroup_cpu_limit", lambda: None)
    assert available_cores() == 8
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {3})
    assert available_cores() == 1


def test_thread_pools_keep_what_the_user_set(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "7")
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    quiet_thread_pools()
    assert os.environ["OMP_NUM_THREADS"] == "7"
    assert "OMP_WAIT_POLICY" not in os.environ  # passive waiting halves llama.cpp's speed here
