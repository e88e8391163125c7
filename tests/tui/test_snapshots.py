"""Layout guards: the main views at 80x24 and 160x50 (behaviour is tested in test_app)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pytest
from app_support import pressing
from support import FIRST_SEED, Clock

from storage import Library, MarkRead, SetNote, SetTags, View
from tui.app import PapershelfApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 50), id="160x50")]
SnapCompare = Callable[..., bool]


class MakeApp(Protocol):
    def __call__(self, seeded: bool = True) -> PapershelfApp: ...


@pytest.fixture
def snapshot_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MakeApp:
    """An app over a library at a fixed relative path, so the screen never shows tmp dirs."""
    monkeypatch.chdir(tmp_path)

    def make(seeded: bool = True) -> PapershelfApp:
        library = Library(Path("library.json"), now=Clock())
        if seeded:
            library.import_files([FIRST_SEED])
            first = library.search(View(""))[0].id
            library.apply(MarkRead(True), [first])
            library.apply(SetTags(["hair", "EV"]), [first])
            library.apply(
                SetNote("## Why it matters\n\nThe **mouse** model, *not* humans."), [first]
            )
        return PapershelfApp(library)

    return make


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
