"""Saved searches on the main screen: `b` names the view, `'` and a digit (or the
palette) come back to one, and the source pane counts each one's unread papers.

The searches are the library's (see storage.saved_views), so one saved in another
window or from the command line appears here at the next poll.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.message import Message
from textual.widgets import Input

from storage import Applied, QuerySyntaxError, SavedView, StorageError
from storage.text import visible

from ..messages import LibraryChanged
from ..widgets import SourcePane
from .link_actions import LinkActions


@dataclass
class SavedCounted(Message):
    """The saved searches' unread counts: (number, name, unread) each; None for a search
    whose query does not parse."""

    rows: list[tuple[int, str, int | None]]


class SavedSearchActions(LinkActions):
    """The main screen's saved searches."""

    _counted = False
    """Whether the source pane lists saved searches (else, with none, there is no
    need to count)."""

    def action_save_search(self) -> None:
        """b: keep the view (query, seed, filters, sort) under a name."""
        from .save_search import SaveSearchDialog  # dialogs load on first use

        names = [saved.name for saved in self.library.saved_views()]
        description = self.library.describe(self.view)

        def save(name: str | None) -> None:
            if name:
                view = self.view
                self._write(lambda: self.library.save_view(name, view), self._saved)

        self.app.push_screen(SaveSearchDialog(description, names), save)

    def _saved(self, applied: Applied) -> None:
        self._say(applied.describe().capitalize(), timeout=4)

    def action_pick_saved(self) -> None:
        """': list the saved searches; a digit (or Enter) shows one, d forgets it."""
        from .saved_picker import SavedSearchPicker

        saved = self.library.saved_views()
        if not saved:
            self.notify("No saved searches yet: b saves the view.", timeout=3)
            return
        rows = [(s.name, self._about(s)) for s in saved]

        def chosen(number: int | None) -> None:
            if number is not None:
                picked = saved[abs(number) - 1]
                if number > 0:
                    self.show_saved(picked)
                else:
                    self.remove_saved(picked)

        self.app.push_screen(SavedSearchPicker(rows), chosen)

    def show_saved(self, saved: SavedView) -> None:
        """Switch to a saved search: its query goes into the search box."""
        self.view = saved.view.but(include_reports=False)
        self.query_one("#search-input", Input).value = saved.view.query
        self._say(f"Search {saved.name}", timeout=2)

    def remove_saved(self, saved: SavedView) -> None:
        """Forget a saved search (from the palette)."""
        self._write(lambda: self.library.remove_view(saved.name), self._saved)

    def on_mount(self) -> None:
        if self.library.saved_views():
            self.count_saved()

    @on(LibraryChanged)
    def recount_saved(self, event: LibraryChanged) -> None:
        """Any change may change the counts (a read paper, a new search); with no saved
        searches, none shown and none new, there is nothing to count (no thread either:
        a toggle should cost what it did)."""
        if self._counted or event.change.views_changed or self.library.saved_views():
            self.count_saved()

    def _unread(self, saved: SavedView) -> int | None:
        """How many of the saved search's papers are still to read; None when its query
        does not parse."""
        try:
            return len(self.library.search(saved.view.but(unread_only=True)))
        except QuerySyntaxError:
            return None

    def _about(self, saved: SavedView) -> str:
        """A saved search's line in the picker: its unread count and what it is."""
        unread = self._unread(saved)
        if unread is None:
            return f"⚠ {visible(saved.view.query)}: does not parse (d forgets it)"
        return f"{unread:,} unread · {self.library.describe(saved.view)}"

    @work(thread=True, exclusive=True, group="saved-counts")
    def count_saved(self) -> None:
        """Count each saved search's unread papers off the event loop (a search each).

        The counts come back as a message: posting one is safe from a thread even as the
        app shuts down, where call_from_thread would fail.
        """
        try:
            saved = self.library.saved_views()
            rows = [(number, s.name, self._unread(s)) for number, s in enumerate(saved, 1)]
        except StorageError:
            return  # the poll reports a broken library
        self.post_message(SavedCounted(rows))

    @on(SavedCounted)
    def show_saved_counts(self, event: SavedCounted) -> None:
        self._counted = bool(event.rows)
        self.query_one(SourcePane).show_saved(event.rows)
