"""A long export in the app: off the event loop, with a progress bar; Esc cancels it and
then no file is written."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from app_support import notified, paper_list, screen_text, settle
from textual.pilot import Pilot
from textual.widgets import Input

from storage import ImportProgress, formats
from tui.app import PapershelfApp
from tui.screens import MainScreen
from tui.screens.import_progress import ExportProgressDialog

SIZE = (100, 30)


class Gate:
    """Holds one step of the export (on its thread) until opened."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.opened = threading.Event()

    def holding(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def held(*args: Any) -> Any:
            self.reached.set()
            assert self.opened.wait(30), "the test never opened the gate"
            return function(*args)

        return held

    async def wait_reached(self) -> None:
        assert await asyncio.to_thread(self.reached.wait, 30)


@pytest.fixture
def gate() -> Iterator[Gate]:
    held = Gate()
    yield held
    held.opened.set()  # never leave the export's thread waiting


@pytest.fixture
def formatting(gate: Gate, monkeypatch: pytest.MonkeyPatch) -> Gate:
    """The export held while its document is being formatted."""
    monkeypatch.setattr(formats, "export_pieces", gate.holding(formats.export_pieces))
    return gate


@pytest.fixture
def saving(gate: Gate, monkeypatch: pytest.MonkeyPatch) -> Gate:
    """The export held once its document is made, as its file is saved (the pieces are
    written as they are made, and the file is renamed into place after this)."""
    start_writing = ImportProgress.start_writing

    def held(progress: ImportProgress, what: str) -> None:
        start_writing(progress, what)
        gate.holding(lambda: None)()

    monkeypatch.setattr(ImportProgress, "start_writing", held)
    return gate


async def export_to(pilot: Pilot[int], target: Path) -> None:
    """e, then the path, then Enter (BibTeX, the format offered first)."""
    await pilot.press("e")
    pilot.app.screen.query_one("#export-path", Input).value = str(target)
    await pilot.press("enter")


def wrote(app: PapershelfApp, shown: int, target: Path) -> str:
    """The notification of a finished export: how many papers, of which view, where."""
    (seed,) = app.library.snapshot.catalog.sources.values()
    return f"{shown} papers (seed: {seed.file_name} · sort: most cited) to {target}"


async def test_an_export_shows_its_progress_then_says_what_it_wrote(
    app: PapershelfApp, tmp_path: Path, formatting: Gate
) -> None:
    target = tmp_path / "reading.bib"
    async with app.run_test(size=SIZE) as pilot:
        shown = len(paper_list(app).entries)
        await export_to(pilot, target)
        await formatting.wait_reached()
        await pilot.pause()
        assert isinstance(app.screen, ExportProgressDialog)
        text = screen_text(app)
        assert f"Writing {shown} papers as bibtex…" in text
        assert "Esc cancel: no file is written" in text
        assert not target.exists()
        formatting.opened.set()
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert wrote(app, shown, target) in notified(app)
    assert target.read_text().count("@") == shown


async def test_esc_cancels_an_export_and_writes_no_file(
    app: PapershelfApp, tmp_path: Path, formatting: Gate
) -> None:
    """Esc while the document is formatted: once it is done, nothing is saved, not even
    a temporary file, and the app says so."""
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "reading.bib"
    async with app.run_test(size=SIZE) as pilot:
        await export_to(pilot, target)
        await formatting.wait_reached()
        await pilot.press("escape")
        assert "Cancelling…" in screen_text(app)
        formatting.opened.set()
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Export cancelled; no file written." in notified(app)
    assert list(folder.iterdir()) == []


async def test_esc_while_the_file_is_saved_is_too_late_and_the_file_whole(
    app: PapershelfApp, tmp_path: Path, saving: Gate
) -> None:
    target = tmp_path / "reading.bib"
    async with app.run_test(size=SIZE) as pilot:
        shown = len(paper_list(app).entries)
        await export_to(pilot, target)
        await saving.wait_reached()
        await pilot.press("escape")
        assert "too late to cancel" in screen_text(app)
        saving.opened.set()
        await settle(pilot)
        assert wrote(app, shown, target) in notified(app)
    assert target.read_text().count("@") == shown
