"""The library: every use-case the app and the command line need, over the repository."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from .catalog import Catalog
from .errors import AmbiguousIdError, LibraryWriteError, UnknownPaperError
from .formats import ExportEntry, ExportFormat, export
from .importing import ImportBatch, ImportReport, parse_import
from .paths import LibraryLocation, bundled_seeds
from .records import Entry, Paper, ReadingState, Source, normalise_tags
from .repository import PaperRepository
from .results import EntryList
from .search import Query, parse_query
from .search_index import SearchIndex
from .sorting import SortOrder

UNDO_DEPTH: Final = 100
"""How many reading-state changes `undo` can take back."""


def utc_now() -> datetime:
    """The current time in UTC (the default clock)."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class LibraryChange:
    """What changed in the library, for listeners such as the app's screen."""

    paper_ids: frozenset[str]
    """Papers whose reading state changed."""
    catalog_changed: bool
    """Papers or sources were added or updated (an import, here or elsewhere)."""


Listener = Callable[[LibraryChange], None]


class Library:
    """A reading list: imported papers plus the reader's state, safe across processes.

    Writes go to disk before the method returns. Another process's changes are picked
    up by `refresh()` (and before every write), and reported to listeners.
    """

    def __init__(self, path: Path, *, now: Callable[[], datetime] = utc_now) -> None:
        """Open the library at `path`, creating an empty one if there is none.

        Raises:
            LibraryError: the file is unusable (corrupt, newer schema, not writable).
        """
        self._repo = PaperRepository(path)
        self._now = now
        self._listeners: list[Listener] = []
        self._undo: list[ReadingState] = []
        self._generations = (-1, -1)
        self._catalog = Catalog([], ())
        self._states: dict[str, ReadingState] = {}
        self._scopes: dict[_ScopeKey, tuple[int, ...]] = {}
        self._sorted: dict[tuple[_ScopeKey, SortOrder], list[int]] = {}
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()
        self._last_search: _Search | None = None
        self._sync()

    @property
    def path(self) -> Path:
        """The library file."""
        return self._repo.path

    def close(self) -> None:
        """Forget listeners; every change is already on disk."""
        self._listeners.clear()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    # Reading -------------------------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        """True when nothing has been imported yet."""
        return not self._catalog

    def sources(self) -> list[Source]:
        """Imported seed documents, oldest import first."""
        return list(self._catalog.sources_in_order)

    def source(self, source_id: str) -> Source:
        """One source by id.

        Raises:
            KeyError: no such source.
        """
        return self._catalog.sources[source_id]

    def entry(self, paper_id: str) -> Entry:
        """One paper with its state, by id or unique id prefix.

        Raises:
            UnknownPaperError, AmbiguousIdError: the id does not name one paper.
        """
        return self._entry(self._catalog.number(self.resolve_id(paper_id)))

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one paper whose id starts with `prefix`.

        Raises:
            UnknownPaperError, AmbiguousIdError: the prefix names no paper, or several.
        """
        prefix = prefix.strip().lower()
        if prefix in self._catalog:
            return prefix
        matches = [pid for pid in self._catalog if pid.startswith(prefix)] if prefix else []
        if not matches:
            raise UnknownPaperError(prefix)
        if len(matches) > 1:
            raise AmbiguousIdError(prefix, sorted(matches))
        return matches[0]

    def entries(self, source_id: str | None = None, *, include_reports: bool = False) -> EntryList:
        """Papers in library order: one source's, or all of them."""
        return self._entry_list(self._scope((source_id, include_reports)))

    def search(
        self,
        query: str | Query = "",
        *,
        source_id: str | None = None,
        include_reports: bool = False,
        sort: SortOrder = SortOrder.CITATIONS,
        unread_only: bool = False,
    ) -> EntryList:
        """The papers that match a query (see `parse_query`), sorted.

        Args:
            query: search-language text or an already parsed query.
            source_id: only papers listed by this source; None for all.
            include_reports: also consider the sources' own papers.
            sort: the order of the result.
            unread_only: leave out papers marked read.

        Raises:
            QuerySyntaxError: the query is malformed.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        if unread_only:
            parsed = parsed.with_term("is:unread")
        scope = (source_id, include_reports)
        numbers = self._sorted_scope(scope, sort)
        if not parsed.is_empty:
            numbers = self._filter(parsed, scope, sort, numbers)
        return self._entry_list(numbers)

    def prepare_search(self) -> None:
        """Build the search index now, so that the first keystroke does not wait for it.

        Safe to call from a background thread while the app paints its first screen.
        """
        self._search_index()

    def total(self, source_id: str | None = None) -> int:
        """How many related papers a source lists (or the library holds); no scan."""
        return len(self._scope((source_id, False)))

    def counts(self, source_id: str | None = None) -> tuple[int, int]:
        """(read, total) related papers of a source, or of the whole library."""
        if source_id is None:  # count the few read papers, not the whole library
            catalog = self._catalog
            read_numbers = (catalog.find_number(pid) for pid, s in self._states.items() if s.read)
            read = sum(1 for n in read_numbers if n is not None and catalog.is_related(n))
            return read, self.total()
        numbers = self._scope((source_id, False))
        states, paper_id = self._states, self._catalog.paper_id
        read = sum(
            1 for n in numbers if (state := states.get(paper_id(n))) is not None and state.read
        )
        return read, len(numbers)

    def tags(self) -> list[str]:
        """Every tag in use, most used first, for completion."""
        counts: dict[str, tuple[str, int]] = {}
        for state in self._states.values():
            for tag in state.tags:
                spelling, count = counts.get(tag.casefold(), (tag, 0))
                counts[tag.casefold()] = (spelling, count + 1)
        ranked = sorted(counts.values(), key=lambda item: (-item[1], item[0].casefold()))
        return [spelling for spelling, _ in ranked]

    def source_names(self, paper: Paper) -> list[str]:
        """File names of the documents that list a paper."""
        sources = self._catalog.sources
        return [sources[s].file_name for s in paper.sources if s in sources]

    # Reading state -------------------------------------------------------------------

    def set_read(self, paper_id: str, read: bool) -> Entry:
        """Mark a paper read or unread (persisted before returning)."""
        return self._change_state(paper_id, lambda s, now: s.with_read(read, now))

    def toggle_read(self, paper_id: str) -> Entry:
        """Flip a paper between read and unread."""
        return self._change_state(paper_id, lambda s, now: s.with_read(not s.read, now))

    def add_tags(self, paper_id: str, tags: Iterable[str]) -> Entry:
        """Add tags after the existing ones; ones it has (in any case) are skipped."""
        new = list(tags)
        return self._change_state(paper_id, lambda s, now: s.with_tags([*s.tags, *new], now))

    def remove_tags(self, paper_id: str, tags: Iterable[str]) -> Entry:
        """Remove tags, ignoring case; tags it does not have are ignored."""
        gone = {tag.strip().casefold() for tag in tags}
        return self._change_state(
            paper_id,
            lambda s, now: s.with_tags([t for t in s.tags if t.casefold() not in gone], now),
        )

    def set_tags(self, paper_id: str, tags: Iterable[str]) -> Entry:
        """Replace a paper's tags."""
        new = normalise_tags(tags)
        return self._change_state(paper_id, lambda s, now: s.with_tags(new, now))

    def set_note(self, paper_id: str, note: str) -> Entry:
        """Replace a paper's note (Markdown)."""
        return self._change_state(paper_id, lambda s, now: s.with_note(note, now))

    @property
    def can_undo(self) -> bool:
        """Whether `undo` has anything to take back."""
        return bool(self._undo)

    def undo(self) -> Entry | None:
        """Restore the reading state before the last change made through this library.

        Returns:
            The restored entry, or None when there is nothing to undo.
        """
        if not self._undo:
            return None
        previous = self._undo.pop()
        return self._change_state(
            previous.paper_id, lambda _s, now: replace(previous, updated_at=now), undoable=False
        )

    def _change_state(
        self,
        paper_id: str,
        change: Callable[[ReadingState, datetime], ReadingState],
        *,
        undoable: bool = True,
    ) -> Entry:
        with self._repo.locked():
            external = self._sync(notify=False)
            pid = self.resolve_id(paper_id)
            old = self._state(pid)
            new = change(old, self._now())
            if replace(new, updated_at=old.updated_at) != old:
                self._repo.put_state(new)
                self._take_state(new)
                self._generations = self._repo.generations
                if undoable:
                    self._undo = [*self._undo[-(UNDO_DEPTH - 1) :], old]
        ids = external.paper_ids if external else frozenset()
        self._notify(LibraryChange(ids | {pid}, bool(external and external.catalog_changed)))
        return self._entry(self._catalog.number(pid))

    # Import --------------------------------------------------------------------------

    def import_files(self, paths: Sequence[Path]) -> ImportReport:
        """Import seed documents and BibTeX / RIS files (by extension, else by content).

        A broken file is refused whole; the others still import. All accepted files go
        into the catalog in one atomic write, so importing a thousand files costs one
        rewrite of the catalog, not a thousand.
        """
        parsed = [(str(path), parse_import(path)) for path in paths]
        with self._repo.locked():
            external = self._sync(notify=False)
            batch = ImportBatch(self._catalog, self._states, self._now)
            results = [batch.add(path, outcome) for path, outcome in parsed]
            self._write(batch)
            catalog = self._sync(notify=False)
        self._notify_sync(external, catalog)
        return ImportReport(tuple(results))

    def _write(self, batch: ImportBatch) -> None:
        """Reader's state first: after a crash between the two writes, a re-import finds
        the state waiting for its papers rather than papers without their state."""
        if batch.states:
            self._repo.put_states(batch.states.values())
        self._repo.put_catalog(batch.sources.values(), batch.papers.values())

    # Export --------------------------------------------------------------------------

    def export(
        self,
        format: ExportFormat,
        query: str | Query = "",
        *,
        source_id: str | None = None,
        unread_only: bool = False,
        sort: SortOrder = SortOrder.ADDED,
    ) -> tuple[str, int]:
        """The papers `search` finds, as a document in `format`, and how many there are.

        Raises:
            QuerySyntaxError: the query is malformed.
        """
        sources = self._catalog.sources
        found = self.search(query, source_id=source_id, unread_only=unread_only, sort=sort)
        items = [
            ExportEntry(entry, tuple(sources[s] for s in entry.paper.sources if s in sources))
            for entry in found
        ]
        return export(items, format), len(items)

    def _notify_sync(self, *changes: LibraryChange | None) -> None:
        """Tell listeners about catalog changes found while holding the lock."""
        present = [change for change in changes if change]
        if present:
            ids = frozenset().union(*(change.paper_ids for change in present))
            self._notify(LibraryChange(ids, True))

    # Other processes -----------------------------------------------------------------

    def refresh(self) -> LibraryChange | None:
        """Pick up changes another process wrote, and tell listeners about them."""
        return self._sync()

    def _sync(self, *, notify: bool = True) -> LibraryChange | None:
        catalog_generation, state_generation = self._repo.generations
        catalog_changed = catalog_generation != self._generations[0]
        changed_ids: set[str] = set()
        if catalog_changed:
            self._catalog = self._repo.catalog()
            self._scopes.clear()
            self._sorted.clear()
            self._last_search = None
            with self._index_lock:
                self._index = None
        if state_generation != self._generations[1]:
            states = {state.paper_id: state for state in self._repo.states()}
            changed_ids = {
                pid
                for pid in states.keys() | self._states.keys()
                if states.get(pid) != self._states.get(pid)
            }
            for pid in changed_ids:
                self._take_state(states.get(pid) or ReadingState(pid))
        self._generations = (catalog_generation, state_generation)
        if not (catalog_changed or changed_ids):
            return None
        change = LibraryChange(frozenset(changed_ids), catalog_changed)
        if notify:
            self._notify(change)
        return change

    def _notify(self, change: LibraryChange) -> None:
        for listener in list(self._listeners):
            listener(change)

    # Internals -----------------------------------------------------------------------

    def _take_state(self, state: ReadingState) -> None:
        """Record a paper's new reading state here and in the search index."""
        if state.is_blank:
            self._states.pop(state.paper_id, None)
        else:
            self._states[state.paper_id] = state
        self._last_search = None
        with self._index_lock:
            if self._index is not None:
                self._index.set_state(state)

    def _scope(self, key: _ScopeKey) -> tuple[int, ...]:
        """The papers a view covers, cached until the catalog changes (searches reuse it)."""
        scope = self._scopes.get(key)
        if scope is None:
            scope = self._scopes[key] = self._compute_scope(*key)
        return scope

    def _compute_scope(self, source_id: str | None, include_reports: bool) -> tuple[int, ...]:
        catalog = self._catalog
        if source_id is not None:
            source = catalog.sources.get(source_id)
            if source is None:
                return ()
            wanted = (source.report_id, *source.paper_ids) if include_reports else source.paper_ids
            return tuple(catalog.number(pid) for pid in wanted if pid in catalog)
        return tuple(range(len(catalog))) if include_reports else catalog.related()

    def _sorted_scope(self, scope: _ScopeKey, sort: SortOrder) -> list[int]:
        """A view's papers in `sort` order, cached: the empty query costs nothing."""
        key = (scope, sort)
        numbers = self._sorted.get(key)
        if numbers is None:
            numbers = self._sorted[key] = self._catalog.sorted(self._scope(scope), sort)
        return numbers

    def _filter(
        self, query: Query, scope: _ScopeKey, sort: SortOrder, numbers: list[int]
    ) -> list[int]:
        """Run a query, starting from the last result when the reader has typed on."""
        last = self._last_search
        if last is not None and (last.scope, last.sort) == (scope, sort):
            if last.query.source == query.source:
                return last.numbers
            if query.narrows(last.query):
                numbers = last.numbers
        found = self._search_index().filter(query, numbers)
        self._last_search = _Search(scope, sort, query, found)
        return found

    def _search_index(self) -> SearchIndex:
        with self._index_lock:
            if self._index is None:
                self._index = SearchIndex(self._catalog, list(self._states.values()))
            return self._index

    def _state(self, paper_id: str) -> ReadingState:
        return self._states.get(paper_id) or ReadingState(paper_id)

    def _entry(self, number: int) -> Entry:
        paper = self._catalog.paper(number)
        return Entry(paper, self._state(paper.id))

    def _entry_list(self, numbers: Sequence[int]) -> EntryList:
        catalog = self._catalog
        return EntryList(numbers, self._entry, catalog.paper_id, catalog.find_number)


_ScopeKey = tuple[str | None, bool]
"""(source id or None for all papers, whether the seeds' own reports are included)."""


@dataclass(frozen=True, slots=True)
class _Search:
    """The last query run, so that the next keystroke can filter its result."""

    scope: _ScopeKey
    sort: SortOrder
    query: Query
    numbers: list[int]
    """The result, as paper numbers."""


def open_library(
    location: LibraryLocation, *, now: Callable[[], datetime] = utc_now
) -> tuple[Library, ImportReport | None]:
    """Open the library at `location`; a new default library starts with the bundled seeds.

    Returns:
        The library, and the report of the bundled-seed import when one happened.
    """
    is_new = not location.path.exists()
    if is_new:
        try:
            location.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryWriteError(location.path, f"cannot create its folder: {error}") from error
    library = Library(location.path, now=now)
    if is_new and location.is_default:
        return library, library.import_files(bundled_seeds())
    return library, None
