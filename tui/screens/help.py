"""The help screen: every key, generated from the command table."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from ..commands import COMMANDS, NAVIGATION_HELP


def help_markdown() -> str:
    """The key table as Markdown."""
    rows = [f"| `{c.keys_text}` | {c.help} |" for c in COMMANDS]
    rows += [f"| `{keys}` | {what} |" for keys, what in NAVIGATION_HELP]
    return "\n".join(
        [
            "# papershelf keys",
            "",
            "| key | action |",
            "| --- | --- |",
            *rows,
            "",
            'Search: words (AND), `a OR b`, `"phrase"`, `word*`, `-word`, `tag:x`, '
            "`is:read|unread|noted`, `year:2017`, `year:>=2015`, `year:2010..2015`, "
            "`cites:>50`, `journal:` (or `venue:`), `author:`, `title:`, `key:`, `doi:`, "
            "`type:book`.",
            "",
            "Press Esc, `?` or `q` to close.",
        ]
    )


class HelpScreen(ModalScreen[None]):
    """Lists the keys; any of Esc, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss_help", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help-dialog"):
            yield Markdown(help_markdown())

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
