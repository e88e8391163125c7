"""The saved searches (`'`), like a vim mark: `'` then a digit goes to one of them."""

from __future__ import annotations

from typing import ClassVar, Final

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from .dialog import Dialog

KEYED: Final = 9
"""How many saved searches have a digit."""


class SavedSearchPicker(Dialog[int]):
    """Lists the saved searches with their unread counts; answers with the number of
    the one chosen (a digit, or Enter), or its negative for "forget it" (Delete)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"pick({n})", f"Search {n}", show=False) for n in range(1, KEYED + 1)),
        Binding("delete,d", "forget", "Forget"),
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        """`rows`: (name, description) of each saved search, oldest first."""
        super().__init__()
        self._rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Saved searches", classes="dialog-title")
            options = [
                Option(f"{n if n <= KEYED else ' '}  {name}   {about}", id=str(n))
                for n, (name, about) in enumerate(self._rows, 1)
            ]
            yield OptionList(*options, id="saved-options", markup=False)
            yield Label(
                "1-9 or Enter show it · d forget it · b (in the list) saves the view · Esc cancel",
                classes="dialog-hint",
            )

    @on(OptionList.OptionSelected, "#saved-options")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.answer(int(event.option.id))

    def action_pick(self, number: int) -> None:
        if number <= len(self._rows):
            self.answer(number)

    def action_forget(self) -> None:
        highlighted = self.query_one("#saved-options", OptionList).highlighted
        if highlighted is not None:
            self.answer(-(highlighted + 1))
