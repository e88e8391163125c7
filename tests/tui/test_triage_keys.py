"""Working down a stack in the app: marks, statuses, priorities, next unread, the tag pane.

Every key is pressed for real, and what it did is read back from the library file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from app_support import (
    focused,
    index_built,
    main_screen,
    notified,
    paper_list,
    screen_text,
    settle,
)
from support import FIXTURES, Clock, OnDisk, journal_lines
from textual.pilot import Pilot
from textual.widgets import Input, Label

from storage import AddTags, Delete, Library, SetStatus, View
from storage.seeds import format_seed
from tui.app import PapershelfApp
from tui.collector import AppCollector
from tui.screens import ConfirmDialog, ExportDialog, NoteEditor, TagRemover, TagRenamer
from tui.widgets import TagPane

SIZE = (120, 36)
PAPERS = 60
TOPICS = ("alpha", "beta", "gamma")


@pytest.fixture
def stack(db_path: Path, tmp_path: Path) -> Library:
    """A library of one seed listing 60 papers (most cited first: paper 59 on top)."""
    related = [
        (n, 2000 + n % 25, None, "Journal of Stacks", f"Paper {n} about {TOPICS[n % 3]}.")
        for n in range(PAPERS)
    ]
    seed = tmp_path / "stack.txt"
    seed.write_text(format_seed("A stack of papers.", "To work through.", related))
    library = Library(db_path, now=Clock())
    assert not library.import_files([seed]).failed
    return library


@pytest.fixture
def stack_app(stack: Library) -> PapershelfApp:
    return PapershelfApp(stack)


def status_text(app: PapershelfApp) -> str:
    return str(app.screen.query_one("#search-status").render())


def shown_ids(app: PapershelfApp) -> list[str]:
    return paper_list(app).entries.ids()


async def mark_first(pilot: Pilot[int], count: int) -> list[str]:
    """Press v on the first `count` rows; returns the marked papers' ids."""
    app = pilot.app
    assert isinstance(app, PapershelfApp)
    await pilot.press("home", *["v"] * count)
    return shown_ids(app)[:count]


async def test_v_marks_and_moves_down_and_the_rows_and_status_line_show_it(
    stack_app: PapershelfApp,
) -> None:
    """v marks the highlighted paper and moves down; v again unmarks; marked rows are
    drawn marked and the status line says how many are selected."""
    async with stack_app.run_test(size=SIZE) as pilot:
        marked = await mark_first(pilot, 3)
        papers = paper_list(stack_app)
        assert papers.cursor == 3
        assert set(main_screen(stack_app).selected) == set(marked)
        assert "3 selected" in status_text(stack_app)
        rows = screen_text(stack_app).splitlines()
        list_top = papers.content_region.y
        assert [row[1] for row in rows[list_top : list_top + 4]] == ["▌", "▌", "▌", " "]
        await pilot.press("up", "v")
        assert main_screen(stack_app).selected == tuple(marked[:2])
        assert "2 selected" in status_text(stack_app)


async def test_selection_and_bulk_tag_of_fifty_papers_is_one_write_and_one_undo(
    stack_app: PapershelfApp, on_disk: OnDisk, db_path: Path
) -> None:
    """50 papers marked and tagged: one journal line, all 50 tagged on disk, the
    notification says 50, and one z takes the tag off all of them."""
    async with stack_app.run_test(size=SIZE) as pilot:
        marked = await mark_first(pilot, 50)
        writes = journal_lines(db_path)
        await pilot.press("t", *"bulk", "enter")
        await settle(pilot)
        assert journal_lines(db_path) == writes + 1
        disk = on_disk()
        tagged = {pid for pid in shown_ids(stack_app) if disk.entry(pid).state.tags == ("bulk",)}
        assert tagged == set(marked)
        assert "Tagged 50 papers +bulk" in notified(stack_app)
        await pilot.press("z")
        await settle(pilot)
        disk = on_disk()
        assert all(disk.entry(pid).state.tags == () for pid in marked)
        assert "Undone: tagged 50 papers +bulk" in notified(stack_app)


async def test_a_long_journal_is_compacted_once_the_writes_are_done(
    stack_app: PapershelfApp, on_disk: OnDisk, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change to many papers leaves a long journal line: the app folds it into the
    library file as soon as its writes are done, so that the next key does not wait
    for it; what the files hold is unchanged, and so is the undo."""
    monkeypatch.setattr("storage.library_files.COMPACT_AFTER_BYTES", 4_000)
    async with stack_app.run_test(size=SIZE) as pilot:
        await mark_first(pilot, 50)
        await pilot.press("t", *"bulk", "enter")
        await settle(pilot)
        assert journal_lines(db_path) == 1, "only the header is left"
        assert sum("bulk" in on_disk().entry(pid).state.tags for pid in shown_ids(stack_app)) == 50
        await pilot.press("z")
        await settle(pilot)
        assert not any(on_disk().entry(pid).state.tags for pid in shown_ids(stack_app))


class HeldCounter(AppCollector):
    """Counts the writes run with the collector held, and leaves the test's collector
    alone (the real one freezes objects process-wide)."""

    def __init__(self) -> None:
        self.held = 0

    @contextmanager
    def changing_many(self) -> Iterator[None]:
        self.held += 1
        yield

    def settle(self) -> None:
        pass


async def test_a_change_to_many_papers_and_an_undo_hold_the_collector(
    stack: Library, monkeypatch: pytest.MonkeyPatch, on_disk: OnDisk
) -> None:
    """Past MANY_PAPERS marked papers a change runs with the collector held (so what it
    builds is frozen); a change to one paper does not; an undo, which may be of any
    size, does."""
    monkeypatch.setattr("tui.screens.paper_actions.MANY_PAPERS", 10)
    collector = HeldCounter()
    app = PapershelfApp(stack, collector=collector)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await settle(pilot)
        assert collector.held == 0
        await pilot.press("V", "l")
        await settle(pilot)
        assert collector.held == 1
        assert all(on_disk().entry(pid).state.status == "queued" for pid in shown_ids(app)[1:])
        await pilot.press("z")
        await settle(pilot)
        assert collector.held == 2
        assert not any(on_disk().entry(pid).state.status == "queued" for pid in shown_ids(app))


async def test_shift_v_marks_every_paper_shown_and_again_unmarks_them(
    stack_app: PapershelfApp,
) -> None:
    """V marks the papers of the current search; the marks survive a new search, so
    papers from several searches add up; V on a fully marked list unmarks it."""
    async with stack_app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"beta", "enter", "V")
        topic_one = set(shown_ids(stack_app))
        assert len(topic_one) == PAPERS // 3
        await pilot.press("slash", "ctrl+u", *"gamma", "enter", "V")
        topic_two = set(shown_ids(stack_app))
        assert set(main_screen(stack_app).selected) == topic_one | topic_two
        await pilot.press("V")
        assert set(main_screen(stack_app).selected) == topic_one
        assert f"{PAPERS // 3} selected" in status_text(stack_app)


async def test_escape_clears_the_selection_before_the_search(stack_app: PapershelfApp) -> None:
    """Esc first unmarks, and only then clears the search."""
    async with stack_app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"beta", "enter", "v", "v")
        await pilot.press("escape")
        assert main_screen(stack_app).selected == ()
        assert main_screen(stack_app).view.query == "beta"
        assert "selected" not in status_text(stack_app)
        await pilot.press("escape")
        assert main_screen(stack_app).view.query == ""


async def test_a_marked_paper_deleted_elsewhere_is_unmarked_and_left_alone(
    stack_app: PapershelfApp, db_path: Path, on_disk: OnDisk
) -> None:
    """A marked paper another process deletes loses its mark when the app sees the
    change, so that the next action on the marks does not change it in the trash."""
    async with stack_app.run_test(size=SIZE) as pilot:
        kept, deleted = await mark_first(pilot, 2)
        Library(db_path).apply(Delete(), [deleted])
        main_screen(stack_app).poll_other_processes()  # what the one-second timer calls
        await settle(pilot)
        assert main_screen(stack_app).selected == (kept,)
        assert "1 selected" in status_text(stack_app)
        await pilot.press("l")
        await settle(pilot)
        disk = on_disk()
        assert (disk.entry(kept).state.status, disk.entry(deleted).state.status) == (
            "queued",
            "new",
        )
        assert "Marked 1 paper queued" in notified(stack_app)


async def test_a_malformed_query_keeps_the_selection_count_on_the_status_line(
    stack_app: PapershelfApp,
) -> None:
    """While the query is malformed the status line says what is wrong and still how many
    papers are marked; Esc then unmarks them, and the error stays while the query does."""
    async with stack_app.run_test(size=SIZE) as pilot:
        await mark_first(pilot, 3)
        await pilot.press("slash", *"author:")
        status = status_text(stack_app)
        assert "3 selected (Esc clears)" in status and "⚠ author: needs a value" in status
        await pilot.press("escape")
        status = status_text(stack_app)
        assert main_screen(stack_app).selected == ()
        assert "selected" not in status and "⚠ author: needs a value" in status


@pytest.mark.parametrize(
    ("key", "status"), [("l", "queued"), ("R", "reading"), ("S", "skimmed"), ("x", "dropped")]
)
async def test_status_keys_set_the_status_and_again_make_it_new(
    stack_app: PapershelfApp, on_disk: OnDisk, key: str, status: str
) -> None:
    """Each status key sets its status on the marked papers (one change) and shows it in
    the row; pressed on papers that all have it, it makes them new again."""
    async with stack_app.run_test(size=SIZE) as pilot:
        marked = await mark_first(pilot, 2)
        await pilot.press(key)
        await settle(pilot)
        disk = on_disk()
        assert [disk.entry(pid).state.status for pid in marked] == [status, status]
        assert f"Marked 2 papers {'as ' if status == 'reading' else ''}{status}" in notified(
            stack_app
        )
        mark = {"queued": "»", "reading": "◐", "skimmed": "~", "dropped": "×"}[status]
        top = paper_list(stack_app).content_region.y
        assert screen_text(stack_app).splitlines()[top][2] == mark
        await pilot.press(key)
        await settle(pilot)
        assert {on_disk().entry(pid).state.status for pid in marked} == {"new"}


async def test_space_reads_the_selection_and_unread_is_what_is_left(
    stack_app: PapershelfApp, on_disk: OnDisk
) -> None:
    """space marks the marked papers read, and when they all are, unread; `u` hides the
    papers done with: read and dropped ones."""
    async with stack_app.run_test(size=SIZE) as pilot:
        marked = await mark_first(pilot, 3)
        await pilot.press("space")
        await settle(pilot)
        assert all(on_disk().entry(pid).state.read for pid in marked)
        assert "Marked 3 papers read" in notified(stack_app)
        await pilot.press("escape", "end", "x")
        await settle(pilot)  # the drop is written before u filters (rows never jump)
        await pilot.press("u")
        await settle(pilot)
        assert len(paper_list(stack_app).entries) == PAPERS - 4
        await pilot.press("u")
        assert await mark_first(pilot, 3) == marked
        await pilot.press("space")
        await settle(pilot)
        assert not any(on_disk().entry(pid).state.read for pid in marked)
        assert "Marked 3 papers unread" in notified(stack_app)


async def test_priority_keys_set_toggle_and_clear(
    stack_app: PapershelfApp, on_disk: OnDisk
) -> None:
    """1-3 give the priority (shown in the row), the same key again takes it away, and
    0 clears it; sorting by priority puts P1 first."""
    async with stack_app.run_test(size=SIZE) as pilot:
        first, second = shown_ids(stack_app)[:2]
        await pilot.press("home", "2")
        await settle(pilot)
        assert on_disk().entry(first).state.priority == 2
        top = paper_list(stack_app).content_region.y
        assert screen_text(stack_app).splitlines()[top][3] == "2"
        await pilot.press("2")
        await settle(pilot)
        assert on_disk().entry(first).state.priority is None
        await pilot.press("down", "1", "up", "3")
        await settle(pilot)
        assert (on_disk().entry(first).state.priority, on_disk().entry(second).state.priority) == (
            3,
            1,
        )
        await pilot.press("0")
        await settle(pilot)
        assert on_disk().entry(first).state.priority is None
        await pilot.press(*["s"] * 4)
        assert main_screen(stack_app).view.sort.value == "priority"
        assert shown_ids(stack_app)[0] == second


async def test_priority_keys_act_on_the_marked_papers_and_say_how_many(
    stack_app: PapershelfApp, on_disk: OnDisk
) -> None:
    """With papers marked, 1-3 give them all the priority in one change and say how many;
    the same key again takes it away from all of them, and 0 clears it."""
    async with stack_app.run_test(size=SIZE) as pilot:
        marked = await mark_first(pilot, 3)
        unmarked = shown_ids(stack_app)[3]
        await pilot.press("2")
        await settle(pilot)
        disk = on_disk()
        assert [disk.entry(pid).state.priority for pid in marked] == [2, 2, 2]
        assert disk.entry(unmarked).state.priority is None
        assert "Gave 3 papers priority 2" in notified(stack_app)
        await pilot.press("2")
        await settle(pilot)
        assert [on_disk().entry(pid).state.priority for pid in marked] == [None] * 3
        assert "Cleared the priority of 3 papers" in notified(stack_app)
        await pilot.press("1", "0")
        await settle(pilot)
        assert [on_disk().entry(pid).state.priority for pid in marked] == [None] * 3
        assert "Gave 3 papers priority 1" in notified(stack_app)
        assert notified(stack_app).count("Cleared the priority of 3 papers") == 2


async def test_next_and_previous_unread_and_read_and_advance(
    stack_app: PapershelfApp, stack: Library, on_disk: OnDisk
) -> None:
    """J and K jump over papers done with; a marks the paper read and jumps to the
    next one still to read, so the stack is worked down with one key."""
    ids = stack.search(View()).ids()
    stack.apply(SetStatus("read"), ids[1:3])
    stack.apply(SetStatus("dropped"), ids[3:4])
    stack.apply(SetStatus("queued"), ids[4:5])
    async with stack_app.run_test(size=SIZE) as pilot:
        papers = paper_list(stack_app)
        await pilot.press("home", "J")
        assert papers.cursor == 4  # queued is still to read
        await pilot.press("K")
        assert papers.cursor == 0
        await pilot.press("a")
        await settle(pilot)
        assert on_disk().entry(ids[0]).state.read
        assert papers.cursor == 4
        await pilot.press("a", "a")
        await settle(pilot)
        assert papers.cursor == 6
        assert [on_disk().entry(pid).state.status for pid in ids[4:6]] == ["read", "read"]
        await pilot.press("home", "K")
        assert "No paper above is still to read." in notified(stack_app)


async def test_note_on_a_selection_adds_a_paragraph_to_each(
    stack_app: PapershelfApp, stack: Library, on_disk: OnDisk
) -> None:
    """n with papers marked opens an empty editor; ctrl+s adds the text to every note."""
    ids = stack.search(View()).ids()
    async with stack_app.run_test(size=SIZE) as pilot:
        await pilot.press("home", "n", *"own", "ctrl+s")
        await settle(pilot)
        await mark_first(pilot, 2)
        await pilot.press("n")
        assert isinstance(stack_app.screen, NoteEditor)
        assert "notes of 2 marked papers" in screen_text(stack_app)
        await pilot.press(*"shared", "ctrl+s")
        await settle(pilot)
        assert [on_disk().entry(pid).state.note for pid in ids[:2]] == ["own\n\nshared", "shared"]
        assert "Added to the note of 2 papers" in notified(stack_app)


async def test_untag_delete_and_export_act_on_the_selection(
    stack_app: PapershelfApp, stack: Library, on_disk: OnDisk, tmp_path: Path
) -> None:
    """T offers the tags of the marked papers; e exports them (not the list); d deletes
    them after asking, saying how many."""
    ids = stack.search(View()).ids()
    stack.apply(AddTags(["a"]), ids[:3])
    stack.apply(AddTags(["b"]), ids[1:2])
    async with stack_app.run_test(size=SIZE) as pilot:
        await mark_first(pilot, 3)
        await pilot.press("T")
        assert isinstance(stack_app.screen, TagRemover)
        await pilot.press("enter")  # the most used first: a
        await settle(pilot)
        assert [on_disk().entry(pid).state.tags for pid in ids[:3]] == [(), ("b",), ()]
        await pilot.press("e")
        assert isinstance(stack_app.screen, ExportDialog)
        target = tmp_path / "marked.bib"
        stack_app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert target.read_text().count("papershelf-id = {") == 3
        assert all(pid in target.read_text() for pid in ids[:3])
        await pilot.press("d")
        assert isinstance(stack_app.screen, ConfirmDialog)
        assert "Delete 3 papers?" in screen_text(stack_app)
        await pilot.press("y")
        await settle(pilot)
        assert all(on_disk().entry(pid).state.deleted for pid in ids[:3])
        assert main_screen(stack_app).selected == ()
        assert "Deleted 3 papers" in notified(stack_app)


async def test_the_export_dialog_shows_the_file_it_writes_with_the_format_suffix(
    stack_app: PapershelfApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bare name typed into the export dialog is a file in the current folder: the
    dialog shows its full path, with the format's suffix added, and writes that file."""
    monkeypatch.chdir(tmp_path)
    async with stack_app.run_test(size=SIZE) as pilot:
        await mark_first(pilot, 2)
        await pilot.press("e")
        dialog = stack_app.screen
        assert isinstance(dialog, ExportDialog)
        target = dialog.query_one(".export-target", Label)
        assert str(target.render()) == f"Writes {Path.home() / 'papershelf-export.bib'}"
        dialog.query_one("#export-path", Input).value = "ntile"
        await pilot.pause()
        assert str(target.render()) == f"Writes {tmp_path / 'ntile.bib'}"
        await pilot.press("enter")
        await settle(pilot)
        assert not (tmp_path / "ntile").exists()
        assert (tmp_path / "ntile.bib").read_text().count("papershelf-id = {") == 2
        assert f"2 papers to {tmp_path / 'ntile.bib'}" in notified(stack_app)


async def test_y_b_copies_the_marked_papers_else_the_highlighted_one_as_bibtex(
    stack_app: PapershelfApp,
) -> None:
    """y then b puts BibTeX on the clipboard: of the highlighted paper, or of every marked
    one (in the order marked), saying how many."""
    async with stack_app.run_test(size=SIZE) as pilot:
        await pilot.press("y", "b")
        await settle(pilot)
        assert stack_app.clipboard.count("papershelf-id = {") == 1
        assert shown_ids(stack_app)[0] in stack_app.clipboard
        assert any(m.startswith("Copied the BibTeX entry: @") for m in notified(stack_app))
        marked = await mark_first(pilot, 4)
        await pilot.press("y", "b")
        await settle(pilot)
        copied = stack_app.clipboard
        assert copied.count("papershelf-id = {") == 4
        assert sorted(marked, key=copied.index) == marked
        assert any(m.startswith("Copied the BibTeX entry of 4 papers") for m in notified(stack_app))


async def test_an_empty_result_says_no_papers_match(stack_app: PapershelfApp) -> None:
    """A search that finds nothing says so in the list, not a blank pane; the detail pane
    says no paper is highlighted ("selected" is what the marks are)."""
    async with stack_app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"nothing-like-this")
        assert "No papers match. Esc clears the search." in screen_text(stack_app)
        assert "No paper highlighted." in screen_text(stack_app)


async def test_an_empty_result_with_papers_marked_says_esc_unmarks_first(
    stack_app: PapershelfApp,
) -> None:
    """With papers marked, the empty list says what Esc will do: unmark them (the search
    stays); then, with none marked, that Esc clears the search."""
    async with stack_app.run_test(size=SIZE) as pilot:
        await mark_first(pilot, 2)
        await pilot.press("slash", *"nothing-like-this")
        await pilot.pause()
        said = "No papers match. Esc unmarks 2 papers, then clears the search."
        assert said in screen_text(stack_app)
        await pilot.press("escape")
        await pilot.pause()
        assert main_screen(stack_app).selected == ()
        assert main_screen(stack_app).view.query == "nothing-like-this"
        assert "No papers match. Esc clears the search." in screen_text(stack_app)


async def test_tag_pane_counts_follow_the_search_and_enter_filters(
    stack_app: PapershelfApp, stack: Library
) -> None:
    """# shows the pane and goes to it, with the shown papers' tags and counts; they
    follow the search; Enter adds tag:x to the query; marking two tags combines them; #
    in the pane hides it."""
    ids = stack.search(View()).ids()
    stack.apply(AddTags(["even"]), ids[::2])
    stack.apply(AddTags(["stem cells"]), ids[:10])
    async with stack_app.run_test(size=SIZE) as pilot:
        await pilot.press("number_sign")
        pane = stack_app.screen.query_one(TagPane)
        assert focused(stack_app) is pane
        await index_built(pilot)
        assert pane.counts == [("even", 30), ("stem cells", 10)]
        await pilot.press("slash", *"alpha", "enter")
        topic = set(shown_ids(stack_app))
        evens = len(topic & set(ids[::2]))
        assert dict(pane.counts or ()) == {"even": evens, "stem cells": len(topic & set(ids[:10]))}
        await pilot.press("escape", "number_sign")  # the list, back to the pane
        assert focused(stack_app) is pane
        await pilot.press("home", "enter")
        assert main_screen(stack_app).view.query == "tag:even"
        assert len(shown_ids(stack_app)) == 30
        assert focused(stack_app) is paper_list(stack_app)
        await pilot.press("escape", "number_sign", "home", "space", "space", "enter")
        assert main_screen(stack_app).view.query == 'tag:even tag:"stem cells"'
        assert len(shown_ids(stack_app)) == 5
        await pilot.press("number_sign")  # from the list: to the pane
        assert focused(stack_app) is pane
        await pilot.press("number_sign")  # in the pane: hide it
        assert not main_screen(stack_app).tags_shown
        assert focused(stack_app) is paper_list(stack_app)


async def test_v_in_the_tag_pane_marks_tags_to_combine(
    stack_app: PapershelfApp, stack: Library, on_disk: OnDisk
) -> None:
    """v in the tag pane marks a tag and moves down, as space does; Enter then filters by
    the marked tags together, and the list's papers are those with both on disk."""
    ids = stack.search(View()).ids()
    stack.apply(AddTags(["even"]), ids[::2])
    stack.apply(AddTags(["stem cells"]), ids[:10])
    async with stack_app.run_test(size=SIZE) as pilot:
        await pilot.press("number_sign")
        await index_built(pilot)
        pane = stack_app.screen.query_one(TagPane)
        await pilot.press("home", "v")
        assert pane.highlighted == "stem cells"
        await pilot.press("v", "enter")
        assert main_screen(stack_app).view.query == 'tag:even tag:"stem cells"'
        disk = on_disk()
        both = {pid for pid in ids if {"even", "stem cells"} <= set(disk.entry(pid).state.tags)}
        assert set(shown_ids(stack_app)) == both
        assert len(both) == 5


async def test_tag_pane_without_tags_says_so_in_the_column_of_the_tags(
    stack_app: PapershelfApp,
) -> None:
    """With no tags on the papers shown, the pane says so, one cell in, where a tag's
    name starts (the first cell is the mark's)."""
    async with stack_app.run_test(size=SIZE) as pilot:
        await pilot.press("number_sign")
        await index_built(pilot)
        pane = stack_app.screen.query_one(TagPane)
        row = screen_text(stack_app).splitlines()[pane.content_region.y]
        assert row[pane.content_region.x - 1 :].startswith("│ no tags here")


async def test_tag_pane_renames_a_tag_across_the_library_in_one_step(
    stack_app: PapershelfApp, stack: Library, on_disk: OnDisk
) -> None:
    """R in the tag pane renames (here: merges) a tag on every paper as one change."""
    ids = stack.search(View()).ids()
    stack.apply(AddTags(["todo"]), ids[:4])
    stack.apply(AddTags(["later"]), ids[2:6])
    async with stack_app.run_test(size=SIZE) as pilot:
        await pilot.press("number_sign", "home")
        await index_built(pilot)
        pane = stack_app.screen.query_one(TagPane)
        assert pane.highlighted == "later"
        await pilot.press("down", "R")
        assert isinstance(stack_app.screen, TagRenamer)
        await pilot.press(*"later", "enter")
        await settle(pilot)
        assert {on_disk().entry(pid).state.tags for pid in ids[:6]} == {("later",)}
        assert pane.counts == [("later", 6)]
        assert "Renamed the tag todo to later on 4 papers" in notified(stack_app)
        await pilot.press("z")
        await settle(pilot)
        assert [on_disk().entry(pid).state.tags for pid in ids[:2]] == [("todo",), ("todo",)]


async def test_a_tag_renamed_with_a_comma_in_the_tag_pane_stays_to_be_mended(
    stack_app: PapershelfApp, stack: Library, on_disk: OnDisk
) -> None:
    """R, then a name with a comma: the dialog says why and stays open with the name;
    nothing is written."""
    ids = stack.search(View()).ids()
    stack.apply(AddTags(["todo"]), ids[:4])
    async with stack_app.run_test(size=SIZE) as pilot:
        await pilot.press("number_sign", "home")
        await index_built(pilot)
        await pilot.press("R", "ctrl+u", *"to,do", "enter")
        await settle(pilot)
        assert isinstance(stack_app.screen, TagRenamer)
        assert any("comma" in message for message in notified(stack_app))
    assert {on_disk().entry(pid).state.tags for pid in ids[:4]} == {("todo",)}


async def test_tag_pane_is_on_by_default_on_a_large_screen_only(
    stack_app: PapershelfApp,
) -> None:
    """At 160x50 the tag pane is there from the start; at 120x36 it waits for #."""
    async with stack_app.run_test(size=(160, 50)):
        assert main_screen(stack_app).tags_shown
    smaller = PapershelfApp(stack_app.library)
    async with smaller.run_test(size=SIZE):
        assert not main_screen(smaller).tags_shown


async def test_jabref_status_and_priority_show_in_the_row_and_detail(
    db_path: Path,
) -> None:
    """A JabRef entry read with priority 1 shows as read, P1, its first author and year."""
    library = Library(db_path, now=Clock())
    library.import_files([FIXTURES / "bibliographies" / "jabref.bib"])
    app = PapershelfApp(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"key:gentile2020", "enter")
        row = screen_text(app).splitlines()[paper_list(app).content_region.y]
        assert row.startswith("│  1  Gentile 2021")
        assert "Status    read" in screen_text(app) and "Priority  1 (high)" in screen_text(app)
