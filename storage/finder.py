"""Running views over one catalog, with what makes the next keystroke cheap kept.

A `Finder` belongs to one catalog (a new catalog gets a new finder). It keeps each
view's papers in sorted order (so the empty query costs nothing) and as ranks in the
search index (so a search starts from them without converting), the search index, and
the last result (typing on filters it instead of the whole library). While the index is
being built, a search that asks for its first rows only is answered by a scan of the
view's papers in its order (see `first_rows`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

from .catalog import Catalog
from .first_rows import FirstRowsScan
from .found import Found, Ranked
from .one_shot import matching
from .one_shot import tag_counts as one_shot_tag_counts
from .records import StateDoc
from .search import Query
from .snapshot import Snapshot
from .sorting import SortOrder
from .view import View

if TYPE_CHECKING:  # loaded with the first query (see `_search_index`): `list` has none
    from .search_index import SearchIndex

_SCAN_UP_TO: Final = 2000
"""While the index is being built, a search over at most this many papers scans them
(about 10 µs a paper) instead of waiting for the index, even where all its rows are
asked for: the first seed's papers, or a query typed on over few."""
_PAUSED_FROM: Final = 20_000
"""Libraries of fewer papers build their words in a tenth of a second, without pauses."""
_TYPING_PAUSE: Final = 0.25
"""The words are indexed only while searches have paused this long: at 100,000 papers
their 0.7 s of CPU, spread over the first keys typed, cost each key 40 ms."""


def _at_once() -> None:
    """No pause."""


@dataclass(frozen=True, slots=True)
class _Scope:
    """The part of a view that decides which papers it covers, before any query."""

    source_id: str | None
    include_reports: bool
    trash: bool
    sort: SortOrder


@dataclass(frozen=True, slots=True)
class _LastSearch:
    scope: _Scope
    query: Query
    found: Ranked


class Finder:
    """Finds a view's papers in one catalog; callers serialise calls (the library's lock),
    except `build_index`, which runs on any thread after `start_index` said so."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        """The catalog this finder searches."""
        self._sorted: dict[_Scope, list[int]] = {}
        self._prioritised: dict[_Scope, tuple[Mapping[int, int], list[int]]] = {}
        """Lists sorted by priority, with the priorities they were sorted by."""
        self._ranks: dict[_Scope, tuple[list[int], Found]] = {}
        """Each view's sorted papers (the list in `_sorted`), as ranks in the index."""
        self._last: _LastSearch | None = None
        self._index: SearchIndex | None = None
        self._built: SearchIndex | None = None
        """An index built on another thread, not yet in use."""
        self._changed_during_build: set[str] | None = None
        self._build_done = threading.Event()
        """Clear while a background build is under way."""
        self._build_done.set()
        self._searched = 0.0
        """When the last search was made (`time.monotonic`)."""
        self._scan: tuple[_Scope, FirstRowsScan] | None = None
        """The view last scanned while the index is being built, with its chunks."""

    def find(
        self, view: View, query: Query, snapshot: Snapshot, first: int | None = None
    ) -> Sequence[int]:
        """The papers of `snapshot` (this finder's catalog) the view and query select.

        With `first`, while the index is being built, only the first rows may be found
        (at least that many, if there are; see `first_rows`): a `FirstRows`.
        """
        try:
            return self._find(view, query, snapshot, first)
        finally:
            self._searched = time.monotonic()  # after any wait for the index

    def _find(
        self, view: View, query: Query, snapshot: Snapshot, first: int | None
    ) -> Sequence[int]:
        scope = _Scope(view.source_id, view.include_reports, view.trash, view.sort)
        numbers = self._sorted_scope(scope, snapshot)
        if query.is_empty:
            return numbers
        if self.has_index:
            self._scan = None  # the index answers from here on
        elif first is not None or (len(numbers) <= _SCAN_UP_TO and not self._build_done.is_set()):
            # Being built on the background thread (or about to be, where only the first
            # rows are asked for): answer now, from these papers alone.
            return self._scanned(scope, numbers, snapshot).first(query, first)
        index = self._search_index(snapshot)
        last = self._last
        to_check = query
        candidates = self._scope_ranks(scope, numbers, index)
        if last is not None and last.scope == scope:
            if last.query.source == query.source:
                return last.found
            if query.narrows(last.query):
                # Typing on: start from the last result, and test only the terms it
                # does not already guarantee (in "hair f" after "hair ", only "f").
                candidates = last.found.found
                to_check = query.without_terms_implied_by(last.query)
        found = Ranked(index.filter_ranks(to_check, candidates), index)
        self._last = _LastSearch(scope, query, found)
        return found

    def find_once(self, view: View, query: Query, snapshot: Snapshot) -> Sequence[int]:
        """`find`, for a process that searches once (a command line): unless an index is
        built or being built, the papers that can match are picked out first and only
        they are tested and sorted (see `one_shot`), where building the index for one
        query cost `list "hair follicle"` three quarters of its time at 10,000 papers."""
        if query.is_empty or self.has_index or not self._build_done.is_set():
            return self.find(view, query, snapshot)
        scope = _Scope(view.source_id, view.include_reports, view.trash, view.sort)
        found = matching(
            self.catalog, snapshot.states, self._scope_papers(scope, snapshot.trash), query
        )
        if scope.sort is not SortOrder.PRIORITY:
            return self.catalog.sorted(found, scope.sort)
        return _priorities_first(
            self.catalog.sorted(found, SortOrder.CITATIONS), snapshot.priorities
        )

    def _scanned(self, scope: _Scope, numbers: list[int], snapshot: Snapshot) -> FirstRowsScan:
        """The scan of a view's papers, kept for the next keystroke if it is the same."""
        if self._scan is not None:
            kept_scope, scan = self._scan
            if kept_scope == scope and scan.numbers is numbers and scan.states is snapshot.states:
                return scan
        scan = FirstRowsScan(self.catalog, snapshot.states, numbers)
        self._scan = (scope, scan)
        return scan

    def _scope_ranks(self, scope: _Scope, numbers: list[int], index: SearchIndex) -> Found:
        """A view's sorted papers as ranks, converted once per list."""
        kept = self._ranks.get(scope)
        if kept is None or kept[0] is not numbers:
            kept = self._ranks[scope] = (numbers, index.ranks_of(numbers))
        return kept[1]

    def start_index(self) -> bool:
        """Whether an index should be built now; from here on changes are noted for it."""
        if self._index is not None or self._changed_during_build is not None:
            return False
        self._changed_during_build = set()
        self._build_done.clear()
        return True

    def build_index(
        self, snapshot: Snapshot, words: Path | None = None, ready: Callable[[], object] = _at_once
    ) -> None:
        """Build the search index from `snapshot` (on any thread, without the lock),
        call `ready` (searches use it from now on), then build its words (see
        `SearchIndex.build_words`), in the pauses between searches.

        Papers whose state changes meanwhile are brought up to date when it is first
        used.
        """
        from .search_index import SearchIndex

        try:
            index = SearchIndex(self.catalog, snapshot.states)
            if words is not None:
                index.read_words(words)
            self._built = index if self._index is None else None  # too late: one was built
        finally:
            self._build_done.set()
        ready()
        # A search can use the index meanwhile; a large library's words wait for pauses.
        pause = self._after_typing if len(self.catalog) >= _PAUSED_FROM else _at_once
        (self._index or index).build_words(pause, words)

    def _after_typing(self) -> None:
        """Return once searches have paused for `_TYPING_PAUSE` (at once if they have)."""
        while (left := self._searched + _TYPING_PAUSE - time.monotonic()) > 0:
            time.sleep(left)

    def states_changed(self, changed: Mapping[str, StateDoc | None]) -> None:
        """Take in the new state documents of some papers (None: it has none)."""
        if self._changed_during_build is not None:
            self._changed_during_build.update(changed)
        if self._index is not None:
            self._index.set_states(changed)
        self._last = self._scan = None

    def tag_added(self, changed: Mapping[str, StateDoc | None], tag: str) -> None:
        """`states_changed` for papers whose whole change is `tag` put after their own
        tags (see `SearchIndex.tag_added`)."""
        if self._index is None or self._changed_during_build is not None:
            self.states_changed(changed)  # no index, or one being built: read them later
            return
        self._index.tag_added(changed, tag)
        self._last = self._scan = None

    def trash_changed(self) -> None:
        """Papers entered or left the trash: every view's papers change."""
        self._sorted.clear()
        self._prioritised.clear()
        self._ranks.clear()
        self._last = self._scan = None

    def _search_index(self, snapshot: Snapshot) -> SearchIndex:
        from .search_index import SearchIndex

        if self._index is None and self._built is None and not self._build_done.is_set():
            # Under way on the background thread: waiting for it is never longer than
            # building another here, which would also slow it down.
            self._build_done.wait()
        if self._index is None:
            built, changed = self._built, self._changed_during_build
            if built is not None and changed is not None:
                built.set_states({pid: snapshot.states.get(pid) for pid in changed})
                self._index = built
            else:  # asked before the background build finished (or began): build here
                self._index = SearchIndex(self.catalog, snapshot.states)
            self._built = self._changed_during_build = None
        return self._index

    def tag_counts(
        self, numbers: Sequence[int], snapshot: Snapshot, *, once: bool = False
    ) -> list[tuple[str, int]]:
        """The tags of these papers (of this finder's catalog), with their counts; `once`:
        for a process that counts once, by the state documents unless an index is built
        or being built (as `find_once`; building one cost `tags` two thirds of its 3 s
        at 100,000 papers)."""
        if once and not self.has_index and self._build_done.is_set():
            return one_shot_tag_counts(self.catalog, snapshot.states, numbers)
        index = self._search_index(snapshot)
        if isinstance(numbers, Ranked) and numbers.search_index is index:
            return index.tag_counts(numbers.found)  # a search's result: already ranks
        return index.tag_counts(index.ranks_of(numbers))

    @property
    def has_index(self) -> bool:
        """Whether the search index is built (or built and waiting to be taken in)."""
        return self._index is not None or self._built is not None

    def _sorted_scope(self, scope: _Scope, snapshot: Snapshot) -> list[int]:
        if scope.sort is SortOrder.PRIORITY:
            return self._by_priority(scope, snapshot)
        numbers = self._sorted.get(scope)
        if numbers is None:
            numbers = self._sorted[scope] = self._sort_scope(scope, snapshot.trash)
        return numbers

    def _sort_scope(self, scope: _Scope, trash: frozenset[int]) -> list[int]:
        index = self._index or self._built
        if index is not None and scope.source_id is None and scope.sort is SortOrder.CITATIONS:
            # The index has the whole library in this order: pick the view's papers.
            reports = frozenset() if scope.include_reports else self.catalog.reports()
            if scope.trash:
                return [n for n in index.ranked if n in trash and n not in reports]
            left_out = trash | reports if trash else reports
            numbers = [n for n in index.ranked if n not in left_out]
            # Their ranks are the index's all but a few: marked out of a full mask, where
            # converting each number cost the first key of a query 12 ms at 100,000.
            self._ranks[scope] = (numbers, index.all_but(left_out))
            return numbers
        return self.catalog.sorted(self._scope_papers(scope, trash), scope.sort)

    def _scope_papers(self, scope: _Scope, trash: frozenset[int]) -> Sequence[int]:
        """The papers a view covers, in stored order."""
        candidates = self.catalog.scope(scope.source_id, scope.include_reports)
        if scope.trash:
            return tuple(n for n in candidates if n in trash)
        if trash:
            return tuple(n for n in candidates if n not in trash)
        return candidates

    def _by_priority(self, scope: _Scope, snapshot: Snapshot) -> list[int]:
        """Priority 1 first, then 2 and 3, then the rest, each in the order of most cited.

        Few papers have a priority: they are picked out of the cited order and sorted,
        and the list is kept until a priority changes (a toggle does not re-sort).
        """
        priorities = snapshot.priorities
        kept = self._prioritised.get(scope)
        if kept is not None and kept[0] is priorities:
            return kept[1]
        cited = self._sorted_scope(replace(scope, sort=SortOrder.CITATIONS), snapshot)
        numbers = _priorities_first(cited, priorities)
        self._prioritised[scope] = (priorities, numbers)
        return numbers


def _priorities_first(cited: list[int], priorities: Mapping[int, int]) -> list[int]:
    """Papers in the order of most cited, those with a priority first, by priority."""
    if not priorities:
        return cited
    first = sorted((n for n in cited if n in priorities), key=priorities.__getitem__)
    return first + [n for n in cited if n not in priorities]
