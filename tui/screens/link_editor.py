"""Giving a paper its DOI or URL, so that `o` opens the paper itself."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from storage import BadInputError
from storage.links import classify_link

from .dialog import Dialog, text_label


class LinkEditor(Dialog[tuple[str, str]]):
    """Asks for a DOI or a URL; answers ("doi", doi) or ("url", url), or ("", "") when
    the box was emptied (the link shown is then removed)."""

    def __init__(self, title: str, current: str) -> None:
        super().__init__()
        self._title = title
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield text_label(f"DOI or URL of {self._title}", classes="dialog-title")
            yield Input(self._current, placeholder="10.1234/abc or https://...", id="link")
            yield Label("", id="link-error", classes="dialog-hint", markup=False)
            yield Label("Enter save (empty: remove) · Esc cancel", classes="dialog-hint")

    @on(Input.Submitted, "#link")
    def submit(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.answer(("", ""))
            return
        try:
            self.answer(classify_link(event.value))
        except BadInputError as error:
            self.query_one("#link-error", Label).update(str(error))
