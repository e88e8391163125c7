"""What every dialog shares: Esc cancels, no typed key is lost, data is shown as text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Final, Generic, TypeVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label

from storage.text import visible

from ..widgets import KeyFooter

AnswerT = TypeVar("AnswerT")

WAITS_FOR_READER: Final = "waits-for-reader"
"""The worker group of a dialog's workers that wait for the reader's answer (to another
dialog), which `await workers.wait_for_complete()` must not wait for."""


@dataclass
class _TypedSoFar(Message):
    """Sent through the focused widget's queue: handled once every key before it is."""

    then: Callable[[], object]


class Dialog(ModalScreen[AnswerT | None], Generic[AnswerT]):
    """A modal question. Esc cancels: the dialog is dismissed with None.

    An action bound with priority (a note's ctrl+s) runs as soon as its key arrives,
    before the keys typed just before it have reached the focused widget: typed in one
    burst (a fast typist, a paste, a busy machine), a note was saved cut short.
    `after_typing` runs such an action only once those keys are in. (The keys typed
    right after the one that opens a dialog are held by the app until the dialog has
    focus: see `PapershelfApp.on_event`.)
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    AUTO_FOCUS = "Input, TextArea, OptionList"
    """Where typing goes from the first key: focus moved later (in on_mount) would send
    the keys typed in between to whatever was focused first."""

    def after_typing(self, action: Callable[[], object]) -> None:
        """Run `action` once every key typed so far has been handled."""
        focused = self.focused
        if focused is None:
            action()
        else:
            focused.post_message(_TypedSoFar(action))

    def on__typed_so_far(self, message: _TypedSoFar) -> None:
        message.stop()
        message.then()

    def on_mount(self) -> None:
        # The dialog's own footer, over the main screen's: the keys that work now.
        self.mount(KeyFooter())

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
    square brackets, which Textual would otherwise read as markup, or (in a note) an
    escape sequence, shown and never sent."""
    return Label(visible(text), markup=False, classes=classes)
