"""Saved searches from the app and the command line: one library, seen by both."""

from __future__ import annotations

import json
from pathlib import Path

from app_support import main_screen, paper_list, screen_text, settle
from cli_runner import cli
from support import OnDisk

from storage import Library, MarkRead, SortOrder, View
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
