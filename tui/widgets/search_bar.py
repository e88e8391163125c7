"""The search bar: the query input and a status line (shown / total, sort, errors)."""

from __future__ import annotations

from typing import Self

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.widgets import Input, Static


class SearchInput(Input):
    """The query input. Enter, ↓ and Esc are the screen's (priority) keys, see MainScreen."""

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """Repaint without re-laying out the screen.

        Input records its text width in a layout-changing reactive, so every keystroke
        asked Textual to re-arrange and repaint every pane: most of a keystroke's cost.
        The search box is one line whose size its parent fixes, so its text never moves
        another widget.
        """
        return super().refresh(*regions, repaint=repaint, layout=False, recompose=recompose)


class SearchBar(Vertical):
    """Query input plus status. The screen watches the input's `value` for the query."""

    HELP = """
## Search

Words are ANDed (case and accents ignored); `a OR b`; `"a phrase"`; `hair*` for
words starting with hair; `-word` excludes; `tag:x`, `is:read|unread|noted`,
`year:2017`, `year:>=2015`, `year:2010..2015`, `cites:>50`, `journal:word` (or
`venue:`), `author:`, `title:`, `key:`, `doi:`, `type:book`. Enter or ↓ goes to the
list, Esc clears.
"""

    _status = ""

    def compose(self) -> ComposeResult:
        yield SearchInput(
            select_on_focus=False,  # coming back with / refines the query, not replaces it
            placeholder='/ search: words, "phrase", tag:x, is:unread, year:>=2015…',
            id="search-input",
        )
        yield Static(id="search-status")

    @on(Input.Changed, "#search-input")
    def keep_changes_here(self, event: Input.Changed) -> None:
        """The screen watches the input's value; the message need not wake every ancestor."""
        event.stop()

    def show_status(self, shown: int, total: int, details: str, error: str | None) -> None:
        """Update the status line; an error replaces the details and marks the bar."""
        status = self.query_one("#search-status", Static)
        counts = f"{shown:,} / {total:,}"
        tail = f"[$error]⚠ {error}[/]" if error else details
        text = f"[b]{counts}[/]  {tail}"
        if text != self._status:
            self._status = text
            status.update(text, layout=False)  # one line, always: no relayout per keystroke
        self.set_class(error is not None, "-error")
