"""The note editor: a multi-line Markdown editor that saves without losing anyone's text."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ClassVar

from textual import work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label

from storage import NoteChangedError, StorageError

from ..telling import tell
from ..widgets.note_area import NoteArea
from .confirm import ConfirmDialog
from .dialog import WAITS_FOR_READER, Dialog, text_label
from .note_conflict import NoteConflictDialog

SaveNote = Callable[[str, str], Awaitable[object]]
"""Writes a note (text, the note it replaces); raises NoteChangedError or StorageError."""


class NoteEditor(Dialog[str]):
    """Edits a note; ctrl+s saves it, Esc cancels (asking first if it changed).

    The editor itself saves, through `save`, and closes only once the note is on disk:
    a refused save (a full disk, a read-only library) keeps the editor open with the
    text, and a note another process changed meanwhile opens a choice instead of being
    overwritten. The answer is the note as saved.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+e", "external_editor", "$EDITOR", priority=True),
        # Priority: in the text area, Esc would otherwise be the editor's own key.
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(
        self, title: str, note: str, save: SaveNote, *, heading: str | None = None
    ) -> None:
        """Edit `note` of the paper called `title`, saved through `save`; `heading`
        replaces "Note: <title>" (adding to several papers' notes says so)."""
        super().__init__()
        self._heading = heading or f"Note: {title}"
        self._original = note
        self._save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note-dialog"):
            yield text_label(self._heading, classes="dialog-title")
            yield NoteArea(self._original, id="note-text")
            yield Label(
                "ctrl+s save · ctrl+e edit in $EDITOR · Esc cancel · Markdown",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        editor = self.query_one("#note-text", NoteArea)
        editor.move_cursor(editor.document.end)

    @property
    def text(self) -> str:
        """The note as currently edited."""
        return self.query_one("#note-text", NoteArea).note

    def action_external_editor(self) -> None:
        """ctrl+e: hand the note to $VISUAL / $EDITOR, and take back what it saved."""
        from ..external_editor import EditorError, edit_externally

        editor = self.query_one("#note-text", NoteArea)
        try:
            with self.app.suspend():
                edited = edit_externally(editor.note)
        except SuspendNotSupported:
            self.notify("This terminal cannot be handed to an editor.", severity="warning")
            return
        except EditorError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        editor.load_note(edited.removesuffix("\n"))  # editors end the file with one
        editor.move_cursor(editor.document.end)

    def action_save(self) -> None:
        self.after_typing(self._save_text)

    @work(exclusive=True, group=WAITS_FOR_READER)
    async def _save_text(self) -> None:
        """Save over the note the editor began with; on a conflict, let the reader choose."""
        text, replacing = self.text, self._original
        while True:
            try:
                await self._save(text, replacing)
            except NoteChangedError as changed:
                choice = await self.app.push_screen_wait(
                    NoteConflictDialog(mine=text, theirs=changed.current)
                )
                if choice is None:  # back to editing, with both texts unchanged
                    return
                if choice == "theirs":
                    self.dismiss(None)
                    return
                text = text if choice == "mine" else _both(changed.current, text)
                replacing = changed.current
            except StorageError as error:
                tell(
                    self,
                    f"Not saved: {error}. Your text is still here.",
                    severity="error",
                    timeout=10,
                )
                return
            else:
                self.answer(text)
                return

    async def keep_unsaved(self) -> None:
        """Save what the reader typed, as the app quits without them (the terminal
        closed): an editor that dies with the window loses it, and `z` gives back the
        note as it was. A note changed meanwhile elsewhere keeps both texts."""
        text = self.text
        if text == self._original:
            return
        try:
            await self._save(text, self._original)
        except NoteChangedError as changed:
            await self._save(_both(changed.current, text), changed.current)

    def action_cancel(self) -> None:
        self.after_typing(self._cancel)

    def _cancel(self) -> None:
        if self.text == self._original:
            self.dismiss(None)
        else:
            self._ask_before_discarding()

    @work(group=WAITS_FOR_READER)
    async def _ask_before_discarding(self) -> None:
        question = "Discard your changes to this note?"
        if await self.app.push_screen_wait(ConfirmDialog(question, "Discard", "Keep editing")):
            self.dismiss(None)


def _both(theirs: str, mine: str) -> str:
    """Both notes in one: theirs first, then mine under a marked heading."""
    return f"{theirs.rstrip()}\n\n---\n\n**My edit:**\n\n{mine.strip()}\n"
