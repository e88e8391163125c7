"""What makes two bibliography records the same paper: a PubMed or arXiv id, the DOI,
the citation key (in the same year), or the normalised title and year."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Final

from .dois import clean_doi
from .records import Paper, PaperDoc
from .text import normalise_text

_ARXIV: Final = re.compile(
    r"(?:arxiv:)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})(?:v\d+)?", re.I
)
_PMID: Final = re.compile(r"\d{1,9}")


def _bare(value: str) -> str:
    return value.strip().strip('{}"').strip()


_ID_FIELDS: Final = frozenset(["pmid", "eprint", "arxivid", "arxiv"])
_NAME_OF: Final = itemgetter(0)


def identifiers(fields: Sequence[Sequence[str]], ris: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """`pmid:…` and `arxiv:…` ids an item carries: BibTeX `pmid`, `eprint` (arXiv) and
    `arxivid`; RIS `AN` (the PubMed id in PubMed's export)."""
    found: list[str] = []
    if fields and not _ID_FIELDS.isdisjoint(map(str.lower, map(_NAME_OF, fields))):
        by_name = {pair[0].lower(): pair[1] for pair in fields}
        pmid = _bare(by_name.get("pmid", ""))
        if _PMID.fullmatch(pmid):
            found.append(f"pmid:{pmid}")
        kind = _bare(by_name.get("eprinttype", by_name.get("archiveprefix", "arxiv")))
        for name in ("eprint", "arxivid", "arxiv"):
            eprint = _bare(by_name.get(name, ""))
            if eprint and kind.lower() == "arxiv" and (match := _ARXIV.fullmatch(eprint)):
                found.append(f"arxiv:{match[1].lower()}")
    if ris:
        database = " ".join(pair[1] for pair in ris if pair[0] in ("DB", "DP")).lower()
        for tag, value in ris:
            if (
                tag == "AN"
                and _PMID.fullmatch(value.strip())
                and (not database or "pubmed" in database or "medline" in database)
            ):
                found.append(f"pmid:{value.strip()}")
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class Identity:
    """What duplicate detection compares of a paper."""

    doi: str
    title: str
    year: int | None
    key: str = ""
    ids: tuple[str, ...] = ()

    @classmethod
    def of(cls, paper: Paper) -> Identity:
        return cls(
            paper.doi, paper.title, paper.year, paper.key, identifiers(paper.fields, paper.ris)
        )

    def with_key(self, key: str) -> Identity:
        """The same paper under another citation key (a new paper given a unique one)."""
        return Identity(self.doi, self.title, self.year, key, self.ids)

    @classmethod
    def of_doc(cls, doc: PaperDoc) -> Identity:
        """Read from a stored paper without building the record (a catalog has 100,000)."""
        year = doc.get("year")
        return cls(
            doc.get("doi", ""),
            doc.get("title", ""),
            year if type(year) is int else None,
            doc.get("key", ""),
            identifiers(doc.get("fields", ()), doc.get("ris", ())),
        )


class DuplicateKeys:
    """Papers by id (PubMed, arXiv), DOI (any case, resolver prefix or not), citation key
    (in the same year, or where a year is unknown) and normalised title + year; the
    first paper remembered under a key wins."""

    def __init__(self) -> None:
        self._by_id: dict[str, str] = {}
        self._by_doi: dict[str, str] = {}
        self._by_key: dict[str, tuple[str, int | None]] = {}
        self._by_title: dict[tuple[str, int | None], str] = {}

    def add(self, paper_id: str, identity: Identity) -> None:
        """Remember a paper under its keys."""
        for item in identity.ids:
            self._by_id.setdefault(item, paper_id)
        if identity.doi:
            self._by_doi.setdefault(_doi_key(identity.doi), paper_id)
        if identity.key:
            self._by_key.setdefault(identity.key.casefold(), (paper_id, identity.year))
        if identity.title:
            self._by_title.setdefault((_title_key(identity.title), identity.year), paper_id)

    def find(self, identity: Identity) -> str | None:
        """The id of a remembered paper that is the same paper, if any."""
        for item in identity.ids:
            if found := self._by_id.get(item):
                return found
        if identity.doi and (found := self._by_doi.get(_doi_key(identity.doi))):
            return found
        if identity.key and (by_key := self._by_key.get(identity.key.casefold())):
            paper_id, year = by_key
            if year is None or identity.year is None or year == identity.year:
                return paper_id
        if identity.title:
            return self._by_title.get((_title_key(identity.title), identity.year))
        return None


# An import looks a paper up in its own papers and in the library's, then remembers it:
# each key is worked out once, not three times (0.3 s of 100,000 new papers).
@lru_cache(maxsize=64)
def _doi_key(doi: str) -> str:
    return clean_doi(doi).lower()


@lru_cache(maxsize=64)
def _title_key(title: str) -> str:
    return normalise_text(title)
