"""The choice when a note was changed elsewhere while it was being edited."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, TextArea

from storage.text import visible

from .dialog import Dialog, text_label

Choice = Literal["mine", "theirs", "both"]


class NoteConflictDialog(Dialog[Choice]):
    """Shows both notes side by side; m keeps mine, t theirs, b both; Esc goes back."""

    AUTO_FOCUS = "#keep-both"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "answer('mine')", "Keep mine"),
        Binding("t", "answer('theirs')", "Keep theirs"),
        Binding("b", "answer('both')", "Keep both"),
    ]

    def __init__(self, mine: str, theirs: str) -> None:
        super().__init__()
        self._mine = mine
        self._theirs = theirs

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note-dialog"):
            yield text_label(
                "This note was changed elsewhere while you edited it.", classes="dialog-title"
            )
            with Horizontal(classes="note-versions"):
                with Vertical():
                    yield Label("Yours")
                    yield TextArea(visible(self._mine), read_only=True, soft_wrap=True, id="mine")
                with Vertical():
                    yield Label("Theirs (saved now)")
                    yield TextArea(
                        visible(self._theirs), read_only=True, soft_wrap=True, id="theirs"
                    )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep mine (m)", id="keep-mine")
                yield Button("Keep theirs (t)", id="keep-theirs")
                yield Button("Keep both (b)", id="keep-both", variant="primary")
            yield Label("Esc: back to your text, nothing saved yet", classes="dialog-hint")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choices: dict[str | None, Choice] = {
            "keep-mine": "mine",
            "keep-theirs": "theirs",
            "keep-both": "both",
        }
        self.answer(choices[event.button.id])

    def action_answer(self, choice: Choice) -> None:
        self.answer(choice)
