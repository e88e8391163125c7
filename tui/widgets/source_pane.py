"""The source pane: the selected seed's case report (TLDR, abstract) and reading progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from storage.records import Source, plural
from storage.text import visible

from ..commands import key_of
from ..keys import pane_help
from .kept_lines import KeptLines
from .scrolling import READING_KEYS


@dataclass(frozen=True, slots=True)
class SourceView:
    """What the pane shows: one source (or None for all papers) and its counts."""

    source: Source | None
    read: int
    total: int
    position: str
    """e.g. "seed 1 of 3", or "all 3 seeds"."""
    trash: bool = False
    """The trash is shown: `total` is how many papers it holds."""


class SourcePane(KeptLines, VerticalScroll, can_focus=True):
    """Shows the case report of the current seed, or a summary of the whole library."""

    BINDINGS: ClassVar[list[BindingType]] = READING_KEYS

    HELP = pane_help(
        "Source pane",
        READING_KEYS,
        "The case report of the selected seed document: its TLDR and abstract, and how "
        f"many of its related papers you have read. `{key_of('previous-source')}` and "
        f"`{key_of('next-source')}` switch seeds (or show all papers). Above it, the saved "
        f"searches ({key_of('saved-searches')} and a digit) and how many of their papers are "
        "still to read.",
    )

    def compose(self) -> ComposeResult:
        # First: the pane scrolls, and a long abstract would hide what comes after it.
        saved = Static(id="saved-searches", markup=False)
        saved.display = False  # until there is a saved search: no empty line
        yield saved
        yield Static(id="source-text")

    def show_saved(self, rows: list[tuple[int, str, int | None]]) -> None:
        """The saved searches, each with its key and how many of its papers are unread
        (⚠ for one whose query does not parse)."""
        line = Text("Saved: ", style="dim") if rows else Text()
        for number, name, unread in rows:
            key = f"'{number} " if number <= 9 else ""
            line.append(f"{key}", style="dim")
            line.append(name, style="bold")
            line.append(" ⚠  " if unread is None else f" {unread:,} unread  ")
        saved = self.query_one("#saved-searches", Static)
        saved.update(line)
        saved.display = bool(rows)

    _shown: tuple[Source | None, int, bool] | None = None

    def show(self, view: SourceView) -> None:
        """Display a source (or the all-papers summary); a new read count is cheap."""
        self.border_title = view.position
        self.border_subtitle = "" if view.trash else f"{view.read:,}/{view.total:,} read"
        if (view.source, view.total, view.trash) == self._shown:
            return
        self._shown = (view.source, view.total, view.trash)
        text = Text()
        if view.trash:
            text.append("Trash", style="bold")
            text.append(
                f"\n{plural(view.total, 'deleted paper')}, with their tags and notes. "
                "d restores the highlighted one; D goes back to the library."
            )
        elif view.source is None:
            text.append("All papers", style="bold")
            text.append(f"\n{view.total:,} papers from every seed and imported file.")
        else:
            text.append(visible(view.source.tldr), style="bold")
            text.append("\n")
            text.append(visible(view.source.abstract))
            text.append(f"\n{visible(view.source.file_name)}", style="dim")
        self.query_one("#source-text", Static).update(text)
