"""What every dialog shares: Esc cancels, an answer dismisses, data is shown as text."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Label

from ..widgets import KeyFooter

AnswerT = TypeVar("AnswerT")


class Dialog(ModalScreen[AnswerT | None], Generic[AnswerT]):
    """A modal question. Esc cancels: the dialog is dismissed with None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def on_mount(self) -> None:
        # The dialog's own footer, over the main screen's: the keys that work now.
        self.mount(KeyFooter())

    def action_cancel(self) -> None:
        self.dismiss(None)

    def answer(self, value: AnswerT) -> None:
        """Dismiss the dialog with the reader's answer."""
        self.dismiss(value)


def text_label(text: str, *, classes: str = "") -> Label:
    """A label that shows `text` as it is: a title or summary from a file may hold
    square brackets, which Textual would otherwise read as markup."""
    return Label(text, markup=False, classes=classes)
