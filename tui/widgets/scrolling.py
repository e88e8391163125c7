"""What the scrolling panes share: reading keys, and line-drawn views that never
re-lay out the screen."""

from __future__ import annotations

from collections.abc import Mapping
from math import ceil
from typing import Final

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

READING_KEYS: Final[list[BindingType]] = [
    Binding("j", "scroll_down", "Scroll down", show=False),
    Binding("k", "scroll_up", "Scroll up", show=False),
    Binding("g", "scroll_home", "Top", show=False),
    Binding("G", "scroll_end", "Bottom", show=False),
]
"""The list's j/k/g/G for panes that scroll text (arrows, PgUp/PgDn, Home/End come
with Textual's scrolling containers)."""


class LineView(ScrollView):
    """A pane drawn line by line (the list, the detail pane) that never re-lays out the
    screen when its content changes.

    `virtual_size` is a layout reactive: setting it re-arranges every pane, and a widget
    whose size then changes asks for a second pass; a scrollbar that comes or goes does
    the same, and shifts the view's text by a column. So a LineView always keeps its
    scrollbar and its content is never shorter than the view, which leaves the bar a
    plain track until there is something to scroll. A search keystroke (new rows, a new
    paper in the detail pane) stays one repaint.
    """

    DEFAULT_CSS = """
    LineView {
        overflow-x: hidden;
        overflow-y: scroll;
    }
    """

    def set_content_height(self, lines: int) -> None:
        """Give the view `lines` lines of content: the height and the thumb are set
        directly, without the relayout that `virtual_size` asks for, and the scrollbar
        is repainted only if its thumb moves (a search from 10,000 papers to 9,843 keeps
        a one-cell thumb at the top; repainting the bar cost 0.8 ms a keystroke)."""
        visible = self.scrollable_content_region.height
        size = Size(self.size.width, max(lines, visible))
        if not (self.is_mounted and visible):
            self.virtual_size = size
            return
        self.set_reactive(Widget.virtual_size, size)
        bar = self.vertical_scrollbar
        if _thumb(bar, size.height) == _thumb(bar, bar.window_virtual_size):
            bar.set_reactive(ScrollBar.window_virtual_size, size.height)
        else:
            bar.window_virtual_size = size.height
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def repaint_changed_lines(self, before: Mapping[int, Strip], top_before: int) -> None:
        """Repaint only the lines on screen that now draw differently than they did.

        `before` holds what was drawn for each content line while the view's top line
        was `top_before` (a line missing from it counts as changed). Typing on into a
        query often leaves most rows and much of the detail pane as they were, and every
        line Textual repaints costs several times more than drawing it here to compare.
        """
        top = self.scroll_offset.y
        if top != top_before:
            self.refresh()  # every line on screen moved
            return
        width = self.size.width
        changed = [
            Region(0, y, width, 1)
            for y in range(self.scrollable_content_region.height)
            if self.render_line(y) != before.get(top + y)
        ]
        if changed:
            self.refresh(*changed)  # one call: each call works out the widget's geometry


def _thumb(bar: ScrollBar, virtual_size: int) -> list[Segment]:
    """The cells a vertical scrollbar draws over `virtual_size` lines, as Textual's own
    renderer lays them out (its colours aside: they do not depend on the size)."""
    window = bar.window_size if bar.window_size < virtual_size else 0
    drawn = ScrollBarRender.render_bar(
        size=bar.size.height,
        virtual_size=ceil(virtual_size),
        window_size=ceil(window),
        position=bar.position,
        thickness=bar.size.width,
    )
    return drawn.segments


ROW_BINDINGS: Final[tuple[Binding, ...]] = (
    Binding("j,down", "cursor_down", "Down", show=False),
    Binding("k,up", "cursor_up", "Up", show=False),
    Binding("pagedown", "page_down", "Page down", show=False),
    Binding("pageup", "page_up", "Page up", show=False),
    Binding("g,home", "first", "First", show=False),
    Binding("G,end", "last", "Last", show=False),
)
"""The keys that move a RowList's cursor (the help screen lists them from here)."""


class RowList(LineView):
    """A LineView of rows with a cursor: the paper list and the tag pane move it alike
    (keys, pages, clicks), each saying how many rows it has and what a move redraws."""

    cursor: var[int] = var(0, always_update=True, init=False)
    """Index of the highlighted row."""

    @property
    def row_count(self) -> int:
        """How many rows there are."""
        raise NotImplementedError

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, self.row_count - 1))  # 0 for an empty list

    def on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < self.row_count:
            self.cursor = row

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += max(self.scrollable_content_region.height - 1, 1)

    def action_page_up(self) -> None:
        self.cursor -= max(self.scrollable_content_region.height - 1, 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.row_count - 1
