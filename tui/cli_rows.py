"""How the command line prints a paper: one row for people, one JSON object for scripts.

Both read the stored documents straight, never a `Paper` or `ReadingState`: `list` at
100,000 papers spent 2 of its 4 seconds building records for rows that use a third of
their fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
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


def paper_json(doc: PaperDoc, state: StateDoc, sources: Mapping[str, Source]) -> dict[str, Any]:
    """The `list --json` form of a paper: the documented fields, and a few more."""
    status = state.get("status", "new")
    read_stamp = state.get("read_at")
    journal = stored_text(doc.get("journal"))
    return {
        "id": stored_text(doc.get("id")),
        "kind": "report" if doc.get("kind") == "report" else "related",
        "summary": stored_text(doc.get("summary")),
        "abstract": stored_text(doc.get("abstract")),
        "journal": journal,
        "year": stored_int(doc.get("year")),
        "month": stored_int(doc.get("month")),
        "citations": stored_int(doc.get("citations")),
        "sources": [sources[s].file_name for s in stored_texts(doc.get("sources")) if s in sources],
        "read": status == "read",
        "status": status,
        "priority": state.get("priority"),
        "tags": tag_names(state),
        "note": state.get("note", ""),
        "deleted": state.get("deleted", False),
        "title": stored_text(doc.get("title")),
        "authors": list(stored_texts(doc.get("authors"))),
        "doi": stored_text(doc.get("doi")),
        "url": stored_text(doc.get("url")),
        "key": stored_text(doc.get("key")),
        "type": stored_text(doc.get("type")) or default_entry_type(journal),
        "read_at": (
            stamp_time(read_stamp).isoformat()
            if status == "read" and read_stamp is not None
            else None
        ),
        "added_at": (from_iso(doc.get("added_at")) or _EPOCH).isoformat(),
    }


def entries_json(entries: EntryList) -> str:
    """The listed papers as one JSON array (`list --json`)."""
    sources = entries.snapshot.catalog.sources
    return json_text([paper_json(doc, state, sources) for doc, state in documents(entries)])


def json_text(value: object) -> str:
    """JSON text with C1 control characters escaped too (the JSON encoder escapes only
    C0 ones): a terminal reading U+009B takes it for the start of an escape sequence."""
    encoded = orjson.dumps(value)
    return _C1.sub(lambda match: b"\\u%04x" % match[1][0], encoded).decode()
