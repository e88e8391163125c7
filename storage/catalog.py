"""The imported papers and sources as loaded, with `Paper` records built on demand.

A library of 100,000 papers is 100,000 stored JSON objects. Turning each into a `Paper`
at start-up costs more than half a second and doubles the memory, while the screen shows
thirty of them; so the catalog keeps the stored documents, builds a `Paper` when one is
asked for, and sorts and indexes by reading the few fields it needs directly.

Four words, used the same way everywhere: a paper's *id* is 16 hex digits derived from
its content, the same in every process and on every machine; its *number* is its
position in one catalog's stored order (cheap to sort and compare, meaningless in
another catalog); its *rank* is its position in the search index's order, most cited
first (`search_index.SearchIndex`); an *index* is a row's position in one shown list
(`EntryList`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import repeat
from typing import TYPE_CHECKING, Any, Final

from .records import FIELD, JUST_TEXT, Paper, PaperDoc, Source, default_entry_type
from .sorting import SortOrder

if TYPE_CHECKING:  # an import's, loaded with its first paper (see `find_duplicate`)
    from .duplicates import DuplicateKeys, Identity

_HEX_IDS: Final = re.compile(r"(?:[0-9a-f]{16})*")

_BUILT_PAPERS_KEPT: Final = 1024
"""Built records kept for reuse: far more than a screen shows, far fewer than a library."""


class Catalog:
    """Read-only view of the imported data: sources, and papers numbered as stored.

    Numbers (positions in stored order) rather than ids identify papers in views and
    searches: lists of small ints are cheap to sort, filter and compare. A number means
    something only in its catalog: a newer catalog may number the same paper otherwise.
    """

    def __init__(
        self,
        paper_docs: Sequence[PaperDoc],
        sources: Iterable[Source],
        *,
        has_authors: bool | None = None,
    ) -> None:
        """Wrap stored paper documents (each with a unique string "id") and sources;
        `has_authors` says so for a part of a library (its first page) whose other papers
        name their authors.

        Raises:
            ValueError: a document's id is missing, repeated or not 16 hex digits.
        """
        self._docs = paper_docs
        ids: list[Any] = [doc.get("id") for doc in paper_docs]
        self._numbers: dict[str, int] = dict(zip(ids, range(len(ids)), strict=True))
        if len(self._numbers) != len(ids):
            raise ValueError("a paper has a missing or repeated id")
        if not set(map(type, ids)) <= {str} or not _HEX_IDS.fullmatch("".join(ids)):
            bad = next(
                pid
                for pid in ids
                if type(pid) is not str or not _HEX_IDS.fullmatch(pid) or len(pid) != 16
            )
            raise ValueError(f"paper id {bad!r} is not 16 hex digits")
        self._ids: list[str] = ids
        self._built: dict[int, Paper] = {}
        self.sources: Mapping[str, Source] = {source.id: source for source in sources}
        """Imported seed documents by id."""
        self.sources_in_order: list[Source] = sorted(
            self.sources.values(), key=lambda source: (source.imported_at, source.file_name)
        )
        """Imported seed documents, oldest import first."""
        self._related: tuple[int, ...] | None = None
        self._reports: frozenset[int] | None = None
        self._scopes: dict[tuple[str | None, bool], tuple[int, ...]] = {}
        self._duplicate_keys: DuplicateKeys | None = None
        self._citation_keys: dict[str, str] | None = None
        self._folded_keys: str | None = None
        """Every paper's citation key folded, a line each, between newlines (see
        `key_owner`)."""
        self._has_authors = has_authors

    @property
    def docs(self) -> Sequence[PaperDoc]:
        """The stored paper documents, by number (read-only)."""
        return self._docs

    @property
    def numbers(self) -> Mapping[str, int]:
        """Every paper's number, by id (read-only)."""
        return self._numbers

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self._numbers

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def number(self, paper_id: str) -> int:
        """A paper's number.

        Raises:
            KeyError: no such paper.
        """
        return self._numbers[paper_id]

    def find_number(self, paper_id: str) -> int | None:
        """A paper's number, or None when the catalog does not have it."""
        return self._numbers.get(paper_id)

    def find_paper(self, paper_id: str) -> Paper | None:
        """A paper's record, or None when the catalog does not have it."""
        number = self._numbers.get(paper_id)
        return None if number is None else self.paper(number)

    def paper_id(self, number: int) -> str:
        """The id of paper `number`."""
        return self._ids[number]

    def paper_ids(self, numbers: Iterable[int]) -> list[str]:
        """The ids of these papers, in order, looked up in C: `V` over 100,000 papers
        spent 30 ms calling `paper_id` for each."""
        return list(map(self._ids.__getitem__, numbers))

    def paper(self, number: int) -> Paper:
        """The record of paper `number`, built on first use."""
        paper = self._built.get(number)
        if paper is None:
            if len(self._built) >= _BUILT_PAPERS_KEPT:
                self._built.clear()
            paper = self._built[number] = Paper.from_doc(self._docs[number])
        return paper

    def related(self) -> tuple[int, ...]:
        """Every related paper (not the seeds' own reports), in stored order."""
        if self._related is None:
            # The numbers as the id dictionary holds them: one int object per paper, not
            # a second set of 100,000 (2.8 MB).
            docs = self._docs
            self._related = tuple(
                number for number in self._numbers.values() if docs[number].get("kind") != "report"
            )
        return self._related

    def scope(self, source_id: str | None, include_reports: bool) -> tuple[int, ...]:
        """The papers one source lists (None: every paper), with its report if asked.

        Cached: a catalog never changes, and every search of a view starts here.
        """
        key = (source_id, include_reports)
        scope = self._scopes.get(key)
        if scope is None:
            scope = self._scopes[key] = self._compute_scope(source_id, include_reports)
        return scope

    def _compute_scope(self, source_id: str | None, include_reports: bool) -> tuple[int, ...]:
        if source_id is None:
            return tuple(range(len(self._docs))) if include_reports else self.related()
        source = self.sources.get(source_id)
        if source is None:
            return ()
        wanted = (source.report_id, *source.paper_ids) if include_reports else source.paper_ids
        return tuple(self._numbers[pid] for pid in wanted if pid in self._numbers)

    @property
    def has_authors(self) -> bool:
        """Whether any paper names its authors (one from a bibliography): lists then
        give authors a column. Looked for once per catalog."""
        if self._has_authors is None:
            self._has_authors = any(doc.get("authors") for doc in self._docs)
        return self._has_authors

    def reports(self) -> frozenset[int]:
        """The seeds' own reports (one a seed: far fewer than the related papers)."""
        if self._reports is None:
            self._reports = frozenset(
                number for number, doc in enumerate(self._docs) if doc.get("kind") == "report"
            )
        return self._reports

    def sorted(self, numbers: Iterable[int], order: SortOrder) -> list[int]:
        """Paper numbers in `order`; ties keep their incoming order.

        Citations and dates are compared as one int a paper where every year and month
        fits in one: sorting 100,000 papers by tuples of ints took 0.25 s in C, holding
        the interpreter lock against the event loop; by ints, a seventh of that.
        """
        docs, reverse = self._docs, order is SortOrder.ADDED
        numbers = list(numbers)
        if order in _PACKED:
            packed = _PACKED[order]
            try:
                return sorted(numbers, key=lambda number: packed(docs[number]))
            except _Unpackable:  # a hand-edited year or month out of range: compare tuples
                pass
        key = _KEYS[order]
        return sorted(numbers, key=lambda number: key(docs[number]), reverse=reverse)

    def find_duplicate(self, identity: Identity) -> str | None:
        """The id of a paper that is the same paper (see `DuplicateKeys`).

        Only papers from bibliographies count by citation key: a seed paper's key was
        made up by papershelf, and another paper could be given the same by its file.
        """
        from .duplicates import DuplicateKeys, Identity

        if self._duplicate_keys is None:
            self._duplicate_keys = DuplicateKeys()
            for doc in self._docs:
                if doc.get("fields") or doc.get("ris"):
                    self._duplicate_keys.add(doc["id"], Identity.of_doc(doc))
                elif doc.get("doi") or doc.get("title"):
                    identity = Identity.of_doc(doc)
                    self._duplicate_keys.add(doc["id"], replace(identity, key=""))
        return self._duplicate_keys.find(identity)

    def key_owner(self, key: str) -> str | None:
        """The id of the paper whose citation key is `key`, ignoring case (as
        `citation_keys` has it), or None.

        Without the map built, the keys are looked through in C: joined, folded and
        searched as one text. A command naming one paper (`tag ID ...`) built the whole
        map to ask it once: 45-75 ms at 100,000 papers, against 30 ms so.
        """
        folded = key.casefold()
        if self._citation_keys is not None or not folded or "\n" in folded:
            return self.citation_keys().get(folded)
        keys = self._folded_keys
        if keys is None:
            stored = list(map(FIELD, self._docs, repeat("key"), repeat("")))
            if not JUST_TEXT.issuperset(map(type, stored)):
                return self.citation_keys().get(folded)
            keys = "\n" + "\n".join(stored).casefold() + "\n"
            if keys.count("\n") != len(stored) + 1:  # a key holding a newline
                return self.citation_keys().get(folded)
            self._folded_keys = keys
        found = keys.rfind(f"\n{folded}\n")  # the last, as the map keeps the last
        return None if found < 0 else self._ids[keys.count("\n", 0, found)]

    def citation_keys(self) -> Mapping[str, str]:
        """Paper ids by citation key, folded (keys are unique ignoring case)."""
        if self._citation_keys is None:
            self._citation_keys = {
                key.casefold(): doc["id"] for doc in self._docs if (key := doc.get("key"))
            }
        return self._citation_keys

    def field_texts(self, field: str, numbers: Iterable[int]) -> Iterator[str]:
        """One text for each of these papers, for the search filters `author:`, `title:`
        (the title, else the summary: what the list shows), `key:`, `doi:` and `type:`
        (the BibTeX type and its CSL name, space-separated and padded: ` phdthesis thesis `)."""
        from .formats.items import CSL_TYPES  # the type names CSL and BibTeX give

        for doc in map(self._docs.__getitem__, numbers):
            if field == "author":
                authors = doc.get("authors")
                yield "\n".join(authors) if isinstance(authors, list) else ""
            elif field == "title":
                yield doc.get("title") or doc.get("summary") or ""
            elif field == "type":
                kind = doc.get("type") or default_entry_type(doc.get("journal", ""))
                yield f" {kind} {CSL_TYPES.get(kind, 'document')} "
            elif field in ("key", "doi"):
                value = doc.get(field)
                yield value if isinstance(value, str) else ""
            else:
                raise ValueError(f"no search column {field!r}")

    def search_fields(
        self, numbers: Iterable[int], *, texts: bool = True
    ) -> Iterator[tuple[str, str, int | None, int | None]]:
        """(searchable text, journal, year, citations) of each of these papers.

        The text holds summary, abstract, journal, title, authors, DOI and citation key;
        without `texts`, it is empty.
        """
        if not texts:
            for doc in map(self._docs.__getitem__, numbers):
                journal = doc.get("journal")
                journal = journal if isinstance(journal, str) else ""
                yield "", journal, _int(doc.get("year")), _int(doc.get("citations"))
            return
        for doc in map(self._docs.__getitem__, numbers):
            parts: list[Any] = [doc.get("summary"), doc.get("abstract"), doc.get("journal")]
            parts.append(doc.get("title"))
            authors = doc.get("authors")
            if isinstance(authors, list):
                parts.extend(authors)
            parts += (doc.get("doi"), doc.get("key"))
            text = "\n".join(part for part in parts if isinstance(part, str) and part)
            journal = doc.get("journal")
            yield (
                text,
                journal if isinstance(journal, str) else "",
                _int(doc.get("year")),
                _int(doc.get("citations")),
            )


def _int(value: object) -> int | None:
    """A stored number, or None for a missing or mistyped one (hand-edited files)."""
    return value if type(value) is int else None


def _date_key(doc: PaperDoc) -> tuple[int, int]:
    """Newest first when sorted ascending; unknown dates last."""
    return (-(_int(doc.get("year")) or 0), -(_int(doc.get("month")) or 0))


_MONTH_BITS: Final = 7
_DATE_BITS: Final = 16 + _MONTH_BITS
_MOST_CITATIONS: Final = 1 << 62
_MONTHS_TOP: Final = (1 << _MONTH_BITS) - 1


class _Unpackable(ValueError):
    """A paper's year, month or count does not fit the packed sort key."""


def _packed_date(doc: PaperDoc) -> int:
    """`_date_key` as one int."""
    year, month = doc.get("year"), doc.get("month")
    year = year if type(year) is int else 0
    month = month if type(month) is int else 0
    if not (0 <= year <= 0xFFFF and 0 <= month < 1 << _MONTH_BITS):
        raise _Unpackable
    return ((0xFFFF - year) << _MONTH_BITS) | (_MONTHS_TOP - month)


def _packed_citations(doc: PaperDoc) -> int:
    """`_citations_key` as one int: unknown counts after every known one.

    One call a paper: calling the date's and each number's own (six calls a paper),
    sorting 100,000 papers by citations and by date took an eighth longer."""
    count, year, month = doc.get("citations"), doc.get("year"), doc.get("month")
    year = year if type(year) is int else 0
    month = month if type(month) is int else 0
    if type(count) is not int:
        first = _MOST_CITATIONS + 1
    elif 0 <= count < _MOST_CITATIONS:
        first = _MOST_CITATIONS - count
    else:
        raise _Unpackable
    if not (0 <= year <= 0xFFFF and 0 <= month < 1 << _MONTH_BITS):
        raise _Unpackable
    date = ((0xFFFF - year) << _MONTH_BITS) | (_MONTHS_TOP - month)
    return (first << _DATE_BITS) | date


def _citations_key(doc: PaperDoc) -> tuple[int, tuple[int, int]]:
    citations = _int(doc.get("citations"))
    return (-citations if citations is not None else 1, _date_key(doc))


def _journal_key(doc: PaperDoc) -> tuple[bool, str, tuple[int, int]]:
    journal = doc.get("journal")
    folded = journal.casefold() if isinstance(journal, str) else ""
    return (not folded, folded, _date_key(doc))


def _added_key(doc: PaperDoc) -> str:
    """UTC ISO-8601 times compare as text; sorted in reverse, newest come first."""
    added = doc.get("added_at")
    return added if isinstance(added, str) else ""


_PACKED: Final[dict[SortOrder, Callable[[PaperDoc], int]]] = {
    SortOrder.CITATIONS: _packed_citations,
    SortOrder.DATE: _packed_date,
}
_KEYS: Final[dict[SortOrder, Callable[[PaperDoc], Any]]] = {
    SortOrder.CITATIONS: _citations_key,
    SortOrder.DATE: _date_key,
    SortOrder.JOURNAL: _journal_key,
    SortOrder.ADDED: _added_key,
}
