"""What `y` copies: a paper's key, `[@key]`, link, formatted citation, BibTeX or note.

Plain functions of the library and the papers chosen (the marked ones, else the
highlighted one), so that the command line, the menu and the tests share them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from storage import BadInputError, Entry, ExportFormat, Library, plural
from storage.links import paper_link


@dataclass(frozen=True, slots=True)
class CopyChoice:
    """One line of the copy menu."""

    id: str
    key: str
    """The key that picks it in the menu (a Textual key name)."""
    label: str


COPY_CHOICES: Final = (
    CopyChoice("key", "k", "citation key"),
    CopyChoice("pandoc", "p", "[@key] (Pandoc, Quarto)"),
    CopyChoice("link", "l", "DOI or URL"),
    CopyChoice("citation", "c", "formatted citation"),
    CopyChoice("bibtex", "b", "BibTeX entry"),
    CopyChoice("note", "n", "note"),
)
"""The copy menu, in order."""


def copy_text(library: Library, choice: str, paper_ids: Sequence[str], style: str) -> str:
    """The text `choice` copies for the papers, one per line where there are several.

    Raises:
        BadInputError: none of the papers has what was asked for (no DOI, no note).
        UnknownStyleError: the citation style is unknown.
    """
    entries = [library.entry(paper_id) for paper_id in paper_ids]
    if choice == "key":
        return "\n".join(entry.paper.key for entry in entries)
    if choice == "pandoc":
        return "[" + "; ".join(f"@{entry.paper.key}" for entry in entries) + "]"
    if choice == "citation":
        from storage.citations import format_bibliography

        return "\n".join(format_bibliography([entry.paper for entry in entries], style))
    if choice == "bibtex":
        return library.export_papers(ExportFormat.BIBTEX, paper_ids).text.strip() + "\n"
    found = [text for entry in entries if (text := _field(entry, choice))]
    if not found:
        noun = "DOI or URL" if choice == "link" else "note"
        whose = "the paper has" if len(entries) == 1 else "none of the papers has"
        raise BadInputError(f"{whose} no {noun}")
    return ("\n\n" if choice == "note" else "\n").join(found)


def _field(entry: Entry, choice: str) -> str:
    return (paper_link(entry.paper) or "") if choice == "link" else entry.state.note.strip()


def copied_words(choice: str, text: str, count: int) -> str:
    """The notification after copying: what, of how many papers, and a glimpse of it."""
    label = next(item.label for item in COPY_CHOICES if item.id == choice)
    glimpse = text.strip().splitlines()[0] if text.strip() else ""
    if len(glimpse) > 60:
        glimpse = glimpse[:59] + "…"
    of = f" of {plural(count, 'paper')}" if count > 1 else ""
    return f"Copied the {label}{of}: {glimpse}"
