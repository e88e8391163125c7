"""Layout guards: the main views at 80x24 and 160x50 (behaviour is tested in test_app)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol

import pytest
from app_support import pressing
from support import FIRST_SEED, FIXTURES, Clock
from textual.pilot import Pilot

from storage import AddTags, Library, MarkRead, SetNote, SetTags, View
from tui.app import PapershelfApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 50), id="160x50")]
SnapCompare = Callable[..., bool]


class MakeApp(Protocol):
    def __call__(self, seeded: bool = True, bibliography: bool = False) -> PapershelfApp: ...


@pytest.fixture
def snapshot_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MakeApp:
    """An app over a library at a fixed relative path, so the screen never shows tmp dirs."""
    monkeypatch.chdir(tmp_path)

    def make(seeded: bool = True, bibliography: bool = False) -> PapershelfApp:
        library = Library(Path("library.json"), now=Clock())
        if seeded:
            library.import_files([FIRST_SEED])
            first = library.search(View(""))[0].id
            library.apply(MarkRead(True), [first])
            library.apply(SetTags(["hair", "EV"]), [first])
            library.apply(
                SetNote("## Why it matters\n\nThe **mouse** model, *not* humans."), [first]
            )
        if bibliography:
            library.import_files([FIXTURES / "bibliographies" / "jabref.bib"])
            library.apply(AddTags(["imaging", "review"]), library.search(View("year:>=2019")).ids())
        # The tag pane's counts wait for the search index, which the app builds a moment
        # after its first frame: built here, the screen never depends on that moment.
        library.prepare_search()
        return PapershelfApp(library)

    return make


def quietly(*keys: str) -> Callable[[Pilot[int]], Awaitable[None]]:
    """`pressing`, and the notifications the keys raised taken away: they would cover
    the rows the snapshot is about."""
    press = pressing(*keys)

    async def run_before(pilot: Pilot[int]) -> None:
        await press(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


class TestMainScreen:
    @pytest.mark.parametrize("size", SIZES)
    def test_main(
        self, snap_compare: SnapCompare, snapshot_app: MakeApp, size: tuple[int, int]
    ) -> None:
        assert snap_compare(snapshot_app(), run_before=pressing(), terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_search_with_highlights(
        self, snap_compare: SnapCompare, snapshot_app: MakeApp, size: tuple[int, int]
    ) -> None:
        assert snap_compare(
            snapshot_app(), run_before=pressing("slash", *"hair -chemo"), terminal_size=size
        )

    @pytest.mark.parametrize("size", SIZES)
    def test_empty_state(
        self, snap_compare: SnapCompare, snapshot_app: MakeApp, size: tuple[int, int]
    ) -> None:
        assert snap_compare(snapshot_app(seeded=False), run_before=pressing(), terminal_size=size)


class TestTriage:
    @pytest.mark.parametrize("size", SIZES)
    def test_selection_statuses_and_priorities(
        self, snap_compare: SnapCompare, snapshot_app: MakeApp, size: tuple[int, int]
    ) -> None:
        """All papers (authors and years from the .bib): two queued, one with priority 1,
        one dropped, two marked, and the status line counting the selection."""
        keys = ["left_square_bracket", "v", "v", "l", "escape", "down", "1", "down", "x"]
        keys += ["down", "v", "v"]
        assert snap_compare(
            snapshot_app(bibliography=True), run_before=quietly(*keys), terminal_size=size
        )

    @pytest.mark.parametrize("size", SIZES)
    def test_tag_pane(
        self, snap_compare: SnapCompare, snapshot_app: MakeApp, size: tuple[int, int]
    ) -> None:
        """The tag pane focused, with counts over all papers and one tag marked."""
        keys = ("left_square_bracket", "number_sign", "down", "space")
        assert snap_compare(
            snapshot_app(bibliography=True), run_before=quietly(*keys), terminal_size=size
        )


class TestDialogs:
    @pytest.mark.parametrize("size", SIZES)
    def test_note_editor(
        self, snap_compare: SnapCompare, snapshot_app: MakeApp, size: tuple[int, int]
    ) -> None:
        assert snap_compare(snapshot_app(), run_before=pressing("n"), terminal_size=size)

    @pytest.mark.parametrize("size", SIZES)
    def test_help(
        self, snap_compare: SnapCompare, snapshot_app: MakeApp, size: tuple[int, int]
    ) -> None:
        assert snap_compare(
            snapshot_app(), run_before=pressing("question_mark"), terminal_size=size
        )
