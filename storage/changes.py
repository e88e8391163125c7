"""Changes to the reader's state, as values: one change over any set of papers.

`Library.apply(change, ids)` asks the change, paper by paper, which fields it sets
(`values_for`), writes all of them at once and keeps them as one undo step. A change
that would leave a paper as it is sets nothing there, and that paper is not counted.

The changes themselves live by kind (`mark_changes`, `tag_changes`, `note_changes`),
each loaded with the first use of one of its names: a command makes one kind of change.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence

from .records import StateDoc
from .stamps import Stamp
from .state_fields import (
    Field,
    Value,
    value_of,
    with_values,
)
from .steps import FieldGroup, group_fields

FieldChange = tuple[str, Field, Value, Value]
"""What a change did to one field of one paper: (paper id, field, before, after)."""


class Change(ABC):
    """Something to do to each paper of a set."""

    @abstractmethod
    def values_for(self, doc: StateDoc | None, stamp: Stamp) -> dict[Field, Value]:
        """The fields this change sets on a paper whose state is `doc`, where they differ;
        `stamp` is the change's (a paper marked read keeps it as its read time)."""

    def apply_to(
        self, doc: StateDoc | None, paper_id: str, stamp: Stamp
    ) -> tuple[StateDoc, list[FieldChange]] | None:
        """The paper's new document and the fields the change sets on it, each with the
        value before (for the undo step); None when the change leaves the paper as it is.

        `values_for`, then `value_of` and `with_values` for each field: a change may do
        all of it in one pass (a change runs over every paper of the set).
        """
        values = self.values_for(doc, stamp)
        if not values:
            return None
        fields = [(paper_id, name, value_of(doc, name), value) for name, value in values.items()]
        return with_values(doc, paper_id, values, stamp), fields

    def apply_many(
        self, paper_ids: Sequence[str], docs: Iterable[StateDoc | None], stamp: Stamp
    ) -> tuple[dict[str, StateDoc], tuple[FieldGroup, ...]]:
        """`apply_to` for each paper (`docs`: their documents, in order): the new
        documents of the papers it changed, by id, and what it did as the undo step's
        groups (`steps.group_fields`)."""
        puts: dict[str, StateDoc] = {}
        changes: list[FieldChange] = []
        apply_to = self.apply_to
        for paper_id, doc in zip(paper_ids, docs, strict=True):
            done = apply_to(doc, paper_id, stamp)
            if done is not None:
                puts[paper_id], fields = done
                changes += fields
        return puts, group_fields(changes)

    @property
    def appended_tag(self) -> str | None:
        """The tag, when all this change does to a paper is put that one tag after its
        own (the search index then takes it in without reading the documents again, see
        `SearchIndex.tag_added`); None for any other change."""
        return None

    @abstractmethod
    def describe(self, count: int) -> str:
        """What the change did, in words: `tagged 12 papers +review`."""


def differing(doc: StateDoc | None, values: dict[Field, Value]) -> dict[Field, Value]:
    """The values that differ from what the paper has (a change sets only those)."""
    return {field: value for field, value in values.items() if value_of(doc, field) != value}
