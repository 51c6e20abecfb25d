"""Real crawler dumps (../shared/samples/pingtan-*.txt): one-line bodies and flattened tables.

Every number asserted here was checked by hand against the dump: the digit run printed for the
row, the template's sums, and the report's own prose where it states the number.
"""

from __future__ import annotations

import json

import pytest

import govdisclose
from govdisclose.catalogue import requests as req
from govdisclose.catalogue import review_litigation as rl

from .conftest import sample
from .test_real_samples import CANONICAL, expected_cells, expected_findings, findings_of

AGENCY = "平潭综合实验区"
URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/{}.htm"
ZERO = [0] * 7


def row(*values: int) -> list[int]:
    return list(values)


def flat(tables: dict) -> dict[str, float]:
    return expected_cells({"cells": tables})


# Hand-checked: the rows of table 三 not listed are all 0.
REQUESTS = {
    2019: {"new": row(23, 0, 0, 0, 0, 0, 23), "granted": row(7, 0, 0, 0, 0, 0, 7),
           "partially_granted": row(1, 0, 0, 0, 0, 0, 1), "unavailable.not_held": row(7, 0, 0, 0, 0, 0, 7),
           "unavailable.still_unclear": row(5, 0, 0, 0, 0, 0, 5),
           "not_processed.duplicate": row(3, 0, 0, 0, 0, 0, 3), "total": row(23, 0, 0, 0, 0, 0, 23)},
    2021: {"new": row(64, 0, 0, 2, 0, 4, 70), "granted": row(27, 0, 0, 2, 0, 1, 30),
           "partially_granted": row(5, 0, 0, 0, 0, 0, 5),
           "withheld.internal_affairs": row(1, 0, 0, 0, 0, 0, 1),
           "withheld.enforcement_files": row(6, 0, 0, 0, 0, 0, 6),
           "withheld.administrative_query": row(1, 0, 0, 0, 0, 0, 1),
           "unavailable.not_held": row(22, 0, 0, 0, 0, 3, 25), "other.other": row(1, 0, 0, 0, 0, 0, 1),
           "total": row(63, 0, 0, 2, 0, 4, 69), "carried_forward": row(1, 0, 0, 0, 0, 0, 1)},
    2023: {"new": row(80, 1, 0, 0, 0, 0, 81), "granted": row(22, 0, 0, 0, 0, 0, 22),
           "partially_granted": row(19, 1, 0, 0, 0, 0, 20),
           "withheld.third_party_rights": row(1, 0, 0, 0, 0, 0, 1),
           "withheld.process_information": row(1, 0, 0, 0, 0, 0, 1),
           "withheld.enforcement_files": row(1, 0, 0, 0, 0, 0, 1),
           "withheld.administrative_query": row(2, 0, 0, 0, 0, 0, 2),
           "unavailable.not_held": row(31, 0, 0, 0, 0, 0, 31),
           "not_processed.duplicate": row(1, 0, 0, 0, 0, 0, 1),
           "other.no_correction": row(1, 0, 0, 0, 0, 0, 1), "other.other": row(1, 0, 0, 0, 0, 0, 1),
           "total": row(80, 1, 0, 0, 0, 0, 81)},
}
REVIEW = {
    2019: {"review": [0] * 5, "litigation_direct": [0] * 5, "litigation_after_review": [0] * 5},
    2021: {"review": [1, 0, 2, 0, 3], "litigation_direct": [12, 0, 0, 0, 12],
           "litigation_after_review": [0] * 5},
    2023: {"review": [1, 1, 0, 0, 2], "litigation_direct": [4, 0, 0, 1, 5],
           "litigation_after_review": [1, 0, 1, 0, 2]},
}
ACTIVE = {
    2019: {"rules": {"new_made": 0, "new_published": 0, "published_total": 0}},
    2021: {"rules": {"issued": 0, "repealed": 0, "in_force": 0}, "licensing": {"decisions": 2293},
           "penalty": {"decisions": 1282}, "coercion": {"decisions": 42},
           "fees": {"amount_10k_yuan": 24252.311082}},
    2023: {"rules": {"issued": 0, "repealed": 0, "in_force": 0}, "licensing": {"decisions": 2629},
           "penalty": {"decisions": 1330}, "coercion": {"decisions": 54},
           "fees": {"amount_10k_yuan": 5949.088667}},
}
# Rows printed as digit runs that do not split one way: unreadable, with the finding's rule.
UNREADABLE_ROWS = {
    2019: {"normative_documents": "FLATTENED-AMBIGUOUS", "licensing": "FLATTENED-AMBIGUOUS",
           "other_services": "FLATTENED-AMBIGUOUS", "penalty": "FLATTENED-AMBIGUOUS",
           "coercion": "FLATTENED-AMBIGUOUS", "fees": "FLATTENED-AMBIGUOUS",
           "procurement": "FLATTENED-AMBIGUOUS"},
    2021: {"normative_documents": "FLATTENED-AMBIGUOUS"},
    2023: {"normative_documents": "FLATTENED-CONFLICT"},  # the prose's 393 in force is not in '77132470'
}
META = {
    2019: ("2019", "2020-01-20", "202001/t20200120_80576", None),
    2021: ("2021", "2022-02-08", "202202/t20220208_80613", None),
    2022: ("2021", "2023-02-20", "202302/t20230220_80629", None),
    2023: ("2021", "2024-03-08", "202403/t20240308_87885", "平潭综合实验区管委会办公室"),
}


@pytest.fixture(scope="module", params=[2019, 2021, 2022, 2023])
def dump(request):
    return request.param, govdisclose.parse(sample(f"pingtan-{request.param}.txt"))


def test_meta_and_sections(dump):
    year, report = dump
    template, published, page, publisher = META[year]
    meta = report.meta
    assert (meta.agency, meta.year, meta.template, meta.source) == (AGENCY, year, template, "text")
    assert (meta.published, meta.url, meta.publisher) == (published, URL.format(page), publisher)
    assert meta.title == f"平潭综合实验区{year}年度政府信息公开工作年度报告"
    assert [s.canonical_heading for s in report.sections] == CANONICAL
    assert report.section(4).text == ""  # table 四 is not prose
    assert "本年新收" not in report.section(3).text and "第二十条" not in report.section(2).text


@pytest.mark.parametrize("year", [2019, 2021, 2023])
def test_hand_checked_cells(year):
    report = govdisclose.parse(sample(f"pingtan-{year}.txt"))
    other_rows = ("other",) if year == 2019 else req.OTHER_SUBROWS  # the 2019 template's （六） is one row
    requests = {r.key: REQUESTS[year].get(r.key, ZERO) for r in req.ROWS
                if r.role == "data" and (r.group != "六" or r.key in other_rows)}
    wanted = flat({"requests": requests, "review_litigation": REVIEW[year],
                   "active_disclosure": ACTIVE[year]})
    got = {f"{r.table}/{r.row}/{r.column}": r for r in report.cells()}
    unreadable = {path for path, r in got.items() if r.kind == "unreadable"}
    assert {path: got[path].value for path in got if path not in unreadable} == wanted
    assert all(got[path].kind == "number" and got[path].raw == str(value) for path, value in wanted.items())
    assert {path.split("/")[1] for path in unreadable} == set(UNREADABLE_ROWS[year])
    assert all(path.startswith("active_disclosure/") for path in unreadable)
    flattened = {f.cells[0].split("/")[1]: f.rule for f in report.findings if f.rule.startswith("FLATTENED")}
    assert flattened == UNREADABLE_ROWS[year]
    assert {f.rule for f in report.findings} <= {"UNREADABLE", "FLATTENED-AMBIGUOUS", "FLATTENED-CONFLICT"}


def test_2022_expected_json():
    report = govdisclose.parse(sample("pingtan-2022.txt"))
    expected = json.loads(sample("pingtan-2022.expected.json").read_text(encoding="utf-8"))
    wanted = expected_cells(expected)
    got = {f"{r.table}/{r.row}/{r.column}": r for r in report.cells()}
    assert {path: r.value for path, r in got.items()} == wanted
    assert all(r.kind == "number" and r.raw == str(r.value) for r in got.values())
    assert (report.meta.year, report.meta.agency, report.meta.template) == (2022, AGENCY, "2021")
    # 88/55/698 is the only split of '8855698' that agrees with the prose (制发…88件, 现行有效…698件).
    # the row's piece of the one-line body
    assert got["active_disclosure/normative_documents/in_force"].path == "line 10 col 2357"
    # The prose's 收到…75件 counts the carried-over request too (75 = 74 + 1): no P-1, no finding at all.
    assert findings_of(report) == expected_findings(expected) == []


def test_share_of_printed_numbers_read():
    reports = [govdisclose.parse(sample(f"pingtan-{year}.txt")) for year in (2019, 2021, 2022, 2023)]
    cells = [r for report in reports for r in report.cells()]
    read = sum(r.kind == "number" for r in cells)
    assert (read, len(cells)) == (773, 798)  # 96.9 %; the rest are table 二 runs that split several ways
    assert len({r.table for r in cells}) == 3 and rl.COLUMNS
