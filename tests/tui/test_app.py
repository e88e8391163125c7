"""The app driven with real key presses; assertions on the screen and on the library file."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest
from app_support import focused, main_screen, notified, paper_list, screen_text, settle
from support import OnDisk, recount
from textual import events
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TextArea

from storage import AddTags, ExportFormat, Library, SetTags, SortOrder, View
from tui.app import PapershelfApp
from tui.commands import COMMANDS
from tui.screens import (
    ConfirmDialog,
    ExportDialog,
    HelpScreen,
    ImportDialog,
    MainScreen,
    NoteEditor,
    TagEditor,
    TagRemover,
)
from tui.screens.dialog import Dialog
from tui.settings import Settings
from tui.widgets import KeyFooter, PaperDetail, PaperList, SearchBar

SIZE = (120, 36)


def status_text(app: PapershelfApp) -> str:
    return str(app.screen.query_one("#search-status").render())


async def test_starts_on_first_seed_with_list_focused(app: PapershelfApp) -> None:
    """The first screen shows the seed's nine papers, most cited first, list focused;
    the detail pane shows the top one from the next frame on."""
    async with app.run_test(size=SIZE) as pilot:
        papers = paper_list(app)
        assert len(papers.entries) == 9
        assert papers.entries[0].paper.citations == 113
        assert app.focused is papers
        assert "9 / 9" in status_text(app)
        await pilot.pause()
        detail = app.screen.query_one(PaperDetail)
        assert detail.entry == papers.highlighted and detail.entry is not None
        assert detail.entry.paper.summary.split()[0] in detail.text


async def test_space_and_r_toggle_read_and_persist(app: PapershelfApp, on_disk: OnDisk) -> None:
    """space marks the highlighted paper read, r marks it unread again; both reach disk."""
    async with app.run_test(size=SIZE) as pilot:
        target = paper_list(app).highlighted
        assert target is not None
        await pilot.press("space")
        await settle(pilot)
        assert on_disk().entry(target.id).state.read
        assert paper_list(app).entries[0].state.read
        assert "1/9 read" in str(app.screen.query_one("#source-pane").border_subtitle)
        await pilot.press("r")
        await settle(pilot)
        assert not on_disk().entry(target.id).state.read


async def test_navigation_keys_move_the_cursor(app: PapershelfApp) -> None:
    """j/k, arrows, G/g, End/Home move the highlight; the detail pane follows."""
    async with app.run_test(size=SIZE) as pilot:
        papers = paper_list(app)
        await pilot.press("j", "j", "down")
        assert papers.cursor == 3
        await pilot.press("k", "up")
        assert papers.cursor == 1
        await pilot.press("G")
        assert papers.cursor == 8
        await pilot.press("g")
        assert papers.cursor == 0
        await pilot.press("end")
        assert papers.cursor == 8
        await pilot.press("home", "pagedown")
        assert papers.cursor == 8  # a page is more than nine rows here
        last = papers.entries[8]
        detail = app.screen.query_one(PaperDetail)
        assert detail.entry == last


def rows_on_screen(widget: Widget) -> list[Strip]:
    """A pane's content rows as the compositor would send them to the terminal now
    (Textual keeps that privately): a row that was never repainted shows as it was."""
    content = widget.content_region
    screen = widget.app.screen._compositor.render_strips()
    return [screen[y].crop(content.x, content.right) for y in range(content.y, content.bottom)]


def list_rows_on_screen(app: PapershelfApp) -> list[Strip]:
    return rows_on_screen(paper_list(app))


def rows_in_cursor_colours(app: PapershelfApp) -> list[int]:
    """Which list rows the screen shows in the cursor's background."""
    cursor = paper_list(app).get_component_rich_style("paper-list--cursor").bgcolor
    return [
        number
        for number, row in enumerate(list_rows_on_screen(app))
        if any(s.style is not None and s.style.bgcolor == cursor for s in row)
    ]


async def test_cursor_row_is_drawn_where_the_cursor_is(app: PapershelfApp) -> None:
    """Exactly one row is drawn in the cursor's colours, also after the list scrolled."""
    async with app.run_test(size=(80, 24)) as pilot:
        papers = paper_list(app)
        await pilot.press("j")
        assert rows_in_cursor_colours(app) == [1]
        await pilot.press("G", "k", "k")
        row = papers.cursor - papers.scroll_offset.y
        assert papers.scroll_offset.y > 0
        assert rows_in_cursor_colours(app) == [row]
        assert list_rows_on_screen(app)[row].text.startswith(" ● ")
        await pilot.press("space")  # the changed row is redrawn in place
        assert list_rows_on_screen(app)[row].text.startswith("   ")
        assert rows_in_cursor_colours(app) == [row]


def cells(strip: Strip) -> list[tuple[str, object, bool]]:
    """Each cell's character, background and boldness: a row as the reader sees it."""
    return [
        (char, segment.style and segment.style.bgcolor, bool(segment.style and segment.style.bold))
        for segment in strip
        for char in segment.text
    ]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_screen_always_shows_the_panes_as_drawn_afresh(
    app: PapershelfApp, size: tuple[int, int]
) -> None:
    """Lines are repainted only when they change; after every key the screen must still
    equal a fresh drawing of the list (papers, markers, highlights, cursor) and of the
    detail pane."""
    keys = [*"/cell", "backspace", "space", "s", "t", "enter", "j", "j", "space", "u", "s"]
    async with app.run_test(size=size) as pilot:
        papers = paper_list(app)
        detail = app.screen.query_one(PaperDetail)
        for key in [*keys, "escape", "G", "k", "slash", *"stem", "t", *"x", "enter"]:
            await pilot.press(key)
            papers._row_cache.clear()  # what the list draws from nothing
            papers._drawn.clear()
            for pane in (papers, detail):
                region = pane.scrollable_content_region
                on_screen = [cells(row.crop(0, region.width)) for row in rows_on_screen(pane)]
                afresh = [cells(pane.render_line(y)) for y in range(region.height)]
                assert on_screen == afresh, f"{pane.id} after {key!r}"


async def test_detail_pane_scrolls_and_keeps_its_place(app: PapershelfApp) -> None:
    """In the detail pane j/k/G/g scroll; a new tag keeps the place, a new paper starts
    at the top."""
    async with app.run_test(size=(80, 24)) as pilot:
        detail = app.screen.query_one(PaperDetail)
        for _ in range(4):
            if app.focused is detail:
                break
            await pilot.press("tab")
        assert app.focused is detail
        await pilot.press("j", "j", "j")
        assert detail.scroll_y == 3
        await pilot.press("k")
        assert detail.scroll_y == 2
        await pilot.press("G")
        bottom = detail.max_scroll_y
        assert bottom > 3 and detail.scroll_y == bottom
        await pilot.press("t", *"later", "enter")
        await settle(pilot)  # the write runs on a worker thread
        assert "later" in detail.text
        assert detail.scroll_y == bottom
        await pilot.press("g")
        assert detail.scroll_y == 0
        await pilot.press("G", "shift+tab")
        assert focused(app) is paper_list(app)
        await pilot.press("j")
        assert detail.entry == paper_list(app).entries[1]
        assert detail.scroll_y == 0


def footer_keys(app: PapershelfApp) -> list[str]:
    """The keys the footer shows (FooterKey is not exported by Textual: found by name)."""
    return [key.key for key in app.screen.query_one(KeyFooter).query("FooterKey")]  # type: ignore[attr-defined]


async def test_footer_shows_the_keys_that_work_where_focus_is(app: PapershelfApp) -> None:
    """In the search box letters are typed, so the footer drops them; it follows focus."""
    async with app.run_test(size=SIZE) as pilot:
        in_list = footer_keys(app)
        assert {"space", "t", "n", "slash", "u", "q"} <= set(in_list)
        await pilot.press("slash")
        in_search = footer_keys(app)
        assert in_search and not {"space", "t", "q", "slash"} & set(in_search)
        await pilot.press("escape")
        assert footer_keys(app) == in_list
        await pilot.press("slash", "enter")  # Enter: to the list, keeping the query
        assert footer_keys(app) == in_list


async def type_in_one_burst(pilot: Pilot[int], *keys: str) -> None:
    """Keys as the terminal delivers a paste or a fast typist: all queued before the
    app handles the first (Pilot's press waits for the app between keys)."""
    for key in keys:
        character = {"slash": "/", "enter": "\r", "escape": "\x1b"}.get(key, key)
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()


async def test_keys_typed_right_after_slash_are_the_query(app: PapershelfApp) -> None:
    """A burst of "/stem" searches for stem: none of s, t, e, m runs its list command.
    A further / in the search box is text."""
    async with app.run_test(size=SIZE) as pilot:
        await type_in_one_burst(pilot, "slash", "s", "t", "e", "m")
        assert main_screen(app).view.query == "stem"
        assert main_screen(app).view.sort == SortOrder.CITATIONS  # s did not cycle the sort
        assert isinstance(app.screen, MainScreen)  # t did not open the tag editor
        await type_in_one_burst(pilot, "slash", "c")
        assert main_screen(app).view.query == "stem/c"


async def test_keys_typed_while_the_app_starts_are_routed_to_the_list_in_order(
    library: Library, on_disk: OnDisk
) -> None:
    """ "/stem", Enter, j and space typed before the first screen is up: the query is
    stem, the list shows the library's matches for it, the cursor went down one row and
    space marked that paper read (on disk). Routed before the screen was mounted, the
    keys went to a screen about to take focus back, or that was not there yet."""
    app = PapershelfApp(library)
    for key in ("slash", "s", "t", "e", "m", "enter", "j", "space"):
        # In the queue before the app runs, as keys the terminal delivered as it started
        # (Textual reads the terminal from then on).
        character = {"slash": "/", "enter": "\r", "space": " "}.get(key, key)
        app.post_message(events.Key(key, character))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.view.query == "stem" and screen.view.sort == SortOrder.CITATIONS
        expected = library.search(View("stem", source_id=library.sources()[0].id)).ids()
        assert paper_list(app).entries.ids() == expected and len(expected) > 1
        assert app.focused is paper_list(app) and paper_list(app).cursor == 1
        assert on_disk().entry(expected[1]).state.read
        assert f"{len(expected)} / 9" in status_text(app)


async def test_keys_typed_right_after_enter_or_escape_go_to_the_list(
    app: PapershelfApp,
) -> None:
    """Enter (or Esc) and j in one burst: the j moves the list's cursor, it is not typed
    into the query."""
    async with app.run_test(size=SIZE) as pilot:
        await type_in_one_burst(pilot, "slash", "s", "t", "e", "m", "enter", "j")
        assert main_screen(app).view.query == "stem"
        assert app.focused is paper_list(app) and paper_list(app).cursor == 1
        await type_in_one_burst(pilot, "slash", "escape", "j")
        assert main_screen(app).view.query == ""
        assert app.focused is paper_list(app) and paper_list(app).cursor == 1


async def test_keys_after_a_remapped_dialog_key_are_typed_into_its_dialog(
    library: Library, on_disk: OnDisk
) -> None:
    """With `add-tags = "w"` in the keymap, w and a tag in one burst tag the paper: the
    keys held for a dialog follow the reader's keymap, not the default keys."""
    app = PapershelfApp(library, settings=Settings(keymap={"add-tags": "w"}))
    await _tag_in_one_burst(app, on_disk, "w")


async def _tag_in_one_burst(app: PapershelfApp, on_disk: OnDisk, key: str) -> None:
    """`key` (add tags) and the tag "fast" in one burst tag the first paper; the s of it
    is typed into the dialog, not taken by the list (which would cycle the sort)."""
    async with app.run_test(size=SIZE) as pilot:
        first = paper_list(app).entries.ids()[0]
        await type_in_one_burst(pilot, key, "f", "a", "s", "t", "enter")
        await settle(pilot)
        assert on_disk().entry(first).state.tags == ("fast",)
        assert main_screen(app).view.sort == SortOrder.CITATIONS, "the s reached the list"


async def _slowly(seconds: float) -> None:
    """A busy machine, for the key or dialog it delays: longer than the second that keys
    held for a dialog used to wait before they went on anyway."""
    await asyncio.sleep(seconds)


@pytest.mark.parametrize("slow", ["binding", "dialog"])
async def test_keys_after_a_dialog_key_wait_for_a_busy_machine(
    app: PapershelfApp, on_disk: OnDisk, monkeypatch: pytest.MonkeyPatch, slow: str
) -> None:
    """t and a tag in one burst tag the paper however long a busy machine takes to bring
    t to the app (which runs its binding) or to compose its dialog: the keys behind a t
    that was late reached the list once a second had passed, and nothing was tagged."""
    if slow == "binding":  # the t reaches the app, which runs its binding, late

        async def late(_: PaperList, event: events.Key) -> None:
            if event.key == "t":
                await _slowly(1.5)

        monkeypatch.setattr(PaperList, "on_key", late, raising=False)
    else:
        compose = Dialog._compose  # after which its field takes focus

        async def late_compose(dialog: Dialog[Any]) -> None:
            await _slowly(1.5)
            await compose(dialog)

        monkeypatch.setattr(Dialog, "_compose", late_compose)
    await _tag_in_one_burst(app, on_disk, "t")


async def test_keys_typed_right_after_a_dialog_key_are_typed_into_it(
    app: PapershelfApp, on_disk: OnDisk
) -> None:
    """j, t, a tag and Enter in one burst tag the second paper (the s typed does not
    cycle the sort); n and a note in one burst: the note holds every key; d and y in
    one burst delete it. The keys reach the app before the dialog is up."""
    async with app.run_test(size=SIZE) as pilot:
        first, second = paper_list(app).entries.ids()[:2]
        await type_in_one_burst(pilot, "j", "t", "f", "a", "s", "t", "enter")
        await settle(pilot)
        assert on_disk().entry(second).state.tags == ("fast",)
        assert on_disk().entry(first).state.tags == ()
        assert main_screen(app).view.sort == SortOrder.CITATIONS
        await type_in_one_burst(pilot, "n", "o", "k")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor) and app.screen.text == "ok"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await type_in_one_burst(pilot, "d", "y")
        await settle(pilot)
        assert on_disk().entry(second).state.note == "ok"
        assert [e.id for e in on_disk().search(View(trash=True))] == [second]


async def test_tab_cycles_panes(app: PapershelfApp) -> None:
    """Tab goes list, detail, source, search and round again; shift+tab goes back."""
    async with app.run_test(size=SIZE) as pilot:
        assert focused(app) is paper_list(app)
        order = []
        for _ in range(4):
            await pilot.press("tab")
            order.append(getattr(focused(app), "id", None))
        assert order == ["paper-detail", "source-pane", "search-input", "paper-list"]
        await pilot.press("shift+tab")
        assert getattr(focused(app), "id", None) == "search-input"
        await pilot.press("shift+tab")
        assert getattr(focused(app), "id", None) == "source-pane"


async def test_search_narrows_as_you_type_and_keeps_filter(app: PapershelfApp) -> None:
    """Each keystroke narrows the list; Enter goes to the list with the filter kept."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        counts = []
        for key in "hair":
            await pilot.press(key)
            counts.append(len(paper_list(app).entries))
        assert counts[-1] == 4
        assert counts[0] > counts[-1]  # "h" matches more than "hair"
        assert "4 / 9" in status_text(app)
        await pilot.press("space", "minus", *"chemo")
        assert len(paper_list(app).entries) == 2
        assert paper_list(app)._highlights == ("hair",)
        await pilot.press("enter")
        assert focused(app) is paper_list(app)
        assert len(paper_list(app).entries) == 2


async def test_down_from_search_goes_to_list(app: PapershelfApp) -> None:
    """Down in the search box moves to the list, keeping the filter."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"stem", "down")
        assert app.focused is paper_list(app)
        assert len(paper_list(app).entries) == 2


async def test_escape_clears_search(app: PapershelfApp) -> None:
    """Esc in the search box clears the query and returns to the full list."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"exosome", "escape")
        assert app.focused is paper_list(app)
        assert app.screen.query_one("#search-input", Input).value == ""
        assert len(paper_list(app).entries) == 9


async def test_malformed_query_is_explained_and_keeps_the_list(app: PapershelfApp) -> None:
    """A bad query shows what is wrong; the list keeps the last good result."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"year:>")
        assert "year: takes a number" in status_text(app)
        assert app.screen.query_one(SearchBar).has_class("-error")
        await pilot.press(*"2020")
        assert len(paper_list(app).entries) == 5
        assert not app.screen.query_one(SearchBar).has_class("-error")


async def test_letter_keys_do_not_fire_while_typing(app: PapershelfApp, on_disk: OnDisk) -> None:
    """Typing command letters in the search box only types them."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"rtTnuszq? i")
        assert app.screen.query_one("#search-input", Input).value == "rtTnuszq? i"
        assert isinstance(app.screen, MainScreen)
        assert not main_screen(app).view.unread_only
        assert main_screen(app).view.sort is SortOrder.CITATIONS
        library = on_disk()
        assert all(e.state.is_blank for e in library.search(View()))


async def test_add_tags_with_completion(app: PapershelfApp, on_disk: OnDisk) -> None:
    """t opens the tag editor; completion offers existing tags; Enter saves."""
    async with app.run_test(size=SIZE) as pilot:
        first = paper_list(app).entries[0].id
        await pilot.press("t")
        assert isinstance(app.screen, TagEditor)
        await pilot.press(*"Hair loss, EV", "enter")
        await settle(pilot)
        assert on_disk().entry(first).state.tags == ("Hair loss", "EV")
        await pilot.press("j", "t", *"h")
        await pilot.pause()
        await pilot.press("right")  # accept the suggestion
        assert app.screen.query_one(Input).value == "Hair loss"
        await pilot.press(*", new", "enter")
        await settle(pilot)
        second = paper_list(app).entries[1].id
        assert on_disk().entry(second).state.tags == ("Hair loss", "new")


async def test_escape_cancels_tag_editor(app: PapershelfApp, on_disk: OnDisk) -> None:
    """Esc in the tag editor saves nothing."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", *"nope", "escape")
        assert isinstance(app.screen, MainScreen)
        assert all(e.state.tags == () for e in on_disk().search(View()))


async def test_remove_tag(app: PapershelfApp, library: Library, on_disk: OnDisk) -> None:
    """T lists the paper's tags; Enter removes the chosen one."""
    async with app.run_test(size=SIZE) as pilot:
        first = paper_list(app).entries[0].id
        library.apply(SetTags(["one", "two"]), [first])
        await pilot.pause()
        await pilot.press("T")
        assert isinstance(app.screen, TagRemover)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert on_disk().entry(first).state.tags == ("one",)


async def test_note_saved_with_ctrl_s(app: PapershelfApp, on_disk: OnDisk) -> None:
    """n opens the editor; ctrl+s saves the Markdown note, which the detail pane shows."""
    async with app.run_test(size=SIZE) as pilot:
        first = paper_list(app).entries[0].id
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Key finding", "enter", *"- mice")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert on_disk().entry(first).state.note == "Key finding\n- mice"
        detail = app.screen.query_one(PaperDetail).text
        assert "Key finding" in detail and "• mice" in detail  # rendered, not raw


async def test_note_escape_asks_before_discarding(app: PapershelfApp, on_disk: OnDisk) -> None:
    """Esc with unsaved changes asks; 'n' keeps editing, 'y' discards."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"draft", "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "draft"
        await pilot.press("escape", "y")
        assert isinstance(app.screen, MainScreen)
        assert all(e.state.note == "" for e in on_disk().search(View()))


async def test_note_escape_without_changes_closes_at_once(app: PapershelfApp) -> None:
    """Nothing typed, nothing to ask."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "escape")
        assert isinstance(app.screen, MainScreen)


async def test_unread_only_and_sort(app: PapershelfApp) -> None:
    """u hides read papers; s cycles the sort through all five orders."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("u")
        assert len(paper_list(app).entries) == 8
        assert "unread only" in status_text(app)
        await pilot.press("u")
        assert len(paper_list(app).entries) == 9
        orders = []
        for _ in range(5):
            await pilot.press("s")
            orders.append(main_screen(app).view.sort)
        assert orders == [*list(SortOrder)[1:], SortOrder.CITATIONS]
        assert orders[-2] == SortOrder.PRIORITY
        await pilot.press("s")
        assert paper_list(app).entries[0].paper.year == 2024


async def test_undo_several_steps(app: PapershelfApp, on_disk: OnDisk) -> None:
    """z takes back read, tag and note changes one by one, each persisted."""
    async with app.run_test(size=SIZE) as pilot:
        first = paper_list(app).entries[0].id
        await pilot.press("space", "t", *"x", "enter", "n", *"note", "ctrl+s")
        await settle(pilot)
        assert on_disk().entry(first).state.note == "note"
        await pilot.press("z")
        await settle(pilot)
        assert on_disk().entry(first).state.note == ""
        assert "Undone: edited the note of 1 paper" in notified(app)
        await pilot.press("z")
        await settle(pilot)
        assert on_disk().entry(first).state.tags == ()
        await pilot.press("z")
        await settle(pilot)
        assert not on_disk().entry(first).state.read
        await pilot.press("Z")
        await settle(pilot)
        assert on_disk().entry(first).state.read
        assert "Redone: marked 1 paper read" in notified(app)


async def test_change_from_another_process_appears(app: PapershelfApp, db_path: Path) -> None:
    """A tag added by another Library (as `papershelf tag` would) shows within two seconds."""
    async with app.run_test(size=SIZE) as pilot:
        first = paper_list(app).entries[0].id
        await pilot.press("space")  # the app's own change must survive
        await settle(pilot)
        Library(db_path).apply(AddTags(["from-cli"]), [first])
        main_screen(app).poll_other_processes()  # what the one-second timer calls
        await settle(pilot)
        row = paper_list(app).entries[0]
        assert row.state.tags == ("from-cli",)
        assert row.state.read


async def test_source_switching(app: PapershelfApp, tmp_path: Path) -> None:
    """] and [ cycle: each seed, then all papers; the source pane and the list follow."""
    second = tmp_path / "second.txt"
    second.write_text("TLDR The second case.\nAbstract.\nMay 2020 in “J” A finding.\n")
    app.library.import_files([second])
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one("#source-pane")

        def text() -> str:
            return str(pane.query_one("#source-text", Static).render())

        assert "A woman regrew her hair" in text() and pane.border_title == "seed 1 of 2"
        await pilot.press("right_square_bracket")
        assert "The second case." in text() and pane.border_title == "seed 2 of 2"
        assert [entry.paper.summary for entry in paper_list(app).entries] == ["A finding."]
        await pilot.press("right_square_bracket")
        assert main_screen(app).view.source_id is None
        assert pane.border_title == "all 2 seeds" and len(paper_list(app).entries) == 10
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert "A woman regrew her hair" in text() and len(paper_list(app).entries) == 9


async def test_help_screen(app: PapershelfApp) -> None:
    """? shows every command's keys and what it does; Esc closes it."""
    async with app.run_test(size=(120, 120)) as pilot:  # tall enough for the whole help
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        lines = screen_text(app).splitlines()
        for command in COMMANDS:
            keys = f" {command.keys_text}  "  # the keys whole, on one line, then the help
            row = [line for line in lines if keys in line and command.help[:30] in line]
            assert row, f"{command.id}: no row with {command.keys_text} and its help"
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


@pytest.mark.parametrize(("down", "end", "home"), [("down", "end", "home"), ("j", "G", "g")])
async def test_the_help_scrolls_from_the_keyboard_at_80x24(
    app: PapershelfApp, down: str, end: str, home: str
) -> None:
    """The help is taller than a small screen: the arrows and Home/End scroll it, and so
    do j/k/g/G, as in the panes it describes; no Tab first."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        scroll = app.screen.query_one(".help-dialog", VerticalScroll)
        assert scroll.max_scroll_y > 0, "the help fits: nothing to scroll"
        await pilot.press(down)
        await settle(pilot)
        assert scroll.scroll_y == 1
        await pilot.press(end)
        await settle(pilot)
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press(home)
        await settle(pilot)
        assert scroll.scroll_y == 0


async def test_command_palette_runs_commands(app: PapershelfApp) -> None:
    """Every command is in the palette; choosing one runs it."""
    async with app.run_test(size=SIZE) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in ("Read (space r)", "Tag (t)", "Note (n)", "Unread (u)", "Undo (z)"):
            assert expected in titles
        await pilot.press("ctrl+p")
        await pilot.press(*"Unread (u)")
        await settle(pilot)  # the palette searches in a worker
        await pilot.press("enter")
        await pilot.pause()
        assert main_screen(app).view.unread_only


async def test_empty_library_offers_bundled_import(db_path: Path, on_disk: OnDisk) -> None:
    """An empty library says how to import, and i imports the bundled seeds."""
    app = PapershelfApp(Library(db_path))
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.has_class("-empty")
        assert "papershelf --db" in str(app.screen.query_one("#empty-state").render())
        await pilot.press("i")
        await settle(pilot)
        assert not app.screen.has_class("-empty")
        assert len(paper_list(app).entries) == 9
    assert len(on_disk().search(View())) == 9


async def test_narrow_terminal_stacks_panes(app: PapershelfApp) -> None:
    """At 80x24 the detail pane goes under the list, which still shows several rows."""
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        assert paper_list(app).size.height >= 6


async def test_write_error_is_a_notification_not_a_crash(
    app: PapershelfApp, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only library file: the toggle fails with a message, the app keeps running."""
    async with app.run_test(size=SIZE) as pilot:
        real_access = os.access
        monkeypatch.setattr(
            os, "access", lambda p, m: False if Path(p) == db_path else real_access(p, m)
        )
        await pilot.press("space")
        await settle(pilot)
        monkeypatch.undo()
        assert isinstance(app.screen, MainScreen)
        assert any("read-only" in message for message in notified(app))
        assert not paper_list(app).entries[0].state.read


async def test_export_dialog_writes_the_papers_shown(app: PapershelfApp, tmp_path: Path) -> None:
    """e asks for a format and a path, exports the filtered list and says so."""
    target = tmp_path / "reading.md"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"hair", "enter")
        shown = len(paper_list(app).entries)
        await pilot.press("e")
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-format", Select).value = ExportFormat.MARKDOWN
        await pilot.pause()
        path = app.screen.query_one("#export-path", Input)
        assert path.value.endswith("papershelf-export.md"), "the suffix follows the format"
        path.value = str(target)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        messages = notified(app)
        (seed,) = app.library.snapshot.catalog.sources.values()
        view = f"search: hair · seed: {seed.file_name} · sort: most cited"
        assert f"{shown} papers ({view}) to {target}" in messages
    assert target.read_text().count("\n- [ ] ") == shown


@pytest.mark.parametrize(("answer", "replaced"), [("n", False), ("y", True)])
async def test_export_asks_before_replacing_a_file(
    app: PapershelfApp, tmp_path: Path, answer: str, replaced: bool
) -> None:
    """e onto a file that is there: the dialog says it will replace it, and Enter asks
    first; n keeps the file as it was (the dialog stays), y exports over it."""
    target = tmp_path / "mine.bib"
    target.write_text("@book{mine, title = {Kept by hand}}\n")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.pause()
        assert "(replacing the file there)" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press(answer)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, MainScreen if replaced else ExportDialog)
    assert ("Kept by hand" in target.read_text()) is not replaced
    assert (target.read_text().count("@") == 9) is replaced


async def test_import_dialog_completes_the_path_and_reports(
    app: PapershelfApp, tmp_path: Path
) -> None:
    """I asks for a path (→ completes it), imports the file and reports what it added."""
    (tmp_path / "library-export.bib").write_text(
        "@article{a, title = {Hair follicles and exosomes}, year = 2022, keywords = {EV}}\n"
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I")
        assert isinstance(app.screen, ImportDialog)
        await pilot.press(*f"{tmp_path}/lib")
        await settle(pilot)  # the completion is looked up in a worker
        await pilot.press("right")
        assert app.screen.query_one(Input).value == f"{tmp_path}/library-export.bib"
        await pilot.press("enter")
        await settle(pilot)
        messages = notified(app)
        assert "library-export.bib: 1 new paper." in messages
        await pilot.press("right_square_bracket")  # all papers
        assert len(paper_list(app).entries) == 10


async def test_import_dialog_reports_a_refused_file(app: PapershelfApp, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ris"
    broken.write_text("TY  - JOUR\nTI  - never ends\n")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I", *str(broken), "enter")
        await settle(pilot)
        messages = notified(app)
        assert any(f"{broken}:1" in message and "no ER line" in message for message in messages)


async def test_a_new_search_starts_at_its_best_match(app: PapershelfApp) -> None:
    """Typing a query puts the cursor on the first match; a sort keeps it on its paper."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j", "j", "j")
        assert paper_list(app).cursor == 5
        await pilot.press("slash", *"hair")
        papers = paper_list(app)
        assert papers.cursor == 0 and papers.scroll_offset.y == 0
        await pilot.press("enter", "j")
        chosen = papers.highlighted
        assert chosen is not None
        await pilot.press("s")
        assert papers.highlighted == chosen


async def test_delete_asks_then_moves_the_paper_to_the_trash(
    app: PapershelfApp, on_disk: OnDisk
) -> None:
    """d asks once, saying how many; y deletes: the paper leaves the list, its state kept."""
    async with app.run_test(size=SIZE) as pilot:
        target = paper_list(app).entries[0]
        await pilot.press("t", *"keep", "enter")
        await settle(pilot)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Delete 1 paper?" in str(app.screen.query_one("Label").render())
        await pilot.press("n")
        await settle(pilot)
        assert not on_disk().entry(target.id).state.deleted
        await pilot.press("d", "y")
        await settle(pilot)
        assert target.id not in paper_list(app).entries.ids()
        assert "8 / 8" in status_text(app)
        stored = on_disk().entry(target.id).state
        assert stored.deleted and stored.tags == ("keep",)
        assert "Deleted 1 paper" in notified(app)


async def test_trash_view_lists_deleted_papers_and_d_restores(
    app: PapershelfApp, on_disk: OnDisk
) -> None:
    """D shows the trash; d there restores without asking; D goes back."""
    async with app.run_test(size=SIZE) as pilot:
        target = paper_list(app).entries[0].id
        await pilot.press("d", "y")
        await settle(pilot)
        await pilot.press("D")
        assert main_screen(app).view.trash
        assert paper_list(app).entries.ids() == [target]
        assert "in the trash" in status_text(app)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert not on_disk().entry(target).state.deleted
        assert len(paper_list(app).entries) == 0
        await pilot.press("D")
        assert target in paper_list(app).entries.ids()


async def test_undo_brings_a_deleted_paper_back(app: PapershelfApp, on_disk: OnDisk) -> None:
    """z after a delete restores the paper to the list; the notification says what."""
    async with app.run_test(size=SIZE) as pilot:
        target = paper_list(app).entries[0].id
        await pilot.press("d", "y")
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert target in paper_list(app).entries.ids()
        assert not on_disk().entry(target).state.deleted
        assert "Undone: deleted 1 paper" in notified(app)


async def test_a_key_between_a_reload_and_the_redraw_acts_on_the_paper_shown(
    app: PapershelfApp, db_path: Path, tmp_path: Path, on_disk: OnDisk
) -> None:
    """Another process re-numbers the catalog; the poll reloads it; space pressed before
    the screen has redrawn marks the highlighted paper, not the one now at its number."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j")
        shown = paper_list(app).highlighted
        assert shown is not None
        assert not Library(db_path).import_files([recount(tmp_path)]).failed
        app.library.check_for_changes()  # what the poll does; its message is not handled yet
        main_screen(app).action_toggle_read()
        await settle(pilot)
        read = [entry.id for entry in on_disk().search(View()) if entry.state.read]
        assert read == [shown.id]


async def test_a_crash_exits_with_a_failure_status(app: PapershelfApp) -> None:
    """An error the app did not expect ends it with Textual's traceback and status 1, not
    0: a script or a shell prompt must see that it failed."""

    def crash() -> None:
        raise RuntimeError("unexpected")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            app.call_later(crash)
            await pilot.pause()
    assert app.exit_status == 1
