"""Widgets that hand the compositor the lines they last drew while none of them changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.strip import Strip

if TYPE_CHECKING:
    from textual.widget import Widget

    _Mixin = Widget
else:
    _Mixin = object
    """Not a widget to Textual: a widget base class first in the bases would take the
    place of the one a widget's CSS, type name and focus come from."""


class KeptLines(_Mixin):
    """A widget whose lines, when none is marked for repainting, are the list it last
    returned.

    Textual draws every widget on screen whole at each frame that repaints any part of
    the screen: a search keystroke's frame, which changes the search box, the status
    line and a few rows, also styles every line of the panes around them from Textual's
    line cache again and passes each through the app's filters (0.05-0.1 ms a widget,
    ten widgets). The same lines come out while none of them is dirty, Textual's cache holds
    the lines they were drawn from, and the size, colours, filters and hover are those
    they were drawn with.
    """

    _kept: dict[Region, tuple[tuple[object, ...], list[Strip | None], list[Strip]]] | None = None
    """By crop (a whole widget, or a line-drawn view's border lines one by one): what
    the lines were drawn with, Textual's cached lines they came from, and the lines."""

    def render_lines(self, crop: Region) -> list[Strip]:
        # Textual draws a widget's lines from its cache of styled lines (a refresh marks
        # lines dirty or empties it), through the app's filters and the hovered link's
        # style: the same cached lines and the same inputs draw the same lines.
        cache = self._styles_cache
        drawn = cache._cache
        key = (
            self.outer_size,
            self.background_colors,
            tuple(self.get_line_filters()),
            self.hover_style,
        )
        if self._kept is None or len(self._kept) > _CROPS_KEPT:
            self._kept = {}
        kept = self._kept.get(crop)
        if (
            kept is not None
            and kept[0] == key
            and cache._dirty_lines.isdisjoint(crop.line_range)
            and all(drawn.get(y) is line for y, line in zip(crop.line_range, kept[1], strict=True))
        ):
            return kept[2]
        lines = super().render_lines(crop)
        self._kept[crop] = (key, [drawn.get(y) for y in crop.line_range], lines)
        return lines


_CROPS_KEPT = 4


class KeptHorizontal(KeptLines, Horizontal):
    """A row of panes whose own lines (behind the panes, drawn at every frame all the
    same) are kept."""


class KeptVertical(KeptLines, Vertical):
    """A column of panes whose own lines are kept (see KeptHorizontal)."""


__all__ = ["KeptHorizontal", "KeptLines", "KeptVertical"]
