"""The copy menu (`y`): one key for each thing a paper can be copied as."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ..copying import COPY_CHOICES
from .dialog import Dialog, text_label


class CopyMenu(Dialog[str]):
    """Asks what to copy; answers with a `COPY_CHOICES` id (its key, or Enter on it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(choice.key, f"answer('{choice.id}')", choice.label, show=False)
        for choice in COPY_CHOICES
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self._what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog copy-dialog"):
            yield text_label(f"Copy {self._what}", classes="dialog-title")
            yield OptionList(
                *(Option(f"{c.key}  {c.label}", id=c.id) for c in COPY_CHOICES), id="copy-options"
            )
            yield Label("key or Enter copy · Esc cancel", classes="dialog-hint")

    @on(OptionList.OptionSelected, "#copy-options")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.answer(event.option.id)

    def action_answer(self, choice: str) -> None:
        self.answer(choice)
