"""What the scrolling panes share: reading keys, and line-drawn views that never
re-lay out the screen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from math import ceil
from typing import Final

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual._styles_cache import StylesCache
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.filter import LineFilter
from textual.geometry import Region, Size, Spacing
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

from .kept_lines import KeptLines

READING_KEYS: Final[list[BindingType]] = [
    Binding("j", "scroll_down", "Scroll down", show=False),
    Binding("k", "scroll_up", "Scroll up", show=False),
    Binding("g", "scroll_home", "Top", show=False),
    Binding("G", "scroll_end", "Bottom", show=False),
]
"""The list's j/k/g/G for panes that scroll text (arrows, PgUp/PgDn, Home/End come
with Textual's scrolling containers)."""


_FRAMED_LIMIT: Final = 512
"""Framed lines kept; a long session of typing or paging must not keep them all."""


@dataclass(frozen=True, slots=True)
class _Frame:
    """A content line's border and the padding under the scrollbar, as Textual draws
    them around any content line of the view (`key`: what they were drawn for)."""

    key: tuple[object, ...]
    width: int
    content_width: int
    background: Color
    filters: tuple[LineFilter, ...]
    left: Segment
    pad: Style | None
    right: Segment

    def put(self, content: Strip) -> Strip:
        """`content` in the border, with the app's line filters, as the terminal gets it."""
        inner = content.adjust_cell_length(self.content_width, self.pad)
        line = Strip([self.left, *inner, self.right], self.width)
        for line_filter in self.filters:
            line = line.apply_filter(line_filter, self.background)
        return line


class _KeptScrollBar(KeptLines, ScrollBar):
    """A scrollbar that hands back the lines it last drew: a LineView's bar is drawn
    whole at every frame that repaints any line beside it (about 0.1 ms a bar, three
    bars), and its thumb seldom moves while the reader types."""


class LineView(KeptLines, ScrollView):
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

    _frame: _Frame | None = None
    _framed: dict[int, tuple[Strip, Strip]]
    """Each content line in its border, by the identity of the content line (which it
    holds, so the identity is not reused): a view keeps its drawn lines, so a line that
    shows the same is the same strip."""

    _shown: dict[int, Strip]
    """The framed content lines last handed to Textual, by line of the view, while none
    of them was marked for repainting (see `_set_dirty`) ..."""
    _shown_for: tuple[_Frame, int, int] | None = None
    """... and the frame, top line and width they were drawn for."""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._frame = None

    def _set_dirty(self, *regions: Region) -> None:
        """Forget the lines shown where Textual is to repaint (every line, if no region
        is given): only the lines a change marks are drawn again at the next frame. The
        views mark every line they change (see `repaint_changed_lines`), which is what
        the compositor relies on to send a line to the terminal at all."""
        super()._set_dirty(*regions)
        if self._shown_for is None:
            return
        if not regions:
            self._shown_for = None
            return
        offset = self.content_offset
        shown = self._shown
        for region in regions:
            for y in region.translate(offset).line_range:
                shown.pop(y, None)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The view's scrollbar, made as Textual makes it, of a kind that keeps its lines."""
        if self._vertical_scrollbar is None:
            bar = _KeptScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    def render_lines(self, crop: Region) -> list[Strip]:
        """The view's lines, each content line put in its border here: Textual's general
        path styles every line afresh (border, padding, opacity, tint), about 100 µs a
        repainted line, and draws the whole view at every frame that repaints any part of
        the screen, each line through the app's filters again. Border lines (title,
        subtitle), and any style this does not cover, take that general path. A line
        not marked for repainting since it was last handed over is handed over again."""
        frame = self._frame_now()
        if frame is None:
            return super().render_lines(crop)
        last = self.outer_size.height - 1
        framed = self._framed
        top, width = self.scroll_offset.y - 1, self.scrollable_content_region.width
        if self._shown_for != (frame, top, width):
            self._shown, self._shown_for = {}, (frame, top, width)
        shown = self._shown
        lines = []
        for y in crop.line_range:
            if y == 0 or y >= last:
                lines.extend(super().render_lines(Region(0, y, frame.width, 1)))
                continue
            line = shown.get(y)
            if line is None:
                content = self.content_line(top + y, width)
                kept = framed.get(id(content))
                if kept is None or kept[0] is not content:
                    if len(framed) >= _FRAMED_LIMIT:
                        framed.clear()
                    kept = framed[id(content)] = (content, frame.put(content))
                line = shown[y] = kept[1]
            lines.append(line)
        if crop.column_span != (0, frame.width):
            lines = [line.crop(*crop.column_span) for line in lines]
        return lines

    def _frame_now(self) -> _Frame | None:
        """The border of content lines for the view's size, colours, border and the
        app's filters now, as Textual's own path draws it; None where that path would do
        more than put a border around the line and pad it (padding, opacity, tint,
        hatch, outline, no border)."""
        styles = self.styles
        base_background, background = self.background_colors
        size, content_width = self.outer_size, self.content_region.width
        filters = tuple(self.get_line_filters())
        key = (size, content_width, base_background, background, styles.border, filters)
        if self._frame is not None and self._frame.key == key:
            return self._frame
        self._frame = None
        self._framed = {}
        if (
            styles.padding != Spacing(0, 0, 0, 0)
            or self.opacity != 1
            or styles.text_opacity != 1
            or styles.tint.a
            or styles.has_rule("hatch")
            or any(edge for edge, _ in styles.outline)
            or not all(edge for edge, _ in styles.border)
            or size.height < 3
        ):
            return None
        app = self.app
        [line] = StylesCache().render(  # an empty content line, on Textual's own path
            styles,
            size,
            base_background,
            background,
            lambda _: Strip([]),
            [],
            None,
            None,
            content_size=self.content_region.size,
            padding=styles.padding,
            crop=Region(0, 1, size.width, 1),
            opacity=self.opacity,
            ansi_theme=app.ansi_theme,
            native_ansi=app.native_ansi_color,
        )
        segments = list(line)
        if len(segments) != 3 or segments[1].text != " " * content_width:
            return None  # not a border on either side
        left, pad, right = segments
        self._frame = _Frame(
            key, size.width, content_width, background, filters, left, pad.style, right
        )
        return self._frame

    def render_line(self, y: int) -> Strip:
        return self.content_line(y + self.scroll_offset.y, self.scrollable_content_region.width)

    def content_line(self, index: int, width: int) -> Strip:
        """Line `index` of the content (not of the screen), `width` cells wide.

        The view's own passes over its lines work out where it is scrolled and how wide
        it is once, not once a line as `render_line` must: each costs a walk of the
        widget's geometry (about 10 µs), and a keystroke passes over the list's and the
        tag pane's thirty lines two or three times.
        """
        raise NotImplementedError

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
        region = self.scrollable_content_region
        changed = [
            Region(0, y, self.size.width, 1)
            for y in range(region.height)
            if self.content_line(top + y, region.width) != before.get(top + y)
        ]
        if changed:
            self.refresh(*changed)  # one call: each call works out the widget's geometry


def _thumb(bar: ScrollBar, virtual_size: int) -> list[Segment]:
    """The cells a vertical scrollbar draws over `virtual_size` lines, as Textual's own
    renderer lays them out (its colours aside: they do not depend on the size)."""
    window = bar.window_size if bar.window_size < virtual_size else 0
    size = bar.size
    return _bar_cells(size.height, ceil(virtual_size), ceil(window), bar.position, size.width)


@lru_cache(maxsize=64)
def _bar_cells(
    height: int, virtual_size: int, window: int, position: float, thickness: int
) -> list[Segment]:
    """Textual's bar for these numbers, drawn once: a keystroke compares the list's and
    the tag pane's thumbs, before and after, and typing repeats the same few sizes."""
    drawn = ScrollBarRender.render_bar(
        size=height,
        virtual_size=virtual_size,
        window_size=window,
        position=position,
        thickness=thickness,
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
