"""Keeping the cyclic garbage collector out of large loads.

Parsing a 100,000-paper catalog creates about a million objects, and the collector
would walk all of them several times over while they are made (at 100,000 papers with
realistic reading state, 0.78 s of a 1.4 s open); parsed JSON cannot form reference
cycles, so there is nothing for it to find.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

MANY_NEW_OBJECTS: Final = 100_000
"""Objects a load must have made for `loading` to freeze them: a library of 10,000
papers makes several times that, a test's library a few hundred."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """No collections inside the block; the collector is back as it was afterwards,
    also when the block raises. Nested pauses are fine."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def loading(many: int = MANY_NEW_OBJECTS) -> Iterator[None]:
    """`collector_paused` around opening a library (or reading another process's
    change), and what it made frozen if that was `many` objects or more: else the first
    allocation after the pause set off collections that walked every document read
    (0.5 s of CPU at 100,000 papers with realistic reading state, in a few collections
    during the open and the first paint after it). The documents form no cycles and
    live as long as the library; frozen, they are still freed when nothing refers to
    them, only left out of the search for cycles. A small load (a test's) freezes
    nothing, so the cycles of whatever ran before are still collected.
    """
    with collector_paused():
        before = gc.get_count()[0]  # none collected until the block ends: it only grows
        yield
        if gc.get_count()[0] - before >= many:
            gc.freeze()
