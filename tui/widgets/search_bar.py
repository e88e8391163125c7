"""The search bar: the query input and a status line (shown / total, sort, errors)."""

from __future__ import annotations

from typing import Self

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Input, Static

from storage.search import SEARCH_SUMMARY, SEARCH_SYNTAX
from storage.text import visible

from .kept_lines import KeptLines


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

    @property
    def content_width(self) -> int:
        """Input's, without making the value's styled text to measure it: Input asks for
        it when it draws its line and at each change of the value or the cursor, and
        makes that text anew each time (the highlighter styles it, never widens it)."""
        if self.placeholder and not self.value:
            return cell_len(self.placeholder)
        return (len(self.value) if self.password else cell_len(self.value)) + 1


class _StatusLine(KeptLines, Static):
    """The status line, which hands back its line while that is unchanged: every frame
    that repaints the rows beside it drew it again (about 0.2 ms)."""


class SearchBar(KeptLines, Vertical):
    """Query input plus status. The screen watches the input's `value` for the query."""

    HELP = "\n".join(
        [
            "## Search",
            "",
            *(f"- `{example}`: {what}" for example, what in SEARCH_SYNTAX),
            "",
            "Enter or ↓ goes to the list keeping the filter; Esc clears it.",
        ]
    )

    _status: tuple[int, int, str, str | None, bool] | None = None
    """What the status line shows now."""

    def compose(self) -> ComposeResult:
        yield SearchInput(
            select_on_focus=False,  # coming back with / refines the query, not replaces it
            placeholder=f"/ search: {SEARCH_SUMMARY}",
            id="search-input",
        )
        yield _StatusLine(id="search-status")

    @on(Input.Changed, "#search-input")
    def keep_changes_here(self, event: Input.Changed) -> None:
        """The screen watches the input's value; the message need not wake every ancestor."""
        event.stop()

    def show_status(
        self, shown: int, total: int, details: str, error: str | None, *, counting: bool = False
    ) -> None:
        """Update the status line; an error, after the details, marks the bar. While
        `counting`, `shown` is the rows found so far, and more may follow.

        The error is shown whole (the line wraps, and its tooltip holds it too), and as
        text: it quotes the reader's query, which may look like markup.
        """
        shown_now = (shown, total, details, error, counting)
        if shown_now == self._status:
            return  # most keys leave the details, and many the counts, as they were
        self._status = shown_now
        status = self.query_one("#search-status", Static)
        counts = f"≥ {shown:,} / {total:,} counting …" if counting else f"{shown:,} / {total:,}"
        if error:
            text = Content.from_markup(
                "[b]$counts[/]  $details[$error]⚠ $message[/]",
                counts=counts,
                details=f"{details} · " if details else "",
                message=visible(error),
            )
        else:
            text = Content.from_markup("[b]$counts[/]  $details", counts=counts, details=details)
        # One line unless there is an error: no relayout per keystroke.
        status.update(text, layout=error is not None or self.has_class("-error"))
        status.tooltip = Content(visible(error)) if error else None
        self.set_class(error is not None, "-error")
