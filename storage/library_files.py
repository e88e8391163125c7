"""The library on disk: the one class that owns its files, its lock and what was read.

A library is three files beside each other, plus a lock file:

- the *library file* (the path the user names, TinyDB format): `meta`, the reader's
  `state` (one document a paper) and the undo `history`, as of the last compaction;
- the *journal* (`<name>.journal`): every change since, one JSON line each, appended
  and fsynced. A change costs one append of its own size, not a rewrite of the
  reader's whole state: at 100,000 papers with realistic state the library file is
  24 MB, whose encoding alone takes 34 ms, where a toggle's append takes 1-2 ms with
  its fsync. A line holds the new state documents of the papers it changed (`put`),
  or, for a change over many papers (since schema 5), only its undo step: readers
  make the documents from it as the writer did (`history.replayed`), so that a tag
  over 100,000 papers writes 2 MB instead of 25. When the journal passes
  `COMPACT_AFTER_BYTES`, the next write folds it into the library file (atomic
  rename) and starts a new journal;
- the *catalog* (`<name>.catalog.json`, TinyDB format): `meta`, the imported `sources`
  and `papers`, and `redo`, the papers an undone import took out, kept for redo.
  Imports rewrite it atomically.

Both JSON files stay TinyDB databases (a test opens them with TinyDB), but are read
and written here with orjson: TinyDB's JSONStorage parses with the json module and
`Table.all()` wraps every document, which reads a 100,000-paper catalog in twice the
time (0.60 s against 0.30 s, best of three, 2026-12-01 on the benchmark machine), and
it writes over the file in place, which a crash can leave half-written.
Both are written a thousand documents a line and read a line at a time (see
`json_lines`), so that a thread reading another process's import lets the app's event
loop run between lines instead of holding it for the whole parse.

There is one read path (`_reload`) and one write path (`_append_line`, `write_catalog`,
`compact`, each followed by `_reload`): what this class holds in memory is always what
was read from disk (or, after a compaction or an append, what was just written there
whole and fsynced), so a refused write can leave nothing behind. Documents once read
are never edited, only replaced, so a snapshot handed out stays as it was.

Reading needs no lock: the journal is opened before the library file is read, and a
compaction renames a complete new library file into place before it replaces the
journal, so a reader sees the old pair or the new one, never a gap. A torn last
journal line (a writer killed mid-append) is ignored by readers and cut off by the
next writer.
"""

from __future__ import annotations

import glob
import os
import re
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Final, cast

import orjson

from . import json_lines
from .atomic import TEMP_SUFFIX, temp_prefix, write_atomically
from .collector import collector_paused
from .errors import LibraryCorruptError, LibraryVersionError, LibraryWriteError
from .history import HistoryDoc, HistoryOp, StepDoc, empty_history, replayed, with_op
from .locking import LOCK_TIMEOUT, FileLock, WaitListener
from .records import PRIORITIES, STATUSES, PaperDoc, SavedViewDoc, SourceDoc, StateDoc, Tables
from .sharing import PaperIds, Sharing
from .state_fields import TAG_PREFIX
from .state_map import StateMap, doc_id

SCHEMA_VERSION: Final = 5
"""Bump with a migration whenever the stored shape changes (5: journal lines that hold
their step instead of their documents, which an older papershelf must not read)."""
COMPACT_AFTER_BYTES: Final = 4 * 1024 * 1024
"""Fold the journal into the library file once it is this large."""
SHARE_ABOVE_BYTES: Final = 8 * 1024 * 1024
"""Files from this size on have their repeated values shared as they are read (see
`sharing`): a catalog of about 20,000 papers, a state of 35,000."""

_LIBRARY_TABLES: Final = ("meta", "state")
_CATALOG_TABLES: Final = ("meta", "sources", "papers")
_META_KEY: Final = "1"
_HISTORY_KEY: Final = "1"
_VIEWS_KEY: Final = "1"
_HEX_ID: Final = re.compile(r"[0-9a-f]{16}")
_HEX_IDS: Final = re.compile(r"(?:[0-9a-f]{16})+")
_DECIMAL: Final = re.compile(r"[0-9]+")
_JOURNAL_HEADER: Final = "papershelf-journal"
_FROM_STEP: Final = "from_step"
"""Marks a journal line whose documents are made from its step (no `put`)."""
_CATALOG_BULK: Final = "papers"
_LIBRARY_BULK: Final = "state"


def catalog_path_for(path: Path) -> Path:
    """Where the catalog of the library at `path` lives."""
    return path.with_name(path.name.removesuffix(".json") + ".catalog.json")


def journal_path_for(path: Path) -> Path:
    """Where the change journal of the library at `path` lives."""
    return path.with_name(path.name.removesuffix(".json") + ".journal")


def lock_path_for(path: Path) -> Path:
    """The lock file beside the library: `.~lock.<name>#`, a name sync tools leave
    alone (LibreOffice's lock files have it, and Dropbox and Nextcloud skip those)."""
    return path.with_name(f".~lock.{path.name}#")


@dataclass(frozen=True, slots=True)
class StoredState:
    """The reader's side of the library as read: never edited, only replaced."""

    states: StateMap = field(default_factory=lambda: StateMap({}))
    """State documents by paper id."""
    history: HistoryDoc = field(default_factory=empty_history)
    seq: int = 0
    """The last journal record applied."""
    last_stamp: int = 0
    """The newest change stamp written (the clock stays above it)."""
    views: Mapping[str, SavedViewDoc] = field(default_factory=dict)
    """The saved searches by name, a removed one as a marker (see `saved_views`)."""


@dataclass(frozen=True, slots=True)
class StoredCatalog:
    """The imported side of the library as read."""

    papers: Sequence[PaperDoc] = ()
    """In stored order: a paper's position is its number in the `Catalog`."""
    sources: Sequence[SourceDoc] = ()
    redo: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    """Papers and sources an undone import took out, by the undo's stamp (as text)."""


@dataclass(frozen=True, slots=True)
class Delta:
    """What a reload found changed since the previous one."""

    catalog: bool = False
    paper_ids: frozenset[str] = frozenset()
    """Papers whose state document changed."""
    history: bool = False
    views: bool = False
    """The saved searches changed."""

    def __bool__(self) -> bool:
        return self.catalog or bool(self.paper_ids) or self.history or self.views

    def __or__(self, other: Delta) -> Delta:
        return Delta(
            self.catalog or other.catalog,
            self.paper_ids | other.paper_ids,
            self.history or other.history,
            self.views or other.views,
        )


@dataclass(frozen=True, slots=True)
class _FileStamp:
    """What identifies one version of a file without reading it."""

    inode: int
    size: int
    mtime_ns: int


def _as_tuple(stamp: _FileStamp | None) -> tuple[int, int, int] | None:
    return None if stamp is None else (stamp.inode, stamp.size, stamp.mtime_ns)


class _OlderSchema(Exception):
    """A file of an older schema: upgraded on open, refused afterwards."""

    def __init__(self, path: Path, version: int, tables: Tables) -> None:
        self.path = path
        self.version = version
        self.tables = tables


class LibraryFiles:
    """A library's files: read without the lock, written under it, cached as read."""

    def __init__(
        self,
        path: Path,
        *,
        lock_timeout: float = LOCK_TIMEOUT,
        on_lock_wait: WaitListener | None = None,
        share_values: bool = True,
    ) -> None:
        """Open (creating if missing) the library at `path`, upgrading an older one;
        `share_values=False` reads large files without `sharing`, for a command that
        ends soon (the memory it saves costs 0.2-0.3 s of CPU at 100,000 papers).

        Raises:
            LibraryCorruptError: a file is not a papershelf library.
            LibraryVersionError: a file is from a newer schema.
            LibraryWriteError: a new library cannot be created there, or an older one
                cannot be upgraded.
        """
        if path.is_symlink():  # the catalog and journal live beside the real file
            path = Path(os.path.realpath(path))
        self.path = path
        """The library file (reader's state)."""
        self.catalog_path = catalog_path_for(path)
        """The catalog file (imported data)."""
        self.journal_path = journal_path_for(path)
        """The change journal."""
        self._lock = FileLock(
            lock_path_for(path),
            protects=path,
            timeout=lock_timeout,
            on_wait=on_lock_wait,
        )
        self.state = StoredState()
        """The reader's state as last read."""
        self.catalog = StoredCatalog()
        """The imported data as last read."""
        self._base = StoredState()
        self._base_stamp: _FileStamp | None = None
        self._base_crc: tuple[int, int] | None = None
        self._catalog_stamp: _FileStamp | None = None
        self._journal_inode: int | None = None
        self._journal_end = 0
        self._reading = threading.RLock()
        self._share_above = SHARE_ABOVE_BYTES if share_values else None
        if self._opened_without_writing():
            return
        with self._lock:
            self._remove_stale_temp_files()
            self._create_missing()
            try:
                self._reload(compare=False)
            except _OlderSchema:
                self._upgrade()
                self._reload(compare=False)

    def own_files(self) -> tuple[Path, ...]:
        """Every file beside the library that papershelf keeps (nothing may be saved over
        them)."""
        return (self.path, self.catalog_path, self.journal_path, self._lock.path)

    def read_stamps(self) -> tuple[tuple[int, int, int] | None, ...]:
        """The library file, the journal (as far as it was read) and the catalog as last
        read, in the form `storage.first_page.stamps_on_disk` finds them on disk."""
        journal = (
            None if self._journal_inode is None else (self._journal_inode, self._journal_end, 0)
        )
        return _as_tuple(self._base_stamp), journal, _as_tuple(self._catalog_stamp)

    @property
    def on_lock_wait(self) -> WaitListener | None:
        """Told whom a write waits for, once it has waited a while."""
        return self._lock.on_wait

    @on_lock_wait.setter
    def on_lock_wait(self, listener: WaitListener | None) -> None:
        self._lock.on_wait = listener

    # Reading ---------------------------------------------------------------------------

    def reload(self) -> Delta:
        """Read whatever another process changed since the last read (no lock needed).

        Raises:
            LibraryCorruptError: a file became unreadable or was replaced by something
                that is not this library.
        """
        try:
            return self._reload()
        except _OlderSchema as old:
            reason = f"replaced by a library of an older schema ({old.version}); reopen it"
            raise LibraryCorruptError(old.path, reason) from None

    def poll(self) -> Delta:
        """`reload`, unless this process is writing right now: that write reads in under
        the lock whatever others wrote, and reports it. A poll meeting it halfway would
        read the write's own change back (a 25 MB line, after a change to 100,000
        papers), on whichever thread polls."""
        if self._lock.held:
            return Delta()
        return self.reload()

    def _reload(self, *, compare: bool = True) -> Delta:
        """Read what changed; `compare`: tell which state documents did (the open does
        not ask: every one is new to it, and listing them cost 5% of the open)."""
        with self._reading:  # a poll and a writer's read-back may meet here
            return self._read_changes(compare)

    def _read_changes(self, compare: bool) -> Delta:
        catalog_read, paper_ids = self._reload_catalog()
        delta = Delta(catalog=catalog_read)
        journal = self._open_journal()  # before the library file: see the module docstring
        try:
            stamp = self._stat(self.path)
            if stamp is None:
                raise LibraryCorruptError(self.path, "the library file has disappeared")
            old_state = self.state
            read_again = False
            if stamp != self._base_stamp:
                header = self._journal_header(journal)
                self._base, self._base_crc = self._load_state(header, paper_ids)
                self._base_stamp = stamp
                read_again = True
            journal_inode = None if journal is None else os.fstat(journal).st_ino
            size = 0 if journal is None else os.fstat(journal).st_size
            if journal_inode != self._journal_inode or size < self._journal_end:
                read_again = True  # a new journal, or a torn tail was cut off
            self._journal_inode = journal_inode
            if read_again:
                self.state, self._journal_end = self._base, 0
            puts = Delta()
            if journal is not None and size > self._journal_end:
                puts = self._apply_journal(journal, size)
        finally:
            if journal is not None:
                os.close(journal)
        if read_again and compare:
            return delta | _state_delta(old_state, self.state)
        return delta | puts

    def _reload_catalog(self) -> tuple[bool, PaperIds | None]:
        """Read the catalog if it changed; says whether it did, with its paper ids for
        the state read next to share (see `sharing`) when it is large enough for that.
        """
        stamp = self._stat(self.catalog_path)
        if stamp is None and not self.path.parent.is_dir():
            raise LibraryCorruptError(self.path, f"its folder {self.path.parent} has disappeared")
        if stamp is None:
            reason = f"its catalog {self.catalog_path.name} has disappeared (it holds the papers)"
            raise LibraryCorruptError(self.path, reason)
        if stamp == self._catalog_stamp:
            return False, None
        raw = self._read_bytes(self.catalog_path)
        sharing = _sharing(raw, Sharing.for_catalog, self._share_above)
        tables = self._parse(self.catalog_path, raw, _CATALOG_TABLES, sharing)
        del raw  # 37 MB at 100,000 papers, not held while the rest is made
        papers = cast(list[PaperDoc], list(tables["papers"].values()))
        sources = cast(list[SourceDoc], list(tables["sources"].values()))
        paper_ids = None if sharing is None else PaperIds(papers)
        if paper_ids is not None:
            for source in sources:  # just parsed, not yet handed out
                source["paper_ids"] = paper_ids.share(source.get("paper_ids"))
        self.catalog = StoredCatalog(papers, sources, tables.get("redo", {}))
        self._catalog_stamp = stamp
        return True, paper_ids

    def _load_state(
        self, header: dict[str, Any] | None, paper_ids: PaperIds | None = None
    ) -> tuple[StoredState, tuple[int, int]]:
        """The library file as a `StoredState`, checked document by document unless the
        journal vouches for it (papershelf wrote it: its size and CRC are in the header);
        its paper ids the catalog's objects where `paper_ids` is given (see `sharing`).
        """
        raw = self._read_bytes(self.path)
        crc = (len(raw), zlib.crc32(raw))
        sharing = _sharing(raw, partial(Sharing.for_state, paper_ids), self._share_above)
        tables = self._parse(self.path, raw, _LIBRARY_TABLES, sharing)
        trusted = header is not None and (header.get("size"), header.get("crc32")) == crc
        table = tables["state"]
        if not trusted:
            for key, doc in table.items():
                _check_state_doc(self.path, f"state document {key!r}", doc, key)
        # Keyed as parsed; each key was checked against its paper id above, unless
        # papershelf wrote the file (then the key is the paper id in decimal).
        states = StateMap(cast(dict[str, StateDoc], table))
        meta = tables["meta"][_META_KEY]
        history = tables.get("history", {}).get(_HISTORY_KEY) or empty_history()
        views = tables.get("views", {}).get(_VIEWS_KEY) or {}
        if paper_ids is not None and sharing is not None:
            _share_import_ids(history, paper_ids)
        if not trusted:
            _check_history(self.path, history)
            _check_views(self.path, "the saved searches", views)
        stored = StoredState(
            states,
            cast(HistoryDoc, history),
            _int(meta.get("journal_seq")),
            _int(meta.get("last_stamp")),
            cast(dict[str, SavedViewDoc], views),
        )
        return stored, crc

    def _apply_journal(self, fd: int, size: int) -> Delta:
        """Apply the complete lines after what was read; a torn last line waits.

        Returns the papers and history the applied records changed.
        """
        data = os.pread(fd, size - self._journal_end, self._journal_end)
        end = data.rfind(b"\n") + 1
        state = self.state
        changes: dict[str, StateDoc] = {}
        history, seq, last_stamp = state.history, state.seq, state.last_stamp
        views = state.views
        for line_number, line in enumerate(data[:end].splitlines(), start=1):
            record = self._parse_record(line, line_number)
            if record is None or record["seq"] <= seq:
                continue  # the header, or a record the library file already holds
            if record["seq"] != seq + 1:
                reason = f"journal record {record['seq']} follows {seq}: records are missing"
                raise LibraryCorruptError(self.journal_path, reason)
            seq = record["seq"]
            last_stamp = max(last_stamp, record["stamp"])
            if record["put"] is None:

                def current(ids: list[str]) -> list[StateDoc | None]:
                    docs = state.states.docs_of(ids)
                    return [changes.get(pid) or doc for pid, doc in zip(ids, docs, strict=True)]

                changes.update(replayed(record["history"][1], current, record["stamp"]))
            else:
                changes.update(record["put"])
            if record["history"]:
                op, step = record["history"]
                history = with_op(history, op, step)
            if record.get("views"):
                views = {**views, **record["views"]}
        self._journal_end += end
        if seq == state.seq:
            return Delta()
        states = state.states.with_changes(changes) if changes else state.states
        self.state = StoredState(states, history, seq, last_stamp, views)
        return Delta(
            paper_ids=frozenset(changes),
            history=history is not state.history,
            views=views is not state.views,
        )

    def _parse_record(self, line: bytes, number: int) -> dict[str, Any] | None:
        where = f"journal line {number}"
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            raise LibraryCorruptError(self.journal_path, f"{where} is not JSON ({error})") from None
        if not isinstance(record, dict):
            raise LibraryCorruptError(self.journal_path, f"{where} is not a JSON object")
        if record.get("journal") == _JOURNAL_HEADER:
            return None
        seq, stamp, put = record.get("seq"), record.get("stamp"), record.get("put")
        from_step = put is None and record.get(_FROM_STEP) is True
        if from_step:
            history = record.get("history")
            if not (
                isinstance(history, list)
                and len(history) == 2
                and history[0] == "did"
                and isinstance(history[1], dict)
            ):
                reason = f"{where} has neither documents nor the step to make them"
                raise LibraryCorruptError(self.journal_path, reason)
            record["put"] = None  # made from the step by `_apply_journal`
        documents = from_step or isinstance(put, dict)
        if type(seq) is not int or type(stamp) is not int or not documents:
            raise LibraryCorruptError(self.journal_path, f"{where} is not a papershelf change")
        if _line_is_sealed(line):
            return record  # written whole by papershelf: no need to check each document
        if from_step:
            _check_step_fields(self.journal_path, where, record["history"][1].get("fields"))
        for paper_id, doc in (put or {}).items():
            _check_state_doc(self.journal_path, f"{where}, paper {paper_id!r}", doc)
            if doc["paper_id"] != paper_id:
                reason = f"{where}: the state of {paper_id!r} names {doc['paper_id']!r}"
                raise LibraryCorruptError(self.journal_path, reason)
        history = record.get("history")
        if history is not None and not (
            isinstance(history, list)
            and len(history) == 2
            and history[0] in ("did", "undid", "redid", "kept")
            and isinstance(history[1], dict)
        ):
            raise LibraryCorruptError(self.journal_path, f"{where}: unreadable history step")
        if history is not None and history[0] == "kept":
            _check_history(self.journal_path, history[1])
        _check_views(self.journal_path, f"{where}: the saved searches", record.get("views", {}))
        record.setdefault("history", None)
        return record

    # Writing ---------------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[Delta]:
        """Hold the lock, with everything other processes wrote read in first.

        Yields what that reload found changed. Inside, `append` and `write_catalog`
        may be called; what they write is read back before they return.

        Raises:
            LibraryWriteError: the library is read-only, or another process held the
                lock for too long (`LibraryLockedError`).
        """
        with self._lock:
            self._check_writable()
            delta = self.reload()
            if self.compaction_due:
                delta |= self._compact()
            yield delta

    def append(
        self,
        puts: Mapping[str, StateDoc],
        stamp: int,
        history: tuple[HistoryOp, StepDoc | HistoryDoc] | None = None,
        views: Mapping[str, SavedViewDoc] | None = None,
        *,
        from_step: bool = False,
    ) -> Delta:
        """Write one change: state documents by paper id, its history step, and the
        saved searches it replaces (by name).

        All of it is one journal line, written and fsynced before this returns: after
        a crash it is there whole or not at all. `from_step`: the line holds the step
        (a "did" one) but not the documents, which `history.replayed` makes from the
        step and the documents before it; the caller vouches that `puts` is what that
        gives.

        Raises:
            LibraryWriteError: the disk is full or the file cannot be written; nothing
                of the change is kept, on disk or here.
        """
        self._require_lock()
        state = self.state
        record: dict[str, Any] = {"seq": state.seq + 1, "stamp": stamp}
        if from_step:
            assert history is not None and history[0] == "did"
            record[_FROM_STEP] = True
        else:
            record["put"] = puts
        record["history"] = list(history) if history else None
        if views:
            record["views"] = dict(views)
        line = _sealed(orjson.dumps(record)) + b"\n"
        end = self._journal_end
        # A reload on another thread waits for the line and its taking in (see `poll`).
        with self._reading:
            if not self._append_line(line) or views:
                return self.reload()  # saved searches are few and rare: read them back
            # The line went, fsynced, right after everything read from this journal: take
            # it as read instead of parsing it back, which for a change over 100,000
            # papers (a 25 MB line) cost 1.3 s and gives nothing the fsync has not made
            # sure of.
            if self._journal_end == end:  # else a reload has just read the line back
                self._journal_end += len(line)
                self.state = StoredState(
                    state.states.with_changes(puts) if puts else state.states,
                    with_op(state.history, *history) if history else state.history,
                    state.seq + 1,
                    max(state.last_stamp, stamp),
                    state.views,
                )
        return Delta(paper_ids=frozenset(puts), history=history is not None)

    def write_catalog(
        self,
        papers: Sequence[PaperDoc],
        sources: Sequence[SourceDoc],
        redo: Mapping[str, dict[str, Any]],
    ) -> Delta:
        """Replace the catalog in one atomic write (papers in the given order).

        Raises:
            LibraryWriteError: the file or its folder cannot be written.
        """
        self._require_lock()
        tables: Tables = {
            "meta": {_META_KEY: self._meta()},
            "sources": {doc_id(source["id"]): source for source in sources},
            "papers": {doc_id(paper["id"]): paper for paper in papers},
            "redo": dict(redo),
        }
        self._write_file(self.catalog_path, json_lines.dump_lines(tables, _CATALOG_BULK))
        # Take what was just written, fsynced and renamed into place as read, instead of
        # parsing it back: that was a quarter of a 10,000-entry .bib import and 0.5 s of
        # an import at 100,000 papers. The documents are JSON values already (a test
        # holds them to what a fresh read gives), so nothing differs but the time.
        self.catalog = StoredCatalog(list(papers), list(sources), dict(redo))
        self._catalog_stamp = self._stat(self.catalog_path)
        return Delta(catalog=True) | self.reload()

    def compact(self) -> Delta:
        """Fold the journal into the library file now."""
        with self._lock:
            self._check_writable()
            self.reload()
            return self._compact()

    @property
    def compaction_due(self) -> bool:
        """Whether the journal as read has grown past `COMPACT_AFTER_BYTES`."""
        return self._journal_end >= COMPACT_AFTER_BYTES

    def compact_if_due(self) -> Delta | None:
        """`compact`, if the journal has grown past `COMPACT_AFTER_BYTES` and no other
        process holds the lock: a chore for an idle moment, so that the next change does
        not pay for it. None when there was nothing to do or it would have waited.

        Raises:
            LibraryWriteError: the library is read-only.
        """
        if not self.compaction_due:
            return None
        with self._lock.if_free() as free:
            if not free:
                return None
            self._check_writable()
            delta = self.reload()
            if not self.compaction_due:  # another process has just done it
                return delta
            return delta | self._compact()

    def _compact(self) -> Delta:
        """Write the state as read into the library file, then start a new journal."""
        state = self.state
        tables: Tables = {
            "meta": {
                _META_KEY: self._meta() | {"journal_seq": state.seq, "last_stamp": state.last_stamp}
            },
            "state": dict(state.states.by_doc_id()),
            "history": {_HISTORY_KEY: state.history},
            "views": {_VIEWS_KEY: dict(state.views)},
        }
        data = json_lines.dumps(tables, _LIBRARY_BULK)
        with self._reading:  # a poll on another thread would read the new files back
            self._write_file(self.path, data)
            header = _header_of(data)
            self._write_file(self.journal_path, header)
            # Both files now hold exactly `state`: take it as the new base instead of
            # reading the file back, which would hold every state document twice for a
            # moment (80 MB at 100,000 papers) and gives nothing the write has not just
            # made sure of.
            self._base, self._base_crc = state, (len(data), zlib.crc32(data))
            self._base_stamp = self._stat(self.path)
            self._journal_inode = os.stat(self.journal_path).st_ino
            self._journal_end = len(header)
            return self.reload()

    def _append_line(self, line: bytes) -> bool:
        """Append and fsync one line; True when it went to the end of the journal as read
        (False: the journal was new, and is read again)."""
        mode = self._mode()
        try:
            fd = os.open(self.journal_path, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, mode)
        except OSError as error:
            raise self._write_error(self.journal_path, error) from error
        try:
            info = os.fstat(fd)
            if info.st_size == 0:  # a new journal (or an older papershelf's library)
                line = _header(*(self._base_crc or (0, 0))) + line
            elif info.st_ino != self._journal_inode:
                raise LibraryWriteError(
                    self.journal_path, "the journal was replaced under the lock"
                )
            elif info.st_size > self._journal_end:
                os.ftruncate(fd, self._journal_end)  # a killed writer's torn line
            try:
                os.lseek(fd, self._journal_end if info.st_size else 0, os.SEEK_SET)
                view = memoryview(line)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            except OSError as error:
                os.ftruncate(fd, self._journal_end if info.st_size else 0)  # take it back
                raise self._write_error(self.journal_path, error) from error
        finally:
            os.close(fd)
        return info.st_size > 0

    def _write_file(self, path: Path, data: bytes | Iterator[bytes]) -> None:
        try:
            write_atomically(path, data)
        except OSError as error:
            raise self._write_error(path, error) from error

    def _write_error(self, path: Path, error: OSError) -> LibraryWriteError:
        reason = error.strerror or str(error)
        if error.filename == str(path.parent):
            return LibraryWriteError(self.path, f"cannot write in {path.parent}: {reason}")
        return LibraryWriteError(self.path, f"write failed: {reason}")

    def _check_writable(self) -> None:
        """Refuse to write a library the reader made read-only, also as root (who could)."""
        for path in (self.path, self.catalog_path, self.journal_path):
            if path.exists() and not _may_write(path):
                raise LibraryWriteError(path, "the file is read-only")

    def _require_lock(self) -> None:
        if not self._lock.held:
            raise RuntimeError("write the library inside LibraryFiles.writing()")

    def _mode(self) -> int:
        """New files beside the library get the library file's permissions."""
        try:
            return self.path.stat().st_mode & 0o666
        except OSError:
            return 0o644

    def _meta(self) -> dict[str, Any]:
        return {"schema_version": SCHEMA_VERSION, "app": "papershelf"}

    # Opening ---------------------------------------------------------------------------

    def _opened_without_writing(self) -> bool:
        """Open a library of this schema without the lock, as every read is made.

        Only creating, upgrading and tidying up write, and only they need the lock: so
        `list` and the app open at once while another process holds it (a stuck or
        stopped writer), and a read-only library opens at all. The tidying up of a killed
        writer's temporary files is left for an open that finds the lock free.
        """
        if not (self.path.exists() and self.catalog_path.exists()):
            return False
        try:
            self._reload(compare=False)
        except _OlderSchema:
            return False
        with self._lock.if_free() as held:
            if held:
                self._remove_stale_temp_files()
        return True

    def _remove_stale_temp_files(self) -> None:
        """Delete temporary files a killed writer left behind (the lock is held)."""
        for path in (self.path, self.catalog_path, self.journal_path):
            for prefix in (temp_prefix(path), f".{path.name}."):  # an older papershelf's too
                for leftover in path.parent.glob(f"{glob.escape(prefix)}*{TEMP_SUFFIX}"):
                    leftover.unlink(missing_ok=True)

    def _create_missing(self) -> None:
        if self.path.exists():
            if not self.catalog_path.exists():
                with suppress(_OlderSchema):  # no library, or a newer one, says so first
                    self._parse(self.path, self._read_bytes(self.path), _LIBRARY_TABLES)
                reason = f"its catalog {self.catalog_path.name} is missing (it holds the papers)"
                raise LibraryCorruptError(self.path, reason)
            return
        if not self.catalog_path.exists():
            empty: Tables = {"meta": {_META_KEY: self._meta()}, "sources": {}, "papers": {}}
            self._write_file(self.catalog_path, orjson.dumps(empty))
        library: Tables = {
            "meta": {_META_KEY: self._meta() | {"journal_seq": 0, "last_stamp": 0}},
            "state": {},
            "history": {_HISTORY_KEY: empty_history()},
        }
        data = orjson.dumps(library)
        self._write_file(self.path, data)
        self._write_file(self.journal_path, _header_of(data))

    def _upgrade(self) -> None:
        """Upgrade older files to this schema, after a checked backup of each."""
        from .migrations import CATALOG_STEPS, LIBRARY_STEPS, make_backup, migrate  # rarely run

        plan = [(self.path, LIBRARY_STEPS), (self.catalog_path, CATALOG_STEPS)]
        versions = []
        for path, _ in plan:
            tables = self._parse_any_version(path)
            versions.append((tables, _version(path, tables)))
        for (path, _), (_, version) in zip(plan, versions, strict=True):
            if version < SCHEMA_VERSION:
                make_backup(path, version)
                if path == self.path and self.journal_path.exists():
                    # its last changes are in the journal, which the upgrade replaces
                    make_backup(self.journal_path, version)
        for (path, steps), (tables, version) in reversed(list(zip(plan, versions, strict=True))):
            if version < SCHEMA_VERSION:  # the catalog first, the reader's state last
                if path == self.path:  # the journal is replaced below: its changes first
                    tables = self._with_journal(tables)
                upgraded = migrate(tables, steps, version, SCHEMA_VERSION)
                data = json_lines.dumps(upgraded, self._bulk_table(path))
                self._write_file(path, data)
                if path == self.path:
                    self._write_file(self.journal_path, _header_of(data))

    def _with_journal(self, tables: Tables) -> Tables:
        """An older library file's tables with its journal's changes folded in, so that
        the upgrade, which starts a new journal, keeps the last changes made before it
        (they were lost: the changes since the last compaction).

        Raises:
            LibraryCorruptError: a journal line is unreadable, or records are missing.
        """
        fd = self._open_journal()
        if fd is None:
            return tables
        try:
            data = os.pread(fd, os.fstat(fd).st_size, 0)
        finally:
            os.close(fd)
        meta = dict(tables["meta"][_META_KEY])
        seq, last_stamp = _int(meta.get("journal_seq")), _int(meta.get("last_stamp"))
        folded = seq
        state = dict(tables.get("state", {}))
        history = cast(HistoryDoc, tables.get("history", {}).get(_HISTORY_KEY) or empty_history())
        views = dict(tables.get("views", {}).get(_VIEWS_KEY) or {})
        complete = data[: data.rfind(b"\n") + 1]  # a torn last line was never written
        for line_number, line in enumerate(complete.splitlines(), start=1):
            record = self._parse_record(line, line_number)
            if record is None or record["seq"] <= seq:
                continue
            if record["seq"] != seq + 1 or record["put"] is None:
                reason = f"journal line {line_number} cannot be read by an upgrade"
                raise LibraryCorruptError(self.journal_path, reason)
            seq, last_stamp = record["seq"], max(last_stamp, record["stamp"])
            state.update((doc_id(pid), doc) for pid, doc in record["put"].items())
            if record["history"]:
                history = with_op(history, *record["history"])
            views.update(record.get("views") or {})
        if seq == folded:  # nothing since the last compaction (or no journal yet)
            return tables
        meta.update(journal_seq=seq, last_stamp=last_stamp)
        return tables | {
            "meta": {_META_KEY: meta},
            "state": state,
            "history": {_HISTORY_KEY: history},
            "views": {_VIEWS_KEY: views},
        }

    def _parse(
        self, path: Path, raw: bytes, tables: tuple[str, ...], sharing: Sharing | None = None
    ) -> Tables:
        """A file of this schema: its tables, checked for shape (`sharing`: see there)."""
        data = self._parse_any_version(path, raw, sharing)
        missing = [name for name in tables if name not in data]
        if missing:
            reason = f"not a papershelf library: missing table(s) {', '.join(missing)}"
            raise LibraryCorruptError(path, reason)
        version = _version(path, data)
        if version < SCHEMA_VERSION:
            raise _OlderSchema(path, version, data)
        if version > SCHEMA_VERSION:
            reason = (
                f"written by a newer papershelf (schema {version}; this version reads up to "
                f"{SCHEMA_VERSION}); upgrade papershelf to open it"
            )
            raise LibraryVersionError(path, reason)
        return data

    def _parse_any_version(
        self, path: Path, raw: bytes | None = None, sharing: Sharing | None = None
    ) -> Tables:
        raw = self._read_bytes(path) if raw is None else raw
        if not raw.strip():
            raise LibraryCorruptError(path, "the file is empty")
        try:
            with collector_paused():
                data = json_lines.loads(raw, self._bulk_table(path), sharing)
        except orjson.JSONDecodeError as error:
            raise LibraryCorruptError(path, f"not valid JSON ({error})") from None
        if not isinstance(data, dict):
            kind = type(data).__name__
            raise LibraryCorruptError(path, f"expected a JSON object of tables, found {kind}")
        for name, table in data.items():
            if not isinstance(table, dict) or not set(map(type, table.values())) <= {dict}:
                raise LibraryCorruptError(path, f"table {name!r} is not an object of documents")
        return data

    def _bulk_table(self, path: Path) -> str:
        """The table of a file that holds a document a paper (written last, by lines)."""
        return _CATALOG_BULK if path == self.catalog_path else _LIBRARY_BULK

    def _open_journal(self) -> int | None:
        try:
            return os.open(self.journal_path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise LibraryCorruptError(self.journal_path, f"cannot read: {error.strerror}") from None

    def _journal_header(self, fd: int | None) -> dict[str, Any] | None:
        if fd is None:
            return None
        first = os.pread(fd, 256, 0).split(b"\n", 1)[0]
        try:
            header = orjson.loads(first)
        except orjson.JSONDecodeError:
            return None
        return header if isinstance(header, dict) and header.get("journal") else None

    def _stat(self, path: Path) -> _FileStamp | None:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise LibraryCorruptError(path, f"cannot read: {error.strerror}") from error
        return _FileStamp(info.st_ino, info.st_size, info.st_mtime_ns)

    @staticmethod
    def _read_bytes(path: Path) -> bytes:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise LibraryCorruptError(path, "the file has disappeared") from None
        except OSError as error:
            raise LibraryCorruptError(path, f"cannot read: {error.strerror}") from error


def _share_import_ids(history: Any, paper_ids: PaperIds) -> None:
    """The ids an import's undo step lists (every paper it added: 100,000 at the first
    import of a large library) as the catalog's, in a history just parsed."""
    if not isinstance(history, dict):
        return  # for `_check_history` to refuse
    for steps in history.values():
        for step in steps if isinstance(steps, list) else ():
            catalog = step.get("catalog") if isinstance(step, dict) else None
            if isinstance(catalog, dict) and "papers_added" in catalog:
                catalog["papers_added"] = paper_ids.share(catalog["papers_added"])


def _sharing(raw: bytes, sharing: Callable[[], Sharing], above: int | None) -> Sharing | None:
    """A `Sharing` for a file of `above` bytes or more (None: never): at 100,000 papers
    it keeps 70 MB of copies out of memory for 0.25 s of the open; at 10,000 it would
    keep 4 MB out for 0.03 s, a sixteenth of the first paint."""
    return sharing() if above is not None and len(raw) >= above else None


def _header_of(library_file: bytes) -> bytes:
    """A new journal's first line, for the library file it continues."""
    return _header(len(library_file), zlib.crc32(library_file))


def _header(size: int, crc: int) -> bytes:
    """A journal's first line: it names the library file it continues by size and CRC,
    so that a library file papershelf wrote need not be checked document by document."""
    header = {"journal": _JOURNAL_HEADER, "size": size, "crc32": crc}
    return orjson.dumps(header) + b"\n"


_SEAL: Final = b',"crc32":'


def _sealed(record: bytes) -> bytes:
    """A journal record that ends with the CRC of everything before it, so that reading
    it back need not check each state document: 20,000 of them took 0.15 s to check."""
    return record[:-1] + _SEAL + str(zlib.crc32(record[:-1])).encode() + b"}"


def _line_is_sealed(line: bytes) -> bool:
    """Whether a journal line is one papershelf wrote, unchanged since."""
    body, seal, crc = line.rstrip().rpartition(_SEAL)
    return bool(seal) and crc[:-1].isdigit() and int(crc[:-1]) == zlib.crc32(body)


def _version(path: Path, tables: Tables) -> int:
    meta = tables.get("meta", {}).get(_META_KEY, {})
    version = meta.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise LibraryCorruptError(path, "no valid schema_version in its meta table")
    return version


def _int(value: Any) -> int:
    return value if type(value) is int else 0


def _may_write(path: Path) -> bool:
    """Whether papershelf may write `path`: the mode bits decide, even for root."""
    if not os.access(path, os.W_OK):
        return False
    return os.geteuid() != 0 or bool(path.stat().st_mode & 0o222)


def _state_delta(old: StoredState, new: StoredState) -> Delta:
    if not old.states:  # the first read: everything is new, nothing to compare
        return Delta(
            paper_ids=frozenset(new.states),
            history=old.history != new.history,
            views=old.views != new.views,
        )
    changed = frozenset(
        pid
        for pid in old.states.keys() | new.states.keys()
        if old.states.get(pid) is not new.states.get(pid)
        and old.states.get(pid) != new.states.get(pid)
    )
    return Delta(
        paper_ids=changed, history=old.history != new.history, views=old.views != new.views
    )


_STAMPED_FIELDS: Final = (
    ("status", str, "text"),
    ("priority", int, "a number"),
    ("note", str, "text"),
    ("deleted", bool, "true or false"),
)
"""The plain fields of a state document: name, JSON type, and that type in words."""


def _check_state_doc(path: Path, where: str, doc: Any, key: str | None = None) -> None:
    """Refuse a state document that would hide or garble a paper's state.

    Raises:
        LibraryCorruptError: naming the file, the document and what is wrong.
    """

    def refuse(problem: str) -> None:
        raise LibraryCorruptError(path, f"{where}: {problem}")

    if not isinstance(doc, dict):
        refuse("is not an object")
    paper_id = doc.get("paper_id")
    if not isinstance(paper_id, str) or not _HEX_ID.fullmatch(paper_id):
        refuse(f"paper_id {paper_id!r} is not a 16-digit hex paper id")
    if key is not None and (not _DECIMAL.fullmatch(key) or int(key) != int(paper_id, 16)):
        refuse(f"its key should be {doc_id(paper_id)} (the paper id {paper_id} in decimal)")
    read_at = doc.get("read_at")
    if read_at is not None and type(read_at) is not int:
        refuse("read_at is not a change stamp (an integer)")
    for name, kind, words in _STAMPED_FIELDS:
        value, stamp = doc.get(name), doc.get(f"{name}_at")
        if value is not None and type(value) is not kind:
            refuse(f"{name} is not {words}")
        if stamp is not None and type(stamp) is not int:
            refuse(f"{name}_at is not a change stamp (an integer)")
    if doc.get("status", "new") not in STATUSES:
        refuse(f"status {doc['status']!r} is not one of {', '.join(STATUSES)}")
    if doc.get("priority", 1) not in PRIORITIES:
        refuse(f"priority {doc['priority']!r} is not 1, 2 or 3")
    tags = doc.get("tags")
    if tags is not None and not (
        isinstance(tags, list)
        and len(tags) % 2 == 0
        and all(isinstance(n, str) and n for n in tags[::2])
        and all(type(s) is int for s in tags[1::2])
    ):
        refuse("tags is not a list of tag names each followed by its change stamp")
    untagged = doc.get("untagged")
    if untagged is not None and not (
        isinstance(untagged, dict) and all(type(s) is int for s in untagged.values())
    ):
        refuse("untagged is not an object of tag names to change stamps")
    versions = doc.get("note_versions")
    if versions is not None and not (
        isinstance(versions, list)
        and all(
            isinstance(v, list) and len(v) == 2 and type(v[0]) is int and isinstance(v[1], str)
            for v in versions
        )
    ):
        refuse("note_versions is not a list of [change stamp, text] pairs")
    seen = doc.get("note_seen")
    if seen is not None and not (isinstance(seen, list) and all(type(s) is int for s in seen)):
        refuse("note_seen is not a list of change stamps")


_STEP_VALUES: Final[dict[str, Callable[[Any], bool]]] = {
    "status": lambda value: value in STATUSES,
    "read_at": lambda value: value is None or type(value) is int,
    "priority": lambda value: value is None or value in PRIORITIES,
    "note": lambda value: type(value) is str,
    "deleted": lambda value: type(value) is bool,
}
"""What each field of the reader's state may be set to (a tag: its name, or None)."""


def _check_step_fields(path: Path, where: str, fields: Any) -> None:
    """The field groups of a step that a journal line's documents are made from (see
    `history.replayed`), as papershelf writes them: a line changed by hand must not
    make documents a reader would trip over."""

    def fits(group: Any) -> bool:
        if not (isinstance(group, list) and len(group) == 4 and isinstance(group[0], str)):
            return False
        name, _, after, ids = group
        if name.startswith(TAG_PREFIX):
            valid = len(name) > len(TAG_PREFIX) and (after is None or isinstance(after, str))
        else:
            valid = name in _STEP_VALUES and _STEP_VALUES[name](after)
        return valid and isinstance(ids, str) and _HEX_IDS.fullmatch(ids) is not None

    if not (isinstance(fields, list) and all(map(fits, fields))):
        raise LibraryCorruptError(path, f"{where}: unreadable fields in its step")


def _check_history(path: Path, history: Any) -> None:
    if not (
        isinstance(history, dict)
        and isinstance(history.get("undo"), list)
        and isinstance(history.get("redo"), list)
        and all(isinstance(step, dict) for step in history["undo"] + history["redo"])
    ):
        raise LibraryCorruptError(path, "its history table is not a list of undo steps")


def _check_views(path: Path, where: str, views: Any) -> None:
    """Saved searches as written by papershelf: name to a document with a stamp."""
    if not isinstance(views, dict) or not all(
        isinstance(name, str) and isinstance(doc, dict) and type(doc.get("at")) is int
        for name, doc in views.items()
    ):
        raise LibraryCorruptError(path, f"{where} are unreadable")
