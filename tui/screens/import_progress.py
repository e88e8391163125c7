"""An import running off the event loop: how far it is, and Esc to cancel it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, ProgressBar

from storage import ImportCancelled, ImportProgress, ImportReport, StorageError

from ..telling import tell
from .dialog import Dialog, text_label

Start = Callable[[ImportProgress], "asyncio.Future[Any]"]
"""Starts the import with the progress it must report to; its future is the report."""


class ImportProgressDialog(Dialog[ImportReport]):
    """Shows an import's progress until it ends, then answers with its report. Esc
    cancels it, and nothing is imported, until the library is being written; a failed
    or cancelled import answers None, having said why."""

    def __init__(self, title: str, start: Start) -> None:
        super().__init__()
        self._title = title
        self._start = start
        self._progress = ImportProgress(self._from_importer)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield text_label(self._title, classes="dialog-title")
            yield Label("Starting…", id="import-stage", markup=False)
            yield ProgressBar(total=None, id="import-bar")
            yield Label("Esc cancel: nothing is imported", id="import-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self.run_worker(self._run(self._start(self._progress)))

    def _from_importer(self, what: str, done: int, total: int | None) -> None:
        """On the importing thread: shown on the event loop."""
        self.app.call_from_thread(self._show, what, done, total)

    def _show(self, what: str, done: int, total: int | None) -> None:
        count = f": {done:,} of {total:,}" if total else "…"
        self.query_one("#import-stage", Label).update(what + count)
        self.query_one(ProgressBar).update(total=total, progress=done)

    async def _run(self, running: asyncio.Future[Any]) -> None:
        try:
            report = await running
        except ImportCancelled as cancelled:
            tell(self, str(cancelled).capitalize() + ".", title="Import")
            self.dismiss(None)
        except StorageError as error:
            tell(self, str(error), title="Not imported", severity="error", timeout=10)
            self.dismiss(None)
        else:
            self.answer(report)

    def action_cancel(self) -> None:
        """Esc: stop the import, unless it is being written already (then it ends whole)."""
        hint = self.query_one("#import-hint", Label)
        if self._progress.cancel():
            hint.update("Cancelling…")
        else:
            hint.update("Writing the library: too late to cancel, the import ends whole")
