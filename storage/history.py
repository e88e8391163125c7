"""The undo and redo history as the library file keeps it: steps as stored documents,
and what each journalled operation does to them.

The steps as objects, which only a write makes, are `storage.steps`'s: reading a library
replays its journal with these documents alone, and `list` loads no dataclass of them.

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

from collections.abc import Callable, Sequence
from typing import Any, Final, Literal, TypedDict, cast

from .records import ID_LENGTH, StateDoc
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
    """For an import: what it added and what it replaced (see `steps.CatalogEdit`)."""
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
        for paper_id in ids_of(joined):
            values.setdefault(paper_id, {})[name] = after
    ids = list(values)
    docs = docs_of(ids)
    return {
        paper_id: with_values(doc, paper_id, values[paper_id], stamp)
        for paper_id, doc in zip(ids, docs, strict=True)
    }


def ids_of(joined: str) -> tuple[str, ...]:
    """The paper ids a stored group writes one after another in one string."""
    return tuple(joined[start : start + ID_LENGTH] for start in range(0, len(joined), ID_LENGTH))
