"""Parse seed documents (plain-text research summaries) into records; no database here."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

from .errors import SeedFormatError, SourceFileError
from .records import MAX_CITATIONS, MONTH_NAMES, PaperDoc, Source, month_number, paper_id, to_iso
from .text import LINE_BREAK

MAX_SEED_BYTES: Final = 512 * 1024 * 1024
"""Refuse larger files outright, before reading them. No summary is that big, but an
export of a large library is: 100,000 BibTeX entries with abstracts are about 230 MB,
and reading twice that takes gigabytes of memory."""

_TLDR: Final = re.compile(r"TLDR(?:\s+(?P<text>.*))?", re.IGNORECASE)
_CITATIONS: Final = re.compile(r"(?P<count>\d{1,3}(?:,\d{3})+|\d+)\s+citations?\s*,?", re.I)
_CITATIONS_SHAPE: Final = re.compile(
    r"[-+]?[\d,.]+\w*\s+citations?\b|\S+\s+citations?\s*,?\s*$", re.IGNORECASE
)
"""A count (of any spelling) before `citations`, or any one word alone before it:
`many citations,` is a broken citation line, never a line of the abstract."""
_ENTRY_SHAPE: Final = re.compile(r"(?:\S+\s+)?\S*\d\S*\s+in\s+[“\"]")
"""A date of any spelling (`2021-12`, `May 0000`) before `in “`: an entry line."""
_ENTRY_HEAD: Final = re.compile(
    r"(?:(?P<month>\S+)\s+)?(?P<year>\d{4})\s+in\s+[“\"](?P<journal>[^“”\"]*)"
)
"""An entry up to the first quote after the journal's opening one."""
_QUOTE: Final = re.compile(r"[“”\"]")
_PLAIN_COUNT: Final = re.compile(r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+) citations?,?")
_PLAIN_ENTRY: Final = re.compile(r"(?:([A-Za-z]+) )?([0-9]{4}) in [“\"]([^“”\"]*)”")
"""A citation line and an entry's head as nearly every document writes them (single
spaces, ASCII digits, a month by its name, no quote inside the journal): `_plain_count`
and `_plain_entry` read them in one match each; anything else is left to the parser."""
_INVISIBLE: Final = (
    r"[\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
_EDGES: Final = re.compile(rf"^{_INVISIBLE}+|{_INVISIBLE}+$")
"""White space and the characters that show nothing (a zero-width space, a word
joiner, a Hangul filler): a line of only these is blank."""
_FIRST_YEAR: Final = 1000
_COUNT_DIGITS: Final = len(str(MAX_CITATIONS))
_ENTRY_FORM: Final = "'<Month> <YYYY> in “<Journal>” <summary>'"
_CITATION_FORM: Final = "'<N> citations,'"

_LineKind = Literal["tldr", "citations", "entry", "text"]


@dataclass(frozen=True, slots=True)
class RelatedEntry:
    """One related paper as a seed document lists it."""

    journal: str
    year: int
    month: int | None
    summary: str
    citations: int | None
    """None when the document gives no citation line: unknown, not zero."""
    line: int
    """Line of the entry in its document, for messages."""

    @property
    def paper_id(self) -> str:
        """The id the paper will have in the library."""
        return paper_id(self.journal, self.year, self.month, self.summary)


@dataclass(frozen=True, slots=True)
class SeedDocument:
    """A parsed seed document: the source paper and the papers related to it."""

    file_name: str
    tldr: str
    abstract: str
    """Abstract lines joined by newlines."""
    related: tuple[RelatedEntry, ...]
    content_hash: str
    """SHA-256 of the text after BOM and line-ending normalisation."""

    @property
    def source_id(self) -> str:
        """The source's id: the same text is the same source, whatever its file name."""
        return self.content_hash[:16]

    @property
    def report_id(self) -> str:
        """The id of the source paper's own record."""
        return paper_id("", None, None, self.tldr)

    def to_docs(
        self, now: datetime, key_for: Callable[[str, str, int | None, str], str] | None = None
    ) -> tuple[Source, list[PaperDoc]]:
        """The source record and its papers' catalog documents (report first), as new
        papers stamped `now`: each what `Paper.to_doc` gives for the record, made without
        the record (a million seed papers spent 6 s of their import building one each,
        only to turn it into its document; a property test holds the two together).

        Args:
            now: when they are added.
            key_for: gives a paper its citation key from (id, journal, year, summary),
                or "" for a paper that has one already.
        """
        added_at, source_id, report_id = to_iso(now), self.source_id, self.report_id
        report: PaperDoc = {
            "id": report_id,
            "summary": self.tldr,
            "sources": [source_id],
            "added_at": added_at,
            "kind": "report",
        }
        if self.abstract:
            report["abstract"] = self.abstract
        if key := key_for(report_id, "", None, self.tldr) if key_for else "":
            report["key"] = key
        docs: dict[str, PaperDoc] = {report_id: report}
        for entry in self.related:
            pid = entry.paper_id
            if pid in docs:
                continue
            doc: PaperDoc = {
                "id": pid,
                "summary": entry.summary,
                "sources": [source_id],
                "added_at": added_at,
            }
            if entry.journal:
                doc["journal"] = entry.journal
            doc["year"] = entry.year
            if entry.month is not None:
                doc["month"] = entry.month
            if entry.citations is not None:
                doc["citations"] = entry.citations
            if key := key_for(pid, entry.journal, entry.year, entry.summary) if key_for else "":
                doc["key"] = key
            docs[pid] = doc
        source = Source(
            id=source_id,
            file_name=self.file_name,
            tldr=self.tldr,
            abstract=self.abstract,
            content_hash=self.content_hash,
            imported_at=now,
            report_id=report_id,
            paper_ids=tuple(pid for pid in docs if pid != report_id),
        )
        return source, list(docs.values())


def read_seed(path: Path) -> SeedDocument:
    """Read and parse one seed document from disk.

    Raises:
        SourceFileError: the path is missing, a directory, unreadable or too large.
        SeedFormatError: the content does not follow the seed format.
    """
    return parse_seed(read_document_text(path), path)


def read_document_text(path: Path) -> str:
    """A document's text, checked: a regular file, not too large, UTF-8, no NUL bytes.

    Raises:
        SourceFileError: the path is missing, a directory, unreadable or too large.
        SeedFormatError: the bytes are not UTF-8 text (the line is named).
    """
    return read_document(path)[0]


@dataclass(frozen=True, slots=True)
class FileVersion:
    """What tells one version of a file from the next: a program still writing it
    changes its size or times."""

    device: int
    inode: int
    size: int
    modified_ns: int
    changed_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> FileVersion:
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def read_document(path: Path) -> tuple[str, FileVersion]:
    """A document's text (checked as `read_document_text` checks it) and the version of
    the file it was read from, for `check_unchanged` once it is parsed.

    Raises:
        SourceFileError: the path is missing, a directory, unreadable or too large.
        SeedFormatError: the bytes are not UTF-8 text (the line is named).
    """
    try:
        info = path.stat()  # follows links, so a loop or a dangling link says so here
        if stat.S_ISDIR(info.st_mode):
            raise SourceFileError(path, "is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise SourceFileError(path, "not a regular file")
        if info.st_size > MAX_SEED_BYTES:
            raise SourceFileError(path, f"larger than {MAX_SEED_BYTES // 2**20} MiB")
        with path.open("rb") as file:
            version = FileVersion.of(os.fstat(file.fileno()))
            data = file.read(MAX_SEED_BYTES + 1)
    except FileNotFoundError as error:
        raise SourceFileError(path, "no such file") from error
    except OSError as error:
        raise SourceFileError(path, (error.strerror or str(error)).lower()) from error
    if len(data) != version.size:
        raise _changed(path)
    return decode_seed(data, path), version


def check_unchanged(path: Path, version: FileVersion) -> None:
    """Refuse what was read from `path` if the file has changed since: another program
    was still writing it, and what was read may be half of it.

    Raises:
        SourceFileError: the file is not the version that was read.
    """
    try:
        now = FileVersion.of(path.stat())
    except OSError as error:
        raise _changed(path) from error
    if now != version:
        raise _changed(path)


def _changed(path: Path) -> SourceFileError:
    return SourceFileError(
        path, "changed while it was being read (is a program still writing it?); try again"
    )


def decode_seed(data: bytes, path: Path | str) -> str:
    """Decode UTF-8 (with or without BOM), naming the line of the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        found = f"byte 0x{data[error.start]:02x}"
        raise SeedFormatError(path, line, "UTF-8 text", found) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SeedFormatError(path, line, "text", "a NUL byte")
    return text


def parse_seed(text: str, path: Path | str = "<text>") -> SeedDocument:
    """Parse a seed document's text.

    Args:
        text: the document, BOM and CRLF allowed.
        path: where it came from; its name becomes the source's file name, and it
            prefixes error messages.

    Raises:
        SeedFormatError: the first place the document does not fit, with its line.
    """
    text = text.removeprefix("\ufeff")
    normalised = "\n".join(LINE_BREAK.split(text)) if "\r" in text else text
    lines = _numbered_lines(normalised)
    tldr = _parse_tldr(lines, path)
    abstract = _parse_abstract(lines, path)
    related = tuple(_parse_entries(lines, path))
    return SeedDocument(
        file_name=Path(str(path)).name,
        tldr=tldr,
        abstract=abstract,
        related=related,
        content_hash=hashlib.sha256(normalised.encode("utf-8")).hexdigest(),
    )


class _Lines:
    """The document's non-blank lines, stripped, with their line numbers and a cursor."""

    def __init__(self, numbered: list[tuple[int, str]], last_line: int) -> None:
        self._numbered = numbered
        self._index = 0
        self.end_line = last_line
        """The line to blame for 'end of file': the last one with text on it."""

    def peek(self) -> tuple[int, str] | None:
        return self._numbered[self._index] if self._index < len(self._numbered) else None

    def take(self) -> tuple[int, str] | None:
        if self._index == len(self._numbered):
            return None
        self._index += 1
        return self._numbered[self._index - 1]


def _numbered_lines(text: str) -> _Lines:
    numbered = [
        (number, stripped)
        for number, line in enumerate(text.split("\n"), 1)
        if (stripped := _stripped(line))
    ]
    return _Lines(numbered, numbered[-1][0] if numbered else 1)


def _stripped(line: str) -> str:
    """The line without white space or invisible characters at either end (the regular
    expression only for lines that end in something other than ASCII: a few)."""
    line = line.strip()
    if line and (line[0] > "\x7f" or line[-1] > "\x7f"):
        return _EDGES.sub("", line)
    return line


def _excerpt(line: str) -> str:
    return line if len(line) <= 60 else line[:57] + "..."


def _kind(line: str) -> _LineKind:
    """What a line is by its shape, wherever it stands: a broken citation or entry line
    is refused as one, never read as text."""
    if _CITATIONS_SHAPE.match(line):
        return "citations"
    if _ENTRY_SHAPE.match(line):
        return "entry"
    return "tldr" if _TLDR.fullmatch(line) else "text"


def _parse_tldr(lines: _Lines, path: Path | str) -> str:
    item = lines.take()
    if item is None:
        raise SeedFormatError(path, 1, "'TLDR <summary>' as the first line", "an empty document")
    number, line = item
    match = _TLDR.fullmatch(line)
    if match is None:
        raise SeedFormatError(path, number, "'TLDR <summary>' as the first line", _excerpt(line))
    if not match["text"]:
        raise SeedFormatError(path, number, "a summary after 'TLDR'", _excerpt(line))
    return match["text"]


def _second_tldr(number: int, line: str, path: Path | str) -> SeedFormatError:
    return SeedFormatError(path, number, "one TLDR line only, the first", _excerpt(line))


def _parse_abstract(lines: _Lines, path: Path | str) -> str:
    """Everything up to the first citation or entry line is the abstract."""
    abstract: list[str] = []
    while (item := lines.peek()) is not None and (kind := _kind(item[1])) in ("text", "tldr"):
        if kind == "tldr":
            raise _second_tldr(*item, path)
        abstract.append(item[1])
        lines.take()
    if not abstract:
        number = item[0] if item else lines.end_line
        found = _excerpt(item[1]) if item else "end of file"
        raise SeedFormatError(path, number, "the abstract after the TLDR line", found)
    return "\n".join(abstract)


def _parse_entries(lines: _Lines, path: Path | str) -> Iterator[RelatedEntry]:
    while (item := lines.take()) is not None:
        number, line = item
        citations = _plain_count(line)
        if citations is None:
            if entry := _plain_entry(number, line, None):
                yield entry
                continue
            kind = _kind(line)
            if kind == "tldr":
                raise _second_tldr(number, line, path)
            if kind == "entry":
                yield _parse_entry(number, line, None, path)
                continue
            if kind != "citations":
                expected = f"a citation line {_CITATION_FORM} or an entry {_ENTRY_FORM}"
                raise SeedFormatError(path, number, expected, _excerpt(line))
            citations = _parse_citations(number, line, path)
        item = lines.take()
        if item is None:
            expected = f"an entry {_ENTRY_FORM} after the citation count"
            raise SeedFormatError(path, lines.end_line, expected, "end of file")
        number, line = item
        if entry := _plain_entry(number, line, citations):
            yield entry
            continue
        if _kind(line) != "entry":
            expected = f"an entry {_ENTRY_FORM} after the citation count"
            raise SeedFormatError(path, number, expected, _excerpt(line))
        yield _parse_entry(number, line, citations, path)


def _plain_count(line: str) -> int | None:
    """The count of a plainly written citation line (`_parse_citations` reads it the
    same), else None: for the parser to read, or refuse."""
    match = _PLAIN_COUNT.fullmatch(line)
    if match is None:
        return None
    digits = match[1].replace(",", "")
    return int(digits) if len(digits) < _COUNT_DIGITS else None


def _plain_entry(number: int, line: str, citations: int | None) -> RelatedEntry | None:
    """The entry a plainly written entry line is (`_parse_entry` reads it the same),
    else None: for the parser to read, or refuse. A property test holds the two equal."""
    match = _PLAIN_ENTRY.match(line)
    if match is None:
        return None
    month_name, year, journal = match.groups()
    month = None if month_name is None else _month_number(month_name)
    journal = journal.strip()
    summary = line[match.end() :].strip()
    if (month is None and month_name) or int(year) < _FIRST_YEAR or not journal or not summary:
        return None
    return RelatedEntry(journal, int(year), month, summary, citations, number)


_month_number: Final = lru_cache(maxsize=64)(month_number)
"""Documents name the same twelve months a hundred times each."""


def _parse_citations(number: int, line: str, path: Path | str) -> int:
    match = _CITATIONS.fullmatch(line)
    if match is None:
        expected = f"a citation line {_CITATION_FORM} (digits, commas between thousands)"
        raise SeedFormatError(path, number, expected, _excerpt(line))
    digits = match["count"].replace(",", "")
    count = int(digits) if len(digits) <= _COUNT_DIGITS else MAX_CITATIONS + 1
    if count > MAX_CITATIONS:
        expected = f"a citation count of at most {MAX_CITATIONS:,}"
        raise SeedFormatError(path, number, expected, _excerpt(match["count"]))
    return count


def _parse_entry(number: int, line: str, citations: int | None, path: Path | str) -> RelatedEntry:
    head = _ENTRY_HEAD.match(line)
    if head is None:
        expected = f"a date ('May 2020' or '2020') and 'in' before the journal: {_ENTRY_FORM}"
        raise SeedFormatError(path, number, expected, _excerpt(line))
    month: int | None = None
    if head["month"] is not None:
        month = None if head["month"].isdigit() else month_number(head["month"])
        if month is None:
            expected = "an English month name (or no month) before the year"
            raise SeedFormatError(path, number, expected, head["month"])
    year = int(head["year"])
    if year < _FIRST_YEAR:
        expected = f"a year from {_FIRST_YEAR} to 9999"
        raise SeedFormatError(path, number, expected, head["year"])
    close = _journal_end(line, head.end())
    if close is None:
        expected = "the journal name closed by ” or \" after 'in “'"
        raise SeedFormatError(path, number, expected, _excerpt(line))
    journal = line[head.start("journal") : close].strip()
    if not journal:
        raise SeedFormatError(path, number, "a journal name between the quotes", _excerpt(line))
    summary = line[close + 1 :].strip()
    if not summary:
        raise SeedFormatError(path, number, "a one-sentence summary after the journal", line)
    return RelatedEntry(
        journal=journal,
        year=year,
        month=month,
        summary=summary,
        citations=citations,
        line=number,
    )


def _journal_end(line: str, first: int) -> int | None:
    """Where the quote that closes the journal is, `first` being the first quote after
    the opening one (usually the closing one); None if none closes it.

    Quotes inside the name nest (`"Journal "quoted" name"`): `“` opens and `”` closes,
    and a straight quote opens where it starts a word and closes elsewhere.
    """
    depth = 1
    for match in _QUOTE.finditer(line, first):
        at, mark = match.start(), match[0]
        opens = mark == "“" or (
            mark == '"' and line[at - 1].isspace() and line[at + 1 : at + 2].strip()
        )
        depth += 1 if opens else -1
        if depth == 0:
            return at
    return None


def format_seed(
    tldr: str, abstract: str, related: Sequence[tuple[int | None, int, int | None, str, str]]
) -> str:
    """Write a seed document: the inverse of `parse_seed`, for tests and generated libraries.

    Args:
        tldr: the source paper's summary.
        abstract: its abstract (newlines allowed).
        related: (citations, year, month, journal, summary) for each related paper.
    """
    out = [f"TLDR {tldr}", abstract]
    for citations, year, month, journal, summary in related:
        if citations is not None:
            out.append(f"{citations:,} citations,")
        date = f"{MONTH_NAMES[month]} {year}" if month else str(year)
        out.append(f"{date} in “{journal}” {summary}")
    return "\n".join(out) + "\n"
