"""Naming the current view to keep it as a saved search."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from .dialog import Dialog, text_label


class SaveSearchDialog(Dialog[str]):
    """Asks for a name; answers with it (a name in use replaces that search)."""

    def __init__(self, description: str, names: list[str]) -> None:
        super().__init__()
        self._description = description
        self._names = names

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Save this search", classes="dialog-title")
            yield text_label(self._description)
            yield Input(placeholder="name", id="search-name")
            if self._names:
                yield text_label(f"Saved: {', '.join(self._names)}", classes="dialog-hint")
            yield Label(
                "Enter save (a name in use: replace it) · Esc cancel", classes="dialog-hint"
            )

    @on(Input.Submitted, "#search-name")
    def submit(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.answer(event.value.strip())
