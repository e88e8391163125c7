"""Saved searches from the app and the command line: one library, seen by both."""

from __future__ import annotations

import json
from pathlib import Path

from app_support import main_screen, notified, paper_list, screen_text, settle
from cli_runner import cli
from support import OnDisk

from storage import Library, MarkRead, SortOrder, View
from storage.saved_views import view_doc
from tui.app import PapershelfApp
from tui.screens.saved_picker import SavedSearchPicker
from tui.widgets import SourcePane

SIZE = (120, 36)


def saved_line(app: PapershelfApp) -> str:
    return str(app.screen.query_one(SourcePane).query_one("#saved-searches").render())


async def test_b_saves_the_view_in_the_library(app: PapershelfApp, on_disk: OnDisk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"hair", "enter", "s", "u")
        view = main_screen(app).view
        await pilot.press("b", *"hair loss", "enter")
        await settle(pilot)
        assert "Saved: '1 hair loss" in saved_line(app)
    (saved,) = on_disk().saved_views()
    assert (saved.name, saved.view) == ("hair loss", view)
    assert saved.view == View(
        query="hair", source_id=view.source_id, unread_only=True, sort=SortOrder.DATE
    )


async def test_apostrophe_and_a_digit_show_a_search_saved_on_the_command_line(
    library: Library, db_path: Path
) -> None:
    """A search saved from the command line is there in the running app at its next poll;
    ' and its number show it, with its query in the search box."""
    app = PapershelfApp(library)
    async with app.run_test(size=SIZE) as pilot:
        status, out, _ = cli("--db", str(db_path), "views", "--save", "recent", "year:>=2017")
        assert status == 0 and out == "saved the search recent\n"
        main_screen(app).poll_other_processes()
        await settle(pilot)
        assert "'1 recent 6 unread" in saved_line(app)
        await pilot.press("apostrophe", "1")
        await settle(pilot)
        assert main_screen(app).search_input.value == "year:>=2017"
        years = {entry.paper.year for entry in paper_list(app).entries}
        assert years and all(year is not None and year >= 2017 for year in years)
        await pilot.press("apostrophe", "2")  # there is no second one: nothing changes
        assert isinstance(app.screen, SavedSearchPicker)
        assert "1  recent   6 unread · search: year:>=2017" in screen_text(app)
        await pilot.press("d")  # forget the highlighted (the only) one
        await settle(pilot)
        assert main_screen(app).search_input.value == "year:>=2017"
        assert library.saved_views() == [] and saved_line(app) == ""


async def test_the_palette_shows_and_forgets_a_saved_search(
    library: Library, on_disk: OnDisk
) -> None:
    library.save_view("recent", View(query="year:>=2017", sort=SortOrder.DATE))
    app = PapershelfApp(library)
    async with app.run_test(size=SIZE) as pilot:
        for title in ("Saved: recent", "Forget saved search: recent"):
            await pilot.press("ctrl+p", *title)
            await settle(pilot)  # the palette searches in a worker
            await pilot.press("enter")
            await settle(pilot)
            if title.startswith("Saved"):
                assert main_screen(app).view == View(query="year:>=2017", sort=SortOrder.DATE)
                assert main_screen(app).search_input.value == "year:>=2017"
        assert saved_line(app) == ""
    assert on_disk().saved_views() == []


async def test_unread_counts_follow_reading(library: Library) -> None:
    library.save_view("recent", View(query="year:>=2017"))
    app = PapershelfApp(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "recent 6" in saved_line(app)
        await pilot.press("apostrophe", "1", "space")
        await settle(pilot)
        assert "recent 5" in saved_line(app)


async def test_the_app_and_views_count_the_same_unread_papers(
    library: Library, db_path: Path
) -> None:
    """Both count the papers the saved search lists in the app, not the seed's own case
    report (which "hair" finds too: the app shows it in the source pane)."""
    library.save_view("hair", View(query="hair"))
    app = PapershelfApp(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("apostrophe", "1")
        await settle(pilot)
        listed = len(paper_list(app).entries)
        assert f"'1 hair {listed} unread" in saved_line(app)
    status, out, _ = cli("--db", str(db_path), "views")
    assert status == 0 and out.split()[:6] == [
        "1",
        "@hair",
        str(listed),
        "unread",
        "/",
        str(listed),
    ]


def test_list_at_name_and_views_on_the_command_line(library: Library, db_path: Path) -> None:
    library.save_view("recent", View(query="year:>=2017", sort=SortOrder.DATE))
    first = next(iter(library.search(View(query="year:>=2017"))))
    library.apply(MarkRead(True), [first.id])
    library.close()
    db = str(db_path)
    status, out, _ = cli("--db", db, "list", "@recent", "--json")
    listed = json.loads(out)
    assert status == 0 and len(listed) == 6
    assert [paper["year"] for paper in listed] == sorted(
        (paper["year"] for paper in listed), reverse=True
    )
    status, out, _ = cli("--db", db, "views")
    assert status == 0
    assert out.split()[:6] == ["1", "@recent", "5", "unread", "/", "6"]
    status, _, err = cli("--db", db, "list", "@nothing")
    assert status == 1 and "no saved search is called 'nothing' (saved: recent)" in err
    status, out, _ = cli("--db", db, "views", "--remove", "RECENT")
    assert status == 0 and "removed the saved search recent" in out
    status, out, err = cli("--db", db, "views", "--json")
    assert json.loads(out) == []


def _saved_as_an_older_papershelf_did(library: Library, name: str, query: str) -> None:
    """A saved search whose query does not parse, as an older papershelf kept it (or a
    merge brings from another machine): saving one is refused now."""
    library._write_view(name, lambda stamp: view_doc(View(query), stamp), "saved")


async def test_a_search_that_does_not_parse_is_not_saved(
    app: PapershelfApp, on_disk: OnDisk
) -> None:
    """b on a malformed query says what is wrong and keeps nothing; the command line
    refuses it the same way."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"year:abc", "enter", "b", *"bad", "enter")
        await settle(pilot)
        assert any("year:" in message for message in notified(app))
        assert saved_line(app) == ""
    assert on_disk().saved_views() == []
    status, _, err = cli("--db", str(app.library.path), "views", "--save", "bad", "year:abc")
    assert status == 1 and "year: takes a number" in err
    assert on_disk().saved_views() == []


async def test_a_stored_search_that_does_not_parse_is_shown_as_broken(
    library: Library, db_path: Path
) -> None:
    """The saved searches still list, in the app and on the command line, with the broken
    one marked and what is wrong with it; d forgets it."""
    library.save_view("recent", View(query="year:>=2017"))
    _saved_as_an_older_papershelf_did(library, "broken", "year:abc")
    app = PapershelfApp(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "'1 recent 6 unread  '2 broken ⚠" in saved_line(app)
        await pilot.press("apostrophe")
        await settle(pilot)
        assert isinstance(app.screen, SavedSearchPicker)
        assert "broken   ⚠ year:abc: does not parse" in screen_text(app)
        await pilot.press("down", "d")
        await settle(pilot)
        assert [saved.name for saved in library.saved_views()] == ["recent"]
    _saved_as_an_older_papershelf_did(library, "broken", "year:abc")
    status, out, _ = cli("--db", str(db_path), "views")
    assert status == 0
    assert "@broken" in out and "does not parse: year: takes a number" in out
    status, out, _ = cli("--db", str(db_path), "views", "--json")
    broken = next(item for item in json.loads(out) if item["name"] == "broken")
    assert (broken["unread"], broken["papers"]) == (None, None) and "year:" in broken["error"]
