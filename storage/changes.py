"""Changes to the reader's state, as values: one change over any set of papers.

`Library.apply(change, ids)` asks the change, paper by paper, which fields it sets
(`values_for`), writes all of them at once and keeps them as one undo step. A change
that would leave a paper as it is sets nothing there, and that paper is not counted.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import NoteChangedError
from .records import StateDoc, normalise_tags, plural
from .stamps import Stamp
from .state_fields import Field, Value, tag_field, tag_key, tag_pairs, value_of


class Change(ABC):
    """Something to do to each paper of a set."""

    @abstractmethod
    def values_for(self, doc: StateDoc | None, stamp: Stamp) -> dict[Field, Value]:
        """The fields this change sets on a paper whose state is `doc`, where they differ;
        `stamp` is the change's (a paper marked read keeps it as its read time)."""

    @abstractmethod
    def describe(self, count: int) -> str:
        """What the change did, in words: `tagged 12 papers +review`."""


def _differing(doc: StateDoc | None, values: dict[Field, Value]) -> dict[Field, Value]:
    return {field: value for field, value in values.items() if value_of(doc, field) != value}


@dataclass(frozen=True, slots=True)
class MarkRead(Change):
    """Mark papers read (True) or not read (False)."""

    read: bool

    def values_for(self, doc: StateDoc | None, stamp: Stamp) -> dict[Field, Value]:
        if (value_of(doc, "status") == "read") == self.read:
            return {}
        if self.read:
            return {"status": "read", "read_at": stamp}
        return {"status": "new", "read_at": None}

    def describe(self, count: int) -> str:
        return f"marked {plural(count, 'paper')} {'read' if self.read else 'unread'}"


@dataclass(frozen=True, slots=True, init=False)
class ChangeTags(Change):
    """Add and remove tags at once. An added tag a paper has in any spelling stays as
    it is; removing a tag a paper does not have does nothing."""

    add: tuple[str, ...]
    remove: tuple[str, ...]

    def __init__(self, add: Iterable[str] = (), remove: Iterable[str] = ()) -> None:
        object.__setattr__(self, "add", normalise_tags(add))
        object.__setattr__(self, "remove", normalise_tags(remove))

    def values_for(self, doc: StateDoc | None, stamp: Stamp) -> dict[Field, Value]:
        values = _differing(doc, {tag_field(tag): None for tag in self.remove})
        for tag in self.add:
            field = tag_field(tag)
            if value_of(doc, field) is None:
                values[field] = tag
            else:
                values.pop(field, None)  # added and removed: adding wins, it is kept
        return values

    def describe(self, count: int) -> str:
        changes = " ".join([*(f"+{tag}" for tag in self.add), *(f"-{tag}" for tag in self.remove)])
        verb = "tagged" if self.add else "untagged"
        return f"{verb} {plural(count, 'paper')} {changes}"


class AddTags(ChangeTags):
    """Add tags after a paper's own."""

    def __init__(self, tags: Iterable[str]) -> None:
        super().__init__(add=tags)


class RemoveTags(ChangeTags):
    """Remove tags, in any spelling."""

    def __init__(self, tags: Iterable[str]) -> None:
        super().__init__(remove=tags)


@dataclass(frozen=True, slots=True, init=False)
class SetTags(Change):
    """Give papers exactly these tags (a different spelling of one it has is kept)."""

    tags: tuple[str, ...]

    def __init__(self, tags: Iterable[str]) -> None:
        object.__setattr__(self, "tags", normalise_tags(tags))

    def values_for(self, doc: StateDoc | None, stamp: Stamp) -> dict[Field, Value]:
        wanted = {tag_key(tag) for tag in self.tags}
        current = [name for name, _ in tag_pairs(doc)] if doc is not None else []
        values: dict[Field, Value] = {
            tag_field(name): None for name in current if tag_key(name) not in wanted
        }
        values.update(AddTags(self.tags).values_for(doc, stamp))
        return values

    def describe(self, count: int) -> str:
        tags = ", ".join(self.tags) or "none"
        return f"set the tags of {plural(count, 'paper')} to {tags}"


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
        return _differing(doc, {"note": self.text})

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


@dataclass(frozen=True, slots=True)
class Delete(Change):
    """Move papers to the trash: out of every list, their state kept."""

    def values_for(self, doc: StateDoc | None, stamp: Stamp) -> dict[Field, Value]:
        return _differing(doc, {"deleted": True})

    def describe(self, count: int) -> str:
        return f"deleted {plural(count, 'paper')}"


@dataclass(frozen=True, slots=True)
class Restore(Change):
    """Bring papers back from the trash."""

    def values_for(self, doc: StateDoc | None, stamp: Stamp) -> dict[Field, Value]:
        return _differing(doc, {"deleted": False})

    def describe(self, count: int) -> str:
        return f"restored {plural(count, 'paper')}"
