"""The note editor: a multi-line Markdown editor in a modal dialog."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, TextArea

from .confirm import ConfirmDialog
from .dialog import Dialog, text_label


class NoteEditor(Dialog[str]):
    """Edits a note; ctrl+s answers with the text, Esc cancels (asking first if it changed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        # Priority: in the text area, Esc would otherwise be the editor's own key.
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, title: str, note: str, *, heading: str | None = None) -> None:
        """Edit `note` of the paper called `title`; `heading` replaces "Note: <title>"
        (adding to several papers' notes says so)."""
        super().__init__()
        self._heading = heading or f"Note: {title}"
        self._original = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note-dialog"):
            yield text_label(self._heading, classes="dialog-title")
            yield TextArea(self._original, language="markdown", id="note-text", soft_wrap=True)
            yield Label("ctrl+s save · Esc cancel · Markdown", classes="dialog-hint")

    def on_mount(self) -> None:
        editor = self.query_one("#note-text", TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)

    @property
    def text(self) -> str:
        """The note as currently edited."""
        return self.query_one("#note-text", TextArea).text

    def action_save(self) -> None:
        self.answer(self.text)

    def action_cancel(self) -> None:
        if self.text == self._original:
            self.dismiss(None)
        else:
            self._ask_before_discarding()

    @work
    async def _ask_before_discarding(self) -> None:
        question = "Discard your changes to this note?"
        if await self.app.push_screen_wait(ConfirmDialog(question, "Discard", "Keep editing")):
            self.dismiss(None)
