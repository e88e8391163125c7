"""The first frame drawn from a first page (see `storage.first_page`) while the library
opens: the same panes as the main screen, showing what it will show. No key reaches it
(the app holds them for the main screen) and no mouse event: nothing acts on its rows."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Input

from storage import parse_query
from storage.first_page import FirstPage

from ..widgets import PaperDetail, PaperList, SearchBar, SourcePane, TagPane
from .main import MainScreen, compose_panes, lay_out, nothing, source_view, tags_fit


class FirstPageScreen(Screen[None]):
    """The main screen's first frame, from a first page, until the main screen is up."""

    BINDINGS: ClassVar[list[BindingType]] = MainScreen.BINDINGS
    """The main screen's, for the footer to show the same keys (none reaches this one)."""

    def __init__(self, page: FirstPage) -> None:
        super().__init__()
        self.page = page

    def compose(self) -> ComposeResult:
        return compose_panes()

    def on_resize(self, event: Resize) -> None:
        self._lay_out(event.size)

    def _lay_out(self, size: Size) -> None:
        lay_out(self, size)
        self.set_class(tags_fit(size), "-tags")  # its counts wait for the library

    def on_mount(self) -> None:
        # Laid out for the terminal now: the first frame can be drawn before a resize
        # event arrives, and a narrow terminal then showed the wide layout for a moment.
        self._lay_out(self.app.size)
        page, view = self.page, self.page.view
        self.query_one("#search-input", Input).value = view.query
        papers = self.query_one(PaperList)
        empty = nothing(view, 0)
        papers.show(page.entries, parse_query(view.query).highlights, empty=empty)
        self.query_one(SearchBar).show_status(len(page.entries), page.total, page.details, None)
        if not page.entries:
            papers.show_empty(empty)
        counts = (page.read, page.source_total)
        shown = source_view(
            view, page.source, page.source_number, page.source_count, counts, page.trash_count
        )
        self.query_one(SourcePane).show(shown)
        self.query_one(TagPane).show(None)
        papers.focus()
        self.call_after_refresh(self._show_first_detail)

    def _show_first_detail(self) -> None:
        """A frame after the list, as the main screen does (see `MainScreen.on_mount`)."""
        entry = self.query_one(PaperList).highlighted
        self.query_one(PaperDetail).show(entry, list(self.page.names) if entry else [], None)
