"""RIS in and out, through rispy; records are checked for shape first, since rispy skips
what it cannot read and a half-read file must be refused, not half imported."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import rispy

from ..errors import BibliographyFormatError
from .common import ExportEntry, ImportedPaper, imported_paper, is_true, year_of

_TAG_LINE: Final = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_READ_TAG: Final = "C1"
_ID_TAG: Final = "C2"
_SUMMARY_TAG: Final = "C3"
_CITATIONS_TAG: Final = "C4"
"""RIS has custom fields C1-C8; papershelf uses four, documented in the README."""


def read_ris(text: str, path: Path | str) -> list[ImportedPaper]:
    """Every record of a .ris file.

    Raises:
        BibliographyFormatError: a line is not a RIS tag line, a record does not start
            with TY or end with ER, or a record has no title.
    """
    starts = _check_shape(text, path)
    records = rispy.loads(text)
    if len(records) != len(starts):  # rispy skipped something the shape check let by
        raise BibliographyFormatError(path, 1, "", "records could not all be read")
    return [_imported(record, line, path) for record, line in zip(records, starts, strict=True)]


def _check_shape(text: str, path: Path | str) -> list[int]:
    starts: list[int] = []
    open_at: int | None = None
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip()
        if not line:
            continue
        match = _TAG_LINE.match(line)
        if match is None:
            if open_at is not None:
                continue  # a wrapped value: rispy joins continuation lines
            raise BibliographyFormatError(path, number, repr(line[:40]), "not a RIS tag line")
        tag = match[1]
        if tag == "TY":
            if open_at is not None:
                problem = "starts before the previous record's ER line"
                raise BibliographyFormatError(path, number, "TY", problem)
            open_at = number
            starts.append(number)
        elif open_at is None:
            problem = "outside a record (records start with TY)"
            raise BibliographyFormatError(path, number, tag, problem)
        elif tag == "ER":
            open_at = None
    if open_at is not None:
        raise BibliographyFormatError(path, open_at, "TY", "the record never ends (no ER line)")
    return starts


def _imported(record: dict[str, Any], line: int, path: Path | str) -> ImportedPaper:
    def text(*names: str) -> str:
        for name in names:
            value = record.get(name)
            if isinstance(value, list):
                value = " ".join(str(part) for part in value)
            if isinstance(value, str) and value.strip():
                return " ".join(value.split())
        return ""

    title = text("title", "primary_title")
    summary = text("custom3")
    if not title and not summary:
        raise BibliographyFormatError(path, line, "TY", "the record has no TI or T1 title")
    date = text("date", "year", "publication_year")
    month_part = date.split("/")[1] if date.count("/") >= 1 else ""
    urls = record.get("urls") or []
    citations = text("custom4").replace(",", "")
    return imported_paper(
        line=line,
        title=title or summary,
        authors=tuple(record.get("authors") or record.get("first_authors") or ()),
        journal=text("secondary_title", "journal_name", "alternate_title3"),
        year=year_of(text("year", "publication_year", "date")),
        month=int(month_part) if month_part.isdigit() and 1 <= int(month_part) <= 12 else None,
        doi=text("doi"),
        url=urls[0] if urls else "",
        abstract=text("abstract", "notes_abstract"),
        summary=summary,
        citations=int(citations) if citations.isdigit() else None,
        known_id=text("custom2"),
        tags=tuple(record.get("keywords") or ()),
        note="\n\n".join(record.get("notes") or ()),
        read=is_true(text("custom1")),
    )


def write_ris(entries: Sequence[ExportEntry]) -> str:
    """A .ris file: tags become KW, notes N1, read state C1 (custom fields C1-C4)."""
    records = []
    for item in entries:
        paper, state = item.entry.paper, item.entry.state
        record: dict[str, Any] = {
            "type_of_reference": "JOUR" if paper.journal else "GEN",
            "title": paper.title or paper.summary,
            "authors": list(paper.authors),
            "secondary_title": paper.journal,
            "year": str(paper.year) if paper.year else "",
            "date": f"{paper.year}/{paper.month:02d}//" if paper.year and paper.month else "",
            "doi": paper.doi,
            "urls": [paper.url] if paper.url else [],
            "abstract": paper.abstract,
            "keywords": list(state.tags),
            "notes": [state.note] if state.note else [],
            "custom1": "read" if state.read else "unread",
            "custom2": paper.id,
            "custom3": paper.summary,
            "custom4": "" if paper.citations is None else str(paper.citations),
        }
        records.append({key: value for key, value in record.items() if value})
    return str(rispy.dumps(records))
