"""The library: every use-case the app and the command line need, over the repository."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from .errors import AmbiguousIdError, BadInputError, LibraryWriteError, UnknownPaperError
from .paths import LibraryLocation, bundled_seeds
from .records import Entry, Paper, ReadingState, Source, normalise_tags
from .repository import PaperRepository
from .search import Query, SearchDoc, paper_haystack, parse_query
from .seeds import SeedDocument, read_seed
from .sorting import SortOrder, sort_entries

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


@dataclass(frozen=True, slots=True)
class FileImport:
    """The outcome of importing one file."""

    path: str
    source: Source | None = None
    """The imported source, None when the file was refused."""
    new_papers: int = 0
    """Related papers that were not in the library before."""
    known_papers: int = 0
    """Related papers the library already had (their reading state is untouched)."""
    already_imported: bool = False
    """The same document was imported before; nothing changed."""
    error: str | None = None
    """Why the file was refused; nothing from it was imported."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of one import command."""

    files: tuple[FileImport, ...]

    @property
    def failed(self) -> tuple[FileImport, ...]:
        """The files that were refused."""
        return tuple(item for item in self.files if item.error is not None)


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
        self._papers: dict[str, Paper] = {}
        self._sources: dict[str, Source] = {}
        self._states: dict[str, ReadingState] = {}
        self._haystacks: dict[str, str] = {}
        self._search_docs: dict[str, SearchDoc] = {}
        self._scopes: dict[tuple[str | None, bool], tuple[str, ...]] = {}
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
        return not self._papers

    def sources(self) -> list[Source]:
        """Imported seed documents, oldest import first."""
        return sorted(self._sources.values(), key=lambda s: (s.imported_at, s.file_name))

    def source(self, source_id: str) -> Source:
        """One source by id.

        Raises:
            KeyError: no such source.
        """
        return self._sources[source_id]

    def entry(self, paper_id: str) -> Entry:
        """One paper with its state, by id or unique id prefix.

        Raises:
            UnknownPaperError, AmbiguousIdError: the id does not name one paper.
        """
        return self._entry(self.resolve_id(paper_id))

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one paper whose id starts with `prefix`.

        Raises:
            UnknownPaperError, AmbiguousIdError: the prefix names no paper, or several.
        """
        prefix = prefix.strip().lower()
        if prefix in self._papers:
            return prefix
        matches = [pid for pid in self._papers if pid.startswith(prefix)] if prefix else []
        if not matches:
            raise UnknownPaperError(prefix)
        if len(matches) > 1:
            raise AmbiguousIdError(prefix, sorted(matches))
        return matches[0]

    def entries(
        self, source_id: str | None = None, *, include_reports: bool = False
    ) -> list[Entry]:
        """Papers in library order: one source's, or all of them."""
        return [self._entry(pid) for pid in self._scope(source_id, include_reports)]

    def search(
        self,
        query: str | Query = "",
        *,
        source_id: str | None = None,
        include_reports: bool = False,
        sort: SortOrder = SortOrder.CITATIONS,
    ) -> list[Entry]:
        """The papers that match a query (see `parse_query`), sorted.

        Args:
            query: search-language text or an already parsed query.
            source_id: only papers listed by this source; None for all.
            include_reports: also consider the sources' own papers.
            sort: the order of the result.

        Raises:
            QuerySyntaxError: the query is malformed.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        ids: Sequence[str] = self._scope(source_id, include_reports)
        if not parsed.is_empty:
            docs = [self._search_doc(pid) for pid in ids]
            ids = [ids[i] for i in parsed.filter(docs)]
        return sort_entries([self._entry(pid) for pid in ids], sort)

    def total(self, source_id: str | None = None) -> int:
        """How many related papers a source lists (or the library holds); no scan."""
        return len(self._scope(source_id, include_reports=False))

    def counts(self, source_id: str | None = None) -> tuple[int, int]:
        """(read, total) related papers of a source, or of the whole library."""
        ids = self._scope(source_id, include_reports=False)
        states = self._states
        read = sum(1 for pid in ids if (state := states.get(pid)) is not None and state.read)
        return read, len(ids)

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
        return [self._sources[s].file_name for s in paper.sources if s in self._sources]

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
                self._states[pid] = new
                self._search_docs.pop(pid, None)
                self._generations = self._repo.generations
                if undoable:
                    self._undo = [*self._undo[-(UNDO_DEPTH - 1) :], old]
        ids = external.paper_ids if external else frozenset()
        self._notify(LibraryChange(ids | {pid}, bool(external and external.catalog_changed)))
        return self._entry(pid)

    # Import --------------------------------------------------------------------------

    def import_files(self, paths: Sequence[Path]) -> ImportReport:
        """Import seed documents; a broken one is refused whole, the others still import."""
        results = []
        for path in paths:
            try:
                document = read_seed(path)
            except BadInputError as error:
                results.append(FileImport(str(path), error=str(error)))
                continue
            results.append(self.import_document(document, str(path)))
        return ImportReport(tuple(results))

    def import_document(self, document: SeedDocument, path: str = "") -> FileImport:
        """Add a parsed document's source and papers; existing papers keep their state."""
        source, papers = document.to_records(self._now())
        with self._repo.locked():
            external = self._sync(notify=False)
            known_source = self._sources.get(source.id)
            changed: list[Paper] = []
            new = known = 0
            for paper in papers:
                existing = self._papers.get(paper.id)
                merged = paper if existing is None else existing.merged_with(paper)
                if merged != existing:
                    changed.append(merged)
                if paper.kind == "related":
                    new += existing is None
                    known += existing is not None
            if known_source is None or changed:
                self._repo.put_catalog([] if known_source else [source], changed)
            catalog = self._sync(notify=False)
        ids = frozenset().union(*(c.paper_ids for c in (external, catalog) if c))
        if external or catalog:
            self._notify(LibraryChange(ids, True))
        return FileImport(
            path or document.file_name,
            known_source or source,
            new_papers=new,
            known_papers=known,
            already_imported=known_source is not None and not changed,
        )

    # Other processes -----------------------------------------------------------------

    def refresh(self) -> LibraryChange | None:
        """Pick up changes another process wrote, and tell listeners about them."""
        return self._sync()

    def _sync(self, *, notify: bool = True) -> LibraryChange | None:
        catalog_generation, state_generation = self._repo.generations
        catalog_changed = catalog_generation != self._generations[0]
        changed_ids: set[str] = set()
        if catalog_changed:
            self._papers = {paper.id: paper for paper in self._repo.papers()}
            self._sources = {source.id: source for source in self._repo.sources()}
            self._haystacks.clear()
            self._search_docs.clear()
            self._scopes.clear()
        if state_generation != self._generations[1]:
            states = {state.paper_id: state for state in self._repo.states()}
            changed_ids = {
                pid
                for pid in states.keys() | self._states.keys()
                if states.get(pid) != self._states.get(pid)
            }
            for pid in changed_ids:
                self._search_docs.pop(pid, None)
            self._states = states
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

    def _scope(self, source_id: str | None, include_reports: bool) -> tuple[str, ...]:
        """The ids a view covers, cached until the catalog changes (searches reuse it)."""
        key = (source_id, include_reports)
        scope = self._scopes.get(key)
        if scope is None:
            scope = self._scopes[key] = self._compute_scope(source_id, include_reports)
        return scope

    def _compute_scope(self, source_id: str | None, include_reports: bool) -> tuple[str, ...]:
        if source_id is not None:
            source = self._sources.get(source_id)
            if source is None:
                return ()
            ids = tuple(pid for pid in source.paper_ids if pid in self._papers)
            return (source.report_id, *ids) if include_reports else ids
        if include_reports:
            return tuple(self._papers)
        return tuple(pid for pid, paper in self._papers.items() if paper.kind == "related")

    def _state(self, paper_id: str) -> ReadingState:
        return self._states.get(paper_id) or ReadingState(paper_id)

    def _entry(self, paper_id: str) -> Entry:
        return Entry(self._papers[paper_id], self._state(paper_id))

    def _search_doc(self, paper_id: str) -> SearchDoc:
        doc = self._search_docs.get(paper_id)
        if doc is None:
            entry = self._entry(paper_id)
            haystack = self._haystacks.get(paper_id)
            if haystack is None:
                haystack = self._haystacks[paper_id] = paper_haystack(entry)
            doc = self._search_docs[paper_id] = SearchDoc.of(entry, haystack)
        return doc


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
