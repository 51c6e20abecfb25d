"""How many worker processes a batch should start by default: the CPUs this process may use.

``available_cpus()`` is the CPUs in the process's affinity mask (``os.sched_getaffinity``; taskset,
``docker --cpuset-cpus``), capped by the cgroup CPU quota (``docker --cpus``, Kubernetes CPU limits:
cgroup v2 ``cpu.max``, v1 ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us``) rounded up, and at least 1.
``os.cpu_count()`` (every core of the host) is used only where there is no affinity mask.
"""

from __future__ import annotations

import math
import os

CGROUP_V2_MAX = "/sys/fs/cgroup/cpu.max"  # "QUOTA PERIOD" or "max PERIOD"
CGROUP_V1 = (  # (quota, period) in microseconds; quota -1 when unlimited
    ("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
    ("/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us"),
)


def available_cpus() -> int:
    """CPUs this process may use: affinity mask (else ``os.cpu_count()``), capped by the cgroup quota."""
    cpus = _affinity_cpus() or os.cpu_count() or 1
    quota = cgroup_quota()
    if quota is not None:
        cpus = min(cpus, math.ceil(quota))
    return max(1, cpus)


def cgroup_quota() -> float | None:
    """CPUs the cgroup's quota allows (quota / period, e.g. 1.5); None when unlimited or unknown."""
    text = _read_text(CGROUP_V2_MAX)
    if text is not None:
        quota, _, period = text.partition(" ")
        return _ratio(quota, period)
    for quota_path, period_path in CGROUP_V1:
        quota = _read_text(quota_path)
        if quota is not None:
            return _ratio(quota, _read_text(period_path) or "")
    return None


def _ratio(quota: str, period: str) -> float | None:
    try:
        quota_us, period_us = int(quota), int(period)
    except ValueError:  # "max" (v2 unlimited) or an unreadable file
        return None
    if quota_us <= 0 or period_us <= 0:  # -1: v1 unlimited
        return None
    return quota_us / period_us


def _affinity_cpus() -> int | None:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # macOS, Windows
        return None


def _read_text(path: str) -> str | None:
    """The file's text, stripped; None when it cannot be read (no cgroup, another OS)."""
    try:
        with open(path, encoding="ascii") as stream:
            return stream.read().strip()
    except (OSError, UnicodeDecodeError):
        return None
