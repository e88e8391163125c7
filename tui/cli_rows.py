"""How the command line prints a paper: one row for people, one JSON object for scripts.

Both read the stored documents straight, never a `Paper` or `ReadingState`: `list` at
100,000 papers spent 2 of its 4 seconds building records for rows that use a third of
their fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from itertools import islice, repeat
from operator import eq, methodcaller
from typing import Any, Final

import orjson

from storage import EntryList, Source
from storage.records import (
    PaperDoc,
    StateDoc,
    default_entry_type,
    from_iso,
    stored_int,
    stored_text,
    stored_texts,
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


def documents(entries: EntryList) -> Iterator[tuple[PaperDoc, StateDoc]]:
    """Each listed paper's stored document and state document, in order."""
    docs, states = entries.snapshot.catalog.docs, entries.snapshot.states
    papers = [docs[number] for number in entries.numbers]
    ids = [doc["id"] for doc in papers]
    found = states.docs_of(ids) if isinstance(states, StateMap) else map(states.get, ids)
    for doc, state in zip(papers, found, strict=True):
        yield doc, state or _NO_STATE


def rows(entries: EntryList, width: int) -> Iterator[str]:
    """Every listed paper as `format_row` prints it."""
    for doc, state in documents(entries):
        yield format_row(doc, state, width)


def format_row(doc: PaperDoc, state: StateDoc, width: int) -> str:
    """A one-line summary of a paper, cut to `width` columns."""
    mark = STATUS_MARKS[state.get("status", "new")]
    priority = state.get("priority")
    shown_priority = f"P{priority}" if priority else "  "
    year, month = stored_int(doc.get("year")), stored_int(doc.get("month"))
    report = doc.get("kind") == "report"
    date = "report " if report else f"{year or '':<4}   "
    if month and not report:
        date = f"{year}-{month:02d}"
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


_KINDS: Final = {True: "report", False: "related"}
_JUST_TEXT: Final = frozenset({str})
_INT_OR_NONE: Final = frozenset({int, type(None)})


def _texts(values: list[Any]) -> list[str]:
    """Stored texts, "" for one of another type (the check is one C loop when, as
    nearly always, all are texts)."""
    if _JUST_TEXT.issuperset(map(type, values)):
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
    sources = entries.snapshot.catalog.sources
    papers = documents(entries)
    yield b"["
    separator = b""
    while chunk := list(islice(papers, _PAPERS_PER_WRITE)):
        docs, states = zip(*chunk, strict=True)
        yield separator + json_bytes(papers_json(docs, states, sources))[1:-1]
        separator = b","
    yield b"]\n"


_PAPERS_PER_WRITE: Final = 200
"""Papers turned into JSON at once (about 100 kB of text): few enough that their
documents stay in the processor's cache while each field is read in turn (with 2,000,
`list --json` took a quarter longer)."""


def json_bytes(value: object) -> bytes:
    """JSON in UTF-8 with C1 control characters escaped too (the JSON encoder escapes
    only C0 ones): a terminal reading U+009B takes it for the start of an escape
    sequence."""
    encoded = orjson.dumps(value)
    return _C1.sub(lambda match: b"\\u%04x" % match[1][0], encoded)
