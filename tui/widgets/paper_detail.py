"""The detail pane: everything about the highlighted paper, its tags and its note."""

from __future__ import annotations

from typing import ClassVar, Final

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.strip import Strip

from storage.links import doi_url, safe_url
from storage.records import Entry
from storage.text import visible

from ..commands import key_of
from ..keys import pane_help
from .scrolling import READING_KEYS, LineView

_NOTHING: RenderableType = Text("No paper highlighted.", style="dim")
_PRIORITY_WORDS = {1: "high", 2: "medium", 3: "low"}


class PaperDetail(LineView, can_focus=True):
    """One paper, drawn once into lines; scrolls when focused.

    A line-drawn view rather than widgets: while the reader types a search the top
    paper changes at many keystrokes, and a pane of widgets whose height changes
    re-lays out the whole screen, twice. Here a new paper is one render and a repaint.
    """

    BINDINGS: ClassVar[list[BindingType]] = READING_KEYS

    HELP = pane_help(
        "Detail pane",
        READING_KEYS,
        "Every field of the highlighted paper (with its citation key and, from a "
        "bibliography, every field the file had), its tags and its note (Markdown); the "
        f"keys of the list (`{key_of('edit-note')}` note, `{key_of('add-tags')}` / "
        f"`{key_of('remove-tag')}` tags, `{key_of('citation')}` the formatted citation...) "
        "work here too.",
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entry: Entry | None = None
        """The paper on display."""
        self._source_names: list[str] = []
        self._citation: str | None = None
        self._content: RenderableType = ""
        """Blank until the first `show`, not "no paper": the screen's first frame may
        come before the pane is given the paper it has."""
        self._lines: list[Strip] = []

    @property
    def text(self) -> str:
        """The pane's text, line by line, as drawn at its current width."""
        return "\n".join(line.text.rstrip() for line in self._lines)

    def show(
        self, entry: Entry | None, source_names: list[str], citation: str | None = None
    ) -> None:
        """Display a paper (None clears the pane); showing the same paper again is free.

        Args:
            entry: the paper.
            source_names: the seed documents that list it.
            citation: its formatted citation, shown under the title when given.

        A different paper starts at the top; the same paper with new tags, note or
        read state keeps the reader's place.
        """
        if (entry, source_names, citation) == (self.entry, self._source_names, self._citation):
            return
        new_paper = entry is None or self.entry is None or entry.id != self.entry.id
        self.entry = entry
        self._source_names = source_names
        self._citation = citation
        self._content = _NOTHING if entry is None else _describe(entry, source_names, citation)
        self._draw(from_top=new_paper)

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._draw()

    def _draw(self, *, from_top: bool = False) -> None:
        """Render the content into lines at the pane's width (once per paper or size)."""
        width = self.scrollable_content_region.width
        if not self.is_mounted or width <= 0:
            return
        top = self.scroll_offset.y
        before = {
            top + y: self.content_line(top + y, width)
            for y in range(self.scrollable_content_region.height)
        }
        console = self.app.console
        options = self.app.console_options.update(highlight=False, width=width, height=None)
        lines = console.render_lines(self._content, options, style=self.rich_style, pad=True)
        self._lines = [Strip(line, width) for line in lines]
        self.set_content_height(len(self._lines))
        if from_top:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.repaint_changed_lines(before, top)

    def content_line(self, index: int, width: int) -> Strip:
        if index < len(self._lines):
            return self._lines[index]
        return Strip.blank(width, self.rich_style)


def _link(text: str, url: str) -> Text:
    """A terminal hyperlink (OSC 8), folded at the pane's edge rather than cut off, so
    that the whole address can be read, selected or clicked."""
    return Text(text, style=Style(link=url, underline=True), overflow="fold")


def _describe(entry: Entry, source_names: list[str], citation: str | None) -> RenderableType:
    """The paper as one renderable: title, a field table, the abstract, the note.

    Everything from the library is a `Text`, never a markup string (a title with
    `[b]` in it is shown as written), and passes through `visible` (an escape sequence
    in a note is shown, not sent to the terminal).
    """
    paper, state = entry.paper, entry.state
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()

    def row(label: str, value: str) -> None:
        table.add_row(Text(label), Text(visible(value)))

    if paper.title and paper.summary:
        row("Summary", paper.summary)
    if paper.authors:
        row("Authors", "; ".join(paper.authors))
    row("Journal", paper.journal or "—")
    row("Date", paper.date_text or "—")
    row("Cited by", "unknown" if paper.citations is None else f"{paper.citations:,}")
    status = state.status
    if state.read and state.read_at:
        status += f" ({state.read_at:%Y-%m-%d})"
    row("Status", status)
    if state.priority:
        row("Priority", f"{state.priority} ({_PRIORITY_WORDS[state.priority]})")
    row("Tags", ", ".join(state.tags) or "—")
    if paper.doi:
        table.add_row(Text("DOI"), _link(paper.doi, doi_url(paper.doi)))
    if paper.url:
        table.add_row(Text("URL"), _link(paper.url, safe_url(paper.url)))
    if paper.fields or paper.ris:
        from storage.formats.items import shown_fields  # loads with the first such paper

        row("Type", paper.bibtex_type)
        for name, value in shown_fields(paper):
            row(name, value)
    row("Sources", ", ".join(source_names) or "—")
    row("Key", paper.key or "—")
    row("Id", paper.id)
    parts: list[RenderableType] = [Text(visible(paper.display_title), style="bold")]
    if citation:
        parts += [Text(), Text(visible(citation), style="italic")]
    parts += [Text(), table]
    if paper.abstract:
        parts += [Text(), Text(visible(paper.abstract))]
    if state.note:
        parts += [Rule(style="dim"), *_note_parts(state.note)]
    return Group(*parts)


SHOWN_NOTE_CHARACTERS: Final = 8_000
"""How much of a note the pane renders as Markdown. Parsing is on the event loop at each
highlight: a 200 KB note held the keys for a second, a 2 MB one for half a minute."""


def _note_parts(note: str) -> list[RenderableType]:
    """A note as Markdown; a long one cut at a paragraph within `SHOWN_NOTE_CHARACTERS`,
    with how much more there is and where to read it."""
    from rich.markdown import Markdown  # Markdown parsing loads with the first note

    if len(note) <= SHOWN_NOTE_CHARACTERS:
        return [Markdown(visible(note))]
    cut = note.rfind("\n\n", 0, SHOWN_NOTE_CHARACTERS)
    shown = note[: cut if cut > 0 else SHOWN_NOTE_CHARACTERS]
    more = f"… {len(note) - len(shown):,} more characters of the note: n opens it whole"
    return [Markdown(visible(shown)), Text(more, style="dim italic")]
