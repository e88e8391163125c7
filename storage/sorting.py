"""The orders a paper list can be sorted in."""

from __future__ import annotations

from enum import StrEnum


class SortOrder(StrEnum):
    """How lists are ordered; `next` cycles through them in this order."""

    CITATIONS = "citations"
    DATE = "date"
    JOURNAL = "journal"
    ADDED = "added"
    PRIORITY = "priority"

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
    SortOrder.PRIORITY: "priority",
}
