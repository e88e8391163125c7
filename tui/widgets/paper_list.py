"""The paper list: one row a paper, drawn line by line so 100,000 rows cost no more than 30.

A row: the selection mark, the status, the priority and a note marker, then first
author and year, citations, journal, title and tags.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import ClassVar, Final

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from storage.records import DONE_STATUSES, Entry, Paper
from storage.results import EntryList
from storage.text import visible

from ..commands import key_of
from ..keys import pane_help
from .highlight import match_spans
from .scrolling import ROW_BINDINGS, RowList

STATUS_MARKS: Final = {
    "new": "●",
    "queued": "»",
    "reading": "◐",
    "skimmed": "~",
    "read": " ",
    "dropped": "×",
}
"""One cell a status: the papers still to read stand out, read ones are blank."""
_SELECTED = "▌"
_NOTE = "✎"
_ROW_CACHE_LIMIT = 512
"""Drawn rows kept (by line and by paper); paging through 100,000 papers must not keep
every row it passed."""


@dataclass(frozen=True, slots=True)
class _RowStyles:
    plain: Style
    unread: Style
    read: Style
    meta: Style
    tag: Style
    match: Style
    cursor: Style
    selected: Style
    selected_row: Style
    priority: Style


class PaperList(RowList, can_focus=True):
    """A virtual list of papers with a cursor; reports the highlighted paper."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *ROW_BINDINGS,
    ]

    HELP = pane_help(
        "Paper list",
        BINDINGS,
        "Reading, status, priority, tags, notes, deleting and export act on the marked "
        f"papers (`{key_of('mark')}` marks one, `{key_of('mark-all')}` all shown), else on "
        f"the highlighted one: `{key_of('help')}` lists every key. Row marks: ● new, "
        "» queued, ◐ reading, ~ skimmed, blank read, × dropped; 1-3 the priority; ✎ a note.",
    )

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-list--cursor",
        "paper-list--unread",
        "paper-list--read",
        "paper-list--match",
        "paper-list--meta",
        "paper-list--tag",
        "paper-list--selected",
        "paper-list--selected-row",
        "paper-list--priority",
    }

    DEFAULT_CSS = """
    PaperList {
        scrollbar-size-vertical: 1;
        & > .paper-list--cursor { background: $accent 40%; }
        &:focus > .paper-list--cursor { background: $accent; color: $text; }
        & > .paper-list--unread { text-style: bold; color: $text; }
        & > .paper-list--read { color: $text-muted; }
        & > .paper-list--match { background: $warning 50%; text-style: bold; }
        & > .paper-list--meta { color: $text-muted; }
        & > .paper-list--tag { color: $secondary; }
        & > .paper-list--selected { color: $success; text-style: bold; }
        & > .paper-list--selected-row { background: $success 15%; }
        & > .paper-list--priority { color: $warning; text-style: bold; }
    }
    """

    @dataclass
    class Highlighted(Message):
        """The highlighted paper changed (None when the list is empty)."""

        entry: Entry | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries = EntryList.empty()
        self._highlights: tuple[str, ...] = ()
        self._selected: Collection[str] = frozenset()
        self._empty_text = "No papers match."
        self._row_cache: dict[int, Strip] = {}
        """Each line as drawn, by row: what the next drawing is compared with."""
        self._drawn: dict[str, _Drawn] = {}
        """Each paper's row as drawn, by id: a row moved up by a narrower search is
        not drawn again."""
        self._row_styles: _RowStyles | None = None
        self._announced_id: str | None = None
        """The paper the last Highlighted message named."""
        self._end_wanted = False
        """G was pressed while the list held only its first rows (see `show`)."""

    @property
    def entries(self) -> EntryList:
        """The rows, in order (a snapshot: see `EntryList`)."""
        return self._entries

    @property
    def highlighted(self) -> Entry | None:
        """The paper under the cursor."""
        return self._entries[self.cursor] if self._entries else None

    @property
    def selected(self) -> Collection[str]:
        """The ids of the marked papers (listed here or not)."""
        return self._selected

    def show(
        self,
        entries: EntryList,
        highlights: tuple[str, ...] = (),
        *,
        from_top: bool = False,
        empty: str = "No papers match.",
    ) -> None:
        """Replace the rows.

        Args:
            entries: the new rows.
            highlights: folded search terms to mark in the rows.
            from_top: put the cursor on the first row (a new search shows its best
                matches); otherwise it stays on the same paper where that is still listed.
            empty: what the list says when there are no rows.
        """
        current = None if from_top else self.highlighted
        # G pressed while the list held only its first rows: the end is the result's end.
        to_end = self._end_wanted and not from_top and self.cursor == len(self._entries) - 1
        self._end_wanted = to_end and not entries.complete
        top = self.scroll_offset.y
        drawn = self._row_cache
        self._entries = entries
        self._highlights = highlights
        self._empty_text = empty
        self._row_cache = {}
        self.set_content_height(len(entries))
        kept = entries.position(current.id) if current is not None else None
        if to_end:
            cursor = len(entries) - 1
        elif kept is not None:
            cursor = kept
        else:
            cursor = 0 if from_top else min(self.cursor, len(entries) - 1)
        # Set quietly: the rows it leaves and reaches are compared below with the rest,
        # and a top row that shows the same (the same best match, a query later) is not
        # repainted as the watch would.
        self.set_reactive(PaperList.cursor, self.validate_cursor(cursor))
        self._follow_cursor()
        self.repaint_changed_lines(drawn, top)

    def action_last(self) -> None:
        super().action_last()
        self._end_wanted = not self._entries.complete  # see `show`

    def show_states(self, entries: EntryList, paper_ids: Collection[str]) -> None:
        """Take the same papers with newer state, and redraw the rows of `paper_ids`;
        rows stay where they are.

        Only rows on screen are looked at, so a change costs the same in a list of ten
        papers or of a hundred thousand.
        """
        if len(entries) != len(self._entries):  # the catalog changed under the list
            self.show(entries, self._highlights)
            return
        self._entries = entries
        top = self.scroll_offset.y
        bottom = min(top + self.scrollable_content_region.height, len(self._entries))
        for index in range(top, bottom):
            if self._entries.id_at(index) in paper_ids:
                self._row_cache.pop(index, None)
                self.refresh_line(index)  # a row of the list, not of the screen
        current = self.highlighted
        if current is not None and current.id in paper_ids:
            self.post_message(self.Highlighted(current))

    def show_selection(self, selected: Collection[str]) -> None:
        """Mark these papers (by id); only the rows on screen that change are redrawn."""
        top = self.scroll_offset.y
        drawn = self._row_cache
        self._selected = selected
        self._row_cache = {}
        self.repaint_changed_lines(drawn, top)

    def show_empty(self, empty: str) -> None:
        """Change what the list says when it has no rows."""
        self._empty_text = empty
        if not self._entries:
            self._row_cache.pop(0, None)
            self.refresh_line(0)

    def go_to_unread(self, step: int) -> bool:
        """Move to the next (1) or previous (-1) paper still to read; False if none.

        Reads each passed paper's state only (no record is built), so a jump over
        thousands of read papers stays quick.
        """
        entries = self._entries
        index = self.cursor + step
        while 0 <= index < len(entries):
            if entries.state_at(index).unread:
                self.cursor = index
                return True
            index += step
        return False

    @property
    def row_count(self) -> int:
        return len(self._entries)

    def watch_cursor(self, old: int, new: int) -> None:
        self._row_cache.pop(old, None)
        self._row_cache.pop(new, None)
        self.refresh_line(old)  # only the two rows that changed; scrolling repaints all
        self.refresh_line(new)
        self._follow_cursor()

    def _follow_cursor(self) -> None:
        """Scroll the cursor's row into view, and name its paper if that changed."""
        self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, force=True)
        highlighted = self.highlighted
        highlighted_id = None if highlighted is None else highlighted.id
        if highlighted_id != self._announced_id:  # a new query often keeps the top paper
            self._announced_id = highlighted_id
            self.post_message(self.Highlighted(highlighted))

    def on_resize(self, event: events.Resize) -> None:
        self._row_cache.clear()
        self.set_content_height(len(self._entries))

    def content_line(self, index: int, width: int) -> Strip:
        strip = self._row_cache.get(index)
        if strip is None or strip.cell_length != width:
            if index < len(self._entries):
                strip = self._render_row(index, width)
            elif index == 0:
                text = _fit(f"  {self._empty_text}", width)
                strip = Strip([Segment(text, self._styles().meta)], width)
            else:
                strip = Strip.blank(width, self._styles().plain)
            if len(self._row_cache) >= _ROW_CACHE_LIMIT:
                self._keep_rows_on_screen()
            self._row_cache[index] = strip
        return strip

    def _keep_rows_on_screen(self) -> None:
        """Forget drawn rows that have scrolled away (those on screen are compared with
        their next drawing, see `show`)."""
        top = self.scroll_offset.y
        bottom = top + self.size.height
        self._row_cache = {i: row for i, row in self._row_cache.items() if top <= i < bottom}

    def _render_row(self, index: int, width: int) -> Strip:
        """One row, drawn again only if what it shows changed: typing a query redraws
        every row on screen to compare, and most of them show the same paper with the
        same marks (a title without the query's words draws the same at every key)."""
        entry = self._entries[index]
        selected = entry.id in self._selected
        authors = self._entries.has_authors and width >= 60
        drawn = self._drawn.get(entry.id)
        if drawn is None or not drawn.lays_out(entry, width, authors):
            drawn = _Drawn(entry, width, authors, _lay_out(entry, width, authors))
            if len(self._drawn) >= _ROW_CACHE_LIMIT:
                self._drawn.clear()
            self._drawn[entry.id] = drawn
        spans = match_spans(drawn.layout.title, self._highlights)
        look = (selected, index == self.cursor, spans)
        if drawn.strip is None or drawn.look != look:
            drawn.look = look
            drawn.strip = self._paint(entry, drawn.layout, look, width)
        return drawn.strip

    def _paint(
        self,
        entry: Entry,
        layout: _Layout,
        look: tuple[bool, bool, list[tuple[int, int]]],
        width: int,
    ) -> Strip:
        """A laid-out row as segments, built directly, in the row's styles."""
        selected, cursor, spans = look
        state = entry.state
        styles = self._styles()
        done = state.status in DONE_STATUSES
        base = styles.read if done else styles.unread
        meta = styles.meta
        segments = [
            Segment(_SELECTED if selected else " ", styles.selected if selected else meta),
            Segment(STATUS_MARKS.get(state.status, "?"), base),
            Segment(str(state.priority) if state.priority else " ", styles.priority),
            Segment((_NOTE if state.note.strip() else " ") + " ", meta),
            Segment(layout.who_cites, meta),
        ]
        if layout.journal:
            segments.append(Segment(layout.journal, meta))
        segments += _highlighted(layout.title, spans, base, styles.match)
        if layout.tags:
            segments.append(Segment(layout.tags, styles.tag))
        fill = styles.plain
        if selected:
            segments = list(Segment.apply_style(segments, post_style=styles.selected_row))
            fill += styles.selected_row
        if cursor:  # over the row's own colours (Strip.apply_style is under)
            segments = list(Segment.apply_style(segments, post_style=styles.cursor))
            fill += styles.cursor
        # The widths are known, so Strip need not measure every segment again.
        return Strip(segments, layout.used).adjust_cell_length(width, fill)

    def _styles(self) -> _RowStyles:
        """The row styles, resolved once per style change rather than per row.

        `rich_style` walks every ancestor; typing re-renders thirty rows a keystroke.
        """
        if self._row_styles is None:
            plain = self.rich_style
            style = self.get_component_rich_style
            self._row_styles = _RowStyles(
                plain=plain,
                unread=plain + style("paper-list--unread"),
                read=plain + style("paper-list--read"),
                meta=plain + style("paper-list--meta"),
                tag=plain + style("paper-list--tag"),
                match=style("paper-list--match"),
                cursor=style("paper-list--cursor"),
                selected=plain + style("paper-list--selected"),
                selected_row=style("paper-list--selected-row"),
                priority=plain + style("paper-list--priority"),
            )
        return self._row_styles

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._row_styles = None
        self._row_cache.clear()
        self._drawn.clear()


@dataclass(frozen=True, slots=True)
class _Layout:
    """A row's texts, cut to their columns: they depend on the paper, its state and the
    width, not on the query, the marks or the cursor."""

    who_cites: str
    journal: str
    title: str
    tags: str
    used: int
    """Cells taken by the marks and these texts."""


def _lay_out(entry: Entry, width: int, authors: bool) -> _Layout:
    """Cut a row's texts to the columns `width` cells give them."""
    paper, state = entry.paper, entry.state
    used = 5  # the four marks, one cell each, and a space
    who = _who(paper, (10 if width >= 100 else 7) if authors else 0)
    cites = "" if paper.citations is None else _short_count(paper.citations)
    who_cites = f"{who} {cites:>5} "
    used += cell_len(who_cites)
    journal_width = 0 if width < 60 else min(24, width // (6 if authors else 5))
    journal = _fit(visible(paper.journal), journal_width) + " " if journal_width else ""
    used += cell_len(journal)
    tags = visible("".join(f" #{name}" for name in state.tags))
    rest = width - used
    tag_room = min(cell_len(tags), rest // 3)  # less than the title gets
    title = _fit(visible(paper.display_title), max(rest - tag_room, 12), pad=False)
    used += cell_len(title)
    shown = _fit(tags, tag_room, pad=False) if tags and tag_room > 1 else ""
    return _Layout(who_cites, journal, title, shown, used + cell_len(shown))


@dataclass(slots=True)
class _Drawn:
    """A paper's row as last drawn, and what it was drawn from."""

    entry: Entry
    width: int
    authors: bool
    layout: _Layout
    look: tuple[bool, bool, list[tuple[int, int]]] | None = None
    """Marked, under the cursor, and the query's spans in the title."""
    strip: Strip | None = None

    def lays_out(self, entry: Entry, width: int, authors: bool) -> bool:
        """Whether this layout is the one `entry` gets at `width` (the same record, and
        the same state: a newer catalog builds new records)."""
        drawn = self.entry
        return (
            drawn.paper is entry.paper
            and drawn.state == entry.state
            and (self.width, self.authors) == (width, authors)
        )


def _highlighted(
    text: str, spans: list[tuple[int, int]], base: Style, match: Style
) -> list[Segment]:
    """`text` as segments, with the spans that match the search in the match style."""
    segments: list[Segment] = []
    position = 0
    for start, end in spans:
        if start > position:
            segments.append(Segment(text[position:start], base))
        segments.append(Segment(text[start:end], base + match))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:], base))
    return segments


def _who(paper: Paper, author_cells: int) -> str:
    """`Gentile    2021`: the first author's family name in `author_cells` (none: the
    year alone) and the year."""
    year = f"{paper.year or '':>4}"
    if not author_cells:
        return year
    family = paper.authors[0].partition(",")[0] if paper.authors else ""
    return f"{_fit(visible(family), author_cells)} {year}"


def _short_count(count: int) -> str:
    """Citation counts in five columns: 999, 12.3k, 123k, 1.2M."""
    if count < 10_000:
        return f"{count:,}" if count < 1000 else f"{count / 1000:.1f}k"
    if count < 1_000_000:
        return f"{count // 1000}k"
    return f"{count / 1_000_000:.1f}M"


def _fit(text: str, width: int, *, pad: bool = True) -> str:
    """`text` cut to `width` terminal cells (wide CJK characters count two), with …."""
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width) if pad else text


__all__ = ["STATUS_MARKS", "PaperList"]
