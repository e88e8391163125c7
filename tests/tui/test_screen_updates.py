"""What reaches the terminal: every frame the app sends (most of them repaint a few lines
of a few panes), applied in turn to a copy of the screen, leaves on it what a repaint of
everything drawn from nothing would show. The shortcuts that skip a repaint (a pane's
kept lines, the lines compared before repainting, the tag count's border line alone)
are held to that."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from app_support import index_built, settle
from rich.cells import get_character_cell_size
from rich.console import RenderableType
from rich.style import Style
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual._styles_cache import StylesCache
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

from storage import AddTags, Library, View
from tui.app import PapershelfApp

SIZE = (120, 35)
"""The benchmark's terminal: the tag pane beside the list and the detail pane."""
Cell = tuple[str, Style | None]


def cells(strip: Strip) -> list[Cell]:
    """A line's cells, a wide character's second cell empty."""
    line: list[Cell] = []
    for segment in strip:
        for char in segment.text:
            line.append((char, segment.style))
            line.extend([("", segment.style)] * (get_character_cell_size(char) - 1))
    return line


class Terminal:
    """The screen as the frames the app sent left it: a partial frame draws the spans it
    names, each from the line it holds there."""

    def __init__(self, app: PapershelfApp) -> None:
        self.rows: list[list[Cell]] = []
        display = app._display

        def sent(screen: Screen[Any], update: RenderableType | None) -> None:
            if screen is app.screen:
                self.take(update)
            display(screen, update)

        app._display = sent  # type: ignore[method-assign, assignment]

    def take(self, update: RenderableType | None) -> None:
        if isinstance(update, LayoutUpdate):
            region = update.region
            if len(self.rows) < region.bottom:
                self.rows += [[] for _ in range(region.bottom - len(self.rows))]
            for y, pieces in enumerate(update.strips, region.y):
                line = cells(Strip.join(pieces))
                row = self.rows[y]
                row += [(" ", None)] * (region.x + len(line) - len(row))
                row[region.x : region.x + len(line)] = line
        elif isinstance(update, ChopsUpdate):
            for y, x1, x2 in update.spans:
                ends = update.chop_ends[y]
                for end, (x, strip) in zip(ends, update.chops[y].items(), strict=False):
                    start, stop = max(x, x1), min(end, x2)
                    if strip is not None and start < stop:
                        self.rows[y][start:stop] = cells(strip)[start - x : stop - x]
        else:
            assert update is None, f"a frame of another kind: {update!r}"


def general_path(widget: Widget) -> Callable[[Region], list[Strip]]:
    """How Textual draws `widget` when no subclass draws it: from a new cache."""
    return lambda crop: StylesCache().render_widget(widget, crop)


def afresh(app: PapershelfApp) -> list[list[Cell]]:
    """The screen drawn from nothing: every widget on Textual's general path, with a
    new cache of styled lines, and no row or tag line a pane drew before."""
    widgets = [app.screen, *app.screen.query("*")]
    for widget in widgets:
        for drawn in ("_drawn", "_row_cache"):
            getattr(widget, drawn, {}).clear()
        widget.render_lines = general_path(widget)
    try:
        return [cells(line) for line in app.screen._compositor.render_strips()]
    finally:
        for widget in widgets:
            del widget.render_lines


@pytest.fixture
def tagged_app(library: Library) -> PapershelfApp:
    """Forty tags, tag n on every (n+2)th paper from the nth on: every query gives other
    counts, and most queries another number of tags."""
    ids = library.search(View()).ids()
    for n in range(40):
        library.apply(AddTags([f"tag{n:02}"]), ids[n :: n + 2])
    return PapershelfApp(library)


async def type_and_compare(pilot: Pilot[int], terminal: Terminal, keys: list[str]) -> None:
    app = pilot.app
    assert isinstance(app, PapershelfApp)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
        assert terminal.rows == afresh(app), f"the terminal differs after {key!r}"


async def test_frames_sent_while_typing_with_the_tag_pane_leave_the_screen_drawn_afresh(
    tagged_app: PapershelfApp,
) -> None:
    """The benchmark's typing (five papers marked, the tag pane open, queries typed and
    emptied), then moving and marking in the pane and the list: after every key the
    terminal shows what a full repaint would."""
    terminal = Terminal(tagged_app)
    async with tagged_app.run_test(size=SIZE) as pilot:
        await index_built(pilot)
        tagged_app.screen.query_one("#search-input", Input).cursor_blink = False
        await settle(pilot)
        keys = ["bracketleft", *"vvvvv", "number_sign", "slash", *"cell", "backspace"]
        keys += ["ctrl+u", *"hair f", "ctrl+u", *"ste", "enter", "number_sign", "j", "v"]
        keys += ["G", "g", "enter", "j", "escape", "escape", "number_sign", "k"]
        await type_and_compare(pilot, terminal, keys)
