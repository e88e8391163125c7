"""Changes to papers' notes: set, or added to (see `storage.changes`)."""

from __future__ import annotations

from dataclasses import dataclass

from .changes import Change, differing
from .errors import NoteChangedError
from .records import StateDoc, plural
from .stamps import Stamp
from .state_fields import (
    Field,
    Value,
    value_of,
)


@dataclass(frozen=True, slots=True)
class SetNote(Change):
    """Replace the note; with `expected`, only if the note still is that (compare and set).

    The editor passes the note it opened with, so that a note another process changed
    meanwhile is never silently overwritten.
    """

    text: str
    expected: str | None = None

    def values_for(self, doc: StateDoc | None, stamp: Stamp) -> dict[Field, Value]:
        current = str(value_of(doc, "note") or "")
        if self.expected is not None and current != self.expected and current != self.text:
            raise NoteChangedError(doc["paper_id"] if doc else "", current)
        return differing(doc, {"note": self.text})

    def describe(self, count: int) -> str:
        if not self.text:
            return f"cleared the note of {plural(count, 'paper')}"
        return f"edited the note of {plural(count, 'paper')}"


@dataclass(frozen=True, slots=True)
class AppendNote(Change):
    """Add a paragraph at the end of each paper's note."""

    text: str

    def values_for(self, doc: StateDoc | None, stamp: Stamp) -> dict[Field, Value]:
        if not self.text.strip():
            return {}
        note = str(value_of(doc, "note") or "").rstrip()
        return {"note": f"{note}\n\n{self.text}" if note else self.text}

    def describe(self, count: int) -> str:
        return f"added to the note of {plural(count, 'paper')}"
