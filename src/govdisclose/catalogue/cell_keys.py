"""Every cell key ``table/row/column`` the templates define (``shared/spec/cell-keys.md``), built
from the table catalogues, so that a key asked for can be checked and a typo answered with the
closest valid keys.

Legacy (pre-2019) tables key rows by indicator (``INDICATORS``) and columns by header
(``COLUMN_HEADERS``, plus ``year_NNNN``); a label no indicator matches keeps its own text as key,
so a legacy report may hold keys beyond these (``AnnualReport.cell`` accepts the report's own).
"""

from __future__ import annotations

import regex
from rapidfuzz import fuzz, process

from . import active_disclosure, legacy, requests, review_litigation

LEGACY_YEAR_COLUMN = regex.compile(r"year_\d{4}")
# How many close keys an unknown key's error names (keys that start with a short key: all of a row's).
SUGGESTIONS = 5
ROW_SUGGESTIONS = 15


def _keys() -> tuple[str, ...]:
    """In catalogue order: table, row, column."""
    keys = [f"active_disclosure/{row}/{column}"
            for by_row in active_disclosure.ROW_COLUMNS.values()
            for row, columns in by_row.items() for column in columns]
    keys += [f"requests/{row.key}/{column}" for row in requests.ROWS for column in requests.COLUMNS]
    keys += [f"review_litigation/{row}/{column}"
             for row in review_litigation.ROWS for column in review_litigation.COLUMNS]
    keys += [f"legacy_stats/{indicator.key}/{column}"
             for indicator in legacy.INDICATORS for column in dict.fromkeys(legacy.COLUMN_HEADERS.values())]
    return tuple(dict.fromkeys(keys))


CELL_KEYS: tuple[str, ...] = _keys()
_KEY_SET = frozenset(CELL_KEYS)
_LEGACY_ROWS = frozenset(indicator.key for indicator in legacy.INDICATORS)


def is_cell_key(path: str) -> bool:
    """True for a key of ``CELL_KEYS`` or a legacy indicator's ``year_NNNN`` column."""
    if path in _KEY_SET:
        return True
    table, _, rest = path.partition("/")
    row, _, column = rest.rpartition("/")
    return table == "legacy_stats" and row in _LEGACY_ROWS and bool(LEGACY_YEAR_COLUMN.fullmatch(column))


def closest_keys(path: str, also: tuple[str, ...] = ()) -> list[str]:
    """The valid keys closest to ``path``, best first, among ``CELL_KEYS`` and ``also``.

    A short key (``requests/new``) gets the keys that start with it, in catalogue order."""
    candidates = list(dict.fromkeys(CELL_KEYS + also))
    prefix = path.rstrip("/") + "/"
    starting = [key for key in candidates if key.startswith(prefix)]
    if starting:
        return starting[:ROW_SUGGESTIONS]
    found = process.extract(path, candidates, scorer=fuzz.ratio, limit=SUGGESTIONS)
    return [key for key, _, _ in found]
