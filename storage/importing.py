"""One import: the files' papers merged with the library's, ready for one atomic write.

Parsing happens before the library is locked (it can take seconds); merging happens
under the lock, against the catalog as it is on disk at that moment.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from .catalog import Catalog
from .duplicates import DuplicateKeys
from .errors import BadInputError
from .formats import ImportedPaper, bibliography_kind, read_bibliography
from .records import Paper, ReadingState, Source
from .seeds import SeedDocument, parse_seed, read_document_text

Parsed = SeedDocument | list[ImportedPaper] | BadInputError
"""A file ready to merge: a seed document, a bibliography, or why it was refused."""


def parse_import(path: Path) -> Parsed:
    """Read and parse one file to import (seed, BibTeX or RIS), or say why not."""
    try:
        text = read_document_text(path)
        kind = bibliography_kind(path, text[:200])
        return read_bibliography(path, text, kind) if kind else parse_seed(text, path)
    except BadInputError as error:
        return error


@dataclass(frozen=True, slots=True)
class FileImport:
    """The outcome of importing one file."""

    path: str
    source: Source | None = None
    """The imported source, None when the file was refused."""
    new_papers: int = 0
    """Related papers that were not in the library before."""
    known_papers: int = 0
    """Related papers the library already had (their reading state is untouched)."""
    already_imported: bool = False
    """The same document was imported before; nothing changed."""
    error: str | None = None
    """Why the file was refused; nothing from it was imported."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of one import command."""

    files: tuple[FileImport, ...]

    @property
    def failed(self) -> tuple[FileImport, ...]:
        """The files that were refused."""
        return tuple(item for item in self.files if item.error is not None)


class ImportBatch:
    """Sources, papers and reading states to write, gathered file by file."""

    def __init__(
        self, catalog: Catalog, states: Mapping[str, ReadingState], now: Callable[[], datetime]
    ) -> None:
        self._catalog = catalog
        self._states = states
        self._now = now
        self.sources: dict[str, Source] = {}
        self.papers: dict[str, Paper] = {}
        self.states: dict[str, ReadingState] = {}
        """Reading states carried by bibliographies, for papers new to the library."""
        self._keys = DuplicateKeys()

    def add(self, path: str, parsed: Parsed) -> FileImport:
        """Merge one parsed file into the batch."""
        if isinstance(parsed, BadInputError):
            return FileImport(path, error=str(parsed))
        if isinstance(parsed, SeedDocument):
            return self._add_document(parsed, path)
        return self._add_bibliography(parsed, path)

    def _add_document(self, document: SeedDocument, path: str) -> FileImport:
        """Merge one document into the batch (the caller writes it, all at once)."""
        source, papers = document.to_records(self._now())
        known_source = self.sources.get(source.id) or self._catalog.sources.get(source.id)
        changed = False
        new = known = 0
        for paper in papers:
            existing = self.papers.get(paper.id) or self._catalog.find_paper(paper.id)
            merged = paper if existing is None else existing.merged_with(paper)
            if merged != existing:
                self.papers[paper.id] = merged
                changed = True
            if paper.kind == "related":
                new += existing is None
                known += existing is not None
        if known_source is None:
            self.sources[source.id] = source
        return FileImport(
            path or document.file_name,
            known_source or source,
            new_papers=new,
            known_papers=known,
            already_imported=known_source is not None and not changed,
        )

    def _add_bibliography(self, papers: list[ImportedPaper], path: str) -> FileImport:
        """Merge a bibliography's papers into the batch; duplicates are merged, not added.

        A paper is the same as one already here when it has papershelf's id (it was
        exported from papershelf), the same DOI, or the same normalised title and year.
        The file's tags, note and read state are taken only for papers new to the
        library: the reader's data here is never overwritten by an import.
        """
        now = self._now()
        new = known = 0
        changed = False
        for item in papers:
            paper = item.paper
            pid = self._duplicate_of(paper) or paper.id
            existing = self.papers.get(pid) or self._catalog.find_paper(pid)
            incoming = replace(paper, id=pid, added_at=now)
            merged = incoming if existing is None else existing.merged_with(incoming)
            if merged != existing:
                self.papers[pid] = merged
                self._keys.add(pid, merged.doi, merged.title, merged.year)
                changed = True
            new += existing is None
            known += existing is not None
            state = item.state
            if existing is None and not state.is_blank and pid not in self._states:
                self.states[pid] = replace(
                    state, paper_id=pid, read_at=now if state.read else None, updated_at=now
                )
        return FileImport(path, new_papers=new, known_papers=known, already_imported=not changed)

    def _duplicate_of(self, paper: Paper) -> str | None:
        if paper.id in self._catalog or paper.id in self.papers:
            return paper.id
        found = self._keys.find(paper.doi, paper.title, paper.year)
        return found or self._catalog.find_duplicate(paper.doi, paper.title, paper.year)
