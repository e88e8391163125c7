"""How the command line prints a paper: one row for people, one JSON object for scripts.

Both read the stored documents straight, never a `Paper` or `ReadingState`: `list` at
100,000 papers spent 2 of its 4 seconds building records for rows that use a third of
their fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from itertools import repeat
from operator import eq, methodcaller
from typing import Any, Final

import orjson

from storage import EntryList, Source
from storage.records import (
    FIELD,
    JUST_TEXT,
    PaperDoc,
    StateDoc,
    default_entry_type,
    from_iso,
    stored_int,
    stored_text,
    stored_texts,
    values_of,
)
from storage.stamps import stamp_time
from storage.state_fields import tag_names
from storage.state_map import StateMap
from storage.text import visible

STATUS_MARKS: Final = {
    "new": "[ ]",
    "queued": "[q]",
    "reading": "[r]",
    "skimmed": "[s]",
    "read": "[x]",
    "dropped": "[-]",
}
"""A status as a checkbox: `[x]` read, `[ ]` new, the others by their first letter."""

_EPOCH: Final = datetime.fromtimestamp(0, UTC)
"""When a paper whose file lost its import time was added (as `Paper` reads it)."""

_C1: Final = re.compile(b"\xc2([\x80-\x9f])")
"""A C1 control character in UTF-8 (0xC2 only ever starts a character): found in the
encoded bytes, a tenth of the time of a search of the text (0.02 s for 60 MB)."""

_NO_STATE: Final[StateDoc] = {"paper_id": ""}
"""What a paper nobody touched reads as: new, untagged, no note."""


def documents(entries: EntryList) -> tuple[list[PaperDoc], list[StateDoc]]:
    """Each listed paper's stored document, and its state document, in order: two lists
    made by C loops (a generator of pairs cost 60 ms at 100,000 papers)."""
    docs = list(map(entries.snapshot.catalog.docs.__getitem__, entries.numbers))
    ids, states = entries.ids(), entries.snapshot.states
    found = states.docs_of(ids) if isinstance(states, StateMap) else map(states.get, ids)
    return docs, [state or _NO_STATE for state in found]


def rows(entries: EntryList, width: int) -> Iterator[str]:
    """Every listed paper as `format_row` prints it."""
    for doc, state in zip(*documents(entries), strict=True):
        yield format_row(doc, state, width)


def row_pieces(entries: EntryList, width: int, rows_per_piece: int) -> Iterator[str]:
    """`rows`, `rows_per_piece` at a time as text to write, each row ending its line."""
    formatter = RowFormatter(width)
    docs, states = documents(entries)
    for start in range(0, len(docs), rows_per_piece):
        end = start + rows_per_piece
        yield formatter.text(docs[start:end], states[start:end])


class RowFormatter:
    """`format_row` for many papers: what repeats from paper to paper (dates, counts,
    journals) is laid out once, each row is one f-string in one list comprehension (no
    call a row), and control characters are looked for once a piece.

    At 100,000 papers `format_row` took 0.57 s of CPU, half of `list`; the same caches
    behind a call a row took 0.3. The caches are keyed by the stored values, and `true`
    equals 1 as a key: a hand-edited `true` among the counts or years was shown as the
    1 laid out before it. So a piece is laid out here only when its fields have their
    usual types (checked first, a C loop a field), and by `format_row` itself when not.
    The checks cost about what the comprehension saves: what the rows cost is reading
    the documents, scattered in memory in the list's order (laid out in stored order,
    the same rows took a third less CPU). Pictures of control characters (`visible`) take one
    column each, as the characters did, so a row cut before they are drawn is cut where
    `format_row` cuts it.
    """

    def __init__(self, width: int) -> None:
        self._width = width
        self._dates = _LaidOut(lambda key: _date(*key))
        self._priorities = _LaidOut(lambda priority: f"P{priority}" if priority else "  ")
        self._citations = _LaidOut(lambda count: f"{'' if count is None else f'{count:,}':>6}")
        self._journals = _LaidOut(
            lambda journal: f"{journal if len(journal) <= 28 else journal[:27] + '…':<28}"
        )

    def text(self, docs: Sequence[PaperDoc], states: Sequence[StateDoc]) -> str:
        """Each paper's row (its document and its state document), each ending its line."""
        if (
            _usual(docs, _ROW_TEXTS, JUST_TEXT, "")
            and _usual(docs, _ROW_NUMBERS, _INT_OR_NONE)
            and _usual(states, ("priority",), _INT_OR_NONE)
        ):
            rows = self._rows(docs, states)
        else:
            rows = list(map(format_row, docs, states, repeat(self._width)))
        return visible("\n".join(rows) + "\n")

    def _rows(self, docs: Sequence[PaperDoc], states: Sequence[StateDoc]) -> list[str]:
        """The rows before `visible`, each laid out as `format_row` lays it out."""
        dates, citations, journals = self._dates, self._citations, self._journals
        marks, priorities = STATUS_MARKS, self._priorities
        rows = [
            f"{doc.get('id', '')[:8]}  {marks[state.get('status', 'new')]} "
            f"{priorities[state.get('priority')]}  "
            f"{dates[doc.get('year'), doc.get('month'), doc.get('kind') == 'report']}  "
            f"{citations[doc.get('citations')]}  {journals[doc.get('journal', '')]}  "
            f"{doc.get('title', '') or doc.get('summary', '')}"
            f"{'  #' + ' #'.join(tags) if (tags := tag_names(state)) else ''}"
            for doc, state in zip(docs, states, strict=True)
        ]
        width = self._width
        if max(map(len, rows), default=0) > width:
            return [row if len(row) <= width else row[: width - 1] + "…" for row in rows]
        return rows


class _LaidOut(dict[Any, str]):
    """A column's text for each stored value, laid out when first met."""

    def __init__(self, lay_out: Callable[[Any], str]) -> None:
        super().__init__()
        self._lay_out = lay_out

    def __missing__(self, value: Any) -> str:
        text = self[value] = self._lay_out(value)
        return text


def _usual(
    docs: Sequence[Mapping[str, Any]],
    names: Iterable[str],
    types: frozenset[type],
    default: object = None,
) -> bool:
    """Whether every document's fields `names` (`default` where missing) are of these
    types: checked in C, a loop a field."""
    return all(
        types.issuperset(map(type, map(FIELD, docs, repeat(name), repeat(default))))
        for name in names
    )


_ROW_TEXTS: Final = ("id", "title", "summary", "journal")
_ROW_NUMBERS: Final = ("year", "month", "citations")


def _date(year: object, month: object, report: bool) -> str:
    """The date column of `format_row` (`report`: the paper is a case report)."""
    year, month = stored_int(year), stored_int(month)
    if month and not report:
        return f"{year}-{month:02d}"
    return "report " if report else f"{year or '':<4}   "


def format_row(doc: PaperDoc, state: StateDoc, width: int) -> str:
    """A one-line summary of a paper, cut to `width` columns."""
    mark = STATUS_MARKS[state.get("status", "new")]
    priority = state.get("priority")
    shown_priority = f"P{priority}" if priority else "  "
    date = _date(doc.get("year"), doc.get("month"), doc.get("kind") == "report")
    citations = stored_int(doc.get("citations"))
    cites = "" if citations is None else f"{citations:,}"
    journal = stored_text(doc.get("journal"))
    journal = journal if len(journal) <= 28 else journal[:27] + "…"
    title = stored_text(doc.get("title")) or stored_text(doc.get("summary"))
    tags = tag_names(state)
    shown_tags = "  #" + " #".join(tags) if tags else ""
    row = (
        f"{stored_text(doc.get('id'))[:8]}  {mark} {shown_priority}  {date}  {cites:>6}  "
        f"{journal:<28}  {title}{shown_tags}"
    )
    row = visible(row)  # before cutting: never half an escape sequence
    return row if len(row) <= width else row[: width - 1] + "…"


JSON_FIELDS: Final = (
    "id",
    "kind",
    "summary",
    "abstract",
    "journal",
    "year",
    "month",
    "citations",
    "sources",
    "read",
    "status",
    "priority",
    "tags",
    "note",
    "deleted",
    "title",
    "authors",
    "doi",
    "url",
    "key",
    "type",
    "read_at",
    "added_at",
)
"""The fields of a paper in `list --json`, in order: the documented ones, and a few more."""


def papers_json(
    docs: Sequence[PaperDoc], states: Sequence[StateDoc], sources: Mapping[str, Source]
) -> list[dict[str, Any]]:
    """The `list --json` form of these papers (each with its state document).

    Built a field at a time over all of them, each field read and checked by C loops
    (`map`, `methodcaller`), not a paper at a time in Python: a fifth less time. A
    stored value of the wrong type (a hand-edited file) reads as `Paper.from_doc`
    reads it.
    """

    def column(name: str, default: object = None) -> list[Any]:
        return list(map(methodcaller("get", name, default), docs))

    def state_column(name: str, default: object = None) -> list[Any]:
        return list(map(methodcaller("get", name, default), states))

    journals = _texts(column("journal", ""))
    statuses = state_column("status", "new")
    source_ids = list(map(stored_texts, column("sources")))
    named = {ids: [sources[s].file_name for s in ids if s in sources] for ids in set(source_ids)}
    read_at = [
        stamp_time(stamp).isoformat() if status == "read" and stamp is not None else None
        for status, stamp in zip(statuses, state_column("read_at"), strict=True)
    ]
    types = [
        entry_type or default_entry_type(journal)
        for entry_type, journal in zip(_texts(column("type", "")), journals, strict=True)
    ]
    values = zip(
        _texts(column("id", "")),
        map(_KINDS.__getitem__, map(eq, column("kind"), repeat("report"))),
        _texts(column("summary", "")),
        _texts(column("abstract", "")),
        journals,
        _ints(column("year")),
        _ints(column("month")),
        _ints(column("citations")),
        map(named.__getitem__, source_ids),
        map(eq, statuses, repeat("read")),
        statuses,
        state_column("priority"),
        map(tag_names, states),
        state_column("note", ""),
        state_column("deleted", False),
        _texts(column("title", "")),
        map(list, map(stored_texts, column("authors"))),
        _texts(column("doi", "")),
        _texts(column("url", "")),
        _texts(column("key", "")),
        types,
        read_at,
        map(_added_at, column("added_at")),
        strict=True,
    )
    return list(map(dict, map(zip, repeat(JSON_FIELDS), values)))


class JsonObjects:
    """`papers_json` a paper at a time, from a copy of its stored document.

    Reading the documents a field at a time went over each of them 23 times (1.2 s for
    100,000 papers, most of `list --json`); a copy of the document over a template of
    defaults (both in C), with a few fields put right, takes half of that. It holds for
    a document whose fields all have their usual types, and whose *shape* (its fields in
    order) says which to check: any other goes the general way, `papers_json`.
    """

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self._sources = sources
        self._shapes: dict[tuple[str, ...], _Shape] = {}
        self._named: dict[tuple[str, ...], list[str]] = {}
        """Source file names by the ids a paper lists (most papers share a few)."""
        self._added_at: dict[str, str] = {}
        """`_added_at` of each stored time (an import's papers share a few)."""

    def __call__(
        self, docs: Sequence[PaperDoc], states: Sequence[StateDoc]
    ) -> list[dict[str, Any]]:
        """The `list --json` objects of these papers (each with its state document)."""
        return [
            self._object(doc, state) or papers_json([doc], [state], self._sources)[0]
            for doc, state in zip(docs, states, strict=True)
        ]

    def _object(self, doc: PaperDoc, state: StateDoc) -> dict[str, Any] | None:
        """One paper's object, or None when its document is not one of the usual."""
        keys = tuple(doc)
        shape = self._shapes.get(keys)
        if shape is None:
            shape = self._shapes[keys] = _Shape(keys)
        if tuple(map(type, shape.checked(doc))) != shape.types:
            return None
        found: dict[str, Any] = _JSON_DEFAULTS.copy()
        found.update(doc)
        for extra in shape.extras:
            del found[extra]
        if shape.has_kind and found["kind"] != "report":
            found["kind"] = "related"
        if ids := found["sources"]:
            try:
                found["sources"] = self._source_names(tuple(ids))
            except TypeError:  # an item that is no text, nor hashable
                return None
        if shape.has_authors:
            found["authors"] = list(stored_texts(found["authors"]))
        if not found["type"]:
            found["type"] = default_entry_type(found["journal"])
        added_at = found["added_at"]
        if (shown := self._added_at.get(added_at)) is None:
            shown = self._added_at[added_at] = _added_at(added_at)
        found["added_at"] = shown
        status = state.get("status", "new")
        read_at = state.get("read_at") if status == "read" else None
        found["read"] = status == "read"
        found["status"] = status
        found["priority"] = state.get("priority")
        found["tags"] = tag_names(state)
        found["note"] = state.get("note", "")
        found["deleted"] = state.get("deleted", False)
        found["read_at"] = None if read_at is None else stamp_time(read_at).isoformat()
        return found

    def _source_names(self, ids: tuple[str, ...]) -> list[str]:
        names = self._named.get(ids)
        if names is None:
            sources = self._sources
            names = self._named[ids] = [
                sources[s].file_name for s in stored_texts(ids) if s in sources
            ]
        return names


_TEXTS: Final = ("id", "summary", "abstract", "journal", "title", "doi", "url", "key", "type")
_PAPER_TYPES: Final[Mapping[str, type]] = {
    **dict.fromkeys((*_TEXTS, "kind", "added_at"), str),
    **dict.fromkeys(("year", "month", "citations"), int),
    **dict.fromkeys(("sources", "authors"), list),
}
"""The usual type of each stored field `list --json` shows as it is stored."""

_JSON_DEFAULTS: Final[dict[str, Any]] = {
    **dict.fromkeys(JSON_FIELDS),
    **dict.fromkeys(_TEXTS, ""),
    "kind": "related",
    "sources": [],
    "authors": [],
    "added_at": _EPOCH.isoformat(),
}
"""A paper's object with every field a document may lack at its default, in order."""


class _Shape:
    """What `JsonObjects` checks and drops for documents with these fields, in order."""

    __slots__ = ("checked", "types", "extras", "has_kind", "has_authors")

    def __init__(self, keys: tuple[str, ...]) -> None:
        shown = [key for key in keys if key in _PAPER_TYPES]
        self.checked = values_of(shown)
        """The values to check."""
        self.types = tuple(_PAPER_TYPES[key] for key in shown)
        self.extras = tuple(key for key in keys if key not in _JSON_DEFAULTS)
        """Stored fields `list --json` does not show (`fields`, `ris`...)."""
        self.has_kind = "kind" in keys
        self.has_authors = "authors" in keys


_KINDS: Final = {True: "report", False: "related"}
_INT_OR_NONE: Final = frozenset({int, type(None)})


def _texts(values: list[Any]) -> list[str]:
    """Stored texts, "" for one of another type (the check is one C loop when, as
    nearly always, all are texts)."""
    if JUST_TEXT.issuperset(map(type, values)):
        return values
    return list(map(stored_text, values))


def _ints(values: list[Any]) -> list[int | None]:
    """Stored numbers, None for one of another type (a bool is not a number here)."""
    if _INT_OR_NONE.issuperset(map(type, values)):
        return values
    return list(map(stored_int, values))


def _added_at(stored: Any) -> str:
    """When a paper was added, as ISO text (the time `Paper` reads from the document)."""
    return (from_iso(stored) or _EPOCH).isoformat()


def entries_json(entries: EntryList) -> Iterator[bytes]:
    """The listed papers as one JSON array (`list --json`), in pieces of
    `_PAPERS_PER_WRITE` papers: the first is out at once, and the whole array is never
    held twice (as objects and as text)."""
    objects = JsonObjects(entries.snapshot.catalog.sources)
    docs, states = documents(entries)
    yield b"["
    for start in range(0, len(docs), _PAPERS_PER_WRITE):
        end = start + _PAPERS_PER_WRITE
        piece = json_bytes(objects(docs[start:end], states[start:end]))[1:-1]
        yield b"," + piece if start else piece
    yield b"]\n"


_PAPERS_PER_WRITE: Final = 200
"""Papers turned into JSON at once (about 100 kB of text): few enough that their
documents stay in the processor's cache while each field is read in turn (with 2,000,
`list --json` took a quarter longer)."""


def json_bytes(value: object) -> bytes:
    """JSON in UTF-8 with C1 control characters escaped too (the JSON encoder escapes
    only C0 ones): a terminal reading U+009B takes it for the start of an escape
    sequence. Most text has no 0xC2 byte at all (the lead byte of U+0080-U+00BF), found
    in a fifth of the time of the search (7 ms against 34 for 56 MB)."""
    encoded = orjson.dumps(value)
    if b"\xc2" not in encoded:
        return encoded
    return _C1.sub(lambda match: b"\\u%04x" % match[1][0], encoded)
