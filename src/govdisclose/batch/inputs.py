"""Finding the input files of a batch: files, folders (recursive), globs and zip archives.

Contract: ``discover(inputs, exclude=OUTDIR)`` returns the files to convert, sorted by path, and
the problems found on the way (a missing input, an unsafe or oversized archive entry), each as
``(path, error)``; ``walk`` yields the same one at a time, unsorted, holding no list of them. A
file reached by several spellings (relative and absolute, ``..``, a symbolic link) is one input,
recorded under the first spelling given. Nothing is extracted here: ``materialize`` copies a zip
member into a work folder (inside OUTDIR) only when it has to be parsed, checking every limit
while it copies.

A zip member's path is ``archive.zip!name/inside.pdf``. A zip that is an Office document
(``[Content_Types].xml`` inside, e.g. DOCX) is a file to parse, not an archive. Zips inside
zips are not expanded.
"""

from __future__ import annotations

import glob
import hashlib
import os
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import (
    EncryptedDocument,
    GovDiscloseError,
    TooLarge,
    UnreadableInput,
    UnsafeArchiveEntry,
)
from ..limits import Limits
from ..sources import is_utf8, readable_path

MEMBER_SEPARATOR = "!"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OFFICE_MARKER = "[Content_Types].xml"
_CHUNK = 1 << 20
# The compression-ratio limit applies to members at least this large (small files vary widely).
_RATIO_FLOOR = 1 << 20
NO_SUCH_INPUT = "no such file or folder"
# A name the file system gives as bytes that are not UTF-8 (Python's surrogate escapes): no
# output can hold it, so the file is a problem, recorded under the name read as GB18030.
NOT_UTF8_NAME = ("its name is not UTF-8 (shown read as GB18030): rename it in UTF-8, e.g. "
                 "convmv -f gbk -t utf-8 -r --notest FOLDER, and convert again")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to convert: on disk, or a member of a zip archive on disk."""

    path: str  # as recorded in the outputs
    size: int
    mtime_ns: int  # of the file, or of the archive for a member
    archive: str | None = None
    member: str | None = None  # the entry's name as stored in the archive

    @property
    def name(self) -> str:
        """The file's own name: the last part of the path, inside the archive for a member."""
        inner = self.path[len(self.archive) + len(MEMBER_SEPARATOR):] if self.archive else self.path
        return PurePosixPath(inner.replace("\\", "/")).name if self.archive else Path(inner).name


Problem = tuple[str, GovDiscloseError]


def discover(inputs: list[str | Path], exclude: Path | None = None,
             limits: Limits | None = None) -> tuple[list[InputFile], list[Problem]]:
    """Expand ``inputs`` into files and problems, each sorted by path, without duplicates."""
    files: dict[str, InputFile] = {}
    problems: dict[str, GovDiscloseError] = {}
    seen: set[str] = set()

    def first_seen(real: str) -> bool:
        new = real not in seen
        seen.add(real)
        return new

    for found in walk(inputs, first_seen, exclude, limits):
        if isinstance(found, InputFile):
            files[found.path] = found
        else:
            problems[found[0]] = found[1]
    return sorted(files.values(), key=lambda f: f.path), sorted(problems.items())


def walk(inputs: Iterable[str | Path], first_seen: Callable[[str], bool], exclude: Path | None = None,
         limits: Limits | None = None) -> Iterator[InputFile | Problem]:
    """The files and problems of ``inputs`` as they are found, unsorted; a path found again
    replaces the earlier one. ``first_seen(real_path)`` is True the first time a real path is
    offered (and remembers it): the store of the paths seen is the caller's (a set, or one on disk)."""
    excluded = exclude.resolve() if exclude else None
    limits = limits or Limits()
    for given in inputs:
        for found in _expand(str(given)):
            if not isinstance(found, Path):
                yield readable_path(found[0]), found[1]
                continue
            real = found.resolve()
            if excluded and (real == excluded or excluded in real.parents):
                continue
            if not is_utf8(str(found)):
                yield readable_path(os.path.normpath(found)), UnreadableInput(NOT_UTF8_NAME)
            elif first_seen(_seen_key(real)):
                yield from _file(found, limits)


def _seen_key(real: Path) -> str:
    """The real path as UTF-8 text, told apart losslessly (a link may lead to a name that is not
    UTF-8: its bytes in hexadecimal)."""
    text = str(real)
    return text if is_utf8(text) else "bytes:" + os.fsencode(real).hex()


def _expand(given: str) -> Iterator[Path | Problem]:
    """The regular files an input names: itself, everything under a folder, a glob's matches."""
    path = Path(given)
    if path.is_dir():
        for folder, folders, names in os.walk(path):
            folders.sort()
            for name in sorted(names):
                if (Path(folder) / name).is_file():
                    yield Path(folder) / name
        return
    if path.is_file():
        yield path
        return
    if glob.has_magic(given):
        matches = sorted(glob.glob(given, recursive=True))
        if matches:
            for match in matches:
                yield from _expand(match)
            return
    yield os.path.normpath(given), UnreadableInput(NO_SUCH_INPUT)


def is_missing_input(error: GovDiscloseError) -> bool:
    """True for the problem ``discover`` records for an input that names no file or folder."""
    return type(error) is UnreadableInput and error.args == (NO_SUCH_INPUT,)


def _file(path: Path, limits: Limits) -> Iterator[InputFile | Problem]:
    """The file itself, or the members of a zip archive and their problems."""
    name = os.path.normpath(path)
    try:
        info = path.stat()
        archive = _is_archive(path)
    except OSError as error:
        yield name, UnreadableInput(f"cannot be read ({error.strerror})")
        return
    if not archive:
        yield InputFile(name, info.st_size, info.st_mtime_ns)
        return
    try:
        members, member_problems = _archive_members(path, name, info.st_mtime_ns, limits)
    except GovDiscloseError as error:
        yield name, error
        return
    yield from members
    yield from member_problems.items()


def _is_archive(path: Path) -> bool:
    with open(path, "rb") as stream:
        if stream.read(4) not in _ZIP_MAGIC:
            return False
    try:
        with zipfile.ZipFile(path) as archive:
            return _OFFICE_MARKER not in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False  # left to the parser, which will call it corrupt


def _archive_members(path: Path, name: str, mtime_ns: int,
                     limits: Limits) -> tuple[list[InputFile], dict[str, GovDiscloseError]]:
    """The members of a zip, after the archive-wide limits; unsafe members become problems."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableInput(f"the zip archive cannot be read ({error})") from error
    if len(entries) > limits.max_archive_entries:
        raise TooLarge(f"the archive has {len(entries)} entries, more than the limit of "
                       f"{limits.max_archive_entries}")
    total = sum(e.file_size for e in entries)
    if total > limits.max_archive_bytes:
        raise TooLarge(f"the archive holds {total} bytes uncompressed, more than the limit of "
                       f"{limits.max_archive_bytes}")
    members, problems = [], {}
    for entry in entries:
        if entry.is_dir():
            continue
        member = _member_name(entry)
        member_path = f"{name}{MEMBER_SEPARATOR}{member}"
        problem = _member_problem(entry, member, limits)
        if problem:
            problems[member_path] = problem
        else:
            members.append(InputFile(member_path, entry.file_size, mtime_ns, name, entry.filename))
    return members, problems


def _member_name(entry: zipfile.ZipInfo) -> str:
    """The member's name, re-decoded as GB18030 when the archive did not flag UTF-8 (Chinese Windows)."""
    if entry.flag_bits & 0x800:
        return entry.filename
    try:
        return entry.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return entry.filename


def _member_problem(entry: zipfile.ZipInfo, name: str, limits: Limits) -> GovDiscloseError | None:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
        return UnsafeArchiveEntry("the entry's name points outside the archive folder")
    if stat.S_ISLNK(entry.external_attr >> 16):
        return UnsafeArchiveEntry("the entry is a symbolic link")
    if entry.flag_bits & 0x1:
        return EncryptedDocument("the archive entry is encrypted")
    if entry.file_size > limits.max_file_bytes:
        return TooLarge(f"{entry.file_size} bytes, more than the limit of {limits.max_file_bytes}")
    if entry.file_size >= _RATIO_FLOOR and entry.file_size > limits.max_compression_ratio * max(
            entry.compress_size, 1):
        return TooLarge(f"compression ratio {entry.file_size / max(entry.compress_size, 1):.0f}:1, "
                        f"more than the limit of {limits.max_compression_ratio:.0f}:1")
    return None


def size_problem(file: InputFile, limits: Limits) -> GovDiscloseError | None:
    """TooLarge for a plain file over the per-file limit (members were checked on discovery)."""
    if file.size > limits.max_file_bytes:
        return TooLarge(f"{file.size} bytes, more than the limit of {limits.max_file_bytes}")
    return None


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def materialize(file: InputFile, work: Path, limits: Limits,
                archives: dict[str, zipfile.ZipFile] | None = None) -> tuple[Path, str]:
    """``(location on disk, sha256)``; a zip member is copied under ``work`` first.

    ``archives`` keeps zips open between calls (the caller closes them): a zip of thousands of
    members is then read once, not once per member.

    The copy stops with ``TooLarge`` as soon as it outgrows the member's declared size or the
    per-file limit, so a member whose header lies cannot fill the disk.
    """
    if file.archive is None:
        return Path(file.path), sha256_file(file.path)
    archive_key = hashlib.sha256(file.archive.encode()).hexdigest()[:16]
    folder = (work / archive_key).resolve()
    target = (folder / file.path[len(file.archive) + len(MEMBER_SEPARATOR):].replace("\\", "/")).resolve()
    if folder not in target.parents:  # unreachable after discovery's checks; kept as a guard
        raise UnsafeArchiveEntry("the entry's name points outside the archive folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    cap = min(file.size, limits.max_file_bytes)
    digest, written = hashlib.sha256(), 0
    opened = {} if archives is None else archives
    try:
        if file.archive not in opened:
            opened[file.archive] = zipfile.ZipFile(file.archive)
        with opened[file.archive].open(file.member) as source, open(target, "wb") as sink:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > cap:
                    raise TooLarge(f"the entry decompresses to more than its declared {cap} bytes")
                digest.update(chunk)
                sink.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as error:
        target.unlink(missing_ok=True)
        raise UnreadableInput(f"the archive entry cannot be extracted ({error})") from error
    except TooLarge:
        target.unlink(missing_ok=True)
        raise
    finally:
        if archives is None:
            for archive in opened.values():
                archive.close()
    return target, digest.hexdigest()
