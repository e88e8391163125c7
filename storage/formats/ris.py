"""RIS in and out: records are kept line for line, and written back as they came.

An imported record keeps every line in order (`TY`, `VL`, `SN`, `DB`, custom tags...);
export writes them back, with the reader's tags as `KW`, the note as `N1`, the
citation key as `ID` and papershelf's own data in the custom fields `C1`-`C4`. A
paper from BibTeX or a seed gets its lines from its BibTeX fields (see `items`).
Records are read here rather than by rispy, which keeps neither the order of the
lines nor a value split over several lines; the tests read every export with rispy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

from ..errors import BibliographyFormatError
from ..records import PaperDoc, normalise_tags
from .common import (
    ExportEntry,
    ImportedPaper,
    Tick,
    citation_count,
    first_text,
    imported_paper,
    joined_pieces,
    status_of,
)
from .items import bibtex_from_ris, describe, plain_ris_lines, ris_lines

_TAG_LINE: Final = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
READ_TAG: Final = "C1"
ID_TAG: Final = "C2"
SUMMARY_TAG: Final = "C3"
CITATIONS_TAG: Final = "C4"
"""RIS has custom fields C1-C8; papershelf uses four, documented in the README."""
_OWN_TAGS: Final = frozenset(["ID", "ER", READ_TAG, ID_TAG, SUMMARY_TAG, CITATIONS_TAG])

Record = list[tuple[str, str]]


def read_ris(text: str, path: Path | str, tick: Tick | None = None) -> list[ImportedPaper]:
    """Every record of a .ris file; `tick` is told of each record read.

    Raises:
        BibliographyFormatError: a line is not a RIS tag line, a record does not start
            with TY or end with ER, a record has no title, or the file has none.
    """
    records = _records(text, path)
    if not records:
        raise BibliographyFormatError(path, 0, "", "no records found (a record starts with TY)")
    papers = []
    for number, (line, record) in enumerate(records, 1):
        papers.append(_imported(record, line, path))
        if tick is not None:
            tick(number, len(records))
    return papers


def _records(text: str, path: Path | str) -> list[tuple[int, Record]]:
    """(first line, lines) of each record; a line that is not a tag line continues the
    value above it (a wrapped abstract), and its line break is kept."""
    records: list[tuple[int, Record]] = []
    record: Record | None = None
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip()
        match = _TAG_LINE.match(line)
        if match is None:
            if record is not None and record:
                tag, value = record[-1]
                record[-1] = (tag, f"{value}\n{line}")
                continue
            if not line:
                continue
            raise BibliographyFormatError(path, number, repr(line[:40]), "not a RIS tag line")
        tag, value = match[1], (match[2] or "").strip()
        if tag == "TY":
            if record is not None:
                problem = "starts before the previous record's ER line"
                raise BibliographyFormatError(path, number, "TY", problem)
            record = [(tag, value)]
            records.append((number, record))
        elif record is None:
            problem = "outside a record (records start with TY)"
            raise BibliographyFormatError(path, number, tag, problem)
        elif tag == "ER":
            record[:] = [(t, v.rstrip()) for t, v in record]
            record = None
        else:
            record.append((tag, value))
    if record is not None:
        start = records[-1][0]
        raise BibliographyFormatError(path, start, "TY", "the record never ends (no ER line)")
    return records


def _imported(record: Record, line: int, path: Path | str) -> ImportedPaper:
    values: dict[str, list[str]] = {}
    for tag, value in record:
        values.setdefault(tag, []).append(value)
    entry_type, fields = bibtex_from_ris(tuple(record))
    shown = describe(fields)
    summary = first_text(values, SUMMARY_TAG)
    if not shown.title and not summary:
        raise BibliographyFormatError(path, line, "TY", "the record has no TI or T1 title")
    citations = citation_count(first_text(values, CITATIONS_TAG), path, line, "TY")
    return imported_paper(
        line=line,
        shown=shown,
        summary=summary,
        citations=citations,
        known_id=first_text(values, ID_TAG),
        tags=tuple(values.get("KW", ())),
        note="\n\n".join(values.get("N1", ())),
        status=status_of(first_text(values, READ_TAG)),
        key=first_text(values, "ID"),
        entry_type=entry_type,
        ris=tuple(item for item in record if item[0] not in _OWN_TAGS),
    )


def ris_pieces(entries: Sequence[ExportEntry]) -> Iterator[str]:
    """A .ris file, in pieces: each paper's lines, then `ID` (its key), tags (`KW`), the
    note (`N1`), and C1 the reading status (`unread` for new), C2 papershelf id, C3
    summary, C4 citations."""
    return joined_pieces(map(_record_text, entries), "\n")


def _record_text(item: ExportEntry) -> str:
    doc = item.plain_doc
    return record_text(item) if doc is None else plain_record_text(item, doc)


def record_text(item: ExportEntry) -> str:
    """One record, from the paper's records: the general way."""
    paper, state = item.entry.paper, item.entry.state
    return _record(
        ris_lines(paper), state.tags, state.note, state.status, paper.key or paper.id,
        paper.id, paper.summary, paper.citations,
    )  # fmt: skip


def plain_record_text(item: ExportEntry, doc: PaperDoc) -> str:
    """`record_text` read straight from a plain document (see `ExportEntry.plain_doc`)."""
    paper_id = doc.get("id", "")
    return _record(
        plain_ris_lines(doc), tuple(item.tags), item.note, item.status, doc.get("key") or paper_id,
        paper_id, doc.get("summary", ""), doc.get("citations"),
    )  # fmt: skip


def _record(
    lines: list[tuple[str, str]],
    tags: tuple[str, ...],
    note: str,
    status: str,
    key: str,
    paper_id: str,
    summary: str,
    citations: int | None,
) -> str:
    """A record's text: its lines with the reader's tags and note where they differ,
    the key, and papershelf's own custom fields."""
    keywords = [value for tag, value in lines if tag == "KW"]
    if normalise_tags(keywords) != tags:
        lines = [line for line in lines if line[0] != "KW"] + [("KW", tag) for tag in tags]
    notes = [value for tag, value in lines if tag == "N1"]
    if "\n\n".join(notes).strip() != note.strip():
        lines = [line for line in lines if line[0] != "N1"]
        lines += [("N1", note)] if note.strip() else []
    lines.insert(1, ("ID", key))
    lines += [
        (READ_TAG, "unread" if status == "new" else status),
        (ID_TAG, paper_id),
        (SUMMARY_TAG, summary),
        (CITATIONS_TAG, "" if citations is None else str(citations)),
    ]
    text = "".join([f"{tag}  - {value}\n" for tag, value in lines if value])
    return text + "ER  - \n"
