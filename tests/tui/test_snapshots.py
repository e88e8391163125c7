"""Layout guards: the main views at 80x24 and 160x50 (behaviour is tested in test_app)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

import pytest
from app_support import pressing
from support import FIRST_SEED, FIXTURES, Clock
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from storage import AddTags, Library, MarkRead, SetNote, SetTags, View
from tui.app import PapershelfApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 50), id="160x50")]
SnapCompare = Callable[..., bool]
RunBefore = Callable[[Pilot[int]], Awaitable[None]]


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


def stilled(run_before: RunBefore | None) -> RunBefore:
    """`run_before`, then every cursor on screen stopped blinking, so that a snapshot never
    catches one half-way (a dialog the keys opened included)."""

    async def run(pilot: Pilot[int]) -> None:
        if run_before is not None:
            await run_before(pilot)
        for widget in pilot.app.screen.query("Input, TextArea"):
            if isinstance(widget, Input | TextArea):
                widget.cursor_blink = False
        await pilot.pause()

    return run


@pytest.fixture
def snap_compare(snap_compare: SnapCompare) -> SnapCompare:
    """The plugin's snap_compare, with the cursors stilled before every snapshot: a new
    snapshot test cannot forget it."""

    def compare(app: PapershelfApp, *, run_before: RunBefore | None = None, **options: Any) -> bool:
        return snap_compare(app, run_before=stilled(run_before), **options)

    return compare


async def test_every_snapshot_is_taken_with_the_cursors_still(snapshot_app: MakeApp) -> None:
    """What snap_compare runs before each snapshot stops the search box's cursor blinking."""
    async with snapshot_app().run_test() as pilot:
        await pressing("slash")(pilot)
        assert pilot.app.screen.query_one(Input).cursor_blink, "it blinks by default"
        await stilled(None)(pilot)
        inputs = pilot.app.screen.query(Input)
        assert inputs and not any(widget.cursor_blink for widget in inputs)


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

    @pytest.mark.parametrize("size", SIZES)
    def test_full_detail(
        self, snap_compare: SnapCompare, snapshot_app: MakeApp, size: tuple[int, int]
    ) -> None:
        """f: the read paper's detail pane (tags, the note) alone on the screen."""
        assert snap_compare(snapshot_app(), run_before=quietly("f"), terminal_size=size)


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

    @pytest.mark.parametrize("size", SIZES)
    def test_copy_menu(
        self, snap_compare: SnapCompare, snapshot_app: MakeApp, size: tuple[int, int]
    ) -> None:
        """y: the copy menu, with its own keys in the footer."""
        assert snap_compare(snapshot_app(), run_before=pressing("y"), terminal_size=size)
