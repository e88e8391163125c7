"""A long import in the app: off the event loop, with a progress bar; Esc cancels it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from app_support import notified, screen_text, settle
from support import OnDisk

from storage import ImportProgress, Library, View
from storage.first_page import first_page_path
from storage.importing import ParsedFile, parse_import
from tui.app import PapershelfApp
from tui.collector import AppCollector
from tui.screens.import_progress import ImportProgressDialog

SIZE = (100, 30)
ENTRIES = 3000


class Gate:
    """Holds the import between reading the file and writing it, until opened."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.opened = threading.Event()

    async def wait_reached(self) -> None:
        assert await asyncio.to_thread(self.reached.wait, 30)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate()

    def parse_then_wait(path: Path, progress: ImportProgress | None = None) -> ParsedFile:
        parsed = parse_import(path, progress)
        held.reached.set()
        held.opened.wait(30)
        return parsed

    monkeypatch.setattr("storage.importing.parse_import", parse_then_wait)
    yield held
    held.opened.set()  # never leave the writer thread waiting


@pytest.fixture
def big_bib(tmp_path: Path) -> Path:
    path = tmp_path / "big.bib"
    path.write_text(
        "".join(
            f"@article{{k{n}, title = {{Imported paper {n}}}, year = 2020}}\n"
            for n in range(ENTRIES)
        )
    )
    return path


def _library_files(db_path: Path) -> dict[str, bytes]:
    """The library's files, but the first page the app keeps at quit (derived data)."""
    kept = first_page_path(db_path)
    return {
        item.name: item.read_bytes()
        for item in db_path.parent.iterdir()
        if item.is_file() and item != kept
    }


async def test_a_completed_import_shows_its_progress_then_the_report(
    app: PapershelfApp, on_disk: OnDisk, big_bib: Path, gate: Gate
) -> None:
    """The dialog counts the entries as they are read, the app keeps drawing meanwhile,
    and once written the dialog closes and the report says what was added."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I", *str(big_bib), "enter")
        await gate.wait_reached()
        await pilot.pause()
        assert isinstance(app.screen, ImportProgressDialog)
        text = screen_text(app)
        assert f"Reading the entries of big.bib: {ENTRIES:,} of {ENTRIES:,}" in text
        assert "100%" in text and "Esc cancel" in text
        gate.opened.set()
        await settle(pilot)
        assert not isinstance(app.screen, ImportProgressDialog)
        assert f"big.bib: {ENTRIES:,} new papers." in notified(app)
    assert len(on_disk().search(View("imported paper"))) == ENTRIES


async def test_esc_cancels_an_import_and_leaves_the_library_untouched(
    app: PapershelfApp, on_disk: OnDisk, db_path: Path, big_bib: Path, gate: Gate
) -> None:
    """Esc while the file is read: nothing imported, every library file byte for byte
    as it was, and the app says so."""
    before = _library_files(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I", *str(big_bib), "enter")
        await gate.wait_reached()
        await pilot.press("escape")
        assert "Cancelling…" in screen_text(app)
        gate.opened.set()
        await settle(pilot)
        assert not isinstance(app.screen, ImportProgressDialog)
        assert "Import cancelled; nothing imported." in notified(app)
    assert _library_files(db_path) == before
    assert len(on_disk().search(View("imported paper"))) == 0


class WatchedCollector(AppCollector):
    """The app's collector tuning, left as it is (a test run starts many apps), noting
    on which threads it was held for a change that makes many documents."""

    def __init__(self) -> None:
        self.held_on: list[bool] = []
        """For each hold: whether it was on the event loop's thread."""

    @contextmanager
    def changing_many(self) -> Iterator[None]:
        self.held_on.append(threading.current_thread() is threading.main_thread())
        yield


async def test_an_import_is_written_with_the_collector_held(
    library: Library, big_bib: Path
) -> None:
    """Its thousands of new documents are frozen, not walked by a collection that would
    stop the event loop (see AppCollector.changing_many)."""
    watched = WatchedCollector()
    app = PapershelfApp(library, collector=watched)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I", *str(big_bib), "enter")
        await settle(pilot)
        assert f"big.bib: {ENTRIES:,} new papers." in notified(app)
    assert watched.held_on == [False]  # once, on the writer's thread
