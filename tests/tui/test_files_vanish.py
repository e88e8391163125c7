"""The library's files changing under the running app: it says what happened and keeps
working with what it has (before, both cases ended in an `IndexError` within a second).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from app_support import main_screen, notified, paper_list, screen_text, settle
from support import FIRST_SEED, FIXTURES, MakeLibrary

from storage import Library
from storage.library_files import catalog_path_for
from tui.app import PapershelfApp

ZOTERO = FIXTURES / "bibliographies" / "zotero.bib"


def _twelve_papers(make_library: MakeLibrary) -> Library:
    library = make_library()
    assert not library.import_files([FIRST_SEED, ZOTERO]).failed
    return library


async def test_the_library_folder_deleted_while_the_app_runs(
    make_library: MakeLibrary, db_path: Path
) -> None:
    app = PapershelfApp(_twelve_papers(make_library))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("[", "G")  # every paper, the last one highlighted
        shutil.rmtree(db_path.parent)
        main_screen(app).poll_other_processes()
        await settle(pilot)
        assert any("has disappeared" in message for message in notified(app))
        await pilot.press("k", "space")
        await settle(pilot)
        assert f"{db_path}: its folder has disappeared" in notified(app)
        assert app.is_running
        assert "12 / 12" in screen_text(app), "what was read stays on screen"


async def test_the_catalog_replaced_by_a_smaller_one(
    make_library: MakeLibrary, db_path: Path, tmp_path: Path
) -> None:
    app = PapershelfApp(_twelve_papers(make_library))
    smaller = tmp_path / "smaller" / "library.json"
    smaller.parent.mkdir()
    assert not make_library(smaller).import_files([FIRST_SEED]).failed
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("[", "G")
        shutil.copy(catalog_path_for(smaller), catalog_path_for(db_path))
        main_screen(app).poll_other_processes()
        await settle(pilot)
        assert any("3 papers left the library" in message for message in notified(app))
        assert "9 / 9" in screen_text(app)
        highlighted = paper_list(app).highlighted
        assert highlighted is not None
        await pilot.press("space")
        await settle(pilot)
        assert Library(db_path).entry(highlighted.paper.id).state.read
