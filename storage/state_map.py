"""The reader's state documents by paper id, as a mapping that is cheap to make and change.

Two costs shape it, both measured at 100,000 papers with realistic state:

- A change to a few papers must not copy the state of all of them: a copy of the whole
  dictionary per change cost 2-3 ms of every toggle. A `StateMap` is a large base shared
  between versions plus a small map of recent changes; a new version copies only the
  recent part, and folds it into a new base once it grows.
- Opening must not build a second dictionary beside the one the parser made: keying
  85,000 documents by paper id took 40 ms and 5 MB. So the base is the library file's
  `state` table as parsed, keyed by TinyDB document id (the paper id in decimal), and
  a lookup converts the paper id it is given.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, Mapping, ValuesView
from itertools import chain, repeat
from typing import Final

from .records import StateDoc

FOLD_AFTER: Final = 4096
"""Recent changes kept apart before they are folded into a new base."""


def doc_id(paper_id: str) -> str:
    """The TinyDB document id of a record: its hex id as a decimal number (`docs_of`
    and `with_changes` convert many at once the same way)."""
    return str(int(paper_id, 16))


def doc_ids(paper_ids: Iterable[str]) -> list[str]:
    """`doc_id` of each, converted in C: one by one cost 0.15 s for 100,000 papers."""
    return list(map(str, map(int, paper_ids, repeat(16))))


class KeyedDocs(dict[str, StateDoc]):
    """Documents by paper id that carry their document ids too (`doc_ids`, in the same
    order), so that `StateMap.with_changes` need not convert the ids again: a change
    over 100,000 papers converted them twice, 60 ms a time."""

    __slots__ = ("doc_ids",)

    def __init__(self, docs: Mapping[str, StateDoc], doc_ids: list[str]) -> None:
        super().__init__(docs)
        if len(doc_ids) != len(self):
            raise ValueError("one document id for each document")
        self.doc_ids = doc_ids


class StateMap(Mapping[str, StateDoc]):
    """An immutable mapping of paper ids to state documents."""

    __slots__ = ("_base", "_recent", "_length")

    def __init__(
        self, base: Mapping[str, StateDoc], recent: Mapping[str, StateDoc] | None = None
    ) -> None:
        """Wrap documents keyed by document id (`doc_id`), as the library file stores them."""
        self._base = base
        self._recent = recent or {}
        self._length = len(base) + sum(1 for key in self._recent if key not in base)

    @classmethod
    def of(cls, docs: Mapping[str, StateDoc]) -> StateMap:
        """A map of documents keyed by paper id."""
        return cls({doc_id(paper_id): doc for paper_id, doc in docs.items()})

    def with_changes(self, changes: Mapping[str, StateDoc]) -> StateMap:
        """A new version with `changes` (by paper id) on top; this one stays as it was."""
        keys = changes.doc_ids if isinstance(changes, KeyedDocs) else doc_ids(changes)
        if len(keys) > FOLD_AFTER:  # folded whatever the recent ones: no copy of them first
            base = {**self._base, **self._recent}
            base.update(zip(keys, changes.values(), strict=True))
            return StateMap(base)
        recent = dict(self._recent)
        recent.update(zip(keys, changes.values(), strict=True))
        if len(recent) <= FOLD_AFTER:
            return StateMap(self._base, recent)
        return StateMap({**self._base, **recent})

    def by_doc_id(self) -> Mapping[str, StateDoc]:
        """Every document by TinyDB document id: the library file's `state` table."""
        return {**self._base, **self._recent} if self._recent else self._base

    def __getitem__(self, paper_id: str) -> StateDoc:
        key = doc_id(paper_id)
        doc = self._recent.get(key)
        return self._base[key] if doc is None else doc

    def get(self, paper_id: str, default: StateDoc | None = None) -> StateDoc | None:  # type: ignore[override]
        try:
            key = doc_id(paper_id)
        except ValueError:  # not a paper id at all
            return default
        doc = self._recent.get(key)
        return self._base.get(key, default) if doc is None else doc

    def docs_of(self, paper_ids: Iterable[str]) -> list[StateDoc | None]:
        """The documents of these papers, in order (None for one without), converting
        the ids in C: a lookup one by one cost 0.15 s for 100,000 papers."""
        return self.docs_at(map(str, map(int, paper_ids, repeat(16))))

    def docs_at(self, keys: Iterable[str]) -> list[StateDoc | None]:
        """`docs_of` for papers given by document id (`doc_ids`)."""
        if not self._recent:
            return list(map(self._base.get, keys))
        recent, base = self._recent, self._base
        return [recent.get(key) or base.get(key) for key in keys]

    def __contains__(self, paper_id: object) -> bool:
        return isinstance(paper_id, str) and self.get(paper_id) is not None

    def __iter__(self) -> Iterator[str]:
        return (doc["paper_id"] for doc in self._docs())

    def __len__(self) -> int:
        return self._length

    def items(self) -> ItemsView[str, StateDoc]:
        """The (id, document) pairs, iterated without looking each id up again (the
        generic view does, which made counting the read papers of 100,000 take 0.5 s)."""
        return _Items(self)

    def values(self) -> ValuesView[StateDoc]:
        """The documents, iterated without looking each id up again."""
        return _Values(self)

    def _docs(self) -> Iterator[StateDoc]:
        recent = self._recent
        if not recent:
            return iter(self._base.values())
        older = (doc for key, doc in self._base.items() if key not in recent)
        return chain(older, recent.values())


class _Values(ValuesView[StateDoc]):
    _mapping: StateMap

    def __iter__(self) -> Iterator[StateDoc]:
        return self._mapping._docs()


class _Items(ItemsView[str, StateDoc]):
    _mapping: StateMap

    def __iter__(self) -> Iterator[tuple[str, StateDoc]]:
        return ((doc["paper_id"], doc) for doc in self._mapping._docs())
