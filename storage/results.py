"""Search results as a lazy sequence: 100,000 matches cost a list of ints, not of records."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

from .catalog import Catalog
from .records import Entry, ReadingState
from .snapshot import Numbers, Snapshot


class EntryList(Sequence[Entry]):
    """Entries by position, built when read from the snapshot the list was made from.

    A list widget reads the thirty rows on screen; building the other 99,970 entries
    would cost more than the search that found them. The list never changes: a newer
    state of the same papers is `Library.current(list)`.
    """

    def __init__(
        self, numbers: Sequence[int], snapshot: Snapshot, *, complete: bool = True
    ) -> None:
        """Wrap paper numbers of `snapshot`'s catalog."""
        self._numbers = numbers
        self.snapshot = snapshot
        """The library as it was when the list was made."""
        self.complete = complete
        """False if these are only the first papers of a search's result (its length
        is then a lower bound): see `Library.search`'s `first`."""

    @classmethod
    def empty(cls) -> EntryList:
        """A list with no entries."""
        return cls((), Snapshot(Catalog([], ()), {}, Numbers(), frozenset()))

    @property
    def numbers(self) -> Sequence[int]:
        """The papers' numbers in the snapshot's catalog."""
        return self._numbers

    def __len__(self) -> int:
        return len(self._numbers)

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> list[Entry]: ...
    def __getitem__(self, index: int | slice) -> Entry | list[Entry]:
        if isinstance(index, slice):
            return [self.snapshot.entry(number) for number in self._numbers[index]]
        return self.snapshot.entry(self._numbers[index])

    def __iter__(self) -> Iterator[Entry]:
        entry = self.snapshot.entry
        return (entry(number) for number in self._numbers)

    @property
    def has_authors(self) -> bool:
        """Whether any paper of the library (not only of this list) names its authors:
        a list laid out by it keeps its columns while a search narrows it."""
        return self.snapshot.catalog.has_authors

    def state_at(self, index: int) -> ReadingState:
        """The reading state of the paper at `index`, without building its record."""
        return self.snapshot.state(self.id_at(index))

    def id_at(self, index: int) -> str:
        """The id of the paper at `index`, without building its entry."""
        return self.snapshot.catalog.paper_id(self._numbers[index])

    def ids(self) -> list[str]:
        """Every paper's id, in order."""
        return self.snapshot.catalog.paper_ids(self._numbers)

    def position(self, paper_id: str) -> int | None:
        """Where a paper is in the list, or None."""
        number = self.snapshot.catalog.find_number(paper_id)
        if number is None:
            return None
        try:
            return self._numbers.index(number)
        except ValueError:
            return None
