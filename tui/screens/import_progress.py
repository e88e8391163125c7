"""Long work off the event loop (an import, an export): how far it is, and Esc to cancel."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, ProgressBar

from storage import Exported, ImportCancelled, ImportProgress, ImportReport, StorageError

from ..telling import tell
from .dialog import Dialog, text_label

Start = Callable[[ImportProgress], "asyncio.Future[Any]"]
"""Starts the work with the progress it must report to; its future is the result."""

ResultT = TypeVar("ResultT")


class ProgressDialog(Dialog[ResultT]):
    """Shows the work's progress until it ends, then answers with its result. Esc
    cancels it, and nothing is done, until it is being written; failed or cancelled
    work answers None, having said why."""

    WHAT: ClassVar[str]
    """The work, as a notification's title: `Import`."""
    NOTHING: ClassVar[str]
    """What a cancel leaves, for the hint: `nothing is imported`."""
    CANCELLED: ClassVar[str]
    """What the app says once the work stopped for a cancel."""
    FAILED: ClassVar[str]
    """The title of the notification that says why the work failed."""
    TOO_LATE: ClassVar[str]
    """The hint once the work is being written and can no longer be cancelled."""

    def __init__(self, title: str, start: Start) -> None:
        super().__init__()
        self._title = title
        self._start = start
        self._progress = ImportProgress(self._from_worker)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield text_label(self._title, classes="dialog-title")
            yield Label("Starting…", id="progress-stage", markup=False)
            yield ProgressBar(total=None, id="progress-bar")
            hint = f"Esc cancel: {self.NOTHING}"
            yield Label(hint, id="progress-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self.run_worker(self._run(self._start(self._progress)))

    def _from_worker(self, what: str, done: int, total: int | None) -> None:
        """On the working thread: shown on the event loop."""
        self.app.call_from_thread(self._show, what, done, total)

    def _show(self, what: str, done: int, total: int | None) -> None:
        count = f": {done:,} of {total:,}" if total else "…"
        self.query_one("#progress-stage", Label).update(what + count)
        self.query_one(ProgressBar).update(total=total, progress=done)

    async def _run(self, running: asyncio.Future[Any]) -> None:
        try:
            result = await running
        except ImportCancelled:
            tell(self, self.CANCELLED, title=self.WHAT)
            self.dismiss(None)
        except StorageError as error:
            tell(self, str(error), title=self.FAILED, severity="error", timeout=10)
            self.dismiss(None)
        else:
            self.answer(result)

    def action_cancel(self) -> None:
        """Esc: stop the work, unless it is being written already (then it ends whole)."""
        hint = self.query_one("#progress-hint", Label)
        hint.update("Cancelling…" if self._progress.cancel() else self.TOO_LATE)


class ImportProgressDialog(ProgressDialog[ImportReport]):
    """An import's progress; its answer is the import's report."""

    WHAT = "Import"
    NOTHING = "nothing is imported"
    CANCELLED = "Import cancelled; nothing imported."
    FAILED = "Not imported"
    TOO_LATE = "Writing the library: too late to cancel, the import ends whole"


class ExportProgressDialog(ProgressDialog[Exported]):
    """An export's progress; its answer is what was exported. The file is written
    whole, through a temporary file, or not at all."""

    WHAT = "Export"
    NOTHING = "no file is written"
    CANCELLED = "Export cancelled; no file written."
    FAILED = "Not exported"
    TOO_LATE = "Saving the file: too late to cancel, it is written whole"
