"""The detail pane: everything about the highlighted paper, its tags and its note."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from storage import Entry


class PaperDetail(VerticalScroll, can_focus=True):
    """Renders one paper; scrolls when focused."""

    HELP = """
## Detail pane

Every field of the highlighted paper, its tags and its note (Markdown).
`n` edits the note, `t` / `T` add and remove tags.
"""

    entry: Entry | None = None
    """The paper on display."""

    def compose(self) -> ComposeResult:
        yield Static(id="detail-fields")
        yield Markdown(id="detail-note")

    _source_names: list[str] | None = None
    _note: str | None = None

    def show(self, entry: Entry | None, source_names: list[str]) -> None:
        """Display a paper (None clears the pane); showing the same paper again is free."""
        if entry == self.entry and source_names == self._source_names and entry is not None:
            return
        self.entry = entry
        self._source_names = source_names
        fields = self.query_one("#detail-fields", Static)
        note = self.query_one("#detail-note", Markdown)
        if entry is None:
            fields.update(Text("No paper selected.", style="dim"))
            self._show_note(note, "")
            return
        paper, state = entry.paper, entry.state
        heading = Text(paper.display_title, style="bold")
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim", no_wrap=True)
        table.add_column()
        if paper.title:
            table.add_row("Summary", paper.summary)
        if paper.authors:
            table.add_row("Authors", "; ".join(paper.authors))
        table.add_row("Journal", paper.journal or "—")
        table.add_row("Date", paper.date_text or "—")
        table.add_row("Cited by", "unknown" if paper.citations is None else f"{paper.citations:,}")
        read = "read" if state.read else "unread"
        if state.read and state.read_at:
            read += f" ({state.read_at:%Y-%m-%d})"
        table.add_row("State", read)
        table.add_row("Tags", ", ".join(state.tags) or "—")
        if paper.doi:
            table.add_row("DOI", paper.doi)
        if paper.url:
            table.add_row("URL", paper.url)
        table.add_row("Sources", ", ".join(source_names) or "—")
        table.add_row("Id", paper.id)
        parts: list[RenderableType] = [heading, Text(), table]
        if paper.abstract:
            parts += [Text(), Text(paper.abstract)]
        fields.update(Group(*parts))
        self._show_note(note, state.note)

    def _show_note(self, widget: Markdown, note: str) -> None:
        """Re-render the note only when it changed: Markdown is the pane's costly part."""
        if note == self._note:
            return
        self._note = note
        widget.display = bool(note)
        widget.update(f"---\n\n{note}" if note else "")
