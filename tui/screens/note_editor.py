"""The note editor: a multi-line Markdown editor in a modal dialog."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, TextArea

from .confirm import ConfirmDialog
from .dialog import Dialog, text_label


class NoteEditor(Dialog[str]):
    """Edits a note; ctrl+s answers with the text, Esc cancels (asking first if it changed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+e", "external_editor", "$EDITOR", priority=True),
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
            yield Label(
                "ctrl+s save · ctrl+e edit in $EDITOR · Esc cancel · Markdown",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        editor = self.query_one("#note-text", TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)

    @property
    def text(self) -> str:
        """The note as currently edited."""
        return self.query_one("#note-text", TextArea).text

    def action_external_editor(self) -> None:
        """ctrl+e: hand the note to $VISUAL / $EDITOR, and take back what it saved."""
        from ..external_editor import EditorError, edit_externally

        editor = self.query_one("#note-text", TextArea)
        try:
            with self.app.suspend():
                edited = edit_externally(editor.text)
        except SuspendNotSupported:
            self.notify("This terminal cannot be handed to an editor.", severity="warning")
            return
        except EditorError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        editor.load_text(edited.removesuffix("\n"))  # editors end the file with one
        editor.move_cursor(editor.document.end)

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
