"""The tag pane's kept lines and its own border drawing: what it draws from what it kept
equals what it draws from nothing and what Textual's general path draws, and every line
that changed is repainted."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from app_support import index_built, settle
from textual._styles_cache import StylesCache
from textual.geometry import Region
from textual.pilot import Pilot
from textual.strip import Strip

from storage import AddTags, Library, View
from tui.app import PapershelfApp
from tui.widgets import TagPane
from tui.widgets.tag_pane import Counts

SIZE = (120, 36)
TAGS = 40
"""More tags than the pane has lines at this size (it scrolls)."""


@pytest.fixture
def tagged_app(library: Library) -> PapershelfApp:
    """The first seed's papers with forty tags, each on its own share of them (tag n on
    every (n+2)th paper), so that every query gives other counts."""
    ids = library.search(View()).ids()
    for n in range(TAGS):
        library.apply(AddTags([f"tag{n:02}"]), ids[:: n + 2])
    return PapershelfApp(library)


def whole(pane: TagPane) -> Region:
    return Region(0, 0, pane.outer_size.width, pane.outer_size.height)


def content_lines(pane: TagPane) -> list[Strip]:
    """The content lines on screen, from whatever the pane kept."""
    return [pane.render_line(y) for y in range(pane.scrollable_content_region.height)]


@contextmanager
def repaints(pane: TagPane) -> Iterator[list[tuple[Region, ...]]]:
    """Record the regions the pane asks Textual to repaint (none given: all of it)."""
    asked: list[tuple[Region, ...]] = []
    refresh = pane.refresh

    def recording(*regions: Region, **options: bool) -> TagPane:
        asked.append(regions)
        return refresh(*regions, **options)

    pane.refresh = recording  # type: ignore[method-assign]
    try:
        yield asked
    finally:
        del pane.refresh


def expected_text(pane: TagPane) -> list[str]:
    """What each content line on screen must read, from the counts and marks alone."""
    counts, width = pane.counts, pane.scrollable_content_region.width
    marked = {tag.casefold() for tag in pane.marked}
    lines = []
    for index in range(pane.scroll_offset.y, pane.scroll_offset.y + len(content_lines(pane))):
        text = ""
        if not counts:
            text = (" counting…" if counts is None else " no tags here") if index == 0 else ""
        elif index < len(counts):
            tag, count = counts[index]
            number = f" {count:,}"
            room = width - len(number) - 1
            name = tag if len(tag) <= room else tag[: room - 1] + "…"
            text = ("▌" if tag.casefold() in marked else " ") + name.ljust(room) + number
        lines.append(text.ljust(width))
    return lines


def check(pane: TagPane, shown: list[Strip], asked: list[tuple[Region, ...]], step: str) -> None:
    """After `step`: the lines read as the counts, marks and cursor say; the kept lines
    are those drawn afresh; the pane's own border drawing is Textual's; and each line
    that changed from `shown` (the lines before) was asked to be repainted."""
    kept = content_lines(pane)
    assert [line.text for line in kept] == expected_text(pane), f"text after {step}"
    cursor = pane.get_component_rich_style("tag-pane--cursor").bgcolor
    under = [any(s.style and s.style.bgcolor == cursor for s in line) for line in kept]
    if pane.counts:
        top = pane.scroll_offset.y
        assert under == [top + y == pane.cursor for y in range(len(kept))], f"cursor, {step}"
    pane._drawn.clear()
    pane._framed.clear()
    assert kept == content_lines(pane), f"kept lines differ after {step}"
    drawn = pane.render_lines(whole(pane))
    assert drawn == StylesCache().render_widget(pane, whole(pane)), f"border after {step}"
    if len(shown) != len(drawn) or any(not regions for regions in asked):
        return  # a new size or a repaint of everything
    repainted = {
        y + pane.content_offset.y for regions in asked for r in regions for y in r.line_range
    }
    for y, (before, after) in enumerate(zip(shown, drawn, strict=True)):
        assert before == after or y in repainted, f"line {y} not repainted after {step}"


async def press_and_check(pilot: Pilot[int], pane: TagPane, *keys: str) -> None:
    for key in keys:
        shown = pane.render_lines(whole(pane))
        with repaints(pane) as asked:
            await pilot.press(key)
            await settle(pilot)
        check(pane, shown, asked, repr(key))


async def test_tag_lines_kept_while_typing_are_the_lines_drawn_afresh(
    tagged_app: PapershelfApp,
) -> None:
    """Typing queries (new counts and order), moving and marking in the pane (cursor,
    marks), its focus coming and going (styles), scrolling and a narrower screen (width):
    after every key the pane's lines are those drawn from nothing, and those that changed
    were repainted."""
    async with tagged_app.run_test(size=SIZE) as pilot:
        await pilot.press("number_sign")
        await index_built(pilot)
        pane = tagged_app.screen.query_one(TagPane)
        assert pane.counts and len(pane.counts) == TAGS
        keys = ["j", "space", "j", "v", "k", "G", "space", "home", "pagedown", "v", "g"]
        await press_and_check(pilot, pane, *keys)
        await press_and_check(pilot, pane, "slash", *"cel", "backspace", *"ll", "ctrl+u")
        await press_and_check(pilot, pane, *"hair", "escape", "number_sign", "j", "v")
        await pilot.resize_terminal(100, 36)  # the pane goes under the list, wider
        await settle(pilot)
        pane._drawn.clear()  # what the old width drew
        await press_and_check(pilot, pane, "j", "v", "k", "slash", *"ste", "ctrl+u")


async def test_tag_lines_follow_each_thing_they_are_drawn_from(tagged_app: PapershelfApp) -> None:
    """New counts that change one thing a line shows at a time (a count, a spelling, the
    tags' order, fewer tags, none, not counted yet), with marks and the cursor on them:
    the pane draws each as a pane drawn from nothing would, and repaints it."""
    counts: list[Counts | None] = [
        [("alpha", 3), ("beta", 2), ("gamma", 1)],
        [("alpha", 4), ("beta", 2), ("gamma", 1)],  # a count
        [("Alpha", 4), ("beta", 2), ("gamma", 1)],  # a spelling
        [("beta", 4), ("alpha", 4), ("gamma", 1)],  # the order
        [("beta", 4)],  # fewer
        [],
        None,
        [("a" * 40, 12_345), ("beta", 1)],  # a name cut short, a wide count
    ]
    async with tagged_app.run_test(size=SIZE) as pilot:
        await pilot.press("number_sign")
        await settle(pilot)
        pane = tagged_app.screen.query_one(TagPane)
        for marks in ((), ("beta",)):
            for cursor in (0, 1):
                pane._marked = {tag.casefold(): tag for tag in marks}
                pane.refresh()  # as marking does
                pane.cursor = cursor
                for shown_counts in [*counts, *counts]:  # each twice: then nothing changes
                    shown = pane.render_lines(whole(pane))
                    with repaints(pane) as asked:
                        pane.show(shown_counts)
                        await settle(pilot)
                    check(pane, shown, asked, f"{shown_counts}, marks {marks}, cursor {cursor}")
