"""What makes two bibliography records the same paper: the DOI, or the title and year."""

from __future__ import annotations

from .text import normalise_text


class DuplicateKeys:
    """Papers by DOI (any case) and by normalised title + year; the first one wins."""

    def __init__(self) -> None:
        self._by_doi: dict[str, str] = {}
        self._by_title: dict[tuple[str, int | None], str] = {}

    def add(self, paper_id: str, doi: str, title: str, year: int | None) -> None:
        """Remember a paper under its keys (a paper without DOI or title has none)."""
        if doi:
            self._by_doi.setdefault(doi.lower(), paper_id)
        if title:
            self._by_title.setdefault((normalise_text(title), year), paper_id)

    def find(self, doi: str, title: str, year: int | None) -> str | None:
        """The id of a remembered paper with the same DOI, or else the same title and year."""
        if doi and (found := self._by_doi.get(doi.lower())):
            return found
        return self._by_title.get((normalise_text(title), year)) if title else None
