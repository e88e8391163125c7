"""What a list shows, as one value: the screen, the command line and exports share it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .sorting import SortOrder


@dataclass(frozen=True, slots=True)
class View:
    """Which papers, in which order: `Library.search(view)` gives the list."""

    query: str = ""
    """Search-language text (see `parse_query`)."""
    source_id: str | None = None
    """Only the papers one seed document lists; None for the whole library."""
    unread_only: bool = False
    """Leave out papers marked read."""
    sort: SortOrder = SortOrder.CITATIONS
    trash: bool = False
    """Show the deleted papers (and only those) instead."""
    include_reports: bool = False
    """Also list the seeds' own case reports (the command line does; the app's list,
    which shows the report in its own pane, does not)."""

    def but(self, **changes: Any) -> View:
        """This view with some fields changed."""
        return replace(self, **changes)

    def describe(self, source_name: str | None = None) -> str:
        """The view in words, for the status line and export reports.

        Args:
            source_name: the file name of the seed the view is scoped to, if any.
        """
        parts = []
        if self.query.strip():
            parts.append(f"search: {self.query.strip()}")
        if self.trash:
            parts.append("in the trash")
        if self.source_id is not None:
            parts.append(f"seed: {source_name or self.source_id}")
        if self.unread_only:
            parts.append("unread only")
        parts.append(f"sort: {self.sort.label}")
        return " · ".join(parts)
