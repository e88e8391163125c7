"""Search results as a lazy sequence: 100,000 matches cost a list of ints, not of records."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import overload

from .records import Entry


class EntryList(Sequence[Entry]):
    """Entries by position, built when read; always showing the papers' current state.

    A list widget reads the thirty rows on screen; building the other 99,970 entries
    would cost more than the search that found them.
    """

    def __init__(
        self,
        numbers: Sequence[int],
        entry: Callable[[int], Entry],
        paper_id: Callable[[int], str],
        number: Callable[[str], int | None],
    ) -> None:
        """Wrap paper numbers with the catalog's ways to turn them into entries and ids."""
        self._numbers = numbers
        self._entry = entry
        self._paper_id = paper_id
        self._number = number

    @classmethod
    def empty(cls) -> EntryList:
        """A list with no entries."""
        return cls((), _no_entry, _no_id, lambda _paper_id: None)

    def __len__(self) -> int:
        return len(self._numbers)

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> list[Entry]: ...
    def __getitem__(self, index: int | slice) -> Entry | list[Entry]:
        if isinstance(index, slice):
            return [self._entry(number) for number in self._numbers[index]]
        return self._entry(self._numbers[index])

    def __iter__(self) -> Iterator[Entry]:
        return (self._entry(number) for number in self._numbers)

    def id_at(self, index: int) -> str:
        """The id of the paper at `index`, without building its entry."""
        return self._paper_id(self._numbers[index])

    def position(self, paper_id: str) -> int | None:
        """Where a paper is in the list, or None."""
        number = self._number(paper_id)
        if number is None:
            return None
        try:
            return self._numbers.index(number)
        except ValueError:
            return None


def _no_entry(number: int) -> Entry:
    raise IndexError(number)


def _no_id(number: int) -> str:
    raise IndexError(number)
