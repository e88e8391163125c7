"""Another process changes the library while the app runs: the poll reads the change on a
worker thread and the screen takes it in one step, keys working all the while."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from app_support import index_built, main_screen, paper_list, screen_text, settle
from support import OnDisk, recount

import storage.library
from storage import AddTags, Library, View
from storage.catalog import Catalog
from storage.finder import Finder
from storage.library_files import LibraryFiles
from storage.search_index import SearchIndex
from storage.snapshot import Snapshot
from tui.app import PapershelfApp

SIZE = (120, 36)


def import_elsewhere(db_path: Path, seed: Path) -> None:
    """What another process's `papershelf import` does (here on a thread of its own)."""
    assert not Library(db_path).import_files([seed]).failed


def tag_elsewhere(db_path: Path, paper_id: str) -> None:
    """What another process's `papershelf tag ID +elsewhere` does."""
    Library(db_path).apply(AddTags(["elsewhere"]), [paper_id])


@pytest.fixture
def threads(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, set[bool]]]:
    """For each of the costly steps of taking in a new catalog, whether it ran on the
    event loop's thread (True) or another (False)."""
    ran: dict[str, set[bool]] = {}

    def watched(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            on_loop = threading.current_thread() is threading.main_thread()
            ran.setdefault(name, set()).add(on_loop)
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(LibraryFiles, "reload", watched("reload", LibraryFiles.reload))
    monkeypatch.setattr(Catalog, "__init__", watched("catalog", Catalog.__init__))
    monkeypatch.setattr(Catalog, "sorted", watched("sort", Catalog.sorted))
    monkeypatch.setattr(SearchIndex, "__init__", watched("index", SearchIndex.__init__))
    scope = watched("scope", Catalog._compute_scope)
    monkeypatch.setattr(Catalog, "_compute_scope", scope)
    yield ran


async def test_another_processes_import_is_read_and_indexed_off_the_event_loop(
    app: PapershelfApp, db_path: Path, tmp_path: Path, threads: dict[str, set[bool]]
) -> None:
    """The new catalog is read, sorted and indexed on the poll's thread: the event loop
    only swaps the new list in (it used to sort 100,000 papers for it)."""
    async with app.run_test(size=SIZE) as pilot:
        await index_built(pilot)  # the first list and the index, before anything is watched
        threads.clear()
        await asyncio.to_thread(import_elsewhere, db_path, recount(tmp_path))
        main_screen(app).poll_other_processes()
        await settle(pilot)
        listed = [entry.paper.citations for entry in paper_list(app).entries]
        counted = [citations for citations in listed if citations is not None]
        assert min(counted) >= 900 and counted == sorted(counted, reverse=True)
        assert {"reload", "catalog", "sort", "index", "scope"} <= threads.keys()
        assert threads == {name: {False} for name in threads}, "work done on the loop"
        # Typing then searches the new catalog with the index built off the loop.
        await pilot.press("slash", "h")
        await settle(pilot)
        assert threads["index"] == {False}


async def test_the_view_of_every_paper_is_made_ready_off_the_event_loop_too(
    app: PapershelfApp, db_path: Path, tmp_path: Path, threads: dict[str, set[bool]]
) -> None:
    """All seeds shown: the list comes from the index's own order, and the counts
    beside it (every related paper of the new catalog) are counted off the loop too."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("left_square_bracket")
        await index_built(pilot)
        threads.clear()
        await asyncio.to_thread(import_elsewhere, db_path, recount(tmp_path))
        main_screen(app).poll_other_processes()
        await settle(pilot)
        assert "all 2 seeds" in screen_text(app)
        assert {"catalog", "scope"} <= threads.keys()
        assert threads == {name: {False} for name in threads}, "work done on the loop"


async def test_keys_work_while_a_change_is_read_and_act_on_the_paper_shown(
    app: PapershelfApp,
    db_path: Path,
    tmp_path: Path,
    on_disk: OnDisk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While the poll is still preparing another process's catalog the list goes on
    answering keys; space then marks the paper highlighted on screen (the write waits
    for the new catalog), and once swapped in the list shows the import and the mark."""
    reached, release = threading.Event(), threading.Event()
    prepared = storage.library._prepared

    def held(catalog: Catalog, snapshot: Snapshot, views: Sequence[View]) -> Finder | None:
        if views:  # the app's poll (another library's write prepares for no view)
            reached.set()
            assert release.wait(10), "the test never let the poll go on"
        return prepared(catalog, snapshot, views)

    monkeypatch.setattr(storage.library, "_prepared", held)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await asyncio.to_thread(import_elsewhere, db_path, recount(tmp_path))
        main_screen(app).poll_other_processes()
        assert await asyncio.to_thread(reached.wait, 10)
        await pilot.press("j", "j")  # answered while the poll holds the new catalog back
        await pilot.pause()
        shown = paper_list(app).highlighted
        assert shown is not None and paper_list(app).cursor == 2
        assert (shown.paper.citations or 0) < 900, "the old list, until the new one is ready"
        await pilot.press("space")
        await pilot.pause()
        release.set()
        await settle(pilot)
        read = [entry.id for entry in on_disk().search(View()) if entry.state.read]
        assert read == [shown.id]
        highlighted = paper_list(app).highlighted
        assert highlighted is not None and highlighted.id == shown.id  # the cursor follows it
        assert highlighted.state.read and (highlighted.paper.citations or 0) >= 900


async def test_another_processes_tag_is_shown_after_the_poll(
    app: PapershelfApp, db_path: Path, threads: dict[str, set[bool]]
) -> None:
    """A tag added by the command line reaches the row on screen; reading it took no
    new catalog, and nothing of it ran on the loop."""
    async with app.run_test(size=SIZE) as pilot:
        await index_built(pilot)
        threads.clear()
        first = paper_list(app).entries[0].id
        await asyncio.to_thread(tag_elsewhere, db_path, first)
        main_screen(app).poll_other_processes()
        await settle(pilot)
        assert paper_list(app).entries[0].state.tags == ("elsewhere",)
        assert "sort" not in threads  # no new catalog to sort
        assert threads == {name: {False} for name in threads}, "work done on the loop"


async def test_the_apps_own_import_is_sorted_and_indexed_off_the_event_loop(
    app: PapershelfApp, tmp_path: Path, threads: dict[str, set[bool]]
) -> None:
    """I and a file: the import's new catalog is made ready for the list on the writer's
    thread, as another process's is on the poll's."""
    async with app.run_test(size=SIZE) as pilot:
        await index_built(pilot)
        threads.clear()
        await pilot.press("I", *str(recount(tmp_path)), "enter")
        await settle(pilot)
        assert min(e.paper.citations or 900 for e in paper_list(app).entries) >= 900
        assert {"catalog", "sort", "index"} <= threads.keys()
        assert threads == {name: {False} for name in threads}, "work done on the loop"
