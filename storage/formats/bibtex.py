"""BibTeX and BibLaTeX in and out: every entry comes back with its type, key and fields.

An imported entry keeps its fields exactly as the file wrote them (LaTeX, braces,
order, custom fields such as `bibsource`, `file` or `groups`), and export writes them
back; only the fields papershelf shows are decoded, for display and search (see
`latex`). The reader's tags and note are written as `keywords` and `annote`, the
status and priority as JabRef writes them (`readstatus = {read|skimmed}`, `priority =
{prio1..3}`), the file's own spelling kept while they are unchanged, and papershelf's
`papershelf-*` fields carry what BibTeX cannot (id, read mark, the statuses JabRef
lacks, summary, citations).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import chain
from pathlib import Path
from typing import Final

from ..errors import BibliographyFormatError
from ..records import (
    Entry,
    PaperDoc,
    ReadingState,
    normalise_tags,
    stored_text,
)
from .bib_scanner import ScanError, ScannedEntry, scan
from .common import (
    CITATIONS_FIELD,
    ID_FIELD,
    JABREF_STATUSES,
    READ_FIELD,
    STATUS_FIELD,
    SUMMARY_FIELD,
    ExportEntry,
    ImportedPaper,
    Tick,
    citation_count,
    first_text,
    imported_paper,
    joined_pieces,
    priority_of,
    split_keywords,
    status_of,
)
from .items import (
    OWN_PREFIX,
    bibtex_fields,
    bibtex_type,
    braced,
    described,
    field_map,
    plain_fields,
    plain_type,
    text,
)
from .latex import decode_text, latex_escape

__all__ = ["bibtex_pieces", "latex_escape", "read_bibtex"]


def read_bibtex(text: str, path: Path | str, tick: Tick | None = None) -> list[ImportedPaper]:
    """Every entry of a .bib file; @string, @preamble and @comment blocks are allowed.
    `tick` is told of each entry read.

    Raises:
        BibliographyFormatError: a block does not parse, an entry has no title, or the
            file has no entries at all.
    """
    try:
        scanned = scan(text)
    except ScanError as error:
        raise BibliographyFormatError(path, error.line, error.block, error.problem) from None
    if not scanned.entries:
        problem = "no entries found (an entry starts like @article{key, ...)"
        raise BibliographyFormatError(path, 0, "", problem)
    preamble = "".join(f"@preamble{{{value}}}\n" for value in scanned.preambles)
    by_key = {entry.key.casefold(): entry for entry in scanned.entries}
    total = len(scanned.entries)
    papers = []
    for number, entry in enumerate(scanned.entries, 1):
        papers.append(_imported(entry, by_key, preamble, path))
        if tick is not None:
            tick(number, total)
    return papers


def _imported(
    entry: ScannedEntry, by_key: Mapping[str, ScannedEntry], preamble: str, path: Path | str
) -> ImportedPaper:
    values = field_map(entry.fields)
    own = {name: text(value) for name, value in values.items() if name.startswith(OWN_PREFIX)}
    crossref = by_key.get(text(values["crossref"]).casefold()) if "crossref" in values else None
    shown = described(values, field_map(crossref.fields) if crossref else {})
    summary = own.get(SUMMARY_FIELD, "")
    if not shown.title and not summary:
        raise BibliographyFormatError(
            path, entry.line, f"@{entry.entry_type}{{{entry.key}", "has no title"
        )
    citations = citation_count(
        first_text(own, CITATIONS_FIELD), path, entry.line, f"@{entry.entry_type}{{{entry.key}"
    )
    return imported_paper(
        line=entry.line,
        shown=shown,
        summary=summary,
        citations=citations,
        known_id=first_text(own, ID_FIELD),
        tags=split_keywords(text(values.get("keywords", ""))),
        note=decode_text(values["annote"][1:-1]) if "annote" in values else "",
        status=status_of(
            first_text(own, STATUS_FIELD),
            text(values.get("readstatus", "")),
            first_text(own, READ_FIELD),
        ),
        priority=priority_of(text(values.get("priority", ""))),
        key=entry.key,
        entry_type=entry.entry_type,
        fields=tuple(item for item in entry.fields if not item[0].lower().startswith(OWN_PREFIX))
        if own
        else entry.fields,
        preamble=preamble,
    )


def bibtex_pieces(entries: Sequence[ExportEntry]) -> Iterator[str]:
    """A .bib file, in pieces: the entries' own fields, then tags (`keywords`), the note
    (`annote`), JabRef's `readstatus` and `priority`, and papershelf's fields; the
    @preamble blocks the entries came with go first."""
    preambles = dict.fromkeys(
        preamble for item in entries if (preamble := stored_text(item.doc.get("preamble")))
    )
    return joined_pieces(chain(preambles, map(entry_text, entries)), "\n")


def entry_text(item: ExportEntry) -> str:
    """One entry, from its records, or straight from a plain document."""
    doc = item.plain_doc
    return record_entry_text(item.entry) if doc is None else plain_entry_text(item, doc)


def record_entry_text(entry: Entry) -> str:
    """One entry from its records: the general way."""
    paper, state = entry.paper, entry.state
    fields = _with_reader_data(list(bibtex_fields(paper)), state)
    summary = braced(paper.summary) if paper.summary else ""
    return _entry_lines(
        bibtex_type(paper), paper.key or paper.id, fields, paper.id, summary,
        paper.citations, state.status,
    )  # fmt: skip


def plain_entry_text(item: ExportEntry, doc: PaperDoc) -> str:
    """`record_entry_text` read straight from a plain document (see
    `ExportEntry.plain_doc`): its fields are made from papershelf's own, which name none
    of the four the reader's data goes in, so that data is appended."""
    paper_id, summary = doc.get("id", ""), doc.get("summary", "")
    fields = list(plain_fields(doc))
    if not summary:
        shown_summary = ""
    elif doc.get("title"):
        shown_summary = braced(summary)
    else:  # the first field, its title, is the summary braced: escaped once, not twice
        shown_summary = fields[0][1]
    status = item.status
    reader = reader_values(status, item.state_doc.get("priority"), item.tags, item.note)
    fields.extend((name, value) for name, value in reader if value)
    key = doc.get("key") or paper_id
    return _entry_lines(
        plain_type(doc), key, fields, paper_id, shown_summary, doc.get("citations"), status
    )


def _entry_lines(
    entry_type: str,
    key: str,
    fields: list[tuple[str, str]],
    paper_id: str,
    summary: str,
    citations: int | None,
    status: str,
) -> str:
    """An entry's text: its fields, then papershelf's own (id, summary, citations, read
    mark, a status JabRef lacks); `summary` as written, braced ("" for none)."""
    fields.append((ID_FIELD, "{" + paper_id + "}"))
    if summary:
        fields.append((SUMMARY_FIELD, summary))
    if citations is not None:
        fields.append((CITATIONS_FIELD, "{" + str(citations) + "}"))
    fields.append((READ_FIELD, "{true}" if status == "read" else "{false}"))
    if status not in JABREF_STATUSES | {"new"}:
        fields.append((STATUS_FIELD, "{" + status + "}"))
    lines = [f"@{entry_type}{{{key},"]
    lines += [f"  {name} = {value}," for name, value in fields]
    return "\n".join(lines) + "\n}\n"


def _with_reader_data(fields: list[tuple[str, str]], state: ReadingState) -> list[tuple[str, str]]:
    """The fields with `keywords`, `annote`, `readstatus` and `priority` holding the
    reader's tags, note, status (JabRef's two: read, skimmed) and priority: the file's
    own value where it still says the same, else the reader's."""
    wanted = reader_values(state.status, state.priority, state.tags, state.note)
    first = first_positions(fields)
    if first.keys().isdisjoint(_READER_FIELDS):  # most papers: nothing to compare
        fields.extend((name, value) for name, value in wanted if value)
        return fields
    return merged_reader_data(fields, wanted, first, state)


def reader_values(
    status: str, priority: int | None, tags: Sequence[str], note: str
) -> tuple[tuple[str, str], ...]:
    """The reader's data as the four fields hold it (empty: the field is left out)."""
    jabref_status = status if status in JABREF_STATUSES else ""
    shown_priority = f"prio{priority}" if priority else ""
    return (
        ("keywords", braced(", ".join(tags)) if tags else ""),
        ("annote", braced(note) if note.strip() else ""),
        ("readstatus", braced(jabref_status) if jabref_status else ""),
        ("priority", braced(shown_priority) if shown_priority else ""),
    )


def first_positions(fields: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Each field name's first position, found in one pass over them."""
    first: dict[str, int] = {}
    for number, (written_name, _) in enumerate(fields):
        first.setdefault(written_name.lower(), number)
    return first


def merged_reader_data(
    fields: list[tuple[str, str]],
    wanted: tuple[tuple[str, str], ...],
    first: Mapping[str, int],
    state: ReadingState,
) -> list[tuple[str, str]]:
    """`_with_reader_data` field by field: each of the four the file wrote is kept
    while it says what the reader's data says, else replaced or dropped."""
    same: dict[str, Callable[[str], bool]] = {
        "keywords": lambda written: normalise_tags(split_keywords(text(written))) == state.tags,
        "annote": lambda written: decode_text(written[1:-1]) == state.note.strip(),
        "readstatus": lambda written: status_of(text(written)) == state.status,
        "priority": lambda written: priority_of(text(written)) == state.priority,
    }
    dropped: set[int] = set()
    for name, value in wanted:
        position = first.get(name)
        if position is not None:
            if same[name](fields[position][1]):
                continue
            if value:
                fields[position] = (fields[position][0], value)
            else:
                dropped.add(position)  # after the others: positions stay as found
        elif value:
            fields.append((name, value))
    return [field for i, field in enumerate(fields) if i not in dropped] if dropped else fields


_READER_FIELDS: Final = frozenset(["keywords", "annote", "readstatus", "priority"])
"""The fields `_with_reader_data` fills with the reader's data."""
