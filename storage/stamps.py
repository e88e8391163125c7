"""Change stamps: when a field last changed, ordered so that the later change wins.

A stamp is an integer: microseconds since 1970 (UTC) times 1,000, plus the writing
machine's device slot (0-999). Integers keep the library file small (a 100,000-paper
library carries a few hundred thousand of them) and compare in one step; the time is
`stamp // 1000` microseconds.

The clock is a hybrid logical clock: a stamp is never lower than one it has already
seen, whatever the wall clock says. A machine whose clock runs behind therefore still
stamps its next change after the changes it has seen from others, instead of losing
every merge until its clock catches up; the device slot breaks exact ties.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Final

Stamp = int
"""A change stamp (see the module docstring)."""

SLOTS: Final = 1000
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def device_slot(device_id: str) -> int:
    """The device's number inside its stamps, derived from its id."""
    return int(copy_id(device_id)[:8], 16) % SLOTS


def copy_id(device_id: str) -> str:
    """The id undo steps carry of the copy that made them: with only 1,000 slots one
    copy in a thousand has another's slot, and its undo would take back that copy's
    steps (its import, say); with 64 bits the chance is one in 2**64."""
    import hashlib  # here: OpenSSL's start was a few ms of every command that stamps nothing

    return hashlib.sha256(device_id.encode()).hexdigest()[:16]


def stamp_time(stamp: Stamp) -> datetime:
    """The wall-clock moment a stamp stands for (UTC), by exact arithmetic: a fifth of
    the cost of `fromtimestamp`, asked of every read paper an export writes."""
    return _EPOCH + timedelta(microseconds=stamp // SLOTS)


class HybridClock:
    """Hands out stamps that increase, also across machines whose stamps it has seen.

    The device's id is asked for with the first stamp (or slot, or copy id): a process
    that only reads, such as the command line's `list`, never reads the id's file.
    """

    def __init__(self, now: Callable[[], datetime], device_id: Callable[[], str]) -> None:
        self._now = now
        self._device_id = device_id
        self._last = 0

    @cached_property
    def slot(self) -> int:
        """The device slot this clock's stamps carry."""
        return device_slot(self._device_id())

    @cached_property
    def copy(self) -> str:
        """The copy id this clock's undo steps carry (see `copy_id`)."""
        return copy_id(self._device_id())

    def observe(self, stamp: Stamp) -> None:
        """Remember a stamp read from the library: later stamps will be above it."""
        self._last = max(self._last, stamp)

    def next(self) -> Stamp:
        """A new stamp, later than every stamp handed out or observed."""
        moment = self._now().astimezone(UTC) - _EPOCH
        wall = (moment.days * 86_400 + moment.seconds) * 1_000_000 + moment.microseconds
        microseconds = max(wall, self._last // SLOTS + 1)
        self._last = microseconds * SLOTS + self.slot
        return self._last
