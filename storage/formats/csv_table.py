"""CSV: one row a paper, for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Final

from .common import ExportEntry

COLUMNS: Final = (
    "id",
    "title",
    "summary",
    "authors",
    "journal",
    "year",
    "month",
    "citations",
    "doi",
    "url",
    "read",
    "tags",
    "note",
    "sources",
)


def write_csv(entries: Sequence[ExportEntry]) -> str:
    """A header row and one row a paper; lists are joined with `; `."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for item in entries:
        paper, state = item.entry.paper, item.entry.state
        writer.writerow(
            (
                paper.id,
                paper.title,
                paper.summary,
                "; ".join(paper.authors),
                paper.journal,
                paper.year or "",
                paper.month or "",
                "" if paper.citations is None else paper.citations,
                paper.doi,
                paper.url,
                "yes" if state.read else "no",
                "; ".join(state.tags),
                state.note,
                "; ".join(source.file_name for source in item.sources),
            )
        )
    return buffer.getvalue()
