"""CSV: one row a paper, for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Final

from ..records import PaperDoc, default_entry_type, stored_texts
from .common import ENTRIES_PER_PIECE, ExportEntry
from .items import bibtex_fields, bibtex_type, field_map, text

COLUMNS: Final = (
    "id",
    "key",
    "type",
    "title",
    "summary",
    "authors",
    "journal",
    "volume",
    "issue",
    "pages",
    "publisher",
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


def csv_pieces(entries: Sequence[ExportEntry]) -> Iterator[str]:
    """A header row and one row a paper, in pieces; lists are joined with `; `."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # The csv module quotes only cells holding the line terminator: a lone CR (a note
    # may hold one) would be written bare, and end the row for a spreadsheet.
    quoting_all = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    for number, item in enumerate(entries, 1):
        doc = item.plain_doc
        row = [
            "'" + cell if type(cell) is str and cell.startswith(_FORMULA_STARTS) else cell
            for cell in (record_cells(item) if doc is None else plain_cells(item, doc))
        ]
        # The text cells in one search (numbers hold no CR): a search a cell was a tenth.
        has_cr = "\r" in "".join([cell for cell in row if type(cell) is str])
        (quoting_all if has_cr else writer).writerow(row)
        if number % ENTRIES_PER_PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


Cells = tuple[str | int, ...]


def record_cells(item: ExportEntry) -> Cells:
    """A paper's cells, from its records: the general way."""
    paper, state = item.entry.paper, item.entry.state
    fields = field_map(bibtex_fields(paper)) if paper.fields or paper.ris else {}

    def value(*names: str) -> str:
        return next((text(fields[name]) for name in names if name in fields), "")

    return (
        paper.id,
        paper.key,
        bibtex_type(paper),
        paper.title,
        paper.summary,
        "; ".join(paper.authors),
        paper.journal,
        value("volume"),
        value("number", "issue"),
        value("pages"),
        value("publisher", "school", "institution"),
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


def plain_cells(item: ExportEntry, doc: PaperDoc) -> Cells:
    """`record_cells` read straight from a plain document (see `ExportEntry.plain_doc`),
    whose paper has no bibliography fields for volume, issue, pages and publisher."""
    journal = doc.get("journal", "")
    citations = doc.get("citations")
    return (
        doc.get("id", ""),
        doc.get("key", ""),
        doc.get("type") or default_entry_type(journal),
        doc.get("title", ""),
        doc.get("summary", ""),
        "; ".join(stored_texts(doc.get("authors"))),
        journal,
        "",
        "",
        "",
        "",
        doc.get("year") or "",
        doc.get("month") or "",
        "" if citations is None else citations,
        doc.get("doi", ""),
        doc.get("url", ""),
        "yes" if item.status == "read" else "no",
        "; ".join(item.tags),
        item.note,
        "; ".join(source.file_name for source in item.sources),
    )


_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection):
such a cell is written with a leading `'`, as OWASP advises, so that
`=HYPERLINK(...)` in a title never runs when the file is opened."""
