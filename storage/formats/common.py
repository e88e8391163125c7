"""What the formats exchange with the library, and the mapping rules they share."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Final

from ..dois import clean_doi
from ..errors import BibliographyFormatError
from ..records import (
    MAX_CITATIONS,
    STATUSES,
    Entry,
    Fields,
    Paper,
    PaperDoc,
    ReadingState,
    Source,
    StateDoc,
    bibliographic_id,
    default_entry_type,
    month_abbreviation,
    normalise_tags,
    plural,
    stored_texts,
    values_of,
)
from ..state_fields import reading_state, tag_names
from .items import Described

ID_FIELD: Final = "papershelf-id"
READ_FIELD: Final = "papershelf-read"
STATUS_FIELD: Final = "papershelf-status"
SUMMARY_FIELD: Final = "papershelf-summary"
CITATIONS_FIELD: Final = "papershelf-citations"
"""papershelf's own BibTeX fields: what standard fields cannot carry, for round trips."""
JABREF_STATUSES: Final = frozenset(["read", "skimmed"])
"""The statuses JabRef's `readstatus` field carries (papershelf's others go in its own
`papershelf-status`)."""

Tick = Callable[[int, int], None]
"""Told how many entries of a file have been read, and of how many (for progress)."""

_HEX_ID: Final = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True, slots=True)
class ImportedPaper:
    """One entry of a bibliography: the paper, and the reader's data the file carries."""

    paper: Paper
    state: ReadingState
    """Tags (keywords), note, status and priority from the file; blank when it has none."""
    line: int
    """Where the entry starts in its file (1-based), for messages."""


class ExportEntry:
    """A paper to export as stored, with the seed documents that list it (for grouping).

    Its records (`entry`) are built on first use: building a `Paper` and a
    `ReadingState` for each of 100,000 papers was half of an export, and a writer that
    reads a usual document itself (`plain_doc`) needs neither. Its seed documents too,
    when `find_sources` is given: only Markdown and CSV name them, and finding them for
    every paper before the first line had been 0.1-0.2 s of a BibTeX export of 100,000
    papers (the first read of each document's list, a paper at a time).
    """

    __slots__ = ("doc", "state_doc", "_sources", "_find_sources", "_entry")

    def __init__(
        self,
        doc: PaperDoc,
        state_doc: StateDoc | None,
        sources: tuple[Source, ...] = (),
        find_sources: SourcesOf | None = None,
    ) -> None:
        """`sources`: the seed documents listing the paper; or found by `find_sources`
        when first asked for."""
        self.doc = doc
        """The paper's stored document."""
        self.state_doc: StateDoc = state_doc or {"paper_id": ""}
        """The reader's stored state of it (an empty one for a paper nobody touched)."""
        self._sources = sources if find_sources is None else None
        self._find_sources = find_sources
        self._entry: Entry | None = None

    @property
    def sources(self) -> tuple[Source, ...]:
        """The imported seed documents that list the paper."""
        if self._sources is None:
            assert self._find_sources is not None
            self._sources = self._find_sources(self.doc)
        return self._sources

    @property
    def entry(self) -> Entry:
        """The paper and its state as records, as the library hands them out."""
        if self._entry is None:
            paper = Paper.from_doc(self.doc)
            self._entry = Entry(paper, reading_state(paper.id, self.state_doc))
        return self._entry

    @property
    def plain_doc(self) -> PaperDoc | None:
        """The document when every field a writer reads is of its usual type and the
        paper keeps no record of a bibliography's own (`fields`, `ris`): a writer may
        then read it straight (see `PLAIN_TYPES`); None for any other."""
        doc = self.doc
        if doc.get("fields") or doc.get("ris"):
            return None
        shape = tuple(doc)
        check = _PLAIN_SHAPES.get(shape)
        if check is None:
            check = _PLAIN_SHAPES[shape] = _PlainShape(shape)
        return doc if check.holds(doc) else None

    @property
    def status(self) -> str:
        """The reader's status of the paper (`ReadingState.status`)."""
        return self.state_doc.get("status", "new")

    @property
    def tags(self) -> list[str]:
        """The reader's tags, in order (`ReadingState.tags`)."""
        return tag_names(self.state_doc)

    @property
    def note(self) -> str:
        """The reader's note (`ReadingState.note`)."""
        return self.state_doc.get("note", "")


class SourcesOf:
    """The imported seed documents a stored document lists, found once for each list
    of ids (most papers share a few)."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self._sources = sources
        self._listed: dict[tuple[str, ...], tuple[Source, ...]] = {}

    def __call__(self, doc: PaperDoc) -> tuple[Source, ...]:
        ids = stored_texts(doc.get("sources"))
        if (listed := self._listed.get(ids)) is None:
            sources = self._sources
            listed = self._listed[ids] = tuple(sources[s] for s in ids if s in sources)
        return listed


PLAIN_TYPES: Final[Mapping[str, type]] = {
    **dict.fromkeys(("id", "kind", "summary", "abstract", "journal", "title"), str),
    **dict.fromkeys(("doi", "url", "key", "type", "preamble"), str),
    **dict.fromkeys(("year", "month", "citations"), int),
}
"""The fields of a plain document (see `ExportEntry.plain_doc`), as `Paper.from_doc`
reads them: a missing one reads as empty (or None), as it does there."""


class _PlainShape:
    """The check of `PLAIN_TYPES` for documents with these fields, in this order: one
    `itemgetter` and a comparison of types in C (a loop over each document's fields
    was a tenth of an RIS export)."""

    __slots__ = ("_values", "_types")

    def __init__(self, keys: tuple[str, ...]) -> None:
        checked = [key for key in keys if key in PLAIN_TYPES]
        self._values = values_of(checked)
        self._types = tuple(PLAIN_TYPES[key] for key in checked)

    def holds(self, doc: PaperDoc) -> bool:
        """Whether each checked field of the document has its usual type."""
        return tuple(map(type, self._values(doc))) == self._types


_PLAIN_SHAPES: Final[dict[tuple[str, ...], _PlainShape]] = {}
"""A check for each order of fields met (an import writes a few)."""


ENTRIES_PER_PIECE: Final = 256
"""Entries an export formats before it hands on their text: the first are written while
the rest are made (`| head` has its lines at once), and the whole text is never held."""


def joined_pieces(blocks: Iterable[str], separator: str) -> Iterator[str]:
    """`separator.join(blocks)` in pieces of `ENTRIES_PER_PIECE` blocks."""
    blocks = iter(blocks)
    before = ""
    while chunk := list(islice(blocks, ENTRIES_PER_PIECE)):
        yield before + separator.join(chunk)
        before = separator


def split_keywords(text: str) -> tuple[str, ...]:
    """Keywords as BibTeX writes them (`a, b; c`) into tags."""
    return normalise_tags((text,))


def _is_true(text: str) -> bool:
    return text.strip().casefold() in ("true", "yes", "1", "read")


def status_of(*texts: str) -> str:
    """The status the first telling text names: a status word (papershelf's own field,
    JabRef's `readstatus`), else a read mark (`true`, `read`) or `new`."""
    for text in texts:
        word = text.strip().casefold()
        if word in STATUSES:
            return word
    return "read" if any(_is_true(text) for text in texts) else "new"


def priority_of(text: str) -> int | None:
    """JabRef's `prio1`..`prio3` (or a bare 1-3) as a priority, else None."""
    word = text.strip().casefold().removeprefix("prio")
    return int(word) if word in ("1", "2", "3") else None


def first_text(values: Mapping[str, str | Sequence[str]], *names: str) -> str:
    """The first non-empty value among `names` (a list counts by its first non-empty
    item), with runs of white space as one space: how papershelf reads its own fields."""
    for name in names:
        found = values.get(name)
        for value in [found] if isinstance(found, str) else found or ():
            if value.strip():
                return " ".join(value.split())
    return ""


def citation_count(text: str, path: Path | str, line: int, entry: str) -> int | None:
    """papershelf's citation count field (`1,024` allowed); None when it holds no number
    (RIS's custom fields are other programs' too).

    Raises:
        BibliographyFormatError: the number is too large for a library file to hold.
    """
    digits = text.replace(",", "")
    if not (digits.isascii() and digits.isdigit()):
        return None
    if len(digits) > len(str(MAX_CITATIONS)) or int(digits) > MAX_CITATIONS:
        shown = digits if len(digits) <= 40 else digits[:37] + "..."
        problem = f"the citation count {shown} is more than {MAX_CITATIONS:,}"
        raise BibliographyFormatError(path, line, entry, problem)
    return int(digits)


def imported_paper(
    *,
    line: int,
    shown: Described,
    summary: str = "",
    citations: int | None = None,
    known_id: str = "",
    tags: tuple[str, ...] = (),
    note: str = "",
    status: str = "new",
    priority: int | None = None,
    key: str = "",
    entry_type: str = "",
    fields: Fields = (),
    ris: Fields = (),
    preamble: str = "",
) -> ImportedPaper:
    """Build an imported paper from what its entry shows and papershelf's own summary
    field (one of the two is there); its id is papershelf's own (from an export) or
    derived.

    A paper exported from a seed has no title: its summary was written as the title and
    in papershelf's summary field, and comes back as a summary without a title. An
    entry type that is the one papershelf would derive is not stored.
    """
    doi = clean_doi(shown.doi)
    title = "" if shown.title == summary else shown.title  # a seed paper's, exported
    if entry_type.lower() == default_entry_type(shown.journal):
        entry_type = ""
    pid = known_id if _HEX_ID.fullmatch(known_id) else bibliographic_id(doi, title, shown.year)
    paper = Paper(
        pid,
        "related",
        summary,
        abstract=shown.abstract,
        journal=shown.journal,
        year=shown.year,
        month=shown.month,
        citations=citations,
        title=title,
        authors=shown.authors,
        doi=doi,
        url=shown.url,
        key=key.strip(),
        entry_type=entry_type.lower(),
        fields=fields,
        ris=ris,
        preamble=preamble,
    )
    state = ReadingState(
        pid, status=status, priority=priority, tags=normalise_tags(tags), note=note
    )
    return ImportedPaper(paper, state, line)


def citation_line(paper: Paper, volume_pages: str = "") -> str:
    """`Journal 9(2):466–470, Mar 2017 · 113 citations` for human-readable exports."""
    return citation_text(paper.journal, paper.date_text, paper.citations, paper.doi, volume_pages)


def citation_text(
    journal: str, date: str, citations: int | None, doi: str, volume_pages: str = ""
) -> str:
    """`citation_line` from the values it shows (`date`: as `Paper.date_text`)."""
    venue = " ".join(part for part in (journal, volume_pages) if part)
    parts = [f"{venue}, {date or 'n.d.'}" if venue else date or "n.d."]
    if citations is not None:
        parts.append(plural(citations, "citation"))
    if doi:
        parts.append(f"doi:{doi}")
    return " · ".join(parts)


def date_text(year: int | None, month: int | None) -> str:
    """`Paper.date_text` of a paper with this year and month (`Nov 2017`, `2017`, "")."""
    if not year:
        return ""
    return f"{month_abbreviation(month)} {year}" if month else str(year)
