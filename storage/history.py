"""Undo and redo steps: what one change did, field by field, kept in the library file.

A step records, for every field it changed, the value before and after, and the papers
it changed that way (a bulk change of 10,000 papers is one group, not 10,000 entries).
Undoing a step sets a field back only where it still holds the step's value: a field
changed since outside the history (a merged copy) keeps the newer value, and the undo
says how many it kept.

The history is the library's, shared by every process that opens it: `papershelf undo`
in a shell undoes the app's last change as readily as its own. It is not shared with
another copy: a fast-forward pull or a file sync brings that copy's steps with its
files, and undo and redo pass over them (a step is a copy's by its stamp's device slot
and its copy id, which processes on one machine share for one folder; a step of an
older papershelf, without a copy id, by its slot alone).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypedDict, cast

from .records import ID_LENGTH, PaperDoc, StateDoc
from .stamps import SLOTS, Stamp
from .state_fields import Field, Value, with_values

UNDO_DEPTH: Final = 100
"""Steps kept for undo (and for redo)."""


class StepDoc(TypedDict, total=False):
    """A stored step."""

    stamp: int
    words: str
    fields: list[list[Any]]
    """`[field, before, after, paper ids]` groups; the ids are written one after another
    in one string (each is 16 hex digits): a bulk change over 10,000 papers then costs
    one string in memory, not 10,000."""
    catalog: dict[str, Any]
    """For an import: what it added and what it replaced (see `CatalogEdit`)."""
    redo_catalog: int
    """For a redo step of an import: the key of the papers waiting in the catalog."""
    copy: str
    """The copy that made the step (`stamps.copy_id`): its slot alone may be another's."""


HistoryOp = Literal["did", "undid", "redid", "kept"]
"""`did` pushes an undo step (and forgets redo), `undid` moves the top undo step to
redo, `redid` moves the top redo step back: each carries the step it pushes. `kept`
carries a whole history, which replaces this one: a git merge that keeps the other
side's library file keeps this machine's history."""


class HistoryDoc(TypedDict):
    """The stored history: steps, oldest first."""

    undo: list[StepDoc]
    redo: list[StepDoc]


def empty_history() -> HistoryDoc:
    """A history with nothing to undo or redo."""
    return {"undo": [], "redo": []}


def with_op(history: HistoryDoc, op: HistoryOp, step: StepDoc | HistoryDoc) -> HistoryDoc:
    """The history after one operation (a new value: the old one is shared)."""
    if op == "kept":
        return cast(HistoryDoc, step)
    step = cast(StepDoc, step)
    undo, redo = history["undo"], history["redo"]
    slot, copy = slot_of(step), step.get("copy")
    if op == "did":
        others = [kept for kept in redo if not made_by(kept, slot, copy)]
        return {"undo": [*undo[-(UNDO_DEPTH - 1) :], step], "redo": others}
    if op == "undid":
        return {
            "undo": _without_last(undo, slot, copy),
            "redo": [*redo[-(UNDO_DEPTH - 1) :], step],
        }
    return {"undo": [*undo[-(UNDO_DEPTH - 1) :], step], "redo": _without_last(redo, slot, copy)}


def slot_of(step: StepDoc) -> int:
    """The device slot of the copy that made a step (undo and redo steps carry it too)."""
    return int(step.get("stamp", 0)) % SLOTS


def made_by(step: StepDoc, slot: int, copy: str | None) -> bool:
    """Whether the copy of `slot` and `copy` made `step`: by the slot alone when either
    has no copy id (an older papershelf wrote the step, or is undoing)."""
    theirs = step.get("copy")
    return slot_of(step) == slot and (copy is None or theirs is None or theirs == copy)


def last_of(steps: Sequence[StepDoc], slot: int, copy: str | None) -> int | None:
    """Where the last of these steps made by the copy of `slot` and `copy` is, if any is."""
    for index in range(len(steps) - 1, -1, -1):
        if made_by(steps[index], slot, copy):
            return index
    return None


def _without_last(steps: list[StepDoc], slot: int, copy: str | None) -> list[StepDoc]:
    """The steps less the last one of the copy (the one an undo or redo took)."""
    index = last_of(steps, slot, copy)
    return steps if index is None else steps[:index] + steps[index + 1 :]


@dataclass(frozen=True, slots=True)
class FieldGroup:
    """Papers whose field one step changed from the same value to the same value."""

    field: Field
    before: Value
    after: Value
    paper_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CatalogEdit:
    """What an import did to the catalog, so that undo can take it back."""

    papers_added: tuple[str, ...] = ()
    sources_added: tuple[str, ...] = ()
    papers_replaced: Mapping[str, PaperDoc] = field(default_factory=dict)
    """Papers the import merged into, as they were before it."""

    @property
    def is_empty(self) -> bool:
        return not (self.papers_added or self.sources_added or self.papers_replaced)


@dataclass(frozen=True, slots=True)
class Step:
    """One undoable change."""

    stamp: Stamp
    """The stamp the change wrote."""
    words: str
    """What it did: `tagged 12 papers +review`."""
    fields: tuple[FieldGroup, ...] = ()
    catalog: CatalogEdit | None = None
    redo_catalog: Stamp | None = None
    copy: str | None = None
    """The copy that made it (`stamps.copy_id`); None in a step of an older papershelf."""

    @property
    def paper_count(self) -> int:
        """How many papers the step touched."""
        papers = {pid for group in self.fields for pid in group.paper_ids}
        if self.catalog is not None:
            papers.update(self.catalog.papers_added)
        return len(papers)

    def to_doc(self) -> StepDoc:
        doc: StepDoc = {
            "stamp": self.stamp,
            "words": self.words,
            "fields": [
                [group.field, group.before, group.after, "".join(group.paper_ids)]
                for group in self.fields
            ],
        }
        if self.catalog is not None:
            doc["catalog"] = {
                "papers_added": list(self.catalog.papers_added),
                "sources_added": list(self.catalog.sources_added),
                "papers_replaced": dict(self.catalog.papers_replaced),
            }
        if self.redo_catalog is not None:
            doc["redo_catalog"] = self.redo_catalog
        if self.copy is not None:
            doc["copy"] = self.copy
        return doc

    @classmethod
    def from_doc(cls, doc: StepDoc) -> Step:
        catalog, copy = doc.get("catalog"), doc.get("copy")
        return cls(
            stamp=int(doc.get("stamp", 0)),
            words=str(doc.get("words", "")),
            fields=tuple(
                FieldGroup(str(name), before, after, _ids(ids))
                for name, before, after, ids in doc.get("fields", ())
            ),
            catalog=None
            if catalog is None
            else CatalogEdit(
                tuple(catalog.get("papers_added", ())),
                tuple(catalog.get("sources_added", ())),
                dict(catalog.get("papers_replaced", {})),
            ),
            redo_catalog=doc.get("redo_catalog"),
            copy=copy if isinstance(copy, str) else None,
        )


def replayed(
    step: StepDoc, docs_of: Callable[[list[str]], Sequence[StateDoc | None]], stamp: Stamp
) -> dict[str, StateDoc]:
    """The documents the change of `step` made, from the documents before it (`docs_of`,
    for a list of paper ids): each paper's fields set to their values after, in the
    step's order, all stamped `stamp`. A journal line of a change over many papers holds
    its step, not its 100,000 documents (see `LibraryFiles.append`); tests hold this to
    what the change itself made."""
    values: dict[str, dict[Field, Value]] = {}
    for name, _, after, joined in step.get("fields", ()):
        for paper_id in _ids(joined):
            values.setdefault(paper_id, {})[name] = after
    ids = list(values)
    docs = docs_of(ids)
    return {
        paper_id: with_values(doc, paper_id, values[paper_id], stamp)
        for paper_id, doc in zip(ids, docs, strict=True)
    }


def _ids(joined: str) -> tuple[str, ...]:
    return tuple(joined[start : start + ID_LENGTH] for start in range(0, len(joined), ID_LENGTH))


def group_fields(changes: Sequence[tuple[str, Field, Value, Value]]) -> tuple[FieldGroup, ...]:
    """(paper id, field, before, after) tuples as groups of equal field, before and after.

    The groups come in an order that keeps each paper's own order of fields, so that
    tags added together come back in the order they were added when the step is
    redone (one paper may have had the first tag already and got only the second).
    """
    groups: dict[tuple[Field, Value, Value], list[str]] = {}
    for paper_id, name, before, after in changes:
        groups.setdefault((name, before, after), []).append(paper_id)
    fields = {name for name, _, _ in groups}
    # One field (a tag over 100,000 papers): no order to work out.
    rank = {fields.pop(): 0} if len(fields) == 1 else _field_order(changes)
    ordered = sorted(groups.items(), key=lambda item: rank[item[0][0]])
    return tuple(
        FieldGroup(name, before, after, tuple(ids)) for (name, before, after), ids in ordered
    )


def _field_order(changes: Sequence[tuple[str, Field, Value, Value]]) -> dict[Field, int]:
    """One order of all fields in which every paper's fields keep their order: a
    topological sort of "comes before" from each paper's consecutive fields, ties (and
    papers that disagree) settled by which field came first."""
    first_seen: dict[Field, int] = {}
    before: dict[Field, set[Field]] = {}
    last: dict[str, Field] = {}
    for paper_id, name, _, _ in changes:
        first_seen.setdefault(name, len(first_seen))
        before.setdefault(name, set())
        previous = last.get(paper_id)
        if previous is not None and previous != name:
            before[name].add(previous)
        last[paper_id] = name
    order: dict[Field, int] = {}
    waiting = sorted(first_seen, key=first_seen.__getitem__)
    while waiting:
        ready = next((f for f in waiting if before[f] <= order.keys()), waiting[0])
        order[ready] = len(order)
        waiting.remove(ready)
    return order
