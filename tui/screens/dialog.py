"""What every dialog shares: Esc cancels, an answer dismisses, data is shown as text."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Label

AnswerT = TypeVar("AnswerT")


class Dialog(ModalScreen[AnswerT | None], Generic[AnswerT]):
    """A modal question. Esc cancels: the dialog is dismissed with None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    _had_focus = False

    @property
    def waiting_for_focus(self) -> bool:
        """Whether the dialog is up but none of its widgets has had focus yet: keys typed
        right after the one that opened it would reach no field (see the app)."""
        return not self._had_focus and self.focused is None

    def on_descendant_focus(self) -> None:
        self._had_focus = True

    def action_cancel(self) -> None:
        self.dismiss(None)

    def answer(self, value: AnswerT) -> None:
        """Dismiss the dialog with the reader's answer."""
        self.dismiss(value)


def text_label(text: str, *, classes: str = "") -> Label:
    """A label that shows `text` as it is: a title or summary from a file may hold
    square brackets, which Textual would otherwise read as markup."""
    return Label(text, markup=False, classes=classes)
