"""Garbage-collector settings for a long-running app over a large library.

Two facts drive them. Most of what the app holds (the library's papers, Textual, the
search index, the widgets) lives as long as the app, so a full collection that walks it
is wasted work: at 10,000 papers such collections took 15 ms each, in the middle of a
keystroke. And drawing a frame allocates thousands of short-lived objects, so at the
default threshold (700) the young generation was collected seven times a keystroke.
Measured over 54 typed keys at 10,000 papers: 70-90 ms of collection with the defaults,
24-50 ms with these settings, in pauses of 2-7 ms.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final

from storage.collector import collector_paused
from storage.collector import loading as loading_library

if TYPE_CHECKING:  # not imported at run time: the command line never loads asyncio
    import asyncio

YOUNG_COLLECTION_THRESHOLD: Final = 10_000
"""Allocations between young collections (Python's default is 700)."""
PAUSE_SECONDS: Final = 0.2
"""Keys paused this long: what the last ones left is collected then (see `key_typed`)."""
MANY_NEW_OBJECTS: Final = 50_000
"""Objects made by a look for other processes' changes, beyond which they are frozen:
one changed paper's document is a few, another process's import of 100 papers
already rebuilds the whole catalog (hundreds of thousands at 100,000 papers)."""


@contextmanager
def loading(*, for_app: bool) -> Iterator[None]:
    """Load the library without collections; for the app, freeze what was loaded.

    Loading makes a million objects and no cycles. Storage pauses the collector for the
    parse only, so the first allocation after it set off collections that walked all
    of them (about 150 ms at 100,000 papers, before the first paint). The collector is
    back as it was when the block ends, also when the load fails.
    """
    with collector_paused():
        yield
        if for_app:
            gc.freeze()


class AppCollector:
    """The app's collector tuning: set at start, and frozen again once start-up is done.

    Only the process that runs the app makes one: a test run that starts many apps must
    keep collecting the cycles of the finished ones.
    """

    _pause: asyncio.TimerHandle | None = None
    """The collection waiting for the keys to pause (see `key_typed`)."""

    def key_typed(self, loop: asyncio.AbstractEventLoop) -> None:
        """A key arrived from the terminal (on `loop`, the app's event loop): collect
        every generation once the keys pause for `PAUSE_SECONDS`, not in the middle of
        the next key. Moving focus (Esc, `/`) rebuilds the footer, and the young
        collection that found its old widgets (thousands of objects) fell on the first
        key typed after: 8-20 ms on top of that key at 100,000 papers. A collection of
        the young and middle generations alone counts towards the old one's, which would
        then fall on a key every tenth pause; the whole collection, start-up frozen,
        costs 2-6 ms there.
        """
        if self._pause is not None:
            self._pause.cancel()
        self._pause = loop.call_later(PAUSE_SECONDS, self._collect)

    def _collect(self) -> None:
        self._pause = None
        if gc.isenabled():  # not while a change to many papers holds the collector
            gc.collect()

    def start(self) -> None:
        """Before the app runs: set the thresholds, and freeze what is loaded so far."""
        gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, 10, 10)
        gc.freeze()

    @contextmanager
    def changing_many(self) -> Iterator[None]:
        """Around a change to many papers: no collections while it runs, and the state
        documents it made (which live on, and form no cycles) frozen before the
        collector is back. Else the first allocation after the change sets off a young
        collection that walks all of them: 0.5 s of a tag over 100,000 papers (on a
        busy machine), and again in each older generation later.
        """
        with collector_paused():
            yield
            gc.freeze()

    @contextmanager
    def reading_changes(self) -> Iterator[None]:
        """Around a look for other processes' changes: no collections while it reads, and
        if it made many objects that live on (a new catalog or reader's state, read
        after another process's import or compaction), they are frozen before the
        collector is back, as for `changing_many`. Else the full collection their
        number sets off walks every one of them in one go, holding the interpreter:
        the event loop stood still for 0.1-0.3 s at 100,000 papers. A poll that found
        little (most of them) freezes nothing, so cycles made meanwhile are still
        collected."""
        with loading_library(many=MANY_NEW_OBJECTS):
            yield

    def settle(self) -> None:
        """Once start-up work is done: freeze what it built (widgets, the search index).

        Frozen objects are still freed normally when nothing refers to them; they are
        only left out of the search for cycles.
        """
        gc.freeze()
