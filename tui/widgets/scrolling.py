"""What the scrolling panes share: reading keys, and resizing without a relayout."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
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


def set_content_height(view: ScrollView, lines: int) -> None:
    """Give a line-drawn view `lines` lines of content without re-laying out the screen.

    `virtual_size` is a layout reactive: setting it re-arranges every pane, and a widget
    whose size then changes asks for a second pass; a scrollbar that comes or goes does
    the same, and shifts the view's text by a column. So these views keep their
    scrollbar (`overflow-y: scroll`) and their content is never shorter than the view,
    which leaves the bar a plain track until there is something to scroll; the new
    height and the thumb are then set directly. A search keystroke (new rows, a new
    paper in the detail pane) stays one repaint.
    """
    visible = view.scrollable_content_region.height
    size = Size(view.size.width, max(lines, visible))
    if not (view.is_mounted and visible):
        view.virtual_size = size
        return
    view.set_reactive(Widget.virtual_size, size)
    view.vertical_scrollbar.window_virtual_size = size.height
    view.scroll_y = view.validate_scroll_y(view.scroll_y)


def repaint_changed_lines(view: ScrollView, before: Mapping[int, Strip], top_before: int) -> None:
    """Repaint only the lines on screen that now draw differently than they did.

    `before` holds what was drawn for each content line while the view's top line was
    `top_before` (a line missing from it counts as changed). Typing on into a query
    often leaves most rows and much of the detail pane as they were, and every line
    Textual repaints costs several times more than drawing it here to compare.
    """
    top = view.scroll_offset.y
    if top != top_before:
        view.refresh()  # every line on screen moved
        return
    width = view.size.width
    changed = [
        Region(0, y, width, 1)
        for y in range(view.scrollable_content_region.height)
        if view.render_line(y) != before.get(top + y)
    ]
    if changed:
        view.refresh(*changed)  # one call: each call works out the widget's geometry
