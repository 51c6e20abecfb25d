"""Shared helpers for the compare/diff/panel tests: the generated pairs, parsed once per session."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import govdisclose

from .conftest import FIXTURES

PAIRS_DIR = FIXTURES / "pairs"
PAIR_NAMES = ("district_2020_2021", "linchuan_2022_2023", "qingya_2022_2023_broken", "health_2022_2023_copied")


@cache
def pair_truth(name: str) -> dict:
    return json.loads((PAIRS_DIR / f"{name}.pair.json").read_text(encoding="utf-8"))


@cache
def report_truth(name: str) -> dict:
    return json.loads((PAIRS_DIR / f"{name}.truth.json").read_text(encoding="utf-8"))


@cache
def report(name: str) -> govdisclose.AnnualReport:
    """A parsed pair report (``qingya_2023``); treat as read-only (copy before changing)."""
    return govdisclose.parse(PAIRS_DIR / f"{name}.pdf")


def pdf(name: str) -> Path:
    return PAIRS_DIR / f"{name}.pdf"


def truth_value(name: str, path: str):
    """The truth value of a cell ``table/row/column`` of a pair report (None when not a number)."""
    for cell in report_truth(name)["cells"]:
        if f"{cell['table']}/{cell['row']}/{cell['column']}" == path:
            return cell["value"] if cell["kind"] == "number" else None
    raise KeyError(path)


def change_dicts(comparison) -> list[dict]:
    return [{"table": c.table, "row": c.row, "column": c.column, "before": c.before, "after": c.after,
             "delta": c.delta} for c in comparison.changes()]


def finding_dicts(comparison, rules=("X-1", "X-2")) -> list[dict]:
    return [{"rule": f.rule, "cells": f.cells, "previous_cells": f.previous_cells, "expected": f.expected,
             "actual": f.actual} for f in comparison.findings if f.rule in rules]
