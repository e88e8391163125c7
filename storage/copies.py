"""Other copies of a library, read without writing a byte where they are.

A copy to merge can be a library on a USB stick or in an old backup, a sync tool's
conflict copy of one of the three files, or the versions git hands its merge driver.
Each is opened by `LibraryFiles` itself in a temporary folder, so it is checked (and
an older schema upgraded) exactly as a library this machine opens, while the original
stays as it was: a read-only stick, a backup, git's own files.

A journal holds whole state documents, so one without the library file it continues
(a conflict copy whose library file has been compacted since) still gives the state
of every paper it changed: it is read on top of an empty library file.
"""

from __future__ import annotations

import tempfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import orjson

from .catalog import Catalog
from .errors import LibraryCorruptError, LibraryError
from .library_files import SCHEMA_VERSION, LibraryFiles, catalog_path_for, journal_path_for
from .records import PaperDoc, SavedViewDoc, SourceDoc, StateDoc

if TYPE_CHECKING:
    from .conflict_copies import ConflictCopy

_NAME: Final = "library.json"
_EMPTY_CATALOG: Final = orjson.dumps(
    {
        "meta": {"1": {"schema_version": SCHEMA_VERSION, "app": "papershelf"}},
        "sources": {},
        "papers": {},
    }
)


@dataclass(frozen=True, slots=True)
class Copy:
    """Everything of a copy that a merge reads (its undo history stays where it is)."""

    name: str
    """What the copy is, for messages (a path, `library.sync-conflict-...json`)."""
    states: Mapping[str, StateDoc]
    papers: Sequence[PaperDoc]
    sources: Sequence[SourceDoc]
    last_stamp: int
    """The newest change stamp in it, for this machine's clock to stay above."""
    views: Mapping[str, SavedViewDoc] = field(default_factory=dict)
    """Its saved searches by name (a removed one as a marker)."""


_IMPORTED_SUFFIXES: Final = frozenset([".bib", ".ris", ".txt"])
"""What `import` reads: a merge given one was meant to be an import."""


def read_copy(path: Path) -> Copy:
    """The library at `path` (with its journal and catalog beside it), read only.

    Raises:
        LibraryError: it is not a papershelf library, or cannot be read; the message
            names `path`.
    """
    catalog = catalog_path_for(path)
    if not path.is_file():
        raise LibraryCorruptError(path, "no such library file")
    if path.suffix.lower() in _IMPORTED_SUFFIXES:
        reason = "it is a file to import, not a papershelf library (papershelf import reads it)"
        raise LibraryCorruptError(path, reason)
    if not catalog.is_file():
        reason = f"its catalog {catalog.name} is missing (it holds the papers)"
        raise LibraryCorruptError(path, reason)
    journal = journal_path_for(path)
    try:
        files = (path.read_bytes(), journal.read_bytes() if journal.exists() else None)
        catalog_bytes = catalog.read_bytes()
    except OSError as error:
        raise LibraryCorruptError(path, f"cannot read: {error.strerror}") from None
    return copy_of(str(path), *files, catalog_bytes)


def copy_of(name: str, library: bytes | None, journal: bytes | None, catalog: bytes | None) -> Copy:
    """A copy from the bytes of its files (any may be missing: a missing catalog has no
    papers, a missing library file no state beyond what the journal holds).

    Raises:
        LibraryError: the bytes are not a papershelf library; the message names `name`.
    """
    with opened(name, library, journal, catalog) as files:
        try:  # the papers' ids, checked as this library's own are when it loads them
            Catalog(files.catalog.papers, ())
        except ValueError as error:
            raise LibraryCorruptError(name, f"in its papers table, {error}") from None
        return Copy(
            name,
            files.state.states,
            files.catalog.papers,
            files.catalog.sources,
            files.state.last_stamp,
            files.state.views,
        )


@contextmanager
def opened(
    name: str, library: bytes | None, journal: bytes | None, catalog: bytes | None
) -> Iterator[LibraryFiles]:
    """The files, opened by `LibraryFiles` in a temporary folder (and writable there).

    Raises:
        LibraryError: the bytes are not a papershelf library; the message names `name`.
    """
    with tempfile.TemporaryDirectory(prefix="papershelf-copy-") as folder:
        path = Path(folder) / _NAME
        if library is None and journal is not None:
            library = _library_under(name, journal)
        if library is not None:
            path.write_bytes(library)
            catalog_path_for(path).write_bytes(catalog or _EMPTY_CATALOG)
        elif catalog is not None:
            catalog_path_for(path).write_bytes(catalog)
        if journal is not None:
            journal_path_for(path).write_bytes(journal)
        try:
            files = LibraryFiles(path)
        except LibraryError as error:
            reason = error.reason.replace(folder, "").replace(_NAME, Path(name).name)
            raise type(error)(name, reason) from None
        yield files


def journal_continues(journal: bytes) -> tuple[int, int] | None:
    """The (size, CRC-32) of the library file a journal continues, as its header says."""
    header = _header(journal)
    if header is None:
        return None
    size, crc = header.get("size"), header.get("crc32")
    return (size, crc) if type(size) is int and type(crc) is int and size else None


def identity(data: bytes) -> tuple[int, int]:
    """What a journal header names a library file by: its size and CRC-32."""
    return (len(data), zlib.crc32(data))


def _library_under(name: str, journal: bytes) -> bytes:
    """An empty library file that the journal's first record follows."""
    first = next((line for line in journal.splitlines()[1:] if line.strip()), None)
    try:
        seq = orjson.loads(first)["seq"] if first else 1
    except (orjson.JSONDecodeError, KeyError, TypeError):
        raise LibraryCorruptError(name, "its second line is not a papershelf change") from None
    if _header(journal) is None or type(seq) is not int:
        raise LibraryCorruptError(name, "not a papershelf journal (no header line)")
    meta = {"schema_version": SCHEMA_VERSION, "app": "papershelf", "journal_seq": seq - 1}
    tables: dict[str, Any] = {
        "meta": {"1": meta},
        "state": {},
        "history": {"1": {"undo": [], "redo": []}},
    }
    return orjson.dumps(tables)


def _header(journal: bytes) -> dict[str, Any] | None:
    try:
        header = orjson.loads(journal.split(b"\n", 1)[0])
    except orjson.JSONDecodeError:
        return None
    return header if isinstance(header, dict) and header.get("journal") else None


def read_conflict_copies(
    found: Sequence[ConflictCopy], library: Path
) -> tuple[list[Copy], list[tuple[ConflictCopy, str]]]:
    """The copies to merge, and those that cannot be read (with why).

    A journal is read on top of the library file its header names (this library's own,
    or a conflict copy of it); without it, its records alone still give the state of
    every paper it changed.
    """
    data: dict[ConflictCopy, bytes] = {}
    unreadable: list[tuple[ConflictCopy, str]] = []
    for copy in found:
        try:
            data[copy] = copy.path.read_bytes()
        except OSError as error:
            unreadable.append((copy, f"cannot read it ({error.strerror})"))
    libraries = {identity(raw): raw for copy, raw in data.items() if copy.role == "library"}
    with suppress(OSError):
        current = library.read_bytes()
        libraries.setdefault(identity(current), current)
    copies = []
    for copy, raw in data.items():
        name = copy.path.name
        try:
            if copy.role == "catalog":
                copies.append(copy_of(name, None, None, raw))
            elif copy.role == "library":
                copies.append(copy_of(name, raw, None, None))
            else:
                copies.append(_journal_copy(name, raw, libraries))
        except LibraryError as error:
            unreadable.append((copy, error.reason))
    return copies, unreadable


def _journal_copy(name: str, raw: bytes, libraries: dict[tuple[int, int], bytes]) -> Copy:
    pinned = libraries.get(journal_continues(raw) or (0, 0))
    if pinned is not None:
        with suppress(LibraryError):  # then read on its own, below
            return copy_of(name, pinned, raw, None)
    return copy_of(name, None, raw, None)
