"""The first rows of a search while the search index is being built: a view's papers,
scanned in the view's order a chunk at a time, until the rows the screen needs are found.

At 100,000 papers the index takes a second or more to build after the first paint (at
1,000,000, ten), and a search over the whole library had to wait for it. A scan in the
view's order can stop early instead: the papers found in its first chunks are the
first rows of the index's result, in the same order, whatever the rest holds. Each
chunk is a `SearchIndex` of its papers alone, so a row matches here exactly when it
matches there, and the chunks are kept for the next keystrokes until the index is
ready (a few hundred papers are folded at first, about 10 µs each).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from .catalog import Catalog
from .records import StateDoc
from .search import Query

if TYPE_CHECKING:  # loaded with the first scan (see `first`)
    from .search_index import SearchIndex

_FIRST_CHUNK: Final = 256
"""Papers in the first chunk: a screen of rows for a query that one paper in eight
matches. Each next chunk is twice the last, so that a long scan is a few chunks."""
_NEW_PER_SEARCH: Final = 2048
"""Papers folded at most per search (about 20 ms; the first chunk of a search may be
all of them): a query that few papers match is scanned further at each keystroke, and
counted once the index is ready."""
_LARGEST_CHUNK: Final = _NEW_PER_SEARCH


class FirstRows(list[int]):
    """The first papers of a search's result, in its order; more may follow, and how
    many there are in all is not known yet."""


class FirstRowsScan:
    """One view's papers, in its order, searched chunk by chunk (see the module)."""

    def __init__(
        self, catalog: Catalog, states: Mapping[str, StateDoc], numbers: list[int]
    ) -> None:
        self.states = states
        """The reading state the chunks were folded with."""
        self.numbers = numbers
        """The view's papers, in its order."""
        self._catalog = catalog
        self._chunks: list[tuple[list[int], SearchIndex]] = []

    def first(self, query: Query, wanted: int | None) -> Sequence[int]:
        """At least `wanted` papers (None: all) of the view's that match `query`, in its
        order, as a `FirstRows` unless every paper was tested (then the whole result).

        With `wanted`, stops early (with fewer) rather than fold more than
        `_NEW_PER_SEARCH` papers; the next search goes on from there."""
        from .search_index import SearchIndex

        found: list[int] = []
        chunks, numbers = self._chunks, self.numbers
        at = tested = folded = 0
        while tested < len(numbers) and (wanted is None or len(found) < wanted):
            if at == len(chunks):
                size = min(_FIRST_CHUNK << at, _LARGEST_CHUNK)
                if wanted is not None and folded and folded + size > _NEW_PER_SEARCH:
                    break
                papers = numbers[tested : tested + size]
                chunks.append((papers, SearchIndex(self._catalog, self.states, papers)))
                folded += len(papers)
            papers, index = chunks[at]
            found += index.filter(query, papers)
            tested += len(papers)
            at += 1
        return found if tested >= len(numbers) else FirstRows(found)
