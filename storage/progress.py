"""How far a long import is, and the reader's way to cancel it before it is written.

The import runs on one thread and the app watches it from another: the importer calls
`step` as it goes (a cancelled import stops at the next step) and `start_writing` just
before it writes, after which it can no longer be cancelled, so that a cancel never
leaves half an import in the library.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .errors import ImportCancelled

Watcher = Callable[[str, int, int | None], None]
"""Told (what is being done, how many done, of how many or None if not known)."""


class ImportProgress:
    """Shared by the importing thread and the one showing its progress."""

    STEPS = 100
    """The watcher hears of at most this many steps of one stage: a 50,000-entry file
    must not become 50,000 messages to the event loop."""

    def __init__(self, watcher: Watcher | None = None) -> None:
        self._watcher = watcher
        self._lock = threading.Lock()
        self._cancelled = False
        self._writing = False
        self._last: tuple[str, int] | None = None

    def cancel(self) -> bool:
        """Ask the import to stop; False when it is being written already (it ends whole)."""
        with self._lock:
            self._cancelled = self._cancelled or not self._writing
            return self._cancelled

    def step(self, what: str, done: int, total: int | None = None) -> None:
        """Say how far the import is; the first step after a cancel stops it.

        Raises:
            ImportCancelled: the reader cancelled; nothing has been written.
        """
        if self._cancelled:
            raise ImportCancelled()
        if self._watcher is None:
            return
        shown = (what, done * self.STEPS // total if total else -1)
        if shown != self._last:
            self._last = shown
            self._watcher(what, done, total)

    def start_writing(self, what: str) -> None:
        """The import is about to be written: from here on it cannot be cancelled.

        Raises:
            ImportCancelled: the reader cancelled before this; nothing has been written.
        """
        with self._lock:
            if self._cancelled:
                raise ImportCancelled()
            self._writing = True
        if self._watcher is not None:
            self._watcher(what, 0, None)
