"""The help screen: every key, written from the command table and the bindings."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown

from storage import SEARCH_SUMMARY

from ..commands import COMMANDS
from ..keys import binding_rows, keys_text
from ..widgets import PaperList, TagPane
from ..widgets.scrolling import READING_KEYS
from .dialog import Dialog

_FOCUS_KEYS = {"app.focus_next": "Next pane", "app.focus_previous": "Previous pane"}
"""Textual's own focus keys (Screen.BINDINGS), in the help's words."""


def help_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(keys, what they do)]) for every key the reader can press."""
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
        ("Papers", [(command.keys_text, command.help) for command in COMMANDS]),
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
            "In the tag pane (#), besides moving",
            [row for row in binding_rows(TagPane.BINDINGS) if row not in moving],
        ),
        ("Anywhere", binding_rows(PapershelfApp.BINDINGS) + palette),
    ]


def help_markdown() -> str:
    """The key tables as Markdown."""
    lines = ["# papershelf keys", ""]
    for heading, rows in help_sections():
        lines += [f"## {heading}", "", "| key | action |", "| --- | --- |"]
        lines += [f"| `{keys}` | {what} |" for keys, what in rows]
        lines.append("")
    lines += [f"Search: {SEARCH_SUMMARY}.", "", "Press Esc, `?` or `q` to close."]
    return "\n".join(lines)


class HelpScreen(Dialog[None]):
    """Lists the keys; Esc, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,q", "cancel", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help-dialog"):
            yield Markdown(help_markdown())
