"""How many cores this process may really use, and thread pools that do not fight over them.

`os.cpu_count()` is the host's count: in a container limited to 2 CPUs on a 64-core host it says
64, and llama.cpp started with 64 threads on 2 cores crawls. The real limit is the smaller of the
CPU affinity mask and the cgroup quota (cpu.max, or cpu.cfs_quota_us on cgroup v1).

torch (embeddings) and llama.cpp (generation) each keep a thread pool; `quiet_thread_pools()` sizes
both to the available cores (OMP_NUM_THREADS, before either library loads) so that neither starts
more threads than there are cores. It does not make idle OpenMP threads sleep (OMP_WAIT_POLICY=
PASSIVE): measured here, that cut llama.cpp's generation from about 31 to 17 tokens/s, because its
own threads then sleep between the steps of every token.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

__all__ = ["available_cores", "cgroup_cpu_limit", "has_amx", "quiet_thread_pools"]


def cgroup_cpu_limit(
    cpu_max: str | None = None, quota_us: str | None = None, period_us: str | None = None
) -> float | None:
    """The CPUs a cgroup quota allows ("200000 100000" -> 2.0), None when unlimited or unknown.
    Reads /sys/fs/cgroup when no text is given."""
    if cpu_max is None and quota_us is None:
        cpu_max = _read("/sys/fs/cgroup/cpu.max")
        if cpu_max is None:
            quota_us = _read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us")
            period_us = _read("/sys/fs/cgroup/cpu/cpu.cfs_period_us")
    try:
        if cpu_max is not None:
            quota, period = cpu_max.split()[:2]
            if quota == "max":
                return None
            return int(quota) / int(period)
        if quota_us is not None and period_us is not None and int(quota_us) > 0:
            return int(quota_us) / int(period_us)
    except (ValueError, IndexError, ZeroDivisionError):
        return None
    return None


def available_cores() -> int:
    """Cores this process may use: the affinity mask, capped by the cgroup quota; at least 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    quota = cgroup_cpu_limit()
    if quota is not None:
        cores = min(cores, max(1, math.ceil(quota)))
    return max(1, cores)


def has_amx(cpuinfo: str | None = None) -> bool:
    """Does the CPU have AMX tiles (Intel Sapphire Rapids and later)? llama.cpp built on such a CPU
    uses them for its extra weight layouts, and on a 2-core Xeon with AMX that crashed the process
    (app.core.llamacpp). Reads /proc/cpuinfo when no text is given; False when unknown."""
    text = _read("/proc/cpuinfo") if cpuinfo is None else cpuinfo
    return bool(text) and any(
        "amx_int8" in line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")
    )


def quiet_thread_pools() -> None:
    """Thread pools sized to the available cores; values the user set are kept. (numpy's BLAS is
    left at its default: one BLAS thread was tried and made `tutor ask` start 1.3 s later and
    retrieval slower, for no gain in generation measured by the full bench.)"""
    os.environ.setdefault("OMP_NUM_THREADS", str(available_cores()))
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return None
