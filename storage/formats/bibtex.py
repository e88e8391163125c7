"""BibTeX in and out, through bibtexparser (v2): LaTeX accents, braces and names handled."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from bibtexparser import middlewares
from bibtexparser.entrypoint import parse_string, write_string
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field

from ..errors import BibliographyFormatError
from ..records import month_abbreviation, month_number
from .common import (
    CITATIONS_FIELD,
    ID_FIELD,
    READ_FIELD,
    SUMMARY_FIELD,
    ExportEntry,
    ImportedPaper,
    imported_paper,
    is_true,
    split_keywords,
    year_of,
)

_LATEX_SPECIALS: Final = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
    }
)
_LIGATURE: Final = re.compile(r"(?<=[-'`?!<>,])(?=[-'`<>,])")
_KEY_WORD: Final = re.compile(r"[A-Za-z0-9]+")
_STOP_WORDS: Final = frozenset(
    ["a", "an", "the", "of", "on", "in", "and", "for", "with", "to", "from", "by"]
)


def read_bibtex(text: str, path: Path | str) -> list[ImportedPaper]:
    """Every entry of a .bib file; @string, @preamble and @comment blocks are allowed.

    Raises:
        BibliographyFormatError: a block does not parse, or an entry has no title.
    """
    parsed = parse_string(
        text,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
        ],
    )
    if parsed.failed_blocks:
        block = parsed.failed_blocks[0]
        raw = (block.raw or "").strip()
        first_line = raw.splitlines()[0] if raw else ""
        problem = str(getattr(block, "error", "")) or "not valid BibTeX"
        problem = " ".join(problem.split())
        line = (block.start_line or 0) + 1
        raise BibliographyFormatError(path, line, first_line[:60], problem)
    return [_imported(entry, path) for entry in parsed.entries]


def _imported(entry: Entry, path: Path | str) -> ImportedPaper:
    fields = {field.key.lower(): field.value for field in entry.fields}
    line = (entry.start_line or 0) + 1

    def text(*names: str) -> str:
        for name in names:
            value = fields.get(name)
            if isinstance(value, str) and value.strip():
                return " ".join(value.split())
        return ""

    title = text("title")
    summary = text(SUMMARY_FIELD)
    if not title and not summary:
        raise BibliographyFormatError(
            path, line, f"@{entry.entry_type}{{{entry.key}", "has no title"
        )
    authors = fields.get("author", [])
    if isinstance(authors, str):
        authors = [authors]
    citations = text(CITATIONS_FIELD).replace(",", "")
    return imported_paper(
        line=line,
        title=title or summary,
        authors=tuple(" ".join(name.split()) for name in authors if name.strip()),
        journal=text("journal", "journaltitle", "booktitle", "publisher"),
        year=year_of(text("year", "date")),
        month=month_number(text("month")) if text("month") else _month_of_date(text("date")),
        doi=text("doi"),
        url=text("url"),
        abstract=text("abstract"),
        summary=summary,
        citations=int(citations) if citations.isdigit() else None,
        known_id=text(ID_FIELD),
        tags=split_keywords(text("keywords")),
        note=str(fields.get("annote", "")).strip(),
        read=is_true(text(READ_FIELD)),
    )


def _month_of_date(date: str) -> int | None:
    """The month of a biblatex date (`2017-11` or `2017-11-03`)."""
    parts = date.split("-")
    return month_number(parts[1]) if len(parts) > 1 else None


def write_bibtex(entries: Sequence[ExportEntry]) -> str:
    """A .bib file: tags become `keywords`, notes `annote`, read state `papershelf-read`."""
    keys: set[str] = set()
    library = Library([_entry(item, keys) for item in entries])
    return write_string(library, prepend_middleware=[middlewares.MergeCoAuthors()])


def latex_escape(text: str) -> str:
    """Text as a BibTeX value that LaTeX and the decoder on import both read back exactly.

    The file stays UTF-8 (as Zotero writes it): only characters special to BibTeX or
    LaTeX are escaped, and `{}` breaks the ligatures a decoder would turn into other
    characters (`--` into an en dash, two quotes into a curly one, `?`` into ¿).
    """
    return _LIGATURE.sub("{}", text.translate(_LATEX_SPECIALS))


def _entry(item: ExportEntry, keys: set[str]) -> Entry:
    paper, state = item.entry.paper, item.entry.state
    values: list[tuple[str, object]] = [
        ("title", paper.title or paper.summary),
        ("author", list(paper.authors)),
        ("journal", paper.journal),
        ("year", str(paper.year) if paper.year else ""),
        ("month", month_abbreviation(paper.month).lower() if paper.month else ""),
        ("doi", paper.doi),
        ("url", paper.url),
        ("abstract", paper.abstract),
        ("keywords", ", ".join(state.tags)),
        ("annote", state.note),
        (ID_FIELD, paper.id),
        (SUMMARY_FIELD, paper.summary),
        (CITATIONS_FIELD, "" if paper.citations is None else str(paper.citations)),
        (READ_FIELD, "true" if state.read else "false"),
    ]
    fields = [Field(name, _escaped(value)) for name, value in values if value]
    entry_type = "article" if paper.journal else "misc"
    return Entry(entry_type, _citation_key(item, keys), fields)


def _escaped(value: object) -> object:
    if isinstance(value, list):
        return [latex_escape(str(item)) for item in value]
    return latex_escape(str(value))


def _citation_key(item: ExportEntry, taken: set[str]) -> str:
    """`muller2017exosomes`: first author (else journal), year, first word of the title."""
    paper = item.entry.paper
    who = paper.authors[0].split(",")[0] if paper.authors else paper.journal
    word = _first_word(paper.title or paper.summary) or "paper"
    base = f"{_first_word(who)}{paper.year or ''}{word}".lower()
    key, suffix = base, ord("a")
    while key in taken:
        key = f"{base}{chr(suffix)}"
        suffix += 1
    taken.add(key)
    return key


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _first_word(text: str) -> str:
    words = [word for word in _KEY_WORD.findall(_ascii(text)) if word.lower() not in _STOP_WORDS]
    return words[0] if words else ""
