"""Immutable records (sources, papers, reading state) and their plain-JSON form."""

from __future__ import annotations

import calendar
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Final, Literal

PaperKind = Literal["report", "related"]

ID_LENGTH: Final = 16
"""Hex digits in an id: 64 bits, so collisions need billions of papers."""

_SPACES: Final = re.compile(r"\s+")
_QUOTES: Final = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


def normalise_text(text: str) -> str:
    """Fold the differences that do not make two papers different.

    Unicode form, case, curly versus straight quotes and runs of white space all vary
    between documents that list the same paper.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _SPACES.sub(" ", text).strip()


def content_id(*parts: object) -> str:
    """A stable id derived from content, so re-imports find the same record."""
    key = "\x1f".join("" if part is None else normalise_text(str(part)) for part in parts)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:ID_LENGTH]


def paper_id(journal: str, year: int | None, month: int | None, summary: str) -> str:
    """The id of a paper: the same journal, date and summary is the same paper."""
    return content_id(journal, year, month, summary)


_MONTHS: Final[dict[str, int]] = {
    **{name.casefold(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}


def month_number(text: str) -> int | None:
    """1-12 for a month name, abbreviation (`Sept.`) or number as text; None otherwise."""
    text = text.strip().rstrip(".").casefold()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return _MONTHS.get(text)


def month_abbreviation(month: int) -> str:
    """`Nov` for 11: how lists, exports and BibTeX (lower-cased) write a month."""
    return calendar.month_abbr[month]


def plural(count: int, noun: str) -> str:
    """`1 paper`, `2 papers`, `1,024 new papers`: a count with its noun."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def bibliographic_id(doi: str, title: str, year: int | None) -> str:
    """The id of a paper from a bibliography: by DOI where it has one, else title + year."""
    if doi:
        return content_id("doi", doi.lower())
    return content_id("title", title, year)


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Trim tags, drop empty ones and keep the first spelling of each, ignoring case."""
    seen: set[str] = set()
    result: list[str] = []
    for raw in tags:
        tag = _SPACES.sub(" ", raw).strip()
        key = tag.casefold()
        if tag and key not in seen:
            seen.add(key)
            result.append(tag)
    return tuple(result)


def split_tags(text: str) -> tuple[str, ...]:
    """Tags typed as one comma-separated string."""
    return normalise_tags(text.split(","))


def to_iso(moment: datetime | None) -> str | None:
    """A UTC ISO-8601 string for JSON, or None."""
    return None if moment is None else moment.astimezone(UTC).isoformat()


def from_iso(text: Any) -> datetime | None:
    """Read a time written by `to_iso`; anything unreadable becomes None."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _str_tuple(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(item for item in value if isinstance(item, str))


@dataclass(frozen=True, slots=True)
class Source:
    """One imported seed document."""

    id: str
    """Derived from the document's content, so importing it again is a no-op."""
    file_name: str
    """The file's name when it was imported (no folder)."""
    tldr: str
    """The one-sentence plain-language summary of the source paper."""
    abstract: str
    """The source paper's abstract."""
    content_hash: str
    """SHA-256 of the document's normalised text."""
    imported_at: datetime
    """When it was first imported."""
    report_id: str
    """The id of the paper record for the source paper itself."""
    paper_ids: tuple[str, ...] = ()
    """The related papers in the order the document lists them."""

    def to_doc(self) -> dict[str, Any]:
        """Plain JSON for the library file."""
        return {
            "id": self.id,
            "file_name": self.file_name,
            "tldr": self.tldr,
            "abstract": self.abstract,
            "content_hash": self.content_hash,
            "imported_at": to_iso(self.imported_at),
            "report_id": self.report_id,
            "paper_ids": list(self.paper_ids),
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Source:
        """Read a stored source, tolerating fields that older files lack."""
        return cls(
            id=_str(doc.get("id")),
            file_name=_str(doc.get("file_name")),
            tldr=_str(doc.get("tldr")),
            abstract=_str(doc.get("abstract")),
            content_hash=_str(doc.get("content_hash")),
            imported_at=from_iso(doc.get("imported_at")) or datetime.fromtimestamp(0, UTC),
            report_id=_str(doc.get("report_id")),
            paper_ids=_str_tuple(doc.get("paper_ids")),
        )


_ALWAYS_STORED: Final = frozenset({"id", "kind", "summary", "sources", "added_at"})
_EMPTY_VALUES: Final[tuple[object, ...]] = (None, "", [])


@dataclass(frozen=True, slots=True)
class Paper:
    """Bibliographic data of one paper, as imported; the reader's state lives apart."""

    id: str
    """Derived from journal, year, month and summary (see `paper_id`)."""
    kind: PaperKind
    """`report` for a seed's own source paper, `related` for the papers it lists."""
    summary: str
    """One-sentence summary (the TLDR for a report)."""
    abstract: str = ""
    """The abstract, where known."""
    journal: str = ""
    """Journal name as the document spells it."""
    year: int | None = None
    """Publication year, where known."""
    month: int | None = None
    """Publication month 1-12, or None for a year-only date."""
    citations: int | None = None
    """Citation count; None means unknown, which is not the same as 0."""
    sources: tuple[str, ...] = ()
    """Ids of the seed documents that list this paper."""
    added_at: datetime = field(default_factory=lambda: datetime.fromtimestamp(0, UTC))
    """When it first entered the library."""
    title: str = ""
    """Title, for papers from real bibliographies (empty for seed papers)."""
    authors: tuple[str, ...] = ()
    """Authors as "Family, Given", for papers from real bibliographies."""
    doi: str = ""
    """DOI without a resolver prefix."""
    url: str = ""
    """A link to the paper."""

    @property
    def date_text(self) -> str:
        """`Nov 2017`, or `2017` when the month is unknown, or empty when the year is."""
        if not self.year:
            return ""
        return f"{month_abbreviation(self.month)} {self.year}" if self.month else str(self.year)

    @property
    def display_title(self) -> str:
        """What a list shows for the paper: its title where it has one, else its summary."""
        return self.title or self.summary

    def merged_with(self, other: Paper) -> Paper:
        """This paper updated from another import of the same paper.

        Sources accumulate; the larger known citation count wins (counts only grow, so
        the order of imports does not matter); fields this record lacks are filled in.
        Identity, kind and added-at stay.
        """
        sources = self.sources + tuple(s for s in other.sources if s not in self.sources)
        citations = max(
            (c for c in (self.citations, other.citations) if c is not None), default=None
        )
        return replace(
            self,
            sources=sources,
            citations=citations,
            abstract=self.abstract or other.abstract,
            title=self.title or other.title,
            authors=self.authors or other.authors,
            doi=self.doi or other.doi,
            url=self.url or other.url,
        )

    def to_doc(self) -> dict[str, Any]:
        """Plain JSON for the catalog, without empty fields (`from_doc` restores them).

        Most papers leave most optional fields empty; storing them cost a fifth of the
        file and of the time and memory to load it.
        """
        doc: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "summary": self.summary,
            "journal": self.journal,
            "year": self.year,
            "month": self.month,
            "citations": self.citations,
            "sources": list(self.sources),
            "added_at": to_iso(self.added_at),
            "abstract": self.abstract,
            "title": self.title,
            "authors": list(self.authors),
            "doi": self.doi,
            "url": self.url,
        }
        return {
            name: value
            for name, value in doc.items()
            if name in _ALWAYS_STORED or value not in _EMPTY_VALUES  # 0 citations is kept
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Paper:
        """Read a stored paper, tolerating fields that older files lack."""
        kind = doc.get("kind")
        return cls(
            id=_str(doc.get("id")),
            kind=kind if kind == "report" else "related",
            summary=_str(doc.get("summary")),
            abstract=_str(doc.get("abstract")),
            journal=_str(doc.get("journal")),
            year=_int_or_none(doc.get("year")),
            month=_int_or_none(doc.get("month")),
            citations=_int_or_none(doc.get("citations")),
            sources=_str_tuple(doc.get("sources")),
            added_at=from_iso(doc.get("added_at")) or datetime.fromtimestamp(0, UTC),
            title=_str(doc.get("title")),
            authors=_str_tuple(doc.get("authors")),
            doi=_str(doc.get("doi")),
            url=_str(doc.get("url")),
        )


@dataclass(frozen=True, slots=True)
class ReadingState:
    """The reader's own data about one paper; imports never touch it."""

    paper_id: str
    """The paper this state belongs to."""
    read: bool = False
    """Whether the reader has marked it read."""
    read_at: datetime | None = None
    """When it was last marked read."""
    tags: tuple[str, ...] = ()
    """Tags in the reader's order, unique ignoring case."""
    note: str = ""
    """Free-text note, Markdown."""
    updated_at: datetime | None = None
    """When any of the above last changed."""

    @property
    def is_blank(self) -> bool:
        """True when the reader has never left anything on this paper."""
        return not (self.read or self.tags or self.note)

    def with_read(self, read: bool, now: datetime) -> ReadingState:
        """This state marked read or unread at `now`."""
        return replace(self, read=read, read_at=now if read else None, updated_at=now)

    def with_tags(self, tags: Iterable[str], now: datetime) -> ReadingState:
        """This state with its tags replaced (normalised)."""
        return replace(self, tags=normalise_tags(tags), updated_at=now)

    def with_note(self, note: str, now: datetime) -> ReadingState:
        """This state with its note replaced."""
        return replace(self, note=note, updated_at=now)

    def to_doc(self) -> dict[str, Any]:
        """Plain JSON for the library file."""
        return {
            "paper_id": self.paper_id,
            "read": self.read,
            "read_at": to_iso(self.read_at),
            "tags": list(self.tags),
            "note": self.note,
            "updated_at": to_iso(self.updated_at),
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> ReadingState:
        """Read a stored state, tolerating fields that older files lack."""
        return cls(
            paper_id=_str(doc.get("paper_id")),
            read=doc.get("read") is True,
            read_at=from_iso(doc.get("read_at")),
            tags=normalise_tags(_str_tuple(doc.get("tags"))),
            note=_str(doc.get("note")),
            updated_at=from_iso(doc.get("updated_at")),
        )


@dataclass(frozen=True, slots=True)
class Entry:
    """A paper together with the reader's state: what lists and searches return."""

    paper: Paper
    """The imported data."""
    state: ReadingState
    """The reader's data."""

    @property
    def id(self) -> str:
        """The paper's id."""
        return self.paper.id
