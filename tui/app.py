"""The papershelf Textual app: global keys, the command palette, and start-up."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.screen import ModalScreen, Screen

from storage import Library
from storage.text import visible

from .collector import AppCollector
from .commands import COMMANDS
from .screens import MainScreen


class PapershelfApp(App[int]):
    """A reading list for papers; the Library is injected so tests can pass their own."""

    CSS_PATH = "app.tcss"
    TITLE = "papershelf"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Quit papershelf (everything is already saved)"),
        Binding("question_mark", "help", "Help", tooltip="Show every key"),
        # In the search box ? is text; the footer then offers F1 (one key per action).
        Binding("f1", "help", "Help", tooltip="Show every key (also in the search box)"),
    ]

    def __init__(self, library: Library, *, collector: AppCollector | None = None) -> None:
        super().__init__()
        self.library = library
        """The one library this app shows."""
        self.collector = collector
        """The garbage-collector tuning, in the process that runs the app for real."""

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.library, collector=self.collector))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In a dialog, q must not quit from under an unsaved note or tag edit.
        return not (action in {"quit", "help"} and isinstance(self.screen, ModalScreen))

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # loaded on first use (see screens/__init__)

        self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        for command in COMMANDS:
            title = f"{command.title} ({command.keys_text})"
            yield SystemCommand(title, command.help, partial(screen.run_action, command.action))
        yield SystemCommand(
            "Show: all papers", "Papers from every seed", partial(screen.show_source, None)
        )
        for source in self.library.sources():
            # The palette reads titles and help as markup: data is escaped to show as written.
            name, tldr = escape(visible(source.file_name)), escape(visible(source.tldr))
            yield SystemCommand(f"Show: {name}", tldr, partial(screen.show_source, source.id))
        yield SystemCommand("Help: keys", "Show every key", self.action_help)
