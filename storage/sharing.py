"""One object for each value that many stored documents repeat, made as they are read.

orjson makes a new object for every value it parses. At 100,000 papers with realistic
state, a catalog repeats a few hundred journal names, each import's time, its year and
each source's id list across 100,000 papers (32 MB of copies), and the reader's state
repeats 9,000 different tag lists across 75,000 documents, the statuses and the stamps
of bulk changes, and a copy of each paper id the catalog holds already (38 MB).

A `Sharing` is given each line's documents as `json_lines` parses them, before the next
line: the copies it lets go are the memory the next line's are parsed into. Shared once
everything was read (as the app used to, after its first paint), the memory they freed
stayed with the process, scattered among the objects still alive, and the search index
built next took more.

Each pass over a field runs in C (`map` over the documents): a value is shared only when
every value of that field in the line is of a type whose equal values are always alike
(text, an int, a list of those; never `True == 1 == 1.0`), so each document reads
exactly as parsed. Lists are shared whole: documents are never edited, only replaced.

Paper ids are the one value repeated across files: the catalog's 100,000 documents each
hold their id, and the seeds listing a paper, the reader's state of it and the undo step
of the import that added it each held a copy of their own (7 MB a copy at 100,000
papers). `PaperIds` maps each id to the catalog's own object while a library is read,
and the state's documents, the sources' lists and the history's take the catalog's.
Collected line by line as the catalog was parsed, the ids' dict and list grew among the
documents being made and the app's peak rose by 3 MB: they are collected once the
catalog is read.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from itertools import chain, compress, repeat
from typing import Any, Final, cast

from .records import FIELD

_set: Final = cast(Callable[[Any, str, Any], None], dict.__setitem__)
"""Set a document's field (only on documents just parsed, not yet handed out)."""
_SCALARS: Final = frozenset({str, int, type(None)})
_LISTS: Final = frozenset({list, type(None)})
_ITEMS: Final = frozenset({str, int})

CATALOG_VALUES: Final = ("journal", "added_at", "year")
"""A paper's fields whose values many papers repeat (8 MB of copies each, a year's 3)."""
CATALOG_LISTS: Final = ("sources",)
"""A paper's lists that many papers repeat (the seeds listing it: mostly one)."""
STATE_VALUES: Final = ("note",)
"""A state's fields that a change to many papers gives each of them, where that is
worth a pass over every document (a note: 3.4 MB; a status and its stamp, on fewer
papers and smaller, are not)."""
STATE_LISTS: Final = ("tags",)
"""A state's tags and their stamps: 9,000 different lists across 75,000 papers."""
STATE_IDS: Final = ("paper_id",)
"""A state's field naming its paper."""

CATALOG_IDS: Final = "id"
"""A paper's own id, which the other files' ids are shared with."""
_WINDOW: Final = 128
"""How far past the end of the last list taken in order the next one may start (the
papers of one seed follow each other in the catalog, a report paper between seeds)."""


class PaperIds:
    """A catalog's paper ids: each id to the catalog's own object for it, and those
    objects in stored order."""

    __slots__ = ("by_id", "_in_order", "_next")

    def __init__(self, papers: Iterable[Any]) -> None:
        """The ids of a catalog's documents, in stored order (none at all for a catalog
        whose ids are not text: the catalog refuses it)."""
        ids = list(map(FIELD, papers, repeat(CATALOG_IDS)))
        if not set(map(type, ids)) <= {str}:
            ids = []
        self.by_id: dict[str, str] = dict(zip(ids, ids, strict=True))
        """Each paper id to the catalog's own object for it."""
        self._in_order: list[str] = ids
        self._next = 0
        """Where the last list taken in order ended."""

    def share(self, values: Any) -> Any:
        """A just-parsed list of paper ids with the catalog's objects for those it has
        (anything but a list of text comes back as it is, for the reader to refuse).

        A seed's papers and an import's are listed in the catalog's order: such a list
        is compared whole with the run of the catalog's ids it starts, in C, both read
        in the order they were made; looking up each id of the sources and the history
        in `by_id` (200,000 at 100,000 papers) cost 0.14 s, their objects scattered."""
        if type(values) is not list or not values or not set(map(type, values)) <= {str}:
            return values
        for start in (self._next, 0):
            try:
                at = self._in_order.index(values[0], start, start + _WINDOW)
            except ValueError:
                continue
            run = self._in_order[at : at + len(values)]
            if run == values:
                self._next = at + len(values)
                return run
        return list(map(self.by_id.get, values, values))


class Sharing:
    """Shares the repeated values of one file's documents, given a line at a time."""

    __slots__ = ("_values", "_lists", "_ids", "_known", "_known_lists", "_paper_ids")

    def __init__(
        self,
        values: Iterable[str],
        lists: Iterable[str],
        ids: Iterable[str] = (),
        paper_ids: PaperIds | None = None,
    ) -> None:
        """Share these fields: of text or ints (`values`), of lists of them (`lists`),
        and fields naming a paper (`ids`) with the catalog's ids (`paper_ids`)."""
        self._values, self._lists, self._ids = tuple(values), tuple(lists), tuple(ids)
        self._known: dict[Any, Any] = {}
        self._known_lists: dict[tuple[Any, ...], list[Any]] = {}
        self._paper_ids = paper_ids

    @classmethod
    def for_catalog(cls) -> Sharing:
        """For the catalog's paper documents."""
        return cls(CATALOG_VALUES, CATALOG_LISTS)

    @classmethod
    def for_state(cls, paper_ids: PaperIds | None = None) -> Sharing:
        """For the library file's state documents, their paper ids the catalog's
        objects where `paper_ids` is given."""
        return cls(STATE_VALUES, STATE_LISTS, STATE_IDS, paper_ids)

    def __call__(self, table: Mapping[str, Any]) -> None:
        """Share the values of a table's documents (one line's, or a whole table's);
        anything but a table of JSON objects is left as it is (the reader refuses it)."""
        docs = list(table.values())
        if set(map(type, docs)) != {dict}:
            return
        share = self._known.setdefault
        for name in self._values:
            values = list(map(FIELD, docs, repeat(name)))
            if set(map(type, values)) <= _SCALARS:
                present = list(filter(None, values))  # of the documents `compress` picks
                _consume(
                    map(_set, compress(docs, values), repeat(name), map(share, present, present))
                )
        for name in self._lists:
            values = list(map(FIELD, docs, repeat(name)))
            if set(map(type, values)) <= _LISTS:
                present = list(filter(None, values))
                if set(map(type, chain.from_iterable(present))) <= _ITEMS:
                    shared = map(self._known_lists.setdefault, map(tuple, present), present)
                    _consume(map(_set, compress(docs, values), repeat(name), shared))
        if self._paper_ids is None:
            return
        for name in self._ids:
            values = list(map(FIELD, docs, repeat(name)))
            if set(map(type, values)) == {str}:
                catalogs = map(self._paper_ids.by_id.get, values, values)
                _consume(map(_set, docs, repeat(name), catalogs))


def _consume(iterator: Iterable[object]) -> None:
    deque(iterator, maxlen=0)
