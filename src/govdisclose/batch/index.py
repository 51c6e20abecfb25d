"""What one ``convert`` run knows about every input, kept on disk: ``RunIndex``.

A run needs, for every input path: its entry in the manifest of earlier runs (the resume key),
the files found now sorted by path, each file's content hash, the parse requests still to send,
which paths still await an answer, and the paths of each report (the tables list them). Held in
Python objects that costs the parent about 1.3 KB per input for the whole run (300 MB at 200,000
inputs); here it is an SQLite database (the standard library's ``sqlite3``), OUTDIR/.index.sqlite, whose
page cache is bounded (a few MB), so the parent's memory does not grow with the inputs. SQLite
earns its place because the run asks the questions a database answers: look up by path and by
content, sort, group paths by report, count. The database is scratch: made fresh from
manifest.jsonl by every run and deleted when the run ends (nothing is synced to disk).

Tables:

entry    the manifest as it stands, one row per path (``ManifestEntry``'s fields), and ``awaited``:
         the key of the parse request this path waits for (NULL when none). A path awaited
         without an earlier entry has a row whose ``status`` is NULL: it is not in the manifest.
input    the files found this run (``InputFile``'s fields), and for those to parse the sha256
         of their content, the format their name claims (``hint``) and where it is on disk.
problem  the inputs found unusable (path, error type, message, whether it names no file).
seen     the real paths of the files found (a file reached by two spellings is one input).
request  the parse requests to send, in order: one per content and format hint.

Reads that go on while the run writes page by path (``PAGE`` rows a query), so no statement
stays open across a write. Text is compared as SQLite's BINARY (UTF-8 bytes), which orders
paths as Python sorts them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from .inputs import InputFile
from .outputs import ManifestEntry

PAGE = 512
ENTRY_FIELDS = tuple(ManifestEntry.__dataclass_fields__)
_ENTRY_COLUMNS = ", ".join(ENTRY_FIELDS)
_SCHEMA = f"""
CREATE TABLE entry (path TEXT PRIMARY KEY, {", ".join(ENTRY_FIELDS[1:])}, awaited);
CREATE INDEX entry_report ON entry (report_id, path);
CREATE INDEX entry_awaited ON entry (awaited);
CREATE TABLE input (path TEXT PRIMARY KEY, size, mtime_ns, archive, member, sha256, hint, location);
CREATE INDEX input_content ON input (sha256, hint, path);
CREATE TABLE problem (path TEXT PRIMARY KEY, error, message, missing);
CREATE TABLE seen (real TEXT PRIMARY KEY);
CREATE TABLE request (number INTEGER PRIMARY KEY, sha256, hint);
"""


class RunIndex:
    """The run's state on disk (``":memory:"`` for a throwaway one). Columns have no declared
    types, so every value comes back as the type it was stored with (a manifest line read and
    written again is the same bytes)."""

    def __init__(self, location: str | Path = ":memory:"):
        if location != ":memory:":
            Path(location).unlink(missing_ok=True)  # left by a run that was killed
        self.db = sqlite3.connect(str(location), isolation_level=None)
        self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)

    def close(self) -> None:
        self.db.close()

    def transaction(self):
        """``with index.transaction():`` many writes as one (much faster than one each)."""
        return _Transaction(self.db)

    # --- the manifest ---------------------------------------------------------------------------

    def get(self, path: str) -> ManifestEntry | None:
        row = self.db.execute(f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE path = ? AND status IS NOT NULL",
                              (path,)).fetchone()
        return ManifestEntry(*row) if row else None

    def put(self, entry: ManifestEntry) -> bool:
        """Store ``entry`` as its path's (no longer awaited); True when that changed the manifest."""
        changed = self.get(entry.path) != entry
        self._store(entry)
        return changed

    def load(self, entries: Iterable[ManifestEntry]) -> None:
        """The entries of a manifest, in file order: a later one for a path wins."""
        with self.transaction():
            for entry in entries:
                self._store(entry)

    def _store(self, entry: ManifestEntry) -> None:
        values = tuple(getattr(entry, name) for name in ENTRY_FIELDS)
        self.db.execute(f"INSERT OR REPLACE INTO entry ({_ENTRY_COLUMNS}, awaited) "
                        f"VALUES ({', '.join('?' * len(ENTRY_FIELDS))}, NULL)", values)

    def entries(self, where: str = "1", params: tuple = ()) -> Iterator[ManifestEntry]:
        """The manifest's entries sorted by path (``where``: an SQL condition on ``entry``)."""
        for row in self._pages(f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE status IS NOT NULL AND ({where})",
                               params):
            yield ManifestEntry(*row)

    def content_done(self, report_id: str, version: str) -> Iterator[ManifestEntry]:
        """Entries of this content by this version, the last path first."""
        for row in self.db.execute(f"SELECT {_ENTRY_COLUMNS} FROM entry WHERE report_id = ? AND version = ? "
                                   "AND status IS NOT NULL AND awaited IS NULL ORDER BY path DESC",
                                   (report_id, version)):
            yield ManifestEntry(*row)

    # --- the inputs found -----------------------------------------------------------------------

    def first_seen(self, real: str) -> bool:
        """True the first time a real path is offered (then remembered)."""
        return self.db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (real,)).rowcount == 1

    def add_input(self, file: InputFile) -> None:
        """A file found (one found again under the same path replaces it)."""
        self.db.execute("INSERT OR REPLACE INTO input (path, size, mtime_ns, archive, member) VALUES (?, ?, ?, ?, ?)",
                        (file.path, file.size, file.mtime_ns, file.archive, file.member))

    def add_problem(self, path: str, error: str, message: str, missing: bool) -> None:
        """An input found unusable; ``missing`` when it names no file or folder."""
        self.db.execute("INSERT OR REPLACE INTO problem VALUES (?, ?, ?, ?)", (path, error, message, missing))

    def inputs(self) -> Iterator[InputFile]:
        """The files found, sorted by path."""
        for row in self._pages("SELECT path, size, mtime_ns, archive, member FROM input WHERE 1"):
            yield InputFile(*row)

    def input(self, path: str) -> InputFile:
        return InputFile(*self.db.execute("SELECT path, size, mtime_ns, archive, member FROM input WHERE path = ?",
                                          (path,)).fetchone())

    def problems(self) -> Iterator[tuple[str, str, str, bool]]:
        """``(path, error type, message, missing)`` of each problem, sorted by path."""
        for path, error, message, missing in self._pages("SELECT path, error, message, missing FROM problem WHERE 1"):
            yield path, error, message, bool(missing)

    def count_inputs(self) -> int:
        return self._one("SELECT (SELECT COUNT(*) FROM input) + (SELECT COUNT(*) FROM problem)")

    def set_content(self, path: str, sha256: str, hint: str, location: str) -> None:
        """The hashed content of a file to parse, its name's format hint and its place on disk."""
        self.db.execute("UPDATE input SET sha256 = ?, hint = ?, location = ? WHERE path = ?",
                        (sha256, hint, location, path))

    def content_paths(self, sha256: str, hint: str) -> list[str]:
        """The paths of one content with one hint, sorted (the paths of one parse request)."""
        return [row[0] for row in self.db.execute(
            "SELECT path FROM input WHERE sha256 = ? AND hint = ? ORDER BY path", (sha256, hint))]

    def location(self, path: str) -> str:
        return self._one("SELECT location FROM input WHERE path = ?", (path,))

    def duplicates(self) -> int:
        """Hashed paths whose content is another hashed path's."""
        return self._one("SELECT COUNT(*) - COUNT(DISTINCT sha256) FROM input WHERE sha256 IS NOT NULL")

    # --- the requests and the paths awaiting an answer --------------------------------------------

    def plan_requests(self) -> None:
        """One request per (content, hint), ordered by the content's first path, then the hint's."""
        self.db.execute("""
            INSERT INTO request (sha256, hint)
            SELECT sha256, hint FROM input JOIN (SELECT sha256, MIN(path) AS first FROM input
                                                 WHERE sha256 IS NOT NULL GROUP BY sha256) USING (sha256)
            GROUP BY sha256, hint ORDER BY first, MIN(path)""")

    def requests(self) -> Iterator[tuple[int, str, str]]:
        """``(number, sha256, hint)`` of each request, in order (rows may be dropped meanwhile)."""
        yield from self._pages("SELECT number, sha256, hint FROM request WHERE 1", key="number", start=-1)

    def drop_request(self, number: int) -> None:
        self.db.execute("DELETE FROM request WHERE number = ?", (number,))

    def count_requests(self) -> int:
        return self._one("SELECT COUNT(*) FROM request")

    def await_answer(self, key: str, paths: list[str]) -> None:
        """Mark ``paths`` as waiting for the answer of request ``key`` (their entries stay as they are)."""
        self.db.executemany("INSERT INTO entry (path, awaited) VALUES (?, ?) "
                            "ON CONFLICT (path) DO UPDATE SET awaited = excluded.awaited",
                            ((path, key) for path in paths))

    def next_path(self, after: str) -> tuple[str, str | None, str | None, str | None] | None:
        """``(path, status, report_id, awaited)`` of the first path sorted after ``after``."""
        return self.db.execute("SELECT path, status, report_id, awaited FROM entry WHERE path > ? "
                               "ORDER BY path LIMIT 1", (after,)).fetchone()

    def key_awaited(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM entry WHERE awaited = ? LIMIT 1", (key,)).fetchone() is not None

    def ok_paths(self, report_id: str, first_only: bool = False) -> list[str]:
        """The settled paths whose entry is ``ok`` with ``report_id``, sorted."""
        return [row[0] for row in self.db.execute(
            "SELECT path FROM entry WHERE report_id = ? AND status = 'ok' AND awaited IS NULL ORDER BY path"
            + (" LIMIT 1" if first_only else ""), (report_id,))]

    # --- what the run ends with -----------------------------------------------------------------

    def has_report(self, report_id: str) -> bool:
        """True when some path's entry is ``ok`` with this report."""
        return self.db.execute("SELECT 1 FROM entry WHERE report_id = ? AND status = 'ok' LIMIT 1",
                               (report_id,)).fetchone() is not None

    def count_reports(self) -> int:
        return self._one("SELECT COUNT(DISTINCT report_id) FROM entry WHERE status = 'ok'")

    def errors_of_inputs(self) -> dict[str, int]:
        """Error type → number of this run's inputs (files and problems) whose entry is an error."""
        return dict(self.db.execute(
            "SELECT error, COUNT(*) FROM entry WHERE status = 'error' AND (path IN (SELECT path FROM input) "
            "OR path IN (SELECT path FROM problem)) GROUP BY error ORDER BY error"))

    # --- helpers --------------------------------------------------------------------------------

    def _one(self, sql: str, params: tuple = ()):
        return self.db.execute(sql, params).fetchone()[0]

    def _pages(self, select: str, params: tuple = (), key: str = "path", start: str | int = "") -> Iterator[tuple]:
        """The rows of ``select`` (ending in a WHERE clause) sorted by ``key``, a page per query."""
        last = start
        while True:
            rows = self.db.execute(f"{select} AND {key} > ? ORDER BY {key} LIMIT {PAGE}", (*params, last)).fetchall()
            yield from rows
            if len(rows) < PAGE:
                return
            last = rows[-1][0]


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN")

    def __exit__(self, kind, error, trace) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
