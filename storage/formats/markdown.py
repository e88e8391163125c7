"""An annotated reading list in Markdown, grouped by the seed's case report."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Final

from ..records import Source
from .common import ExportEntry, citation_line
from .items import bibtex_fields, field_map, text


def write_markdown(entries: Sequence[ExportEntry]) -> str:
    """Each source's case report as a heading, its papers as a checklist with notes."""
    groups: dict[str | None, list[ExportEntry]] = {}
    sources: dict[str, Source] = {}
    for item in entries:
        source = item.sources[0] if item.sources else None
        if source is not None:
            sources[source.id] = source
        groups.setdefault(source.id if source else None, []).append(item)
    read = sum(item.entry.state.read for item in entries)
    lines = ["# Reading list", "", f"{len(entries)} papers, {read} read.", ""]
    ordered = sorted(groups.items(), key=lambda group: group[0] is None)  # "Other" last
    for source_id, items in ordered:
        if source_id is None:
            lines += ["## Other papers", ""]
        else:
            source = sources[source_id]
            lines += [
                f"## {_inline(source.tldr)}",
                "",
                f"*Seed document: {_inline(source.file_name)}*",
                "",
            ]
        for item in items:
            lines += _paper_lines(item)
    return "\n".join(lines).rstrip() + "\n"


def _paper_lines(item: ExportEntry) -> list[str]:
    paper, state = item.entry.paper, item.entry.state
    box = "x" if state.read else " "
    lines = [f"- [{box}] **{_inline(paper.display_title)}**"]
    if paper.title and paper.summary:
        lines.append(f"  {_inline(paper.summary)}")
    if paper.authors:
        lines.append(f"  {_inline('; '.join(paper.authors))}")
    key = f"`@{paper.key}` · " if paper.key else ""
    lines.append(f"  {key}{_inline(citation_line(paper, _volume_pages(item)))}")
    if state.tags:
        lines.append("  " + " ".join(f"`#{tag}`" for tag in state.tags))
    if state.note.strip():
        lines.append("")
        note = html.escape(state.note.strip(), quote=False)  # its Markdown stays, not HTML
        lines += [f"  > {line}".rstrip() for line in note.splitlines()]
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
