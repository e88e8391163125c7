"""Widgets that hand the compositor the lines they last drew while none of them changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    ten widgets). The same lines come out while no line is dirty, Textual's cache holds
    the lines they were drawn from, and the size, colours, filters and hover are those
    they were drawn with.
    """

    _kept_key: tuple[object, ...] | None = None
    _kept_from: list[Strip | None] = []
    """Textual's cached lines the kept lines were drawn from."""
    _kept_lines: list[Strip] = []

    def render_lines(self, crop: Region) -> list[Strip]:
        # Textual draws a widget's lines from its cache of styled lines (a refresh marks
        # lines dirty or empties it), through the app's filters and the hovered link's
        # style: the same cached lines and the same inputs draw the same lines.
        cache = self._styles_cache
        drawn = cache._cache
        key = (
            crop,
            self.outer_size,
            self.background_colors,
            tuple(self.get_line_filters()),
            self.hover_style,
        )
        if (
            key == self._kept_key
            and not cache._dirty_lines
            and all(
                drawn.get(y) is line
                for y, line in zip(crop.line_range, self._kept_from, strict=True)
            )
        ):
            return self._kept_lines
        lines = super().render_lines(crop)
        self._kept_key, self._kept_lines = key, lines
        self._kept_from = [drawn.get(y) for y in crop.line_range]
        return lines


__all__ = ["KeptLines"]
