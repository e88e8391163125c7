"""One import: the files' papers merged with the library's, ready for one atomic write.

Parsing happens before the library is locked (it can take seconds); merging happens
under the lock, against the catalog as it is on disk at that moment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .citation_keys import KeyRegistry, base_key, seed_key
from .duplicates import DuplicateKeys, Identity
from .errors import BadInputError
from .formats import ImportedPaper, bibliography_kind, read_bibliography
from .progress import ImportProgress
from .records import Paper, PaperDoc, ReadingState, Source, SourceDoc, StateDoc, plural
from .seeds import SeedDocument, check_unchanged, parse_seed, read_document
from .state_fields import Field, Value, tag_field
from .steps import CatalogEdit
from .text import strip_controls

Parsed = SeedDocument | list[ImportedPaper] | BadInputError
"""A file ready to merge: a seed document, a bibliography, or why it was refused."""


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """One file read for import."""

    path: str
    content: Parsed
    controls_removed: int = 0
    """Control characters removed before parsing."""
    cleaned_lines: tuple[int, ...] = ()
    """Lines from which they were removed."""


def parse_import(path: Path, progress: ImportProgress | None = None) -> ParsedFile:
    """Read and parse one file to import (seed, BibTeX or RIS), or say why not; a
    bibliography's entries are counted on `progress`.

    Control characters (an escape sequence in a summary, say) are removed first: no
    imported text ever holds one. A file that changed while it was read and parsed (a
    program still writing it) is refused: what was read may be half of it.
    """
    try:
        raw, version = read_document(path)
        text, removed, cleaned = strip_controls(raw)
        kind = bibliography_kind(path, text[:200])
        if kind is None:
            content: Parsed = parse_seed(text, path)
        else:
            what = f"Reading the entries of {path.name}"
            tick = partial(progress.step, what) if progress is not None else None
            content = read_bibliography(path, text, kind, tick)
        check_unchanged(path, version)
    except BadInputError as error:
        return ParsedFile(str(path), error)
    return ParsedFile(str(path), content, removed, cleaned)


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
    in_trash: int = 0
    """Papers of the file that the reader deleted: they stay in the trash."""
    renamed_keys: int = 0
    """New papers whose citation key another paper already had: they got a suffix."""
    controls_removed: int = 0
    """Control characters removed on import."""
    cleaned_lines: tuple[int, ...] = ()
    """Lines from which they were removed."""
    error: str | None = None
    """Why the file was refused; nothing from it was imported."""

    def describe(self) -> str:
        """What happened to the file, in one sentence (the CLI and the app say the same)."""
        name = Path(self.path).name
        if self.error is not None:
            return f"refused {self.error}; nothing imported from it"
        trash = f"; {plural(self.in_trash, 'paper')} of it in the trash" if self.in_trash else ""
        if self.already_imported:
            return f"{name}: already imported, nothing changed{trash}" + self._cleaned()
        known = f", {self.known_papers:,} already in the library" if self.known_papers else ""
        renamed = ""
        if self.renamed_keys:
            keys = plural(self.renamed_keys, "citation key")
            renamed = f"; {keys} already taken, given a suffix (a, b, ...)"
        news = f"{name}: {plural(self.new_papers, 'new paper')}{known}{trash}{renamed}"
        return news + self._cleaned()

    def _cleaned(self) -> str:
        if not self.cleaned_lines:
            return ""
        shown = ", ".join(map(str, self.cleaned_lines[:5]))
        more = f" and {len(self.cleaned_lines) - 5:,} more" if len(self.cleaned_lines) > 5 else ""
        where = "line" if len(self.cleaned_lines) == 1 else "lines"
        removed = plural(self.controls_removed, "control character")
        return f"; {removed} removed from {where} {shown}{more}"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of one import command."""

    files: tuple[FileImport, ...]

    @property
    def failed(self) -> tuple[FileImport, ...]:
        """The files that were refused."""
        return tuple(item for item in self.files if item.error is not None)

    @property
    def new_papers(self) -> int:
        """Papers new to the library, over every file."""
        return sum(item.new_papers for item in self.files)

    def describe(self) -> str:
        """The import as one undo step's words: `imported 2 files: 9 new papers`."""
        accepted = len(self.files) - len(self.failed)
        return f"imported {plural(accepted, 'file')}: {plural(self.new_papers, 'new paper')}"


class ImportBatch:
    """Sources, papers and reading states to write, gathered file by file."""

    def __init__(
        self, catalog: Catalog, states: Mapping[str, StateDoc], now: Callable[[], datetime]
    ) -> None:
        self._catalog = catalog
        self._states = states
        self._now = now
        self.sources: dict[str, Source] = {}
        self._replaced: dict[str, Paper] = {}
        """Papers of the library that this import changes."""
        self._added: dict[str, PaperDoc] = {}
        """Papers new to the library, as their catalog documents: nearly every paper of a
        large import, which then never needs a record (see `SeedDocument.to_docs`)."""
        self.states: dict[str, dict[Field, Value]] = {}
        """Reading state carried by bibliographies, for papers new to the library."""
        self._keys = DuplicateKeys()
        self._citation_keys: KeyRegistry | None = None

    def _seed_key(self, paper_id: str, journal: str, year: int | None, summary: str) -> str:
        """A new seed paper's citation key; "" for a paper the library already has."""
        if paper_id in self._added or paper_id in self._catalog:
            return ""
        if self._citation_keys is None:
            self._citation_keys = KeyRegistry(self._catalog.citation_keys())
        return self._citation_keys.claim(seed_key(journal, year, summary))

    def _with_key(self, paper: Paper, **changes: Any) -> tuple[Paper, bool]:
        """A new paper with its citation key (and `changes`): its own key if free, else
        one generated or suffixed to be unique in the library; and whether its own key
        was taken."""
        if self._citation_keys is None:
            self._citation_keys = KeyRegistry(self._catalog.citation_keys())
        wanted = paper.key or base_key(
            authors=paper.authors,
            journal=paper.journal,
            year=paper.year,
            title=paper.title,
            summary=paper.summary,
        )
        key = self._citation_keys.claim(wanted)
        return replace(paper, key=key, **changes), bool(paper.key) and key != paper.key

    def add(self, parsed: ParsedFile) -> FileImport:
        """Merge one parsed file into the batch."""
        content, path = parsed.content, parsed.path
        if isinstance(content, BadInputError):
            return FileImport(path, error=str(content))
        if isinstance(content, SeedDocument):
            outcome = self._add_document(content, path)
        else:
            outcome = self._add_bibliography(content, path)
        return replace(
            outcome, controls_removed=parsed.controls_removed, cleaned_lines=parsed.cleaned_lines
        )

    def _add_document(self, document: SeedDocument, path: str) -> FileImport:
        """Merge one document into the batch (the caller writes it, all at once)."""
        source, docs = document.to_docs(self._now(), self._seed_key)
        known_source = self.sources.get(source.id) or self._catalog.sources.get(source.id)
        changed = False
        new = known = 0
        for doc in docs:
            existing = self._paper(doc["id"])
            if existing is None:
                self._added[doc["id"]] = doc
                changed = True
            elif (merged := existing.merged_with(Paper.from_doc(doc))) != existing:
                self._keep(merged)
                changed = True
            if "kind" not in doc:  # a related paper: only reports say their kind
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
            in_trash=self._in_trash(doc["id"] for doc in docs),
        )

    def _paper(self, paper_id: str) -> Paper | None:
        """The paper as this import has made it so far, else as the library has it."""
        if (paper := self._replaced.get(paper_id)) is not None:
            return paper
        if (doc := self._added.get(paper_id)) is not None:
            return Paper.from_doc(doc)
        return self._catalog.find_paper(paper_id)

    def _keep(self, paper: Paper) -> None:
        """Keep a paper this import adds or changes, in its place among the others."""
        if paper.id in self._catalog:
            self._replaced[paper.id] = paper
        else:
            self._added[paper.id] = paper.to_doc()

    def _add_bibliography(self, papers: list[ImportedPaper], path: str) -> FileImport:
        """Merge a bibliography's papers into the batch; duplicates are merged, not added.

        A paper is the same as one already here when it has papershelf's id (it was
        exported from papershelf), or the same PubMed or arXiv id, DOI, citation key
        (and year), or normalised title and year (see `DuplicateKeys`). The file's tags,
        note, status and priority are taken only for papers new to the library: the reader's
        data here is never overwritten by an import, nor is a paper's citation key.
        """
        now = self._now()
        new = known = renamed = 0
        changed = False
        ids: list[str] = []
        for item in papers:
            paper = item.paper
            identity = Identity.of(paper)
            pid = self._duplicate_of(paper, identity) or paper.id
            existing = self._paper(pid)
            if existing is None:
                merged, was_renamed = self._with_key(paper, id=pid, added_at=now)
                renamed += was_renamed
                identity = identity.with_key(merged.key)  # all else is the paper's
            else:
                incoming = replace(paper, id=pid, added_at=now)
                own, gaps = _to_merge(existing, incoming)
                merged = own.merged_with(gaps)
                identity = Identity.of(merged)
            if merged != existing:
                self._keep(merged)
                self._keys.add(pid, identity)
                changed = True
            new += existing is None
            known += existing is not None
            if existing is None and not item.state.is_blank and pid not in self._states:
                self.states[pid] = _values(item.state)
            ids.append(pid)
        return FileImport(
            path,
            new_papers=new,
            known_papers=known,
            already_imported=not changed,
            in_trash=self._in_trash(ids),
            renamed_keys=renamed,
        )

    def _in_trash(self, paper_ids: Iterable[str]) -> int:
        states = self._states
        if not states:  # a new library's first import: nothing to look up
            return 0
        return sum(1 for pid in paper_ids if (doc := states.get(pid)) and doc.get("deleted"))

    def paper_docs(self) -> list[PaperDoc]:
        """Every paper of the catalog after this import: changed ones in their place,
        new ones at the end, so that no paper changes its number."""
        replaced = {pid: paper.to_doc() for pid, paper in self._replaced.items()}
        docs = [replaced.pop(doc["id"], doc) for doc in self._catalog.docs]
        return docs + list(self._added.values())

    def source_docs(self) -> list[SourceDoc]:
        """Every source after this import, new ones at the end."""
        known = [source.to_doc() for source in self._catalog.sources.values()]
        return known + [source.to_doc() for source in self.sources.values()]

    @property
    def changed(self) -> bool:
        """Whether the import changes the library at all."""
        return bool(self._replaced or self._added or self.sources or self.states)

    def edit(self) -> CatalogEdit:
        """What this import does to the catalog, for its undo step."""
        catalog = self._catalog
        return CatalogEdit(
            papers_added=tuple(self._added),
            sources_added=tuple(self.sources),
            papers_replaced={pid: catalog.docs[catalog.number(pid)] for pid in self._replaced},
        )

    def _duplicate_of(self, paper: Paper, identity: Identity) -> str | None:
        if paper.id in self._catalog or paper.id in self._added:
            return paper.id
        return self._keys.find(identity) or self._catalog.find_duplicate(identity)


def _to_merge(existing: Paper, incoming: Paper) -> tuple[Paper, Paper]:
    """A paper already here and what of an imported record fills its gaps, to merge: the
    record replaces nothing the paper had, in any format.

    An RIS record merged into a paper from BibTeX fills its fields as BibTeX fields, and
    its lines are dropped: the paper's RIS export stays the one its BibTeX entry makes.
    A BibTeX entry merged into a paper from RIS fills the fields its RIS record makes,
    and the record stays its RIS export. A seed paper coming back from papershelf's own
    export keeps no fields: they are the ones papershelf makes for it (other fields the
    file added are kept). The file's `keywords` and `annote` are the reader's tags and
    note, which an import never changes, so they do not fill gaps either; nor do JabRef's
    `readstatus` and `priority`, the reader's status and priority.
    """
    from .formats.items import bibtex_fields, bibtex_from_ris

    if existing.fields and incoming.ris and not incoming.fields:
        incoming = replace(incoming, fields=bibtex_from_ris(incoming.ris)[1], ris=())
    fields = tuple(item for item in incoming.fields if item[0].lower() not in _READER_FIELDS)
    if fields and existing.ris and not existing.fields:
        own = bibtex_from_ris(existing.ris)[1]
        names = {name.lower() for name, _ in own}
        if all(name.lower() in names for name, _ in fields):
            fields = ()
        else:
            existing = replace(existing, fields=own)
    elif fields and not existing.fields:
        made = set(bibtex_fields(existing))
        if all(item in made for item in fields):
            fields = ()
    return existing, replace(incoming, fields=fields)


_READER_FIELDS = frozenset(["keywords", "annote", "readstatus", "priority"])


def _values(state: ReadingState) -> dict[Field, Value]:
    """The fields a bibliography's status, priority, tags and note set on a new paper."""
    values: dict[Field, Value] = {tag_field(tag): tag for tag in state.tags}
    if state.status != "new":
        values["status"] = state.status
    if state.priority:
        values["priority"] = state.priority
    if state.note:
        values["note"] = state.note
    return values
