"""How the command line prints a paper: one row for people, one JSON object for scripts."""

from __future__ import annotations

from typing import Any, Final

from storage import Entry, Library
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


def entry_json(library: Library, entry: Entry) -> dict[str, Any]:
    """The `list --json` form of a paper: the documented fields, and a few more."""
    paper, state = entry.paper, entry.state
    return {
        "id": paper.id,
        "kind": paper.kind,
        "summary": paper.summary,
        "abstract": paper.abstract,
        "journal": paper.journal,
        "year": paper.year,
        "month": paper.month,
        "citations": paper.citations,
        "sources": library.source_names(entry),
        "read": state.read,
        "status": state.status,
        "priority": state.priority,
        "tags": list(state.tags),
        "note": state.note,
        "deleted": state.deleted,
        "title": paper.title,
        "authors": list(paper.authors),
        "doi": paper.doi,
        "url": paper.url,
        "key": paper.key,
        "type": paper.bibtex_type,
        "read_at": state.read_at.isoformat() if state.read_at else None,
        "added_at": paper.added_at.isoformat(),
    }


def format_row(entry: Entry, width: int) -> str:
    """A one-line summary of a paper, cut to `width` columns."""
    paper, state = entry.paper, entry.state
    mark = STATUS_MARKS[state.status]
    priority = f"P{state.priority}" if state.priority else "  "
    date = "report " if paper.kind == "report" else f"{paper.year or '':<4}   "
    if paper.month and paper.kind != "report":
        date = f"{paper.year}-{paper.month:02d}"
    cites = "" if paper.citations is None else f"{paper.citations:,}"
    journal = paper.journal if len(paper.journal) <= 28 else paper.journal[:27] + "…"
    tags = "  " + " ".join(f"#{tag}" for tag in state.tags) if state.tags else ""
    row = (
        f"{paper.id[:8]}  {mark} {priority}  {date}  {cites:>6}  {journal:<28}  "
        f"{paper.display_title}{tags}"
    )
    row = visible(row)  # before cutting: never half an escape sequence
    return row if len(row) <= width else row[: width - 1] + "…"
