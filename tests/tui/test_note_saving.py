"""Saving a note never loses one: not another process's, not the reader's own text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from app_support import notified, settle
from support import OnDisk
from textual.widgets import TextArea

from storage import Library, SetNote, View
from tui.app import PapershelfApp
from tui.screens import MainScreen, NoteEditor
from tui.screens.note_conflict import NoteConflictDialog

SIZE = (120, 36)


async def _edit_while_another_process_saves(
    app: PapershelfApp, db_path: Path, pilot_keys: list[str]
) -> tuple[str, type[object], str | None]:
    """Open the editor, let another process save a note, type, save, press `pilot_keys`.

    Returns the paper, the kind of screen shown at the end and the editor's text then.
    """
    async with app.run_test(size=SIZE) as pilot:
        first = app.library.search(View())[0].id
        await pilot.press("n", *"mine")
        assert isinstance(app.screen, NoteEditor)
        Library(db_path).apply(SetNote("theirs"), [first])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NoteConflictDialog)
        shown = [area.text for area in app.screen.query(TextArea)]
        assert shown == ["mine", "theirs"], "both texts are shown"
        await pilot.press(*pilot_keys)
        await settle(pilot)
        screen = app.screen
        return first, type(screen), screen.text if isinstance(screen, NoteEditor) else None


@pytest.mark.parametrize(
    ("key", "saved"),
    [
        ("m", "mine"),
        ("t", "theirs"),
        ("b", "theirs\n\n---\n\n**My edit:**\n\nmine\n"),
    ],
)
async def test_a_note_changed_elsewhere_while_editing_asks_which_to_keep(
    app: PapershelfApp, db_path: Path, on_disk: OnDisk, key: str, saved: str
) -> None:
    """Keep mine, keep theirs or keep both: the library holds what was chosen."""
    first, screen, _ = await _edit_while_another_process_saves(app, db_path, [key])
    assert screen is MainScreen
    assert on_disk().entry(first).state.note == saved


async def test_escape_in_the_conflict_goes_back_to_editing(
    app: PapershelfApp, db_path: Path, on_disk: OnDisk
) -> None:
    """Esc: back in the editor with the typed text; their note stays on disk."""
    first, screen, text = await _edit_while_another_process_saves(app, db_path, ["escape"])
    assert (screen, text) == (NoteEditor, "mine")
    assert on_disk().entry(first).state.note == "theirs"


async def test_a_refused_save_keeps_the_editor_and_the_text(
    app: PapershelfApp, db_path: Path, on_disk: OnDisk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only library: the editor stays open with the text and says why; once the
    file is writable again, ctrl+s saves it."""
    real_access = os.access
    async with app.run_test(size=SIZE) as pilot:
        first = app.library.search(View())[0].id
        await pilot.press("n", *"keep me")
        monkeypatch.setattr(
            os, "access", lambda p, m: False if Path(p) == db_path else real_access(p, m)
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor) and app.screen.text == "keep me"
        assert any("Not saved" in message and "read-only" in message for message in notified(app))
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert on_disk().entry(first).state.note == "keep me"
