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
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from itertools import chain, compress, repeat
from typing import Any, Final, cast

_get: Final = cast(Callable[[Any, str], Any], dict.get)
"""A document's field, or None: `map(_get, docs, repeat(name))` reads a field in C."""
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


class Sharing:
    """Shares the repeated values of one file's documents, given a line at a time."""

    __slots__ = ("_values", "_lists", "_known", "_known_lists")

    def __init__(self, values: Iterable[str], lists: Iterable[str]) -> None:
        """Share these fields: of text or ints (`values`), of lists of them (`lists`)."""
        self._values, self._lists = tuple(values), tuple(lists)
        self._known: dict[Any, Any] = {}
        self._known_lists: dict[tuple[Any, ...], list[Any]] = {}

    @classmethod
    def for_catalog(cls) -> Sharing:
        """For the catalog's paper documents."""
        return cls(CATALOG_VALUES, CATALOG_LISTS)

    @classmethod
    def for_state(cls) -> Sharing:
        """For the library file's state documents."""
        return cls(STATE_VALUES, STATE_LISTS)

    def __call__(self, table: Mapping[str, Any]) -> None:
        """Share the values of a table's documents (one line's, or a whole table's);
        anything but a table of JSON objects is left as it is (the reader refuses it)."""
        docs = list(table.values())
        if set(map(type, docs)) != {dict}:
            return
        share = self._known.setdefault
        for name in self._values:
            values = list(map(_get, docs, repeat(name)))
            if set(map(type, values)) <= _SCALARS:
                present = list(filter(None, values))  # of the documents `compress` picks
                _consume(
                    map(_set, compress(docs, values), repeat(name), map(share, present, present))
                )
        for name in self._lists:
            values = list(map(_get, docs, repeat(name)))
            if set(map(type, values)) <= _LISTS:
                present = list(filter(None, values))
                if set(map(type, chain.from_iterable(present))) <= _ITEMS:
                    shared = map(self._known_lists.setdefault, map(tuple, present), present)
                    _consume(map(_set, compress(docs, values), repeat(name), shared))


def _consume(iterator: Iterable[object]) -> None:
    deque(iterator, maxlen=0)
