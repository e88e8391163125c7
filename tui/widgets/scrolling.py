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


def set_content_height(view: ScrollView, height: int) -> None:
    """Give a line-drawn view `height` lines, re-laying out the screen only when it must.

    `virtual_size` is a layout reactive: setting it re-arranges every pane, and a
    widget whose size then changes asks for a second pass. That is needed only when the
    scrollbar appears or goes; otherwise the new size and the scrollbar's thumb are set
    directly, which keeps a search keystroke (new rows, a new paper in the detail pane)
    to one repaint.
    """
    size = Size(view.size.width, height)
    visible = view.scrollable_content_region.height
    scrollbar_unchanged = (height > visible) == (view.virtual_size.height > visible)
    if not (view.is_mounted and visible and scrollbar_unchanged):
        view.virtual_size = size
        return
    view.set_reactive(Widget.virtual_size, size)
    if view.show_vertical_scrollbar:
        view.vertical_scrollbar.window_virtual_size = height
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
