"""Thread counts follow the cores this process may use, not the host's count."""

from __future__ import annotations

import os

import pytest

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


def test_amx_is_read_from_the_cpus_flags():
    from app.core.cpu import has_amx

    xeon = "processor\t: 0\nflags\t\t: fpu avx2 avx512f amx_bf16 amx_tile amx_int8\n"
    older = "processor\t: 0\nflags\t\t: fpu avx2 avx512f\nmodel name\t: amx_int8 lookalike\n"
    assert has_amx(xeon) and not has_amx(older) and not has_amx("")


def test_the_embedded_model_loads_plain_weights_only_on_amx(monkeypatch):
    """The context that loads the model amends llama.cpp's default model parameters on an AMX CPU
    (no extra buffer types) and restores them afterwards; elsewhere it leaves them alone."""
    llama_cpp = pytest.importorskip("llama_cpp.llama_cpp")
    import app.core.cpu
    from app.core.llamacpp import plain_weights_on_amx

    for amx in (True, False):
        monkeypatch.setattr(app.core.cpu, "has_amx", lambda amx=amx: amx)
        with plain_weights_on_amx():
            inside = llama_cpp.llama_model_default_params().use_extra_bufts
        assert inside is (not amx)
        assert llama_cpp.llama_model_default_params().use_extra_bufts is True
