"""The library: what the app and the command line do, in values.

A `View` goes in and an `EntryList` comes out; a `Change` over a set of papers goes in
and is one write and one undo step. Underneath, `LibraryFiles` owns the files and
`Finder` the search caches; this module holds the model and the rules between them.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import chain
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, cast

from .catalog import Catalog
from .collector import collector_paused, loading
from .conflict_copies import ConflictCopies
from .errors import (
    AmbiguousIdError,
    BadInputError,
    LibraryCorruptError,
    LibraryWriteError,
    QuerySyntaxError,
    UnknownPaperError,
)
from .history import HistoryOp, last_of
from .library_files import Delta, LibraryFiles
from .locking import LOCK_TIMEOUT, WaitListener
from .paths import LibraryLocation, bundled_seeds
from .progress import ImportProgress
from .records import (
    Entry,
    PaperDoc,
    SavedViewDoc,
    Source,
    SourceDoc,
    StateDoc,
    plural,
)
from .results import EntryList
from .snapshot import Snapshot
from .stamps import HybridClock, Stamp
from .state_fields import TAG_PREFIX, Field, Value, tag_key, value_of, with_values
from .state_map import KeyedDocs, StateMap, doc_ids
from .view import View

if TYPE_CHECKING:  # each loads with the first method using it: a command line's `list`
    # runs none of them, and with what they import they were a third of its start
    from .changes import Change, FieldChange
    from .copies import Copy
    from .finder import Finder
    from .first_page import FirstPage, Stamps
    from .formats import ExportEntry, ExportFormat
    from .importing import FileImport, ImportBatch, ImportReport, ParsedFile
    from .merging import MergePlan, MergeReport
    from .saved_views import SavedView
    from .search import Query
    from .steps import CatalogEdit, FieldGroup, Step

LinkField = Literal["doi", "url"]
"""The fields that say where a paper can be read."""
_FIELD_NAMES: Final = {"key": "citation key", "doi": "DOI", "url": "URL"}
FROM_STEP_AFTER: Final = 1000
"""Changes to at least this many papers (fields, counted over the papers) are journalled
as their step alone (see `_from_step`): smaller ones keep their documents in the
journal, which makes it readable on its own (a git merge may have to)."""
_COUNTED_FIELDS: Final = frozenset({"status", "deleted", "priority"})
"""The fields a snapshot's sets of read, deleted and prioritised papers follow."""
_TAGS_OF: Final = methodcaller("get", "tags", ())
"""A state document's tags field: names and stamps, one after the other."""
_EVERY_OTHER: Final = itemgetter(slice(None, None, 2))
"""The names of a tags field."""


def utc_now() -> datetime:
    """The current time in UTC (the default clock)."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class LibraryChange:
    """What changed in the library, for listeners such as the app's screen."""

    paper_ids: frozenset[str]
    """Papers whose reading state changed."""
    catalog_changed: bool = False
    """Papers or sources were added, updated or removed (an import, or its undo)."""
    trash_changed: bool = False
    """Papers entered or left the trash: lists must be searched again."""
    views_changed: bool = False
    """A search was saved or removed."""
    merged: tuple[str, ...] = ()
    """Other copies merged in (sync tools' conflict copies), in words for the reader."""
    papers_gone: int = 0
    """Papers another process's catalog no longer has (it undid an import, or the file
    was replaced by an older or smaller one): the reader is told, lists drop them."""


Listener = Callable[[LibraryChange], None]


@dataclass(frozen=True, slots=True)
class Applied:
    """What a change, an undo or a redo did."""

    words: str
    """In words: `tagged 12 papers +review`."""
    count: int
    """Papers it changed."""
    kept: int = 0
    """For undo and redo: fields left alone because another process changed them since."""

    def describe(self, verb: str = "") -> str:
        """`Undone: tagged 12 papers +review (kept 2 newer changes made elsewhere)`."""
        text = f"{verb}: {self.words}" if verb else self.words
        if self.kept:
            noun = "newer change" if self.kept == 1 else "newer changes"
            text += f" (kept {self.kept:,} {noun} made elsewhere)"
        return text


@dataclass(frozen=True, slots=True)
class Preview:
    """What a change would do (a dry run)."""

    words: str
    """In words, as the change would say it: `tagged 12 papers +review`."""
    paper_ids: tuple[str, ...]
    """The papers it would change."""


@dataclass(frozen=True, slots=True)
class Exported:
    """An export: the document and what it holds."""

    text: str
    """The document; empty when `export_to` wrote it to its file as it was made."""
    count: int
    """Papers in it."""
    description: str
    """The view it was made from, in words."""


@dataclass(frozen=True, slots=True)
class ExportStream:
    """An export whose document is made a piece at a time, as the pieces are read."""

    pieces: Iterator[str]
    """The document, in pieces: read them once."""
    count: int
    """Papers in it."""
    description: str
    """The view it was made from, in words."""


class Library:
    """A reading list: imported papers plus the reader's state, safe across processes.

    Threads: any method may be called from any thread. Reads (`search`, `entry`,
    `counts`, ...) use the latest snapshot and never wait for another process.
    Writes (`apply`, `undo`, `redo`, `import_files`) run one at a time and may wait
    for another process's write, up to the lock timeout, so the app makes them off its
    event loop. What comes back (`EntryList`, `Entry`) is a snapshot: it describes the
    library as it was, whatever is reloaded later, and may be read on any thread;
    `current()` brings a list up to date. Listeners are called on the thread that made
    or noticed the change.

    Every write is on disk before the method returns. Another process's changes are
    picked up by `check_for_changes()` (and before every write).
    """

    def __init__(
        self,
        path: Path,
        *,
        now: Callable[[], datetime] = utc_now,
        device: str | None = None,
        lock_timeout: float = LOCK_TIMEOUT,
        on_lock_wait: WaitListener | None = None,
        share_values: bool = True,
    ) -> None:
        """Open the library at `path`, creating an empty one if there is none.

        Args:
            path: the library file.
            now: the clock (tests pass a fixed one).
            device: this machine's id, for change stamps (default: the user's own).
            lock_timeout: how long a write waits for another process's write.
            on_lock_wait: told whom a write is waiting for, once it has waited a while.
            share_values: keep one object per repeated value of a large library
                (`sharing`): memory for a process that stays open, CPU for one that
                does not.

        Raises:
            LibraryError: the file is unusable (corrupt, newer schema, not writable).
        """
        with loading():  # the files, the catalog and the snapshot: see `loading`
            self._open(path, now, device, lock_timeout, on_lock_wait, share_values)

    def _open(
        self,
        path: Path,
        now: Callable[[], datetime],
        device: str | None,
        lock_timeout: float,
        on_lock_wait: WaitListener | None,
        share_values: bool,
    ) -> None:
        self._files = LibraryFiles(
            path, lock_timeout=lock_timeout, on_lock_wait=on_lock_wait, share_values=share_values
        )
        # A stamp's slot is this machine's and this copy's: two copies written on one
        # machine (two clones, a USB stick) never pass for one, which notes rely on to
        # tell a text replaced from a text written apart (see note_versions).
        copy = path.resolve()  # the file opened, whatever the working directory becomes
        self._clock = HybridClock(now, lambda: f"{device or _device_id()}:{copy}")
        self._now = now
        self._listeners: list[Listener] = []
        self._writing = threading.RLock()
        """One write at a time in this process (it may wait for another process)."""
        self._reading = threading.RLock()
        """Guards the snapshot and the finder: held briefly, never across a wait."""
        stored = self._files
        catalog = _catalog(stored.catalog.papers, stored.catalog.sources, stored.catalog_path)
        self._snapshot = Snapshot.of(catalog, stored.state.states)
        self._finder: Finder | None = None
        """The search caches and index, made by the first search (`_searcher`): a command
        changing named papers never searches, and loading the search's modules was 6 ms
        of `tag`'s 136 at 10,000 papers."""
        self._clock.observe(stored.state.last_stamp)
        self._conflicts = ConflictCopies(path)
        self._ready_views: tuple[View, ...] = ()
        """Views a new catalog is searched for before it is taken in (see `keep_ready`)."""
        self._totals: tuple[Snapshot, dict[str | None, int]] = (self._snapshot, {})
        """`total` by source, for one snapshot (one tuple, so a thread reading it while
        another swaps it in never mixes two snapshots' counts)."""

    @property
    def path(self) -> Path:
        """The library file."""
        return self._files.path

    @property
    def on_lock_wait(self) -> WaitListener | None:
        """Told whom a write waits for, once it has waited a while (on the writing thread)."""
        return self._files.on_lock_wait

    @on_lock_wait.setter
    def on_lock_wait(self, listener: WaitListener | None) -> None:
        self._files.on_lock_wait = listener

    @property
    def snapshot(self) -> Snapshot:
        """The library as last read (immutable)."""
        return self._snapshot

    def close(self) -> None:
        """Forget listeners; every change is already on disk."""
        self._listeners.clear()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    # Reading ---------------------------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        """True when nothing has been imported yet."""
        return not self._snapshot.catalog

    def sources(self) -> list[Source]:
        """Imported seed documents, oldest import first."""
        return list(self._snapshot.catalog.sources_in_order)

    def source(self, source_id: str) -> Source:
        """One source by id.

        Raises:
            KeyError: no such source.
        """
        return self._snapshot.catalog.sources[source_id]

    def source_names(self, entry: Entry) -> list[str]:
        """File names of the documents that list a paper."""
        sources = self._snapshot.catalog.sources
        return [sources[s].file_name for s in entry.paper.sources if s in sources]

    def entry(self, paper_id: str) -> Entry:
        """One paper with its state, by id or unique id prefix (deleted ones too).

        Raises:
            UnknownPaperError, AmbiguousIdError: the id does not name one paper.
        """
        snapshot = self._snapshot
        return snapshot.entry(snapshot.catalog.number(self.resolve_id(paper_id)))

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one paper whose id starts with `prefix`, or whose citation
        key it is (a key before a prefix, as `export` and `cite` take them).

        Raises:
            UnknownPaperError, AmbiguousIdError: the prefix names no paper, or several.
        """
        catalog = self._snapshot.catalog
        if prefix in catalog:  # a full id, as the app gives (100,000 for a bulk change)
            return prefix
        if (keyed := self.find_key(prefix.strip())) is not None:
            return keyed.id
        prefix = prefix.strip().lower()
        if prefix in catalog:
            return prefix
        matches = [pid for pid in catalog if pid.startswith(prefix)] if prefix else []
        if not matches:
            raise UnknownPaperError(prefix)
        if len(matches) > 1:
            raise AmbiguousIdError(prefix, sorted(matches))
        return matches[0]

    def find_key(self, key: str) -> Entry | None:
        """The paper with this citation key (ignoring case), or None."""
        snapshot = self._snapshot
        paper_id = snapshot.catalog.key_owner(key.strip())
        return None if paper_id is None else snapshot.entry(snapshot.catalog.number(paper_id))

    def resolve_ids(self, prefixes: Iterable[str]) -> list[str]:
        """`resolve_id` for each, all checked before any is used; repeats are dropped."""
        given = list(dict.fromkeys(prefixes))
        # Full ids, checked in C: the catalog's own `in` is a call each, 50 ms for
        # 100,000 marked papers.
        if all(map(self._snapshot.catalog.numbers.__contains__, given)):
            return given
        return list(dict.fromkeys(self.resolve_id(prefix) for prefix in given))

    def search(self, view: View, *, first: int | None = None, once: bool = False) -> EntryList:
        """The papers of a view, in its order.

        Args:
            first: how many rows are needed now (a screen): while the search index is
                being built, the list may then hold only its first rows, found at once
                by a scan (`EntryList.complete` is False), where it would wait.
            once: this library answers no other search (a command line's): the whole
                library's search index is not built for it (see `Finder.find_once`).

        Raises:
            QuerySyntaxError: the view's query is malformed.
        """
        from .first_rows import FirstRows

        query = _query_of(view)
        with self._reading:
            snapshot, finder = self._snapshot, self._searcher()
            if once and first is None:
                found = finder.find_once(view, query, snapshot)
            else:
                found = finder.find(view, query, snapshot, first)
            return EntryList(found, snapshot, complete=not isinstance(found, FirstRows))

    def _searcher(self) -> Finder:
        """The finder of the current catalog, made if there is none yet (callers hold
        `_reading`)."""
        if self._finder is None:
            from .finder import Finder

            self._finder = Finder(self._snapshot.catalog)
        return self._finder

    def current(self, entries: EntryList) -> EntryList:
        """The same papers, in the same order, as they are now.

        Papers the catalog no longer has (an undone import) are left out.
        """
        snapshot, complete = self._snapshot, entries.complete
        if entries.snapshot.catalog is snapshot.catalog:
            return EntryList(entries.numbers, snapshot, complete=complete)
        find = snapshot.catalog.find_number
        numbers = [n for pid in entries.ids() if (n := find(pid)) is not None]
        return EntryList(numbers, snapshot, complete=complete)

    def entries(self, paper_ids: Iterable[str]) -> EntryList:
        """These papers, in this order (full ids or unique prefixes).

        Raises:
            UnknownPaperError, AmbiguousIdError: an id names no paper, or several.
        """
        ids = self.resolve_ids(paper_ids)
        snapshot = self._snapshot
        return EntryList([snapshot.catalog.number(pid) for pid in ids], snapshot)

    def describe(self, view: View) -> str:
        """A view in words, with its seed's name."""
        source = self._snapshot.catalog.sources.get(view.source_id or "")
        return view.describe(source.file_name if source else None)

    def keep_ready(self, views: Iterable[View]) -> None:
        """Search these views (those on screen) in every new catalog before it replaces
        the old one, with its search index built, on the thread that read or wrote it:
        after an import, here or in another process, showing them costs the app's event
        loop no more than a keystroke, where sorting 100,000 papers took a third of a
        second. The command line names none, and pays nothing for it."""
        self._ready_views = tuple(views)

    def first_page(self, view: View) -> FirstPage | None:
        """What the first frame of `view` shows, with the stamps of the files as read for
        it; None for an empty library or a malformed query, or while a write or a reload
        holds the library (the page would not know which files it shows)."""
        from .first_page import make_first_page

        if not self._writing.acquire(blocking=False):
            return None
        try:  # with the writes held, the snapshot is the one the files were read into
            stamps = cast("Stamps", self._files.read_stamps())
            if self.is_empty or None in (stamps[0], stamps[2]):
                return None
            try:
                found = self.search(view)
            except QuerySyntaxError:
                return None
            sources = self.sources()
            source = self._snapshot.catalog.sources.get(view.source_id or "")
            read, source_total = self.counts(view.source_id)
            counts = {
                "total": self.trash_count() if view.trash else self.total(view.source_id),
                "details": self.describe(view.but(query="", source_id=None)),
                "source": source,
                "source_number": sources.index(source) + 1 if source else 0,
                "source_count": len(sources),
                "read": read,
                "source_total": source_total,
                "trash_count": self.trash_count(),
                "names": tuple(self.source_names(found[0])) if found else (),
            }
            return make_first_page(view, stamps, found, counts)
        finally:
            self._writing.release()

    def write_first_page(self, view: View) -> None:
        """Keep the first page of `view` beside the library for the app's next start (see
        `storage.first_page`); nothing when there is none to keep."""
        from .first_page import first_page_path, write_first_page

        page = self.first_page(view)
        if page is not None:
            write_first_page(first_page_path(self.path), page)

    def prepare_search(self, ready: Callable[[], object] = lambda: None) -> None:
        """Build the search index now, so that the first keystroke does not wait for it;
        `ready` is called once searches use it (lists of first rows can be counted).

        Safe to call from a background thread while the app paints its first screen:
        a search made meanwhile waits for it (never longer than building one itself),
        unless it asks for its first rows only.
        """
        from .word_cache import words_path

        with self._reading:
            finder, snapshot = self._searcher(), self._snapshot
            if not finder.start_index():
                return
        finder.build_index(snapshot, words_path(self.path), ready)  # searches may wait for it

    def total(self, source_id: str | None = None) -> int:
        """How many related papers a source lists (or the library holds), trash aside."""
        snapshot = self._snapshot
        scope = snapshot.catalog.scope(source_id, False)
        if not snapshot.trash:
            return len(scope)
        # Counting past the trash is a pass over the scope, and the status line asks at
        # every key: 5 ms at 100,000 papers, once a reader has deleted one.
        counted, totals = self._totals
        if counted is not snapshot:
            totals = {}
            self._totals = (snapshot, totals)
        if (total := totals.get(source_id)) is None:
            total = totals[source_id] = sum(1 for number in scope if number not in snapshot.trash)
        return total

    def counts(self, source_id: str | None = None) -> tuple[int, int]:
        """(read, total) related papers of a source, or of the whole library, trash aside."""
        snapshot = self._snapshot
        catalog, read, trash = snapshot.catalog, snapshot.read, snapshot.trash
        if source_id is None:  # set operations on the read papers, not a scan of all
            read_here = read - trash
            return len(read_here) - len(read_here & catalog.reports()), self.total()
        scope = catalog.scope(source_id, False)
        done = sum(1 for n in scope if n in read and n not in trash)
        return done, self.total(source_id)

    def trash_count(self) -> int:
        """How many papers are in the trash."""
        return len(self._snapshot.trash)

    def tags(self, paper_ids: Iterable[str] | None = None) -> list[str]:
        """Every tag in use outside the trash (or on these papers), most used first, for
        completion and for choosing a tag to remove."""
        snapshot = self._snapshot
        find, trash = snapshot.catalog.find_number, snapshot.trash
        if paper_ids is None and not trash:
            docs: Iterable[StateDoc] = snapshot.states.values()
        elif paper_ids is None:
            docs = (
                doc
                for pid, doc in snapshot.states.items()
                if doc.get("tags") and find(pid) not in trash
            )
        else:
            docs = filter(None, _docs_of(snapshot, paper_ids))  # a document is never empty
        # Looked up, taken apart and counted in C (docs_of, map, Counter), and each
        # spelling folded once, not each time a paper has it: the tag dialog asks this
        # of 100,000 marked papers before it opens (0.19 s, 0.14 s this way).
        names = chain.from_iterable(map(_EVERY_OTHER, map(_TAGS_OF, docs)))
        spellings = Counter(names)  # in the order of their first use
        counts: Counter[str] = Counter()
        first: dict[str, str] = {}  # each tag's first spelling
        for name, count in spellings.items():
            key = tag_key(name)
            counts[key] += count
            first.setdefault(key, name)
        ranked = sorted(counts, key=lambda key: (-counts[key], key))
        return [first[key] for key in ranked]

    def tag_counts(
        self, entries: EntryList, *, build: bool = True, once: bool = False
    ) -> list[tuple[str, int]] | None:
        """The tags of a list's papers, each with how many of them have it, most used first
        (tags that differ only in case or accents are one, as `tag:` finds them).

        Counted by the search index, without a pass over the reader's state: fast enough
        for every keystroke of a search. Without `build`, None while the index is still
        being built in the background (the app asks again once it is). `once`: this
        library counts no other tags (a command line's), as for `search`.
        """
        with self._reading:
            finder, snapshot = self._searcher(), self._snapshot
            if not (build or finder.has_index):
                return None
            if entries.snapshot.catalog is not finder.catalog:
                entries = self.current(entries)
            return finder.tag_counts(entries.numbers, snapshot, once=once)

    def preview(self, change: Change, paper_ids: Iterable[str] | None = None) -> Preview:
        """What `apply(change, paper_ids)` would do now, without writing anything (None:
        what `apply_everywhere(change)` would do).

        Raises:
            UnknownPaperError, AmbiguousIdError: an id names no paper, or several.
        """
        snapshot = self._snapshot
        ids = (
            self._everywhere(snapshot.states) if paper_ids is None else self.resolve_ids(paper_ids)
        )
        changed = [pid for pid in ids if change.values_for(snapshot.states.get(pid), 0)]
        return Preview(change.describe(len(changed)), tuple(changed))

    # Changing --------------------------------------------------------------------------

    def apply(self, change: Change, paper_ids: Iterable[str]) -> Applied:
        """Make one change to many papers: one write, one undo step.

        Args:
            change: what to do (see `changes`).
            paper_ids: full ids or unique prefixes; all are checked before anything
                is written.

        Raises:
            UnknownPaperError, AmbiguousIdError: an id names no paper, or several.
            LibraryWriteError: nothing could be written; nothing changed.
        """
        ids = self.resolve_ids(paper_ids)
        return self._apply(change, lambda states: ids)

    def apply_everywhere(self, change: Change) -> Applied:
        """Make one change to every paper it applies to (those with reading state, the
        trash included, as they are once the write begins): a tag renamed across the
        library, say. One write, one undo step.

        Raises:
            LibraryWriteError: nothing could be written; nothing changed.
        """
        return self._apply(change, self._everywhere)

    def _everywhere(self, states: Mapping[str, StateDoc]) -> list[str]:
        """The papers of the catalog that have reading state."""
        catalog = self._snapshot.catalog
        return [paper_id for paper_id in states if paper_id in catalog]

    def _apply(
        self, change: Change, targets: Callable[[Mapping[str, StateDoc]], Iterable[str]]
    ) -> Applied:
        """`change` on the papers `targets` picks from the state as it is under the lock."""
        from .steps import Step  # the steps load for a write: see `storage.steps`

        with self._writing:
            before = self._snapshot
            with self._files.writing() as external:
                self._take(external)
                states = self._files.state.states
                ids = list(targets(states))
                stamp = self._clock.next()
                # New documents make no reference cycles: with the collector out of the
                # way a change over 100,000 papers is a third faster (as for the load).
                with collector_paused():
                    keys = doc_ids(ids)
                    puts, groups = change.apply_many(ids, states.docs_at(keys), stamp)
                    if len(puts) == len(keys):  # every paper changed, in the same order
                        puts = KeyedDocs(puts, keys)
                    applied = Applied(change.describe(len(puts)), len(puts))
                    if puts:
                        step = Step(stamp, applied.words, groups, copy=self._clock.copy)
                        delta = self._files.append(
                            puts, stamp, ("did", step.to_doc()), from_step=_from_step(step)
                        )
                        fields = {group.field for group in step.fields}
                        self._take(delta, puts, fields, tag_added=change.appended_tag)
                        external |= delta
            self._notify(external, before)
        return applied

    @property
    def tidy_due(self) -> bool:
        """Whether `tidy` has work to do (a look at what was read, no waiting)."""
        return self._files.compaction_due

    def tidy(self) -> None:
        """Fold a long journal into the library file now, if that is due and needs no
        waiting for another process: the app calls it when its writes are done, so that
        the first toggle after a change to 100,000 papers does not spend 0.4 s on it.

        Raises:
            LibraryWriteError: the library is read-only (the next change says so too).
        """
        with self._writing:
            before = self._snapshot
            delta = self._files.compact_if_due()
            if delta is not None:
                self._take(delta)
                self._notify(delta, before)

    def undo(self) -> Applied | None:
        """Take back the last change made in this copy, whichever process made it (steps
        another copy's files brought, by a fast-forward pull or a sync, are passed over).

        A field another process changed since keeps its newer value (counted in
        `Applied.kept`). Returns None when there is nothing to undo.

        Raises:
            LibraryWriteError: nothing could be written; nothing changed.
        """
        return self._revert("undo")

    def redo(self) -> Applied | None:
        """Make the last undone change again; None when there is nothing to redo.

        Raises:
            LibraryWriteError: nothing could be written; nothing changed.
        """
        return self._revert("redo")

    def _revert(self, stack: str) -> Applied | None:
        """Undo the top step of the undo stack, or of the redo stack (whose steps are
        undos, so redoing one is undoing it)."""
        from .steps import Step

        with self._writing:
            before = self._snapshot
            with self._files.writing() as external:
                self._take(external)
                history = self._files.state.history
                steps = history["undo"] if stack == "undo" else history["redo"]
                index = last_of(steps, self._clock.slot, self._clock.copy)  # not another copy's
                if index is None:
                    self._notify(external, before)
                    return None
                step = Step.from_doc(steps[index])
                stamp = self._clock.next()
                puts, inverse, kept = self._reverted_fields(step, stamp)
                catalog_delta = Delta()
                edit, redo_key = None, None
                if step.catalog is not None:
                    catalog_delta, redo_key = self._undo_import(step.catalog, stamp)
                elif step.redo_catalog is not None:
                    catalog_delta, edit = self._redo_import(step.redo_catalog)
                self._take(catalog_delta)
                back = Step(stamp, step.words, inverse, edit, redo_key, self._clock.copy)
                op: HistoryOp = "undid" if stack == "undo" else "redid"
                delta = self._files.append(puts, stamp, (op, back.to_doc()))
                self._take(delta)
            self._notify(external | catalog_delta | delta, before)
        return Applied(step.words, back.paper_count, kept)

    def _reverted_fields(
        self, step: Step, stamp: Stamp
    ) -> tuple[dict[str, StateDoc], tuple[FieldGroup, ...], int]:
        """Set each field of `step` back where it still holds what the step set.

        A field that holds something else was changed since by a change outside this
        history (a merged copy, an older papershelf): it keeps the newer value. Values,
        not stamps, are compared: undoing a later step sets a field back to this step's
        value under a new stamp, and this step must still be undoable after it.

        Returns the new documents, the step that would set them forward again, and how
        many fields were kept because they changed since.
        """
        from .steps import group_fields

        states = self._files.state.states
        puts: dict[str, StateDoc] = {}
        values: dict[str, dict[Field, Value]] = {}
        inverse: list[FieldChange] = []
        kept = 0
        for group in step.fields:
            for paper_id in group.paper_ids:
                doc = states.get(paper_id)
                if value_of(doc, group.field) != group.after:
                    kept += 1
                    continue
                values.setdefault(paper_id, {})[group.field] = group.before
                inverse.append((paper_id, group.field, group.after, group.before))
        for paper_id, fields in values.items():
            puts[paper_id] = with_values(states.get(paper_id), paper_id, fields, stamp)
        return puts, group_fields(inverse), kept

    def set_key(self, paper_id: str, key: str) -> Applied:
        """Give a paper a new citation key: the only way a key changes once it is given.

        One write of the catalog and one undo step.

        Raises:
            UnknownPaperError, AmbiguousIdError: the id does not name one paper.
            CitationKeyError: the key is malformed, or another paper has it.
            LibraryWriteError: nothing could be written; nothing changed.
        """
        from .citation_keys import CitationKeyError, check_key

        key = check_key(key)

        def refuse_taken(catalog: Catalog, pid: str) -> None:
            owner = catalog.citation_keys().get(key.casefold())
            if owner is not None and owner != pid:
                held = catalog.find_paper(owner)
                taken = held.key if held is not None else key
                raise CitationKeyError(f"paper {owner} already has the citation key {taken!r}")

        return self._edit_paper(
            paper_id, "key", key, f"set the citation key of 1 paper to {key}", refuse_taken
        )

    def set_link(self, paper_id: str, field: LinkField, value: str) -> Applied:
        """Give a paper its DOI or URL (`o` then opens it); an empty value removes it.

        One write of the catalog and one undo step.

        Raises:
            UnknownPaperError, AmbiguousIdError: the id does not name one paper.
            BadInputError: the value is not a DOI (or not an http(s) URL).
            LibraryWriteError: nothing could be written; nothing changed.
        """
        from .links import check_doi, check_url

        if value.strip():
            value = check_doi(value) if field == "doi" else check_url(value)
            words = f"set the {field.upper()} of 1 paper to {value}"
        else:
            value, words = "", f"removed the {field.upper()} of 1 paper"
        return self._edit_paper(paper_id, field, value, words)

    def _edit_paper(
        self,
        paper_id: str,
        field: Literal["key", "doi", "url"],
        value: str,
        words: str,
        check: Callable[[Catalog, str], None] | None = None,
    ) -> Applied:
        """Change one field of one paper's catalog record (empty: removed), as one undo
        step; `check` may refuse it against the catalog as it is under the lock."""
        pid = self.resolve_id(paper_id)
        with self._writing:
            before = self._snapshot
            with self._files.writing() as external:
                self._take(external)
                catalog = self._snapshot.catalog
                if check is not None:
                    check(catalog, pid)
                number = catalog.number(pid)
                old = catalog.docs[number]
                if old.get(field, "") == value:
                    self._notify(external, before)
                    return Applied(f"{pid} already has that {_FIELD_NAMES[field]}", 0)
                stamp = self._clock.next()
                new = cast(PaperDoc, {k: v for k, v in old.items() if k != field})
                if value:
                    new[field] = value
                if field == "key":
                    new["key_at"] = stamp  # a merge keeps the later key
                papers = list(catalog.docs)
                papers[number] = new
                sources = [source.to_doc() for source in catalog.sources.values()]
                delta = self._files.write_catalog(papers, sources, {})
                self._take(delta)
                from .steps import CatalogEdit, Step

                step = Step(
                    stamp, words, (), CatalogEdit(papers_replaced={pid: old}), copy=self._clock.copy
                )
                delta |= self._files.append({}, stamp, ("did", step.to_doc()))
                self._take(delta)
            self._notify(external | delta, before)
        return Applied(words, 1)

    # Saved searches ----------------------------------------------------------------------

    def saved_views(self) -> list[SavedView]:
        """The saved searches, oldest first."""
        from .saved_views import saved_views

        return saved_views(self._files.state.views)

    def saved_view(self, name: str) -> SavedView:
        """The saved search of that name (case aside).

        Raises:
            BadInputError: there is none (the message names those there are).
        """
        found = self._find_view(name)
        if found is None:
            names = ", ".join(saved.name for saved in self.saved_views()) or "none yet"
            raise BadInputError(f"no saved search is called {name!r} (saved: {names})")
        return found

    def _find_view(self, name: str) -> SavedView | None:
        wanted = " ".join(name.split()).casefold()
        return next((v for v in self.saved_views() if v.name.casefold() == wanted), None)

    def save_view(self, name: str, view: View) -> Applied:
        """Keep a view under a name (a search of that name is replaced), for every
        process: one journal line.

        Raises:
            BadInputError: the name is empty, too long or starts with @.
            QuerySyntaxError: the view's query is malformed (a saved search is for
                finding papers again: one that cannot is refused, not kept).
            LibraryWriteError: nothing could be written; nothing changed.
        """
        from .saved_views import check_name, view_doc

        name = check_name(name)
        _query_of(view)
        old = self._find_view(name)
        key = old.name if old is not None else name
        words = f"{'replaced' if old else 'saved'} the search {key}"
        return self._write_view(key, lambda stamp: view_doc(view, stamp), words)

    def remove_view(self, name: str) -> Applied:
        """Forget a saved search.

        Raises:
            BadInputError: there is no search of that name.
            LibraryWriteError: nothing could be written; nothing changed.
        """
        from .saved_views import removed_doc

        key = self.saved_view(name).name
        return self._write_view(key, removed_doc, f"removed the saved search {key}")

    def _write_view(self, name: str, doc: Callable[[Stamp], SavedViewDoc], words: str) -> Applied:
        with self._writing:
            before = self._snapshot
            with self._files.writing() as external:
                self._take(external)
                stamp = self._clock.next()
                delta = self._files.append({}, stamp, views={name: doc(stamp)})
                self._take(delta)
            self._notify(external | delta, before)
        return Applied(words, 1)

    # Import ------------------------------------------------------------------------------

    def import_files(
        self, paths: Sequence[Path], progress: ImportProgress | None = None
    ) -> ImportReport:
        """Import seed documents and BibTeX / RIS files (by extension, else by content).

        A broken file is refused whole; the others still import. All accepted files go
        into the catalog in one atomic write and are one undo step, so importing a
        thousand files costs one rewrite of the catalog, not a thousand. `progress` is
        told how far the import is, and can cancel it until it is written.

        Raises:
            LibraryWriteError: nothing could be written; nothing was imported.
            ImportCancelled: `progress` was cancelled; nothing was imported.
        """
        # Parsed files and new records hold no reference cycles: collections walking them were
        # 0.7 s of an import of 100,000 seed papers, 0.8 s of a 10,000-entry .bib.
        with collector_paused():
            return self._import_files(paths, progress or ImportProgress())

    def _import_files(self, paths: Sequence[Path], progress: ImportProgress) -> ImportReport:
        """`import_files`, in a frame of its own: what it made and no longer needs is
        gone before the collector runs again, so the collection that follows the pause
        walks only what the library keeps."""
        from .importing import ImportBatch, ImportReport, parse_import

        files = len(paths) if len(paths) > 1 else None  # one file: its entries are counted
        parsed = []
        for number, path in enumerate(paths):
            progress.step(f"Reading {path.name}", number, files)
            parsed.append(parse_import(path, progress))
        with self._writing:
            before = self._snapshot
            with self._files.writing() as external:
                self._take(external)
                snapshot = self._snapshot
                batch = ImportBatch(snapshot.catalog, snapshot.states, self._now)
                report = ImportReport(tuple(self._merged(batch, parsed, progress)))
                delta = Delta()
                if batch.changed:
                    progress.start_writing("Writing the library")
                    delta = self._write_import(batch, report)
            self._notify(external | delta, before)
        return report

    @staticmethod
    def _merged(
        batch: ImportBatch, parsed: Sequence[ParsedFile], progress: ImportProgress
    ) -> Iterator[FileImport]:
        files = len(parsed) if len(parsed) > 1 else None
        for number, file in enumerate(parsed):
            progress.step(f"Adding {Path(file.path).name} to the library", number, files)
            yield batch.add(file)

    def _write_import(self, batch: ImportBatch, report: ImportReport) -> Delta:
        """Catalog first: after a crash between the two writes the papers are there,
        and only the undo step (and a bibliography's tags for new papers) is missing."""
        stamp = self._clock.next()
        edit = batch.edit()
        delta = self._files.write_catalog(batch.paper_docs(), batch.source_docs(), {})
        self._take(delta)
        states = self._files.state.states
        carried = {  # a paper the file marks read is read as of this import
            pid: values | {"read_at": stamp} if values.get("status") == "read" else values
            for pid, values in batch.states.items()
        }
        docs = {pid: states.get(pid) for pid in carried}  # looked up once, not once a field
        puts = {pid: with_values(docs[pid], pid, values, stamp) for pid, values in carried.items()}
        changes = [
            (pid, f, value_of(docs[pid], f), v)
            for pid, values in carried.items()
            for f, v in values.items()
        ]
        from .steps import Step, group_fields

        step = Step(stamp, report.describe(), group_fields(changes), edit, copy=self._clock.copy)
        appended = self._files.append(puts, stamp, ("did", step.to_doc()))
        self._take(appended)
        return delta | appended

    def _undo_import(self, edit: CatalogEdit, stamp: Stamp) -> tuple[Delta, Stamp]:
        """Take an import's papers and sources out, keeping them for redo."""
        catalog = self._snapshot.catalog
        taken_out = set(edit.papers_added) | set(edit.papers_replaced)
        papers: list[PaperDoc] = []
        waiting: dict[str, PaperDoc] = {}
        for doc in catalog.docs:
            if doc["id"] not in taken_out:
                papers.append(doc)
                continue
            waiting[doc["id"]] = doc
            if doc["id"] in edit.papers_replaced:  # back to what it was before the import
                papers.append(edit.papers_replaced[doc["id"]])
        sources = [s.to_doc() for s in catalog.sources.values() if s.id not in edit.sources_added]
        gone = [s.to_doc() for s in catalog.sources.values() if s.id in edit.sources_added]
        redo = dict(self._files.catalog.redo)
        redo[str(stamp)] = {
            "papers": waiting,
            "sources": {source["id"]: source for source in gone},
            "added": [pid for pid in edit.papers_added if pid in waiting],
        }
        return self._files.write_catalog(papers, sources, self._live_redo(redo, stamp)), stamp

    def _redo_import(self, key: Stamp) -> tuple[Delta, CatalogEdit | None]:
        """Put back what undoing an import took out."""
        from .steps import CatalogEdit

        redo = dict(self._files.catalog.redo)
        waiting = redo.pop(str(key), None)
        if waiting is None:
            raise LibraryCorruptError(
                self._files.catalog_path, "the papers of an undone import are missing"
            )
        catalog = self._snapshot.catalog
        docs: dict[str, PaperDoc] = dict(waiting["papers"])
        added: list[str] = [pid for pid in waiting["added"] if pid not in catalog]
        replaced = {
            pid: catalog.docs[number]
            for pid in docs
            if (number := catalog.find_number(pid)) is not None
        }
        papers = [docs.pop(doc["id"], doc) for doc in catalog.docs]
        papers += [docs[pid] for pid in added]
        sources: list[SourceDoc] = [s.to_doc() for s in catalog.sources.values()]
        sources += list(waiting["sources"].values())
        edit = CatalogEdit(tuple(added), tuple(waiting["sources"]), replaced)
        return self._files.write_catalog(papers, sources, redo), edit

    def _live_redo(
        self, redo: dict[str, dict[str, Any]], adding: Stamp
    ) -> dict[str, dict[str, Any]]:
        """The redo payloads still reachable from the redo stack, and the one being added."""
        wanted = {str(step.get("stamp")) for step in self._files.state.history["redo"]}
        wanted.add(str(adding))
        return {key: value for key, value in redo.items() if key in wanted}

    # Export ------------------------------------------------------------------------------

    def export(
        self, format: ExportFormat, view: View, progress: ImportProgress | None = None
    ) -> Exported:
        """The papers of a view as one document in `format`; how far it is goes to
        `progress` (a cancel there stops it: ImportCancelled).

        Raises:
            QuerySyntaxError: the view's query is malformed.
        """
        return _whole(self.export_stream(format, view, progress))

    def export_papers(
        self,
        format: ExportFormat,
        paper_ids: Iterable[str],
        progress: ImportProgress | None = None,
    ) -> Exported:
        """These papers, in this order, as one document in `format` (`progress`: as for
        `export`).

        Raises:
            UnknownPaperError, AmbiguousIdError: an id names no paper, or several.
        """
        return _whole(self.export_stream(format, paper_ids, progress))

    def export_stream(
        self,
        format: ExportFormat,
        papers: View | Iterable[str],
        progress: ImportProgress | None = None,
        *,
        once: bool = False,
    ) -> ExportStream:
        """`export` of a view, or `export_papers` of these papers, a piece at a time: the
        papers are found now (and the errors raised), each piece is formatted as it is
        read, so the first is written before the last paper is formatted. `once`: the
        view's search is this library's only one (as for `search`).

        Raises:
            QuerySyntaxError: the view's query is malformed.
            UnknownPaperError, AmbiguousIdError: an id names no paper, or several.
        """
        from .formats import export_pieces

        progress = progress or ImportProgress()
        if isinstance(papers, View):
            found, description = self.search(papers, once=once), self.describe(papers)
        else:
            found = self.entries(papers)
            description = plural(len(found), "chosen paper")
        items = _export_entries(found, progress)
        progress.step(f"Writing {plural(len(items), 'paper')} as {format}", 0, None)
        return ExportStream(export_pieces(items, format), len(items), description)

    def export_to(
        self,
        path: Path,
        format: ExportFormat,
        papers: View | Iterable[str],
        progress: ImportProgress | None = None,
        *,
        once: bool = False,
    ) -> Exported:
        """Export a view, or these papers, into the file at `path`, atomically, writing
        each piece as it is made; never onto this library's own files (an export over
        the catalog would replace every paper with a `.bib`). `progress`: as for
        `export`; cancelled before the file is complete, nothing is written. `once`: as
        for `export_stream`.

        Raises:
            QuerySyntaxError: the view's query is malformed.
            UnknownPaperError, AmbiguousIdError: an id names no paper, or several.
            OutputFileError: `path` is a directory, one of the library's files, or cannot
                be written; nothing was written.
            ImportCancelled: `progress` was cancelled; nothing was written.
        """
        from .formats import check_export_target, save_export

        progress = progress or ImportProgress()
        own = self._files.own_files()
        check_export_target(path, own)  # before the work of making the document
        stream = self.export_stream(format, papers, progress, once=once)

        def then_saved() -> Iterator[str]:
            yield from stream.pieces
            # A cancel while formatting counts: raised here, the file is never renamed.
            progress.start_writing(f"Saving {path.name}")

        save_export(path, then_saved(), own)
        return Exported("", stream.count, stream.description)

    # Other processes -------------------------------------------------------------------

    def check_for_changes(self) -> LibraryChange | None:
        """Pick up changes another process wrote, and tell listeners about them; merge
        in the conflict copies a sync tool left beside the library (see `merge`).

        A new catalog (another process's import) is read and made ready for the views
        `keep_ready` names on this thread, then taken in one step: the app polls from
        a worker thread so that none of it is done on its event loop.

        Raises:
            LibraryCorruptError: a file became unreadable; what was read before stays.
            LibraryWriteError: a conflict copy could not be merged in (it stays).
        """
        # One write at a time: a write of this process while the new catalog is being
        # prepared would otherwise go to the snapshot about to be replaced, and be lost
        # from view. The write waits (on its own thread); reads do not.
        with self._writing:
            before = self._snapshot
            delta = self._files.poll()  # never waits for another process's write
            self._take(delta)
            change = self._notify(delta, before, count_gone=True)
        return self._merge_conflict_copies() or change

    # Other copies ------------------------------------------------------------------------

    def merge(self, other: Path, *, dry_run: bool = False) -> MergeReport:
        """Merge another copy of this library (from a USB stick, an old backup) into it:
        papers and sources are joined, each field of the reading state takes the later
        change, notes written on both sides keep both texts. The undo history stays
        this library's, and `other` is only read.

        Raises:
            LibraryError: `other` is not a papershelf library, or this one cannot be
                written; nothing changed.
        """
        from .copies import read_copy

        before = self._snapshot
        with collector_paused():  # documents hold no cycles: nothing to collect (see collector)
            plan, delta = self._merge(str(other), [read_copy(other)], dry_run=dry_run)
        self._notify(delta, before)
        return plan.report

    def _merge_conflict_copies(self) -> LibraryChange | None:
        """Merge in the conflict copies beside the library, then move them to conflicts/
        (an unreadable one too, untouched, with a word about why)."""
        found = self._conflicts.new()
        if not found:
            return None
        from .copies import read_conflict_copies  # with the code reading other copies

        copies, unreadable = read_conflict_copies(found, self.path)

        def put_away() -> None:
            for copy in found:
                self._conflicts.put_away(copy)

        before = self._snapshot
        delta = Delta()
        words = []
        if copies:
            names = ", ".join(copy.name for copy in copies)
            with collector_paused():
                plan, delta = self._merge(names, copies, then=put_away)
            noun = "conflict copy" if len(copies) == 1 else "conflict copies"
            done = plan.report.describe()
            words.append(f"Merged the {noun} {names}: {done}; moved to conflicts/.")
        else:
            with self._writing, self._files.writing():
                put_away()
        for copy, reason in unreadable:
            words.append(f"Could not merge {copy.path.name}: {reason}; moved it to conflicts/.")
        return self._notify(delta, before, tuple(words))

    def _merge(
        self,
        name: str,
        copies: list[Copy],
        *,
        dry_run: bool = False,
        then: Callable[[], None] | None = None,
    ) -> tuple[MergePlan, Delta]:
        """Merge copies in: the catalog first, then the state, as an import does; `then`
        runs under the lock once both are written. Returns what was (or would be)
        written and what changed on disk."""
        with self._writing:
            if dry_run:
                delta = self._files.reload()
                self._take(delta)
                return self._plan(name, copies), delta
            with self._files.writing() as delta:
                self._take(delta)
                plan = self._plan(name, copies)
                if plan.catalog is not None:
                    files = self._files
                    written = files.write_catalog(
                        plan.catalog.papers, plan.catalog.sources, files.catalog.redo
                    )
                    self._take(written)
                    delta |= written
                self._clock.observe(plan.last_stamp)
                if plan.puts or plan.views:  # no undo step: the history stays this machine's
                    written = self._files.append(plan.puts, self._clock.next(), views=plan.views)
                    self._take(written)
                    delta |= written
                if then is not None:
                    then()
        return plan, delta

    def _plan(self, name: str, copies: list[Copy]) -> MergePlan:
        from .merging import plan_merge

        stored = self._files
        return plan_merge(
            name,
            stored.state.states,
            stored.catalog.papers,
            stored.catalog.sources,
            copies,
            views=stored.state.views,
        )

    def _take(
        self,
        delta: Delta,
        docs: Mapping[str, StateDoc] | None = None,
        fields: Iterable[Field] | None = None,
        *,
        tag_added: str | None = None,
    ) -> None:
        """Make what the files read the current snapshot (only what changed is redone);
        `docs`: the changed documents, when the caller has them (it just wrote them),
        `fields`: the only fields they changed, when the caller knows, and `tag_added`:
        the tag, when all the change did to them was put it after their own tags.

        Callers hold `_writing`. A new catalog is built, and made ready for the views of
        `keep_ready`, before the lock readers take is held: a search on the app's event
        loop meanwhile gets the old catalog at once, not a wait.
        """
        if not delta:
            return
        files = self._files
        states = files.state.states
        if delta.catalog:
            catalog = _catalog(files.catalog.papers, files.catalog.sources, files.catalog_path)
            snapshot = Snapshot.of(catalog, states)
            finder = _prepared(catalog, snapshot, self._ready_views)
            with self._reading:
                self._snapshot, self._finder = snapshot, finder
            self._clock.observe(files.state.last_stamp)
            return
        # Each changed document looked up once for both (a lookup converts the paper
        # id: 0.15 s a pass for a change over 100,000 papers).
        changed: Mapping[str, StateDoc | None]
        if docs is not None and delta.paper_ids == docs.keys():
            changed = docs
        else:  # the files read more than the caller wrote
            ids = list(delta.paper_ids)
            changed = dict(zip(ids, states.docs_of(ids), strict=True))
            tag_added = None
        old = self._snapshot  # only `_take` replaces it, and its callers hold `_writing`
        if fields is not None and _COUNTED_FIELDS.isdisjoint(fields):
            # Tags only: no paper became read, deleted or prioritised, and a pass over
            # 100,000 changed papers to find that out cost 0.15-0.3 s.
            new = replace(old, states=states)
        else:
            new = old.with_states(states, changed)
        with self._reading:
            self._snapshot = new
            finder = self._finder
            if finder is not None:  # else nothing searched yet, nothing cached to update
                if tag_added is None:
                    finder.states_changed(changed)
                else:
                    finder.tag_added(changed, tag_added)
                if new.trash != old.trash:
                    finder.trash_changed()
        self._clock.observe(files.state.last_stamp)

    def _notify(
        self,
        delta: Delta,
        before: Snapshot,
        merged: tuple[str, ...] = (),
        *,
        count_gone: bool = False,
    ) -> LibraryChange | None:
        """Tell listeners what changed since `before` (the snapshot the call started on)."""
        if not (delta.catalog or delta.paper_ids or delta.views or merged):
            return None
        after = self._snapshot
        trash = after.trash is not before.trash and after.trash != before.trash
        gone = 0
        if delta.catalog and count_gone:
            gone = sum(paper_id not in after.catalog for paper_id in before.catalog)
        change = LibraryChange(
            delta.paper_ids,
            delta.catalog,
            delta.catalog or trash,
            views_changed=delta.views,
            merged=merged,
            papers_gone=gone,
        )
        for listener in list(self._listeners):
            listener(change)
        return change


def _docs_of(snapshot: Snapshot, paper_ids: Iterable[str]) -> list[StateDoc | None]:
    """The state documents of these papers (None for one without): the library's own
    snapshots hold a `StateMap`, which looks 100,000 of them up in 30 ms rather than 0.3 s
    one by one."""
    states, ids = snapshot.states, list(paper_ids)
    if isinstance(states, StateMap):
        with suppress(ValueError):  # an id that is no paper's: looked up one by one
            return states.docs_of(ids)
    return [states.get(paper_id) for paper_id in ids]


def _from_step(step: Step) -> bool:
    """Whether the journal may hold `step` instead of the documents it made: for a change
    over many papers (a tag over 100,000 wrote 25 MB, in 0.4 s), whose documents
    `history.replayed` makes again exactly. It sets a paper's fields in the step's order,
    which is the change's own but for the order of tags: so one tag field at most."""
    tag_fields = {group.field for group in step.fields if group.field.startswith(TAG_PREFIX)}
    papers = sum(len(group.paper_ids) for group in step.fields)
    return papers >= FROM_STEP_AFTER and len(tag_fields) <= 1


def _query_of(view: View) -> Query:
    """The query a view searches with (its unread filter is a term of it)."""
    from .search import parse_query

    query = parse_query(view.query)
    return query.with_term("is:unread") if view.unread_only else query


def _prepared(catalog: Catalog, snapshot: Snapshot, views: Sequence[View]) -> Finder | None:
    """A new catalog's finder with its search index built and `views` searched, so that
    showing them once it is swapped in costs nothing (no index, no sorting of 100,000
    papers); a view whose query is malformed is left for the search to refuse. None
    without views: nothing is searched before the first search asks (`_searcher`)."""
    if not views:
        return None
    from .finder import Finder

    finder = Finder(catalog)
    if finder.start_index():
        finder.build_index(snapshot)
    for view in views:
        with suppress(QuerySyntaxError):
            finder.find(view, _query_of(view), snapshot)
    # What the screen asks of a new catalog first, each a pass over every paper once:
    catalog.reports()  # the counts beside the list
    for source_id in {None, *(view.source_id for view in views)}:
        catalog.scope(source_id, False)  # the read / total counts (47 ms at 100,000)
    _ = catalog.has_authors  # the list's columns
    return finder


def _export_entries(found: EntryList, progress: ImportProgress) -> list[ExportEntry]:
    """The found papers as a writer takes them (`progress` told of each)."""
    from .formats import ExportEntry
    from .formats.common import SourcesOf

    total = len(found)
    catalog, states = found.snapshot.catalog, found.snapshot.states
    docs = catalog.docs
    paper_ids = found.ids()
    # The state documents in one pass that converts the ids in C (a lookup a paper
    # was 0.19 s at 100,000), and no record built here (see `ExportEntry`).
    state_docs = (
        states.docs_of(paper_ids) if isinstance(states, StateMap) else map(states.get, paper_ids)
    )
    sources_of = SourcesOf(catalog.sources)
    items = []
    for done, (number, state_doc) in enumerate(zip(found.numbers, state_docs, strict=True)):
        progress.step("Reading the papers", done, total)
        items.append(ExportEntry(docs[number], state_doc, find_sources=sources_of))
    return items


def _whole(stream: ExportStream) -> Exported:
    """An export's document in one text."""
    return Exported("".join(stream.pieces), stream.count, stream.description)


def _device_id() -> str:
    """This machine's id (see `storage.device`, loaded only by a process that writes)."""
    from .device import device_id

    return device_id()


def _catalog(papers: Sequence[PaperDoc], sources: Sequence[SourceDoc], path: Path) -> Catalog:
    try:
        return Catalog(papers, (Source.from_doc(doc) for doc in sources))
    except ValueError as error:
        raise LibraryCorruptError(path, f"in its papers table, {error}") from None


def open_library(
    location: LibraryLocation,
    *,
    now: Callable[[], datetime] = utc_now,
    on_lock_wait: WaitListener | None = None,
    share_values: bool = True,
) -> tuple[Library, ImportReport | None]:
    """Open the library at `location`; a new default library starts with the bundled seeds
    (`share_values`: see `Library`).

    Returns:
        The library, and the report of the bundled-seed import when one happened.
    """
    is_new = not location.path.exists()
    if is_new:
        try:
            location.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryWriteError(location.path, f"cannot create its folder: {error}") from error
    library = Library(location.path, now=now, on_lock_wait=on_lock_wait, share_values=share_values)
    if is_new and location.is_default:
        return library, library.import_files(bundled_seeds())
    return library, None
