"""The app's first frame from a first page: the screen the library gives, drawn before the
library is read; keys typed meanwhile act on the library once it is open."""

from __future__ import annotations

import threading
from pathlib import Path

from app_support import paper_list, screen_text, settle
from support import OnDisk

from storage import Library, LibraryCorruptError, View
from storage.first_page import FirstPage, first_page_path, read_first_page, stamps_on_disk
from tui.app import PapershelfApp
from tui.screens import MainScreen
from tui.screens.first_page import FirstPageScreen

SIZE = (120, 35)


def _page(library: Library, view: View) -> FirstPage:
    library.write_first_page(view)
    page = read_first_page(first_page_path(library.path), view, stamps_on_disk(library.path))
    assert page is not None
    return page


def _gated(path: Path) -> tuple[threading.Event, PapershelfApp, FirstPage]:
    """An app over the first page of `path`'s first seed, whose library opens only once
    the returned event is set."""
    library = Library(path)
    page = _page(library, View(source_id=library.sources()[0].id))
    library.close()
    gate = threading.Event()

    def opening() -> Library:
        assert gate.wait(10)
        return Library(path)

    return gate, PapershelfApp(None, first_page=page, opening=opening), page


async def test_the_first_frame_is_the_screen_of_the_open_library(
    library: Library, db_path: Path
) -> None:
    """Drawn from the first page, the first frame holds what the app shows once the
    library is open (so nothing moves), and what an app opened the usual way shows."""
    gate, app, page = _gated(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstPageScreen)
        first = screen_text(app)
        assert f"{len(page.entries)} / {page.total}" in first
        assert page.entries[0].paper.display_title[:20] in first
        gate.set()
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.opened_after_first_page
        assert screen_text(app) == first
    usual = PapershelfApp(library)
    async with usual.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert screen_text(usual) == first


async def test_the_first_frame_on_a_narrow_terminal_is_laid_out_for_it(
    library: Library, db_path: Path
) -> None:
    """At 80x24 the first page's frame stacks the panes as the main screen does, so that
    nothing moves when the library is open."""
    gate, app, _ = _gated(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, FirstPageScreen)
        assert app.screen.has_class("-narrow")
        await pilot.pause()  # the detail pane comes a frame after the list
        first = screen_text(app)
        gate.set()
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and screen_text(app) == first


async def test_keys_typed_before_the_library_is_open_act_on_it(
    library: Library, db_path: Path, on_disk: OnDisk
) -> None:
    """`j` and `space` typed over the first page wait for the library, then mark the
    second paper read, in the file."""
    gate, app, page = _gated(db_path)
    second = page.entries[1]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "space")
        assert isinstance(app.screen, FirstPageScreen)
        assert not on_disk().entry(second.id).state.read
        gate.set()
        await settle(pilot)
        assert paper_list(app).highlighted == on_disk().entry(second.id)
    assert on_disk().entry(second.id).state.read != second.state.read


async def test_enter_typed_before_the_terminal_is_in_raw_mode_is_enter(
    library: Library, db_path: Path, on_disk: OnDisk
) -> None:
    """`/`, a query, Enter and space typed at once as the app starts: the terminal, not yet
    in raw mode, sends Enter as a newline (ctrl+j). The query is searched, the list takes
    the keys, and space marks the first match read (the space went into the query)."""
    gate, app, _ = _gated(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"cel", "ctrl+j", "space")
        gate.set()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.view.query == "cel"
        first = library.search(screen.view)[0]
        assert app.focused is paper_list(app)
    assert on_disk().entry(first.id).state.read != first.state.read


async def test_quitting_keeps_the_first_page_of_the_view_on_screen(
    library: Library, db_path: Path
) -> None:
    """At quit the app writes the first page of the view it shows, for the next start."""
    app = PapershelfApp(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")  # unread only
        await settle(pilot)
        view = app.screen.view if isinstance(app.screen, MainScreen) else None
    assert view is not None and view.unread_only
    page = read_first_page(first_page_path(db_path), view, stamps_on_disk(db_path))
    assert page is not None and list(page.entries) == list(library.search(view))


async def test_a_library_that_fails_to_open_after_the_first_page_ends_the_app(
    library: Library, db_path: Path
) -> None:
    """The files went bad between the first page and the open: the app ends, saying why
    (the command line shows it as at any start), and nothing acted on the first page."""
    page = _page(library, View(source_id=library.sources()[0].id))

    def opening() -> Library:
        raise LibraryCorruptError(db_path, "not a papershelf library")

    app = PapershelfApp(None, first_page=page, opening=opening)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # held for a main screen that never comes
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert isinstance(app.open_error, LibraryCorruptError)
    assert not app.opened_after_first_page
    assert Library(db_path).entry(page.entries[0].id).state == page.entries[0].state
