"""What the app shows instead of its panes when the library cannot be used.

The library is never opened half-working: the reader sees which file, why, and what to
do, and papershelf exits with status 2 once they have read it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, VerticalScroll
from textual.markup import escape
from textual.widgets import Footer, Static

from storage import LibraryCorruptError, LibraryError, LibraryVersionError, LibraryWriteError
from storage.text import visible

_ADVICE: dict[type[LibraryError], str] = {
    LibraryCorruptError: (
        "papershelf has not changed the file. If it was damaged, put back a copy: your own "
        "backup, or the [b].schemaN.bak[/b] files papershelf keeps beside it when it "
        "upgrades a library. Or start a new library with [b]--db NEW_PATH[/b]."
    ),
    LibraryVersionError: (
        "A newer papershelf wrote this library. Upgrade papershelf "
        "([b]python -m pip install -U papershelf[/b]) to open it; this version leaves it "
        "untouched."
    ),
    LibraryWriteError: (
        "papershelf must be able to write the file and create files in its folder. Check "
        "the permissions and the free space, or choose another place with "
        "[b]--db PATH[/b] or [b]PAPERSHELF_DB[/b]."
    ),
}


def advice_for(error: LibraryError) -> str:
    """What the reader can do about `error` (console markup)."""
    for kind, advice in _ADVICE.items():
        if isinstance(error, kind):
            return advice
    return "papershelf has not changed the file."


class LibraryErrorApp(App[None]):
    """A single screen explaining why the library cannot be opened."""

    TITLE = "papershelf"
    CSS = """
    Screen { align: center middle; }
    #error { width: 80; max-width: 100%; height: auto; max-height: 100%; }
    #error-text {
        border: round $error;
        border-title-color: $error;
        padding: 1 2;
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,enter", "close", "Quit"),
    ]

    def __init__(self, error: LibraryError) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        message = (
            f"[b]papershelf cannot open this library[/b]\n\n"
            f"File:   {escape(visible(self.error.path))}\n"
            f"Reason: {escape(visible(self.error.reason))}\n\n"
            f"{advice_for(self.error)}"
        )
        with Center(), VerticalScroll(id="error"):
            text = Static(message, id="error-text")
            text.border_title = "library error"
            yield text
        yield Footer()

    def action_close(self) -> None:
        self.exit()
