"""V over many papers, then a tag: the marks as the general way gives them, and every
paper tagged on disk and untagged by one z."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import main_screen, notified, paper_list, settle
from hypothesis import given
from hypothesis import strategies as st
from support import Clock, OnDisk, journal_lines

from storage import Library, View
from storage.library import FROM_STEP_AFTER
from storage.seeds import format_seed
from tui.app import PapershelfApp
from tui.screens.paper_actions import MANY_PAPERS, marked_all

PAPERS = max(FROM_STEP_AFTER, MANY_PAPERS) + 200
"""Past both sizes where a change to many papers takes its own path."""


def marked_one_by_one(selected: dict[str, None], shown: list[str]) -> dict[str, None]:
    """V as it was first written, a paper at a time: the reference for `marked_all`."""
    selected = dict(selected)
    if all(paper_id in selected for paper_id in shown):
        for paper_id in shown:
            del selected[paper_id]
    else:
        selected.update(dict.fromkeys(shown))
    return selected


ids = st.sampled_from([f"{n:016x}" for n in range(12)])


@given(st.lists(ids, unique=True), st.lists(ids, unique=True))
def test_marking_all_shown_gives_the_marks_in_the_order_one_by_one_does(
    marked: list[str], shown: list[str]
) -> None:
    selected = dict.fromkeys(marked)
    assert list(marked_all(selected, shown)) == list(marked_one_by_one(selected, shown))
    assert list(selected) == marked, "the marks given are left as they were"


@pytest.fixture
def many(db_path: Path, tmp_path: Path) -> Library:
    """One seed listing more papers than a change to many papers needs."""
    related = [(n, 2000 + n % 25, None, "Journal of Piles", f"Paper {n}.") for n in range(PAPERS)]
    seed = tmp_path / "pile.txt"
    seed.write_text(format_seed("A pile of papers.", "To tag at once.", related))
    library = Library(db_path, now=Clock())
    assert not library.import_files([seed]).failed
    return library


async def test_v_then_a_tag_persists_it_on_every_paper_and_z_takes_it_off_all(
    many: Library, on_disk: OnDisk, db_path: Path
) -> None:
    app = PapershelfApp(many)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("V")
        shown = paper_list(app).entries.ids()
        assert len(shown) == PAPERS
        assert main_screen(app).selected == tuple(shown)
        writes = journal_lines(db_path)
        await pilot.press("t", *"pile", "enter")
        await settle(pilot)
        assert journal_lines(db_path) == writes + 1, "one write"
        disk = on_disk()
        assert all(entry.state.tags == ("pile",) for entry in disk.search(View()))
        assert len(disk.search(View("tag:pile"))) == PAPERS
        assert f"Tagged {PAPERS:,} papers +pile" in notified(app)
        await pilot.press("z")
        await settle(pilot)
        assert not any(entry.state.tags for entry in on_disk().search(View()))
        await pilot.press("V")
        assert main_screen(app).selected == ()
