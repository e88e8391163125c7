"""The first screen of a view, kept in a file beside the library: the app paints it before
it reads the library (0.5-0.8 s of parsing at 100,000 papers), then reads the library.

The file (`.~library.first` beside `library.json`, named as the lock and word files are,
which sync tools are told to leave alone) holds the first rows of one view, with the
counts the status line and the source pane show, and the stamps (inode, size, change
time) of the library's files as the library that wrote it had read them. It is exact or
nothing: read back for another view, or once any of the files has changed since, or
damaged, or in another format, it is refused, and the app starts by reading the
library. It is derived data: deleting it loses nothing but the head start.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, overload

import orjson

from .atomic import write_atomically
from .catalog import Catalog
from .conflict_copies import ConflictCopies
from .library_files import catalog_path_for, journal_path_for
from .records import PaperDoc, Source, StateDoc
from .results import EntryList
from .snapshot import Snapshot
from .view import View

ROWS: Final = 200
"""Rows kept: a screen of 160x50 shows about 45, and a taller one finds no first page."""
_MAGIC: Final = b"papershelf first page 1\n"
"""The file's first line; then the page (JSON), a newline and the page's digest."""

Stamp = tuple[int, int, int]
"""A file as `os.stat` finds it: inode, size, modification time (ns)."""
Stamps = tuple[Stamp | None, Stamp | None, Stamp | None]
"""The library file's, the journal's and the catalog's. The journal's time is left out
(0): a library knows how far it read the journal, not when it was last written."""


def first_page_path(library_path: Path) -> Path:
    """Where the first page of the library at `library_path` is kept."""
    return library_path.with_name(f".~{library_path.name.removesuffix('.json')}.first")


def stamps_on_disk(library_path: Path) -> Stamps:
    """The stamps of the library's files now (None for a file that is not there)."""
    library, journal = _stamp(library_path), _stamp(journal_path_for(library_path))
    return library, journal and (journal[0], journal[1], 0), _stamp(catalog_path_for(library_path))


def _stamp(path: Path) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


@dataclass(frozen=True, slots=True)
class FirstPage:
    """What the first frame of a view shows, as the library was when it was written."""

    view: View
    stamps: Stamps
    """The library's files as read for it (see `stamps_on_disk`)."""
    entries: EntryList
    """The view's papers: as many as the search found, the first `ROWS` of them readable."""
    total: int
    """The status line's total: the papers of the view's seed, or of the trash."""
    details: str
    """The status line's words for the view."""
    source: Source | None
    """The seed shown, if one is."""
    source_number: int
    """Its place among the seeds (from 1; 0 when none is shown)."""
    source_count: int
    """How many seeds the library has."""
    read: int
    """Papers read of the seed (or the library), trash aside."""
    source_total: int
    """Papers of the seed (or the library), trash aside."""
    trash_count: int
    names: tuple[str, ...]
    """The names of the seeds listing the first paper (the detail pane shows them)."""


def make_first_page(
    view: View, stamps: Stamps, found: EntryList, counts: Mapping[str, Any]
) -> FirstPage | None:
    """The first page of `found` (the view's search), with the library's `counts`."""
    rows = found.numbers[:ROWS]
    snapshot = found.snapshot
    docs = [snapshot.catalog.docs[number] for number in rows]
    states = {doc["id"]: state for doc in docs if (state := snapshot.states.get(doc["id"]))}
    entries = _entries(docs, states, len(found), found.has_authors)
    return FirstPage(view, stamps, entries, **counts)


def write_first_page(path: Path, page: FirstPage) -> None:
    """Keep `page` at `path`, replacing what was there; a folder that cannot be written
    keeps nothing (the next start reads the library)."""
    catalog = page.entries.snapshot.catalog
    body = orjson.dumps(
        {
            "view": _view_doc(page.view),
            "stamps": page.stamps,
            "shown": len(page.entries),
            "papers": list(catalog.docs),
            "has_authors": catalog.has_authors,
            "states": dict(page.entries.snapshot.states),
            "total": page.total,
            "details": page.details,
            "source": page.source.to_doc() if page.source else None,
            "source_number": page.source_number,
            "source_count": page.source_count,
            "read": page.read,
            "source_total": page.source_total,
            "trash_count": page.trash_count,
            "names": page.names,
        }
    )
    with suppress(OSError):
        write_atomically(path, [_MAGIC, body, b"\n", _digest(body)])


def first_page_of(library_path: Path, view: View) -> FirstPage | None:
    """The first page kept for `view` beside the library at `library_path`, if it still
    shows the library exactly: not while a sync tool's conflict copy waits beside it
    (opening the library merges the copy in, and the page would show the state before)."""
    if ConflictCopies(library_path).find():
        return None
    return read_first_page(first_page_path(library_path), view, stamps_on_disk(library_path))


def read_first_page(path: Path, view: View, stamps: Stamps) -> FirstPage | None:
    """The first page kept at `path` for `view`, if the library's files still have these
    `stamps`; None if there is none, or it is for another view or library state, or it
    cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_MAGIC):
        return None
    body, _, digest = data[len(_MAGIC) :].rpartition(b"\n")
    if digest != _digest(body):
        return None
    try:
        found = orjson.loads(body)
        if found["view"] != _view_doc(view) or found["stamps"] != [
            list(stamp) if stamp else None for stamp in stamps
        ]:
            return None
        source = found["source"]
        return FirstPage(
            view,
            stamps,
            _entries(
                found["papers"],
                found["states"],
                _count(found["shown"]),
                found["has_authors"] is True,
            ),
            _count(found["total"]),
            str(found["details"]),
            Source.from_doc(source) if source is not None else None,
            _count(found["source_number"]),
            _count(found["source_count"]),
            _count(found["read"]),
            _count(found["source_total"]),
            _count(found["trash_count"]),
            tuple(map(str, found["names"])),
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        return None


def _entries(
    docs: list[PaperDoc], states: dict[str, StateDoc], shown: int, has_authors: bool
) -> EntryList:
    """The first rows as a list of `shown` entries, only the first `len(docs)` readable,
    laid out as the whole library is (`has_authors`: with an authors column)."""
    catalog = Catalog(docs, (), has_authors=has_authors)
    return EntryList(_FirstRows(len(docs), shown), Snapshot.of(catalog, states))


class _FirstRows(Sequence[int]):
    """Paper numbers 0 to `known` - 1, in a sequence as long as the view's result."""

    def __init__(self, known: int, length: int) -> None:
        if known > length:
            raise ValueError("more rows than papers shown")
        self._known, self._length = known, length

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...
    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        if isinstance(index, slice):
            return range(self._known)[index]  # the rows past the first page are not here
        if not -self._length <= index < self._length:
            raise IndexError(index)
        number = index % self._length
        if number >= self._known:
            raise IndexError(f"row {number} is not on the first page")
        return number

    def __iter__(self) -> Iterator[int]:
        return iter(range(self._known))


def _count(value: object) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(f"not a count: {value!r}")
    return value


def _view_doc(view: View) -> dict[str, Any]:
    return {
        "query": view.query,
        "source_id": view.source_id,
        "unread_only": view.unread_only,
        "sort": view.sort.value,
        "trash": view.trash,
        "include_reports": view.include_reports,
    }


def _digest(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=20).hexdigest().encode()
