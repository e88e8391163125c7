"""Immutable records (sources, papers, reading state) and their plain-JSON form."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any, Final, Literal, NotRequired, TypedDict, cast

from .text import collapse_spaces, normalise_text

PaperKind = Literal["report", "related"]


# Stored documents ------------------------------------------------------------------
#
# The field names of everything papershelf stores, defined here once. Every reader of
# stored documents (records, the catalog's sort and search fields, duplicate keys,
# migrations, the state fields) goes through these types, so mypy catches a misspelt
# name. Empty optional fields are left out of the file.


Tables = dict[str, dict[str, Any]]
"""A TinyDB file as stored: table name to documents by (string) doc id."""


class SourceDoc(TypedDict):
    """A stored `Source` (catalog file, table `sources`)."""

    id: str
    file_name: str
    tldr: str
    abstract: str
    content_hash: str
    imported_at: str | None
    report_id: str
    paper_ids: list[str]


class PaperDoc(TypedDict):
    """A stored `Paper` (catalog file, table `papers`); optional fields only when set."""

    id: str
    summary: str
    sources: list[str]
    added_at: str | None
    kind: NotRequired[str]
    """`report` for a seed's own paper; left out for a related paper."""
    journal: NotRequired[str]
    year: NotRequired[int]
    month: NotRequired[int]
    citations: NotRequired[int]
    abstract: NotRequired[str]
    title: NotRequired[str]
    authors: NotRequired[list[str]]
    doi: NotRequired[str]
    url: NotRequired[str]
    key: NotRequired[str]
    """The citation key (schema 4 gives every paper one)."""
    key_at: NotRequired[int]
    """The change stamp of a key set by `papershelf key`, so that a merge keeps the later."""
    type: NotRequired[str]
    """The BibTeX entry type, when it is not the one derived (`article`, else `misc`)."""
    fields: NotRequired[list[list[str]]]
    """A BibTeX entry's fields in order, as written: `[name, value]` pairs."""
    ris: NotRequired[list[list[str]]]
    """An RIS record's lines in order, as written: `[tag, value]` pairs."""
    preamble: NotRequired[str]
    """The @preamble of the .bib file the paper came from (macros its fields use)."""


class SavedViewDoc(TypedDict):
    """A saved search (library file, table `views`, and journal records), by its name.

    `at` is the change stamp of its last change; a removed search keeps its name and
    stamp with `removed`, so that a merge can tell "removed here" from "never saved".
    """

    at: int
    query: NotRequired[str]
    source_id: NotRequired[str]
    unread_only: NotRequired[bool]
    sort: NotRequired[str]
    trash: NotRequired[bool]
    removed: NotRequired[bool]


class StateDoc(TypedDict):
    """A paper's reading state (library file, table `state`), each field with its stamp.

    `<field>_at` is the change stamp (see `stamps`) of the field's last change; a field
    at its default is left out but keeps its stamp, and a removed tag leaves its stamp
    in `untagged`, so that a merge can tell "changed here" from "never set there".
    """

    paper_id: str
    status: NotRequired[str]
    status_at: NotRequired[int]
    read_at: NotRequired[int]
    """The stamp of when it was last marked read; it changes only with the status."""
    note: NotRequired[str]
    """The text the reader sees (several versions joined, see `note_versions`)."""
    note_at: NotRequired[int]
    """The stamp of the note's newest version."""
    note_versions: NotRequired[list[list[Any]]]
    """Only when two copies wrote the note apart: `[[stamp, text], ...]`, newest first."""
    note_seen: NotRequired[list[int]]
    """Stamps of other machines' versions this note has seen and replaced."""
    deleted: NotRequired[bool]
    deleted_at: NotRequired[int]
    priority: NotRequired[int]
    """1 (high), 2 or 3 (low), as JabRef's `prio1`..`prio3`; left out for none."""
    priority_at: NotRequired[int]
    tags: NotRequired[list[Any]]
    """Present tags in order, flat: `[name, stamp, name, stamp, ...]`."""
    untagged: NotRequired[dict[str, int]]
    """Removed tags: folded name to the stamp of the removal."""


STATUSES: Final = ("new", "queued", "reading", "skimmed", "read", "dropped")
"""A paper's reading status, in the order of a paper's life: `new` (nobody looked at
it), `queued` (to read), `reading`, then the three ways of being done with it:
`skimmed` and `read` (JabRef's two read statuses) and `dropped` (not worth reading)."""
DONE_STATUSES: Final = frozenset(["skimmed", "read", "dropped"])
"""The statuses of papers the reader is done with; the others are still to read."""
PRIORITIES: Final = (1, 2, 3)
"""Priorities as JabRef numbers them (`prio1` is high, `prio3` low); None is none."""


ID_LENGTH: Final = 16
"""Hex digits in an id: 64 bits, so collisions need billions of papers."""


def content_id(*parts: object) -> str:
    """A stable id derived from content, so re-imports find the same record."""
    key = "\x1f".join("" if part is None else normalise_text(str(part)) for part in parts)
    return _digest(key)


def paper_id(journal: str, year: int | None, month: int | None, summary: str) -> str:
    """The id of a paper: the same journal, date and summary is the same paper.

    `content_id` of the four, spelt out: a number's text needs no folding, and a journal
    names thousands of papers, so it is folded once (an import of 100,000 papers spent a
    tenth of its time making their ids the general way).
    """
    key = "\x1f".join(
        (
            _normalised_journal(journal),
            "" if year is None else str(year),
            "" if month is None else str(month),
            normalise_text(summary),
        )
    )
    return _digest(key)


def _digest(key: str) -> str:
    """An id's hex digits. hashlib loads here, with the first id made: its OpenSSL was
    3 ms of every command's start, and only an import (or a migration) makes ids."""
    import hashlib

    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:ID_LENGTH]


@lru_cache(maxsize=4096)
def _normalised_journal(journal: str) -> str:
    return normalise_text(journal)


MAX_CITATIONS: Final = 2**63 - 1
"""The largest citation count a library file (and the programs reading it) can hold:
a larger number in an imported file is refused as bad input."""

MONTH_NAMES: Final = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""The English month names by number (`MONTH_NAMES[11]` is November), as seed documents,
BibTeX's month macros and RIS write them whatever the user's locale; `calendar`'s follow
the locale, and loading it (with `locale`) was 3 ms of every command's start."""

_MONTHS: Final[dict[str, int]] = {
    **{name.casefold(): number for number, name in enumerate(MONTH_NAMES) if name},
    **{name[:3].casefold(): number for number, name in enumerate(MONTH_NAMES) if name},
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
    return MONTH_NAMES[month][:3]


def plural(count: int, noun: str) -> str:
    """`1 paper`, `2 papers`, `1,024 new papers`: a count with its noun."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def default_entry_type(journal: str) -> str:
    """The entry type of a paper that names none: `article` in a journal, else `misc`."""
    return "article" if journal else "misc"


def bibliographic_id(doi: str, title: str, year: int | None) -> str:
    """The id of a paper from a bibliography: by DOI where it has one, else title + year."""
    if doi:
        return content_id("doi", doi.lower())
    return content_id("title", title, year)


TAG_SEPARATORS: Final = re.compile(r"[,;]")
"""What separates tags where they are one text (typed in the tag dialog, BibTeX's
`keywords`), and so is never part of a tag: every tag is written and read back whole."""


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Trim tags, drop empty ones and keep the first spelling of each, ignoring case; a
    text holding a comma or a semicolon is several tags (see `TAG_SEPARATORS`)."""
    seen: set[str] = set()
    result: list[str] = []
    for raw in tags:
        for part in TAG_SEPARATORS.split(raw) if "," in raw or ";" in raw else (raw,):
            tag = collapse_spaces(part)
            key = tag.casefold()
            if tag and key not in seen:
                seen.add(key)
                result.append(tag)
    return tuple(result)


def split_tags(text: str) -> tuple[str, ...]:
    """Tags typed as one comma-separated string."""
    return normalise_tags((text,))


def to_iso(moment: datetime | None) -> str | None:
    """A UTC ISO-8601 string for JSON, or None."""
    return None if moment is None else _iso(moment)


@lru_cache(maxsize=64)
def _iso(moment: datetime) -> str:
    """Every paper of an import was added at the same moment: written once, not for each
    of 100,000 papers (a sixth of the time it took to make their documents)."""
    return moment.astimezone(UTC).isoformat()


def from_iso(text: Any) -> datetime | None:
    """Read a time written by `to_iso`; anything unreadable becomes None."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def stored_int(value: Any) -> int | None:
    """A stored number, or None for a missing or mistyped one (a hand-edited file)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def stored_text(value: Any) -> str:
    """A stored text, or "" for a missing or mistyped one."""
    return value if isinstance(value, str) else ""


def stored_texts(value: Any) -> tuple[str, ...]:
    """A stored list of texts, without whatever in it is not text."""
    if not isinstance(value, list | tuple):
        return ()
    if JUST_TEXT.issuperset(map(type, value)):  # nearly always: checked in C, a fifth
        return tuple(value)  # of the time of the filter (exports read 100,000 papers)
    return tuple(item for item in value if isinstance(item, str))


JUST_TEXT: Final = frozenset({str})
"""The one type of a list of texts: `JUST_TEXT.issuperset(map(type, values))` checks
them all in one C loop."""
FIELD: Final = cast(Callable[..., Any], dict.get)
"""`dict.get` itself: `map(FIELD, docs, repeat(name))` (or with `repeat(default)`)
reads one field of every stored document in C, with no bound method made for each."""


def values_of(keys: Sequence[str]) -> Callable[[PaperDoc], tuple[Any, ...]]:
    """A function taking these fields' values out of a document, as a tuple (in C)."""
    if len(keys) > 1:
        return cast(Callable[[PaperDoc], tuple[Any, ...]], itemgetter(*keys))
    if keys:
        return lambda doc, key=keys[0]: (doc[key],)  # type: ignore[misc]
    return lambda doc: ()


Fields = tuple[tuple[str, str], ...]
"""(name, value) pairs in order: a BibTeX entry's fields, or an RIS record's lines."""


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    """Stored `[name, value]` pairs; anything else (a hand-edited file) is skipped."""
    if not isinstance(value, list | tuple):
        return ()
    return tuple(
        (pair[0], pair[1])
        for pair in value
        if isinstance(pair, list | tuple)
        and len(pair) == 2
        and isinstance(pair[0], str)
        and isinstance(pair[1], str)
    )


def _filled(own: Fields, other: Fields) -> Fields:
    """`own` fields, then those of `other` whose names `own` lacks (case ignored)."""
    if not own or not other:
        return own or other
    names = {name.lower() for name, _ in own}
    return own + tuple(item for item in other if item[0].lower() not in names)


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

    def to_doc(self) -> SourceDoc:
        """Plain JSON for the catalog file."""
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
    def from_doc(cls, doc: SourceDoc) -> Source:
        """Read a stored source, tolerating fields that older files lack."""
        return cls(
            id=stored_text(doc.get("id")),
            file_name=stored_text(doc.get("file_name")),
            tldr=stored_text(doc.get("tldr")),
            abstract=stored_text(doc.get("abstract")),
            content_hash=stored_text(doc.get("content_hash")),
            imported_at=from_iso(doc.get("imported_at")) or datetime.fromtimestamp(0, UTC),
            report_id=stored_text(doc.get("report_id")),
            paper_ids=stored_texts(doc.get("paper_ids")),
        )


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
    key: str = ""
    """Citation key: as imported, else generated once (see `citation_keys`)."""
    key_at: int | None = None
    """When the reader last changed the key (a change stamp), if ever."""
    entry_type: str = ""
    """BibTeX entry type as imported (`inproceedings`); empty: derived from the journal."""
    fields: Fields = ()
    """The BibTeX entry as written (values in LaTeX, with their braces), for export."""
    ris: Fields = ()
    """The RIS record as written (tag, value), for export."""
    preamble: str = ""
    """The @preamble of the .bib file it came from."""

    @property
    def date_text(self) -> str:
        """`Nov 2017`, or `2017` when the month is unknown, or empty when the year is."""
        if not self.year:
            return ""
        return f"{month_abbreviation(self.month)} {self.year}" if self.month else str(self.year)

    @property
    def bibtex_type(self) -> str:
        """The BibTeX entry type: as imported, else `article` with a journal, `misc`."""
        return self.entry_type or default_entry_type(self.journal)

    @property
    def display_title(self) -> str:
        """What a list shows for the paper: its title where it has one, else its summary."""
        return self.title or self.summary

    def merged_with(self, other: Paper) -> Paper:
        """This paper updated from another import of the same paper.

        Sources accumulate; the larger known citation count wins (counts only grow, so
        the order of imports does not matter); fields this record lacks are filled in,
        BibTeX fields by name. Identity, kind, added-at and the citation key stay.
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
            key=self.key or other.key,
            entry_type=self.entry_type or other.entry_type,
            fields=_filled(self.fields, other.fields),
            ris=self.ris or other.ris,
            preamble=self.preamble or other.preamble,
        )

    def to_doc(self) -> PaperDoc:
        """Plain JSON for the catalog, without empty fields (`from_doc` restores them).

        Most papers leave most optional fields empty; storing them cost a fifth of the
        file and of the time and memory to load it.
        """
        doc: PaperDoc = {
            "id": self.id,
            "summary": self.summary,
            "sources": list(self.sources),
            "added_at": to_iso(self.added_at),
        }
        if self.kind == "report":  # "related", the kind of nearly every paper, is assumed
            doc["kind"] = self.kind
        if self.journal:
            doc["journal"] = self.journal
        if self.year is not None:
            doc["year"] = self.year
        if self.month is not None:
            doc["month"] = self.month
        if self.citations is not None:  # 0 citations is kept: it is not "unknown"
            doc["citations"] = self.citations
        if self.abstract:
            doc["abstract"] = self.abstract
        if self.title:
            doc["title"] = self.title
        if self.authors:
            doc["authors"] = list(self.authors)
        if self.doi:
            doc["doi"] = self.doi
        if self.url:
            doc["url"] = self.url
        if self.key:
            doc["key"] = self.key
        if self.key_at is not None:
            doc["key_at"] = self.key_at
        if self.entry_type:
            doc["type"] = self.entry_type
        # Lists, as a read of the file gives them: the catalog keeps the documents it
        # has just written instead of reading them back.
        if self.fields:
            doc["fields"] = list(map(list, self.fields))
        if self.ris:
            doc["ris"] = list(map(list, self.ris))
        if self.preamble:
            doc["preamble"] = self.preamble
        return doc

    @classmethod
    def from_doc(cls, doc: PaperDoc) -> Paper:
        """Read a stored paper, tolerating fields that older files lack."""
        kind: PaperKind = "report" if doc.get("kind") == "report" else "related"
        return cls(
            id=stored_text(doc.get("id")),
            kind=kind,
            summary=stored_text(doc.get("summary")),
            abstract=stored_text(doc.get("abstract")),
            journal=stored_text(doc.get("journal")),
            year=stored_int(doc.get("year")),
            month=stored_int(doc.get("month")),
            citations=stored_int(doc.get("citations")),
            sources=stored_texts(doc.get("sources")),
            added_at=from_iso(doc.get("added_at")) or datetime.fromtimestamp(0, UTC),
            title=stored_text(doc.get("title")),
            authors=stored_texts(doc.get("authors")),
            doi=stored_text(doc.get("doi")),
            url=stored_text(doc.get("url")),
            key=stored_text(doc.get("key")),
            key_at=stored_int(doc.get("key_at")),
            entry_type=stored_text(doc.get("type")),
            fields=_pairs(doc.get("fields")),
            ris=_pairs(doc.get("ris")),
            preamble=stored_text(doc.get("preamble")),
        )


@dataclass(frozen=True, slots=True)
class ReadingState:
    """The reader's own data about one paper, as the screen and exports read it.

    Built from a stored `StateDoc` (see `state_fields`, which owns how fields change);
    imports never touch it.
    """

    paper_id: str
    """The paper this state belongs to."""
    status: str = "new"
    """One of `STATUSES`."""
    priority: int | None = None
    """1 (high) to 3 (low), or None."""
    read_at: datetime | None = None
    """When it was marked read (None unless it is read)."""
    tags: tuple[str, ...] = ()
    """Tags in the reader's order, unique ignoring case."""
    note: str = ""
    """Free-text note, Markdown."""
    deleted: bool = False
    """In the trash: left out of every list and search, restorable."""

    @property
    def read(self) -> bool:
        """Whether the reader has marked it read."""
        return self.status == "read"

    @property
    def unread(self) -> bool:
        """Whether it is still to read: new, queued or being read (`is:unread`)."""
        return self.status not in DONE_STATUSES

    @property
    def is_blank(self) -> bool:
        """True when the reader has never left anything on this paper."""
        return self.status == "new" and not (
            self.priority or self.tags or self.note or self.deleted
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
