"""The help screen: every key, written from the command table and the bindings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from storage import SEARCH_SUMMARY

from ..commands import COMMANDS, key_of
from ..keys import binding_rows, keys_text
from ..widgets import PaperList, TagPane
from ..widgets.scrolling import READING_KEYS
from .dialog import Dialog

_FOCUS_KEYS = {"app.focus_next": "Next pane", "app.focus_previous": "Previous pane"}
"""Textual's own focus keys (Screen.BINDINGS), in the help's words."""


def help_sections(keymap: Mapping[str, str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(keys, what they do)]) for every key the reader can press, with the
    keymap's keys where it moves a command."""
    from ..app import PapershelfApp  # the app loads this screen, not the other way round
    from .main import MainScreen

    focus = [
        (keys_text(binding.key), _FOCUS_KEYS[binding.action])
        for binding in Screen.BINDINGS
        if isinstance(binding, Binding) and binding.action in _FOCUS_KEYS
    ]
    screen_keys = [b for b in MainScreen.BINDINGS if isinstance(b, Binding) and not b.id]
    palette = [(keys_text(App.COMMAND_PALETTE_BINDING), "Command palette: every command")]
    moving = binding_rows(PaperList.BINDINGS)
    return [
        ("Papers", [(keys_text(command.keys_with(keymap)), command.help) for command in COMMANDS]),
        (
            "Moving",
            moving
            + [
                (keys, f"In the other panes: {what.lower()}")
                for keys, what in binding_rows(READING_KEYS)
            ]
            + focus
            + binding_rows(screen_keys),
        ),
        (
            f"In the tag pane ({key_of('tags')}), besides moving",
            [row for row in binding_rows(TagPane.BINDINGS) if row not in moving],
        ),
        ("Anywhere", binding_rows(PapershelfApp.BINDINGS, keymap) + palette),
    ]


def help_table(keymap: Mapping[str, str]) -> Group:
    """The keys compactly: a heading a section, then key and action in two columns,
    keys never wrapped, no rule between rows."""
    parts: list[RenderableType] = []
    for heading, rows in help_sections(keymap):
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, what in rows:
            table.add_row(Text(keys), Text(what))
        parts += [Text(heading, style="bold underline"), table, Text()]
    parts += [
        Text(f"Search: {SEARCH_SUMMARY}."),
        Text("Esc, ? or q closes this.", style="dim"),
    ]
    return Group(*parts)


class HelpScroll(VerticalScroll):
    """The help's text, scrolled with the keys that scroll the other text panes: a
    reader who just read "j/k move" in it presses j."""

    BINDINGS: ClassVar[list[BindingType]] = READING_KEYS


class HelpScreen(Dialog[None]):
    """Lists the keys; Esc, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,q", "cancel", "Close"),
    ]

    AUTO_FOCUS = ".help-dialog"
    """The keys scroll the help at once: it has no field to take focus, and at 80x24 it
    is taller than the screen."""

    def __init__(self, keymap: Mapping[str, str]) -> None:
        super().__init__()
        self._keymap = keymap
        """The reader's keymap, so the help lists the keys that work."""

    def compose(self) -> ComposeResult:
        with HelpScroll(classes="dialog help-dialog"):
            yield Static(help_table(self._keymap), id="help-keys")
