"""The codebook: every cell key ``parse`` can emit and every harmonised panel variable, with the
labels each template prints, an English label, the unit, the eras and the rules each takes part in.

Built from the catalogues (nothing here is typed twice): table rows and columns from
``catalogue/active_disclosure.py``, ``requests.py``, ``review_litigation.py`` and ``legacy.py``;
English from ``catalogue/english_labels.py``; variables from ``catalogue/harmonised.py``.
``govdisclose codebook --format md|csv|json`` prints it; ``docs/codebook.md`` is its Markdown.

Two kinds of legacy key are patterns, not single keys: a column ``year_NNNN`` (another year's
column) and a row named by its printed label when the catalogue does not know the indicator
(``legacy_stats/<label>/<column>``); a repeated indicator row gets ``.2``, ``.3`` … (``entry_for``
resolves all three).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

import regex
from pydantic import BaseModel, ConfigDict, Field

from .catalogue import active_disclosure as ad
from .catalogue import english_labels as en
from .catalogue import legacy as lg
from .catalogue import requests as req
from .catalogue import review_litigation as rl

ERAS = ("legacy", "2019", "2021")

# Rule id → what it checks (validate.py, comparison/continuity.py, legacy/stats.py).
RULES: dict[str, str] = {
    "T3-1": "table 三, per column: 一 + 二 = （七）总计 + 四",
    "T3-2": "table 三, per column: （七）总计 = sum of the outcome rows",
    "T3-3": "table 三, per row: 总计 = sum of the six applicant columns",
    "T3-4": "counts in tables 三/四 are non-negative whole numbers",
    "T4-1": "table 四, per group: 总计 = 维持 + 纠正 + 其他 + 尚未审结",
    "BLANK-TOTAL": "a total cell of T3-2, T3-3 or T4-1 is blank (not reported), its parts are not",
    "P-1": "the prose's number of requests matches table 三's new/total (or new + carried over)",
    "X-1": "between years, per column: this year's 上年结转 = last year's 结转下年度继续办理",
    "X-2": "between years, 2021 template: last year's 现行有效件数 + 本年制发 − 本年废止 = this year's",
    "LEGACY-SUM": "legacy statistics table: printed sub-items add up to their printed total",
}
# The 2019 template prints the normative documents row without 行政.
_ROW_LABEL_2019 = {"normative_documents": "规范性文件"}
_UNKNOWN_ROW = "<label>"
_YEAR_COLUMN = "year_NNNN"


class CellEntry(BaseModel):
    """One cell key ``table/row/column``."""

    model_config = ConfigDict(extra="forbid")

    key: str
    table: str
    row: str
    column: str
    labels: dict[str, str] = Field(description="Template era → row and column labels as printed")
    english: str
    unit: str
    eras: list[str]
    rules: list[str]
    note: str = ""


class VariableEntry(BaseModel):
    """One harmonised panel variable (``catalogue/harmonised.py``)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    label: str
    definition: str
    unit: str
    group: str
    eras: list[str]
    sources: dict[str, list[str]] = Field(
        description="Era → ways to read it, tried in order (the first printed wins); ' + ' sums keys")
    rules: list[str] = Field(description="Rules that check the cells it is read from")
    note: str = ""


class Codebook(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: dict[str, str]
    variables: list[VariableEntry]
    cells: list[CellEntry]


# ----------------------------------------------------------------------------------------- rules
def cell_rules(table: str, row: str, column: str) -> list[str]:
    """The rules a cell takes part in, as ``validate``, ``compare`` and the legacy reader apply them."""
    rules = []
    standard = column in req.STANDARD_COLUMNS
    if table == "requests":
        outcomes = {"granted", "partially_granted", "other", *req.OTHER_SUBROWS,
                    *(row for rows in req.SUBTOTALS.values() for row in rows)}
        if standard and row in ("new", "carried_over", "total", "carried_forward"):
            rules.append("T3-1")
        if standard and (row == "total" or row in outcomes):
            rules.append("T3-2")
        if standard:
            rules.append("T3-3")
        rules.append("T3-4")
        if row == "total" and standard or column == "total":
            rules.append("BLANK-TOTAL")
        if column == "total" and row in ("new", "carried_over"):
            rules.append("P-1")
        if row in ("carried_over", "carried_forward"):
            rules.append("X-1")
    elif table == "review_litigation":
        rules += ["T3-4", "T4-1"] + (["BLANK-TOTAL"] if column == "total" else [])
    elif table == "active_disclosure":
        if row in ("rules", "normative_documents") and column in ("issued", "repealed", "in_force"):
            rules.append("X-2")
    elif table == "legacy_stats" and column != "code" and any(
            row == parent or row in children for parent, children in lg.SUM_GROUPS):
        rules.append("LEGACY-SUM")
    return rules


# ----------------------------------------------------------------------------------------- cells
def _active_entries() -> list[CellEntry]:
    keys: dict[tuple[str, str], list[str]] = {}
    for era in ("2019", "2021"):
        for row, columns in ad.ROW_COLUMNS[era].items():
            for column in columns:
                keys.setdefault((row, column), []).append(era)
    entries = []
    for row in ad.ROWS:
        for column in dict.fromkeys(c for era in ("2019", "2021") for c in ad.ROW_COLUMNS[era].get(row, ())):
            eras = keys[row, column]
            row_labels = {"2019": _ROW_LABEL_2019.get(row, ad.ROWS[row][0]), "2021": ad.ROWS[row][0]}
            labels = {era: f"{row_labels[era]} · {ad.COLUMNS[era][column][0]}" for era in eras}
            english, unit = en.ACTIVE_COLUMNS[column]
            note = "the cell's unit: yuan or 10k_yuan (the header prints none)" if column == "amount" else ""
            entries.append(_entry("active_disclosure", row, column, labels,
                                  f"{en.ACTIVE_ROWS[row]}: {english}", unit, eras, note))
    return entries


def _request_row_label(row: req.RequestRow) -> str:
    if row.item is None:
        return row.label
    group = next(r for r in req.ROWS if r.group == row.group and r.item is None)
    return f"{group.label} · {row.label}"


def _request_entries() -> list[CellEntry]:
    column_labels = {c: labels[0] for c, labels in req.COLUMNS.items()}
    for column in ("commercial_enterprise", "research_institution", "social_welfare_org",
                   "legal_service_org", "other_org"):
        column_labels[column] = f"法人或其他组织 · {column_labels[column]}"
    column_labels["legal_person_subtotal"] = "法人或其他组织 · 小计"
    entries = []
    for row in req.ROWS:
        eras = ["2021"] if row.key in req.OTHER_SUBROWS else ["2019", "2021"]
        for column in req.COLUMNS:
            notes = []
            if row.role == "subtotal":
                notes.append("subtotal row printed by some localities only")
            if column == "legal_person_subtotal":
                notes.append("subtotal column printed by some localities only")
            if row.key == "other":
                notes.append("2019: the one （六） row; 2021: when （六） is printed as one row")
            label = f"{_request_row_label(row)} · {column_labels[column]}"
            entries.append(_entry("requests", row.key, column, dict.fromkeys(eras, label),
                                  f"{en.REQUEST_ROWS[row.key]}: {en.REQUEST_COLUMNS[column]}", "requests",
                                  eras, "; ".join(notes)))
    return entries


def _review_entries() -> list[CellEntry]:
    prefix = {"review": "行政复议", "litigation_direct": "行政诉讼 · 未经复议直接起诉",
              "litigation_after_review": "行政诉讼 · 复议后起诉"}
    return [
        _entry("review_litigation", row, column,
               dict.fromkeys(("2019", "2021"), f"{prefix[row]} · {label}"),
               f"{en.REVIEW_ROWS[row]}: {en.REVIEW_COLUMNS[column]}", "cases", ["2019", "2021"])
        for row in rl.ROWS for column, label in rl.COLUMNS.items()
    ]


def _legacy_column_labels() -> dict[str, str]:
    labels: dict[str, list[str]] = {}
    for header, column in lg.COLUMN_HEADERS.items():
        labels.setdefault(column, []).append(header)
    labels[_YEAR_COLUMN] = ["NNNN年度", "NNNN年"]
    return {column: " / ".join(headers) for column, headers in labels.items()}


def _legacy_unit(indicator: str) -> str:
    return next((unit for prefix, unit in en.LEGACY_UNITS if indicator.startswith(prefix)), "as printed")


def _legacy_entries() -> list[CellEntry]:
    columns = _legacy_column_labels()
    entries = []
    for indicator in [i.key for i in lg.INDICATORS] + [_UNKNOWN_ROW]:
        known = indicator != _UNKNOWN_ROW
        row_label = next((i.variants[0] for i in lg.INDICATORS if i.key == indicator), "as printed")
        english = en.LEGACY_INDICATORS[indicator] if known else "an indicator the catalogue does not know"
        for column, header in columns.items():
            note = "" if known else "row key: the printed label without markers, notes, spaces or punctuation"
            if column == _YEAR_COLUMN:
                note = "; ".join(n for n in (note, "NNNN: a year other than the report year") if n)
            entries.append(_entry("legacy_stats", indicator, column, {"legacy": f"{row_label} · {header}"},
                                  f"{english}: {en.LEGACY_COLUMNS[column]}",
                                  _legacy_unit(indicator) if known else "as printed", ["legacy"], note))
    return entries


def _entry(table: str, row: str, column: str, labels: dict[str, str], english: str, unit: str,
           eras: Iterable[str], note: str = "") -> CellEntry:
    return CellEntry(key=f"{table}/{row}/{column}", table=table, row=row, column=column, labels=labels,
                     english=english, unit=unit, eras=list(eras), rules=cell_rules(table, row, column),
                     note=note)


def cell_entries() -> list[CellEntry]:
    """Every cell key, table by table in printed order."""
    return _active_entries() + _request_entries() + _review_entries() + _legacy_entries()


def entry_for(key: str, entries: dict[str, CellEntry] | None = None) -> CellEntry | None:
    """The codebook entry of a key as ``parse`` emits it (legacy patterns resolved); None if none."""
    entries = entries if entries is not None else {e.key: e for e in cell_entries()}
    if key in entries:
        return entries[key]
    table, row, column = key.split("/", 2)
    if table != "legacy_stats":
        return None
    if regex.fullmatch(r"year_(?:19|20)\d{2}", column):
        column = _YEAR_COLUMN
    base = regex.sub(r"\.\d+$", "", row)  # a repeated indicator row: review.2
    known = {i.key for i in lg.INDICATORS}
    row = base if base in known else row if row in known else _UNKNOWN_ROW
    return entries.get(f"{table}/{row}/{column}")


# ------------------------------------------------------------------------------------- variables
def variable_entries() -> list[VariableEntry]:
    """Every harmonised variable of the panel's concordance (``catalogue/harmonised.py``)."""
    from .catalogue.harmonised import VARIABLES

    entries = []
    for variable in VARIABLES:
        sources = {s.era: [" + ".join(way) for way in s.ways] for s in variable.sources}
        rules = dict.fromkeys(rule for source in variable.sources for way in source.ways for key in way
                              for rule in cell_rules(*_cell_of(key)))
        entries.append(VariableEntry(
            name=variable.name, label=variable.label, definition=variable.definition, unit=variable.unit,
            group=variable.group, eras=list(variable.eras), sources=sources,
            rules=[rule for rule in RULES if rule in rules],
            note=variable.note))
    return entries


def _cell_of(source_key: str) -> tuple[str, str, str]:
    """A concordance key as a cell: ``legacy_stats/<indicator>`` reads the report year's column;
    ``facts/…`` is prose (no cell, no rule)."""
    parts = source_key.split("/")
    if parts[0] == "legacy_stats" and len(parts) == 2:
        return "legacy_stats", parts[1], "current_year"
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else ("facts", "", "")


def codebook() -> Codebook:
    return Codebook(rules=RULES, variables=variable_entries(), cells=cell_entries())


# ----------------------------------------------------------------------------------------- output
def to_json(book: Codebook) -> str:
    return json.dumps(book.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


CSV_FIELDS = ("kind", "key", "english", "unit", "eras", "rules", "label_legacy", "label_2019", "label_2021",
              "definition", "sources", "note")


def to_csv(book: Codebook) -> str:
    """One line per variable, then one per cell key; labels per era in their own columns."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for v in book.variables:
        writer.writerow({
            "kind": "variable", "key": v.name, "english": v.label, "unit": v.unit, "eras": " ".join(v.eras),
            "rules": " ".join(v.rules), "definition": v.definition, "note": v.note,
            "sources": "; ".join(f"{era}: {' | '.join(ways)}" for era, ways in v.sources.items())})
    for c in book.cells:
        writer.writerow({
            "kind": "cell", "key": c.key, "english": c.english, "unit": c.unit, "eras": " ".join(c.eras),
            "rules": " ".join(c.rules), "note": c.note,
            **{f"label_{era}": c.labels.get(era, "") for era in ERAS}})
    return out.getvalue()


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


TABLE_TITLES = {
    "active_disclosure": "`active_disclosure` — table 二, 主动公开政府信息情况",
    "requests": "`requests` — table 三, 收到和处理政府信息公开申请情况",
    "review_litigation": "`review_litigation` — table 四, 行政复议、行政诉讼情况",
    "legacy_stats": "`legacy_stats` — the pre-2019 statistics table (政府信息公开情况统计表)",
}


def to_markdown(book: Codebook) -> str:
    lines = [
        "# govdisclose codebook", "",
        "Generated by `govdisclose codebook --format md` from the catalogues; do not edit by hand "
        "(a test fails when it is out of date). The keys are the public contract described in "
        "[cell-keys.md](cell-keys.md).", "",
        "## Rules", "", "| rule | checks |", "|---|---|",
        *(f"| {rule} | {_md(text)} |" for rule, text in book.rules.items()), "",
        "## Harmonised variables", "",
        "The panel's columns (`govdisclose panel`). Sources per era are tried in order, the first "
        "printed wins; `+` sums cells (blank counts 0). A variable with no source in an era is missing "
        "there, never zero.", "",
        "| variable | label | unit | eras | sources | rules | definition | comparability |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for v in book.variables:
        eras_by_ways: dict[tuple[str, ...], list[str]] = {}
        for era, ways in v.sources.items():
            eras_by_ways.setdefault(tuple(ways), []).append(era)
        sources = "<br>".join(f"{', '.join(eras)}: {' or '.join(f'`{w}`' for w in ways)}"
                              for ways, eras in eras_by_ways.items())
        lines.append(f"| `{v.name}` | {_md(v.label)} | {v.unit} | {', '.join(v.eras)} | {_md(sources)} | "
                     f"{', '.join(v.rules)} | {_md(v.definition)} | {_md(v.note)} |")
    lines += ["", "## Cell keys", ""]
    for table, title in TABLE_TITLES.items():
        lines += [f"### {title}", "",
                  "| key | printed (2019) | printed (2021) | printed (legacy) | English | unit | rules "
                  "| note |",
                  "|---|---|---|---|---|---|---|---|"]
        for c in (c for c in book.cells if c.table == table):
            printed = " | ".join(_md(c.labels.get(era, "—")) for era in ("2019", "2021", "legacy"))
            lines.append(f"| `{c.row}/{c.column}` | {printed} | {_md(c.english)} | {_md(c.unit)} | "
                         f"{', '.join(c.rules)} | {_md(c.note)} |")
        lines.append("")
    return "\n".join(lines)


def render(book: Codebook, format: str) -> str:
    """The codebook as ``md``, ``csv`` or ``json`` text."""
    return {"md": to_markdown, "csv": to_csv, "json": to_json}[format](book)
