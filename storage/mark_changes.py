"""Changes that mark papers: read or unread, a reading status, a priority, deleted or
restored (see `storage.changes` for what a change is)."""

from __future__ import annotations

from dataclasses import dataclass

from .changes import Change, differing
from .records import DONE_STATUSES, PRIORITIES, STATUSES, StateDoc, plural
from .stamps import Stamp
from .state_fields import (
    Field,
    Value,
    value_of,
)


def _status_values(doc: StateDoc | None, status: str, stamp: Stamp) -> dict[Field, Value]:
    """The fields that give a paper `status`: the read time goes with `read` only."""
    if value_of(doc, "status") == status:
        return {}
    read_at = stamp if status == "read" else None
    return differing(doc, {"status": status}) | differing(doc, {"read_at": read_at})


@dataclass(frozen=True, slots=True)
class MarkRead(Change):
    """Mark papers read (True), or unread (False): a paper done with (read, skimmed or
    dropped) becomes new again; one still to read keeps its status."""

    read: bool

    def values_for(self, doc: StateDoc | None, stamp: Stamp) -> dict[Field, Value]:
        if self.read:
            return _status_values(doc, "read", stamp)
        if value_of(doc, "status") not in DONE_STATUSES:
            return {}
        return _status_values(doc, "new", stamp)

    def describe(self, count: int) -> str:
        return f"marked {plural(count, 'paper')} {'read' if self.read else 'unread'}"


@dataclass(frozen=True, slots=True)
class SetStatus(Change):
    """Give papers one reading status (see `STATUSES`)."""

    status: str

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r} (one of {', '.join(STATUSES)})")

    def values_for(self, doc: StateDoc | None, stamp: Stamp) -> dict[Field, Value]:
        return _status_values(doc, self.status, stamp)

    def describe(self, count: int) -> str:
        status = "as reading" if self.status == "reading" else self.status
        return f"marked {plural(count, 'paper')} {status}"


@dataclass(frozen=True, slots=True)
class SetPriority(Change):
    """Give papers a priority, 1 (high) to 3 (low), or take it away (None)."""

    priority: int | None

    def __post_init__(self) -> None:
        if self.priority is not None and self.priority not in PRIORITIES:
            raise ValueError(f"priority {self.priority!r} is not 1, 2 or 3 (or none)")

    def values_for(self, doc: StateDoc | None, stamp: Stamp) -> dict[Field, Value]:
        return differing(doc, {"priority": self.priority})

    def describe(self, count: int) -> str:
        if self.priority is None:
            return f"cleared the priority of {plural(count, 'paper')}"
        return f"gave {plural(count, 'paper')} priority {self.priority}"


@dataclass(frozen=True, slots=True)
class Delete(Change):
    """Move papers to the trash: out of every list, their state kept."""

    def values_for(self, doc: StateDoc | None, stamp: Stamp) -> dict[Field, Value]:
        return differing(doc, {"deleted": True})

    def describe(self, count: int) -> str:
        return f"deleted {plural(count, 'paper')}"


@dataclass(frozen=True, slots=True)
class Restore(Change):
    """Bring papers back from the trash."""

    def values_for(self, doc: StateDoc | None, stamp: Stamp) -> dict[Field, Value]:
        return differing(doc, {"deleted": False})

    def describe(self, count: int) -> str:
        return f"restored {plural(count, 'paper')}"
