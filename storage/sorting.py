"""The orders a paper list can be sorted in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from .records import Entry


class SortOrder(StrEnum):
    """How lists are ordered; `next` cycles through them in this order."""

    CITATIONS = "citations"
    DATE = "date"
    JOURNAL = "journal"
    ADDED = "added"

    @property
    def label(self) -> str:
        """A short description for the screen."""
        return _LABELS[self]

    @property
    def next(self) -> SortOrder:
        """The order after this one, wrapping around."""
        members = list(SortOrder)
        return members[(members.index(self) + 1) % len(members)]


_LABELS = {
    SortOrder.CITATIONS: "most cited",
    SortOrder.DATE: "newest",
    SortOrder.JOURNAL: "journal A-Z",
    SortOrder.ADDED: "recently added",
}


def _date_key(entry: Entry) -> tuple[int, int]:
    """Newest first when sorted ascending; unknown dates last."""
    paper = entry.paper
    return (-(paper.year or 0), -(paper.month or 0))


def _citations_key(entry: Entry) -> tuple[int, tuple[int, int]]:
    citations = entry.paper.citations
    return (-citations if citations is not None else 1, _date_key(entry))


def _journal_key(entry: Entry) -> tuple[bool, str, tuple[int, int]]:
    journal = entry.paper.journal.casefold()
    return (not journal, journal, _date_key(entry))


def _added_key(entry: Entry) -> float:
    added: datetime = entry.paper.added_at
    return -added.timestamp()


_KEYS: dict[SortOrder, Callable[[Entry], Any]] = {
    SortOrder.CITATIONS: _citations_key,
    SortOrder.DATE: _date_key,
    SortOrder.JOURNAL: _journal_key,
    SortOrder.ADDED: _added_key,
}


def sort_entries(entries: Sequence[Entry], order: SortOrder) -> list[Entry]:
    """Entries in `order`; ties keep their incoming order (sorting is stable)."""
    return sorted(entries, key=_KEYS[order])
