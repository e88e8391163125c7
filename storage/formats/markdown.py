"""An annotated reading list in Markdown, grouped by the seed's case report."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from typing import Final

from ..records import PaperDoc, Source, stored_texts
from .common import ExportEntry, citation_line, citation_text, date_text, joined_pieces
from .items import bibtex_fields, field_map, text


def markdown_pieces(entries: Sequence[ExportEntry]) -> Iterator[str]:
    """Each source's case report as a heading, its papers as a checklist with notes, in
    pieces (the white space that ends the text is held back from each, and dropped)."""
    held = ""
    for piece in joined_pieces(_blocks(entries), "\n"):
        shown = piece.rstrip()
        if shown:
            yield held + shown
            held = piece[len(shown) :]
        else:
            held += piece
    yield "\n"


def _blocks(entries: Sequence[ExportEntry]) -> Iterator[str]:
    """The lines of the document, a heading or a paper at a time."""
    groups: dict[str | None, list[ExportEntry]] = {}
    sources: dict[str, Source] = {}
    for item in entries:
        source = item.sources[0] if item.sources else None
        if source is not None:
            sources[source.id] = source
        groups.setdefault(source.id if source else None, []).append(item)
    read = sum(item.status == "read" for item in entries)
    yield "\n".join(["# Reading list", "", f"{len(entries)} papers, {read} read.", ""])
    ordered = sorted(groups.items(), key=lambda group: group[0] is None)  # "Other" last
    for source_id, items in ordered:
        if source_id is None:
            yield "## Other papers\n"
        else:
            source = sources[source_id]
            tldr, name = _inline(source.tldr), _inline(source.file_name)
            yield f"## {tldr}\n\n*Seed document: {name}*\n"
        for item in items:
            yield "\n".join(_paper_lines(item))


def _paper_lines(item: ExportEntry) -> list[str]:
    doc = item.plain_doc
    if doc is None:
        return record_lines(item)
    return plain_lines(item, doc)


def record_lines(item: ExportEntry) -> list[str]:
    """A paper's lines, from its records: the general way."""
    paper, state = item.entry.paper, item.entry.state
    shown = citation_line(paper, _volume_pages(item))
    return _lines(
        state.read,
        paper.title,
        paper.summary,
        paper.authors,
        paper.key,
        shown,
        state.tags,
        state.note,
    )


def plain_lines(item: ExportEntry, doc: PaperDoc) -> list[str]:
    """`record_lines` read straight from a plain document (see `ExportEntry.plain_doc`),
    whose paper has no bibliography fields for a volume and pages."""
    date = date_text(doc.get("year"), doc.get("month"))
    shown = citation_text(doc.get("journal", ""), date, doc.get("citations"), doc.get("doi", ""))
    return _lines(
        item.status == "read",
        doc.get("title", ""),
        doc.get("summary", ""),
        stored_texts(doc.get("authors")),
        doc.get("key", ""),
        shown,
        item.tags,
        item.note,
    )


def _lines(
    read: bool,
    title: str,
    summary: str,
    authors: Sequence[str],
    key: str,
    citation: str,
    tags: Sequence[str],
    note: str,
) -> list[str]:
    box = "x" if read else " "
    lines = [f"- [{box}] **{_inline(title or summary)}**"]
    if title and summary:
        lines.append(f"  {_inline(summary)}")
    if authors:
        lines.append(f"  {_inline('; '.join(authors))}")
    shown_key = f"`@{key}` · " if key else ""
    lines.append(f"  {shown_key}{_inline(citation)}")
    if tags:
        lines.append("  " + " ".join(f"`#{tag}`" for tag in tags))
    if note.strip():
        lines.append("")
        escaped = html.escape(note.strip(), quote=False)  # its Markdown stays, not HTML
        lines += [f"  > {line}".rstrip() for line in escaped.splitlines()]
    lines.append("")
    return lines


def _volume_pages(item: ExportEntry) -> str:
    """`9(2):466–470` from a bibliography's fields (empty for a seed paper)."""
    paper = item.entry.paper
    if not (paper.fields or paper.ris):
        return ""
    fields = field_map(bibtex_fields(paper))
    volume, issue, pages = (
        text(fields[name]) if name in fields else "" for name in ("volume", "number", "pages")
    )
    result = volume + (f"({issue})" if issue and volume else "")
    return result + (f":{pages}" if pages and result else pages)


def _inline(text: str) -> str:
    """Data as text inside one Markdown line: no accidental emphasis, links or line
    breaks, and no raw HTML (a `<script>` or `<img onerror=...>` in a title would run in
    whatever renders the list)."""
    words = html.escape(" ".join(text.split()), quote=False)
    return _MARKDOWN_PUNCTUATION.sub(r"\\\g<0>", words)


_MARKDOWN_PUNCTUATION: Final = re.compile(r"[\\`*_\[\]]")
