"""The shortcuts a search keystroke takes draw what the general paths would draw."""

from __future__ import annotations

import pytest
from app_support import index_built, main_screen, paper_list, screen_text, settle
from textual._styles_cache import StylesCache
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget

from storage import View, first_rows
from tui.app import PapershelfApp
from tui.screens import main
from tui.widgets import PaperDetail, PaperList
from tui.widgets.kept_lines import KeptLines

SIZE = (80, 24)


def drawn_lines(pane: PaperList) -> list[Strip]:
    """The list's lines as it draws them now, from whatever it kept."""
    return [pane.render_line(y) for y in range(pane.scrollable_content_region.height)]


def on_screen(widget: Widget) -> list[Strip]:
    """A widget's lines as the compositor would send them to the terminal now (a line
    that was not repainted shows as it was)."""
    region = widget.region
    screen = widget.app.screen._compositor.render_strips()
    return [screen[y].crop(region.x, region.right) for y in range(region.y, region.bottom)]


async def test_rows_kept_between_keys_are_the_rows_drawn_afresh(app: PapershelfApp) -> None:
    """A row drawn again only when its paper, state, marks, cursor or highlighted words
    change equals the row drawn from nothing, key after key, and the list's own border
    around its rows (focus changes its colour) is the one Textual's general path draws."""
    keys = [*"/cel", "enter", "v", "j", "v", "slash", *"l ste", "backspace", *"m", "enter"]
    keys += ["j", "space", "k", "slash", "ctrl+u", *"hair", "enter", "V", "escape", "escape"]
    async with app.run_test(size=SIZE) as pilot:
        papers = paper_list(app)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
            kept = drawn_lines(papers)
            papers._drawn.clear()
            papers._row_cache.clear()
            assert kept == drawn_lines(papers), f"after {key!r}"
            whole = Region(0, 0, *papers.outer_size)
            framed = papers.render_lines(whole)
            assert framed == StylesCache().render_widget(papers, whole), f"border, {key!r}"


async def test_scrollbar_shows_the_thumb_for_the_rows_listed(app: PapershelfApp) -> None:
    """The list's scrollbar is repainted only when its thumb moves: after each query its
    cells on screen equal the bar drawn afresh."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("bracketleft")  # every paper: more rows than the screen
        bar = paper_list(app).vertical_scrollbar
        for key in ["slash", *"cell", "backspace", "ctrl+u", *"s", "t", "escape", *"G"]:
            await pilot.press(key)
            await settle(pilot)
            shown = on_screen(bar)
            bar.refresh()  # what Textual's own repaint draws
            await pilot.pause()
            assert shown == on_screen(bar), f"after {key!r}"


async def test_leaving_the_search_box_shows_the_paper_found(
    app: PapershelfApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the reader types, the detail pane waits for a pause (here: longer than the
    test); Enter (to the list) and Esc (clearing the search) show the highlighted paper
    at once."""
    monkeypatch.setattr(main, "DETAIL_PAUSE_SECONDS", 600.0)
    async with app.run_test(size=(120, 36)) as pilot:
        papers, detail = paper_list(app), app.screen.query_one(PaperDetail)
        await pilot.press("G")
        last = papers.highlighted
        assert last is not None and detail.entry == last
        await pilot.press("slash", *"cell")
        assert papers.highlighted != last and detail.entry == last  # typing: it waits
        await pilot.press("enter")
        assert papers.highlighted is not None and detail.entry == papers.highlighted
        await pilot.press("G", "slash", "backspace")
        assert detail.entry != papers.highlighted
        await pilot.press("escape")
        assert detail.entry == papers.highlighted


async def test_a_bar_repainted_for_every_height_draws_the_same(app: PapershelfApp) -> None:
    """`ScrollBar` repaints itself whenever its virtual size changes; the list skips that
    repaint when the thumb stays: the cells drawn must agree for every height."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("bracketleft")
        papers = paper_list(app)
        bar: ScrollBar = papers.vertical_scrollbar
        for lines in (200, 199, 120, 40, 21, 20, 19, 5, 300, 301):
            papers.set_content_height(lines)
            await pilot.pause()
            shown = on_screen(bar)
            bar.refresh()
            await pilot.pause()
            assert shown == on_screen(bar), f"at {lines} lines"


async def test_a_query_typed_while_the_index_is_built_shows_its_papers_at_once(
    app: PapershelfApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search index is being built (begun on another thread, not finished: here it
    finishes only when the test says so): a query typed over the first seed's papers
    shows at once the rows the index shows once it is built."""
    monkeypatch.setattr(main, "INDEX_DELAY_SECONDS", 600.0)  # the screen's own build waits
    library = app.library
    finder = library._searcher()
    assert finder.start_index()  # the background build's turn, begun
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"cel")
        await settle(pilot)
        shown = [entry.id for entry in paper_list(app).entries]
        assert not finder.has_index  # answered by a scan, not by the index
        finder.build_index(library._snapshot)
        await pilot.press("l")
        await settle(pilot)
        typed_on = [entry.id for entry in paper_list(app).entries]
    view = View("cel", source_id=library.sources()[0].id)
    assert shown == [entry.id for entry in library.search(view)]
    assert shown and len(shown) < len(library.search(View(source_id=view.source_id)))
    assert typed_on == [entry.id for entry in library.search(view.but(query="cell"))]


async def test_panes_kept_between_frames_draw_what_textual_draws(app: PapershelfApp) -> None:
    """The panes that hand back the lines they last drew (while nothing of theirs was
    repainted) draw after every key what Textual's own path draws from nothing: focus
    moving between panes (borders, the footer's keys), another seed (the source pane's
    title and text), a paper in the detail pane, marks and a narrower screen."""
    keys = ["bracketleft", "slash", *"cel", "enter", "tab", "tab", "j", "v", "bracketright"]
    keys += ["slash", "ctrl+u", "escape", "number_sign", "j", "number_sign", "f", "f"]
    async with app.run_test(size=(120, 36)) as pilot:
        for key in [*keys, "resize", "escape", "tab", "j"]:
            if key == "resize":
                await pilot.resize_terminal(100, 30)
            else:
                await pilot.press(key)
            await settle(pilot)
            kept = [w for w in app.screen.query("*") if isinstance(w, KeptLines)]
            assert len(kept) >= 6, "the screen, the bar, the footer and the panes"
            for widget in [app.screen, *kept]:
                if not widget.display or not widget.outer_size.area:
                    continue
                whole = Region(0, 0, *widget.outer_size)
                drawn = widget.render_lines(whole)
                assert drawn == StylesCache().render_widget(widget, whole), f"{widget} {key!r}"


@pytest.fixture
def index_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """The search index built only when a test says, and scans of two papers at a time that
    stop after two: this small library behaves as a large one in its first second."""
    monkeypatch.setattr(main, "INDEX_DELAY_SECONDS", 600.0)
    monkeypatch.setattr(first_rows, "_FIRST_CHUNK", 2)
    monkeypatch.setattr(first_rows, "_LARGEST_CHUNK", 2)
    monkeypatch.setattr(first_rows, "_NEW_PER_SEARCH", 2)


@pytest.mark.usefixtures("index_held")
async def test_marking_all_while_the_list_counts_marks_every_paper_it_will_show(
    app: PapershelfApp,
) -> None:
    """V (and the export dialog's count) act on every paper the view shows, not only on the
    first rows found while the index is built: V had marked those rows only."""
    library = app.library
    view = View("cel", source_id=library.sources()[0].id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"cel", "enter")
        await settle(pilot)
        assert not paper_list(app).entries.complete, "the list holds its first rows only"
        await pilot.press("e")
        await settle(pilot)
        dialog_text = screen_text(app)
        await pilot.press("escape", "V")
        await settle(pilot)
        marked = set(main_screen(app).selected)
        assert not paper_list(app).entries.complete, "V did not wait for the index"
    shown = library.search(view).ids()
    assert marked == set(shown)
    assert f"Export {len(shown)} papers" in dialog_text


@pytest.mark.usefixtures("index_held")
async def test_the_end_of_a_list_still_counting_is_the_end_of_its_result(
    app: PapershelfApp,
) -> None:
    """G while the list holds its first rows goes to the last of them, and once the result
    is counted to its real last paper (it stayed on a paper near the top)."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"cel", "enter", "G")
        await settle(pilot)
        shown = paper_list(app).entries
        assert not shown.complete and paper_list(app).cursor == len(shown) - 1
        await index_built(pilot)
        counted = paper_list(app).entries
        assert counted.complete and len(counted) > len(shown)
        assert paper_list(app).cursor == len(counted) - 1


@pytest.mark.usefixtures("index_held")
async def test_a_query_typed_before_the_index_is_ready_shows_its_first_rows_then_counts(
    app: PapershelfApp,
) -> None:
    """Before the search index is built, a query shows at once the first rows of its
    result, says that it is still counting, and once the index is ready shows the whole
    result, its count, with the cursor on the same paper."""
    library = app.library
    view = View("cel", source_id=library.sources()[0].id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"cel")
        await settle(pilot)
        shown = paper_list(app).entries
        first_rows_status = screen_text(app)
        await pilot.press("enter", "down")  # to the list, on the second paper
        on = paper_list(app).highlighted
        assert not library._searcher().has_index and not shown.complete
        await index_built(pilot)
        counted = paper_list(app).entries
        counted_status = screen_text(app)
        still_on = paper_list(app).highlighted
    exact = library.search(view)
    assert len(shown) < len(exact)
    assert shown.ids() == exact.ids()[: len(shown)]
    assert f"≥ {len(shown)} / {library.total(view.source_id)} counting" in first_rows_status
    assert counted.complete and counted.ids() == exact.ids()
    assert f"{len(exact)} / {library.total(view.source_id)}" in counted_status
    assert "counting" not in counted_status
    assert on is not None and still_on is not None and still_on.id == on.id
