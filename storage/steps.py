"""Undo and redo steps as objects: what one change did, field by field, made by writes.

Only a process that writes (or undoes) loads them: opening a library replays its journal
with the stored documents of `storage.history`, and making these three dataclasses was
a few milliseconds of every command's start (see `history` for what a step means).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .history import StepDoc, ids_of
from .records import PaperDoc
from .stamps import Stamp
from .state_fields import Field, Value


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
                FieldGroup(str(name), before, after, ids_of(ids))
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
