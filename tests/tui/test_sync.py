"""The running app and a sync tool's conflict copies: merged by the poll, and said."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from app_support import main_screen, notified, paper_list, screen_text, settle
from support import OnDisk

from storage import AddTags, Library, SetNote
from storage.conflict_copies import FOLDER
from storage.library_files import catalog_path_for, journal_path_for
from tui.app import PapershelfApp

SIZE = (120, 36)


def other_machine(db_path: Path, tmp_path: Path) -> Library:
    """The same library on another machine: a copy of its three files."""
    folder = tmp_path / "other-machine"
    folder.mkdir()
    for path in (db_path, journal_path_for(db_path), catalog_path_for(db_path)):
        shutil.copy(path, folder / path.name)
    return Library(folder / db_path.name, device="other")


@pytest.mark.parametrize(
    "name",
    [
        "library.sync-conflict-20260102-030405-ABCDEF7.journal",
        "library (Ana's conflicted copy 2026-01-02).journal",
        "library (conflicted copy 2026-01-02 030405).journal",
    ],
)
async def test_a_conflict_copy_dropped_beside_the_open_library_is_merged_by_the_poll(
    app: PapershelfApp, db_path: Path, tmp_path: Path, on_disk: OnDisk, name: str
) -> None:
    """The poll (every second in the app) merges it: the list shows the other machine's
    tag and note, a notification names the copy, and the copy is kept in conflicts/."""
    async with app.run_test(size=SIZE) as pilot:
        shown = paper_list(app).highlighted
        assert shown is not None
        other = other_machine(db_path, tmp_path)
        other.apply(AddTags(["from-the-other-machine"]), [shown.id])
        other.apply(SetNote("Written on the other machine."), [shown.id])
        copy = db_path.parent / name
        shutil.copy(journal_path_for(other.path), copy)
        main_screen(app).poll_other_processes()
        await settle(pilot)
        assert any(f"Merged the conflict copy {name}" in text for text in notified(app))
        assert re.search(r"Tags +from-the-other-machine", screen_text(app))  # detail pane
        assert "Written on the other machine." in screen_text(app)
        assert not copy.exists() and (db_path.parent / FOLDER / name).exists()
        state = on_disk().entry(shown.id).state
        assert state.tags == ("from-the-other-machine",)
        assert state.note == "Written on the other machine."


async def test_a_catalog_conflict_copy_brings_its_papers_into_the_open_app(
    app: PapershelfApp, db_path: Path, tmp_path: Path
) -> None:
    other = other_machine(db_path, tmp_path)
    seed = tmp_path / "another.txt"
    seed.write_text(
        "TLDR Another seed.\nIts abstract.\n3 citations,\n"
        "March 2020 in “Journal of Tests” A paper only the other machine has.\n",
        encoding="utf-8",
    )
    other.import_files([seed])
    name = "library.catalog.sync-conflict-20260102-030405-ABCDEF7.json"
    shutil.copy(catalog_path_for(other.path), db_path.parent / name)
    async with app.run_test(size=SIZE) as pilot:
        main_screen(app).poll_other_processes()
        await settle(pilot)
        assert any("1 new seed document" in text for text in notified(app))
        assert len(app.library.sources()) == 2
