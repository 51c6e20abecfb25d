"""``available_cpus``: the default number of ``convert`` workers, from fake affinity and cgroup files."""

from __future__ import annotations

import pytest

from govdisclose.batch import cpus
from govdisclose.cli import main as cli_main

V1_QUOTA, V1_PERIOD = cpus.CGROUP_V1[0]


@pytest.mark.parametrize(("affinity", "files", "expected"), [
    (4, {cpus.CGROUP_V2_MAX: "150000 100000"}, 2),      # docker --cpus=1.5: rounded up
    (4, {cpus.CGROUP_V2_MAX: "50000 100000"}, 1),       # half a CPU: at least one worker
    (4, {cpus.CGROUP_V2_MAX: "max 100000"}, 4),         # no quota: the affinity mask
    (1, {cpus.CGROUP_V2_MAX: "400000 100000"}, 1),      # taskset to one CPU under a 4-CPU quota
    (8, {V1_QUOTA: "200000", V1_PERIOD: "100000"}, 2),  # cgroup v1
    (8, {V1_QUOTA: "-1", V1_PERIOD: "100000"}, 8),      # v1 unlimited
    (3, {cpus.CGROUP_V2_MAX: "garbage"}, 3),            # unreadable quota: ignored
    (3, {}, 3),                                          # no cgroup files
])
def test_available_cpus(monkeypatch, affinity, files, expected):
    monkeypatch.setattr(cpus, "_affinity_cpus", lambda: affinity)
    monkeypatch.setattr(cpus, "_read_text", files.get)
    assert cpus.available_cpus() == expected


def test_cpu_count_only_without_an_affinity_mask(monkeypatch):
    monkeypatch.setattr(cpus, "_affinity_cpus", lambda: None)
    monkeypatch.setattr(cpus.os, "cpu_count", lambda: 6)
    monkeypatch.setattr(cpus, "_read_text", {cpus.CGROUP_V2_MAX: "250000 100000"}.get)
    assert cpus.available_cpus() == 3
    monkeypatch.setattr(cpus, "_read_text", {}.get)
    assert cpus.available_cpus() == 6


def test_jobs_default_shows_in_help(capsys):
    with pytest.raises(SystemExit):
        cli_main(["convert", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert f"(default: {cpus.available_cpus()}, the CPUs this process may use" in help_text
    assert "--scheduler tcp://HOST:PORT" in help_text
