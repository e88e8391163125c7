"""Keys typed in one burst with the key that opens a dialog all land in that dialog.

A fast typist, a paste or a busy machine delivers `n`, the note and ctrl+s together;
the app must route every key as if they had come one by one.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import main_screen, settle
from support import OnDisk
from textual import events
from textual.pilot import Pilot

from storage import View
from tui.app import RELEASE_ATTEMPTS, RELEASE_STEP_SECONDS, PapershelfApp
from tui.screens import MainScreen

SIZE = (120, 36)
BURNER = "import time\nend = time.time() + 60\nwhile time.time() < end: pass"


@pytest.fixture(params=["quiet", "busy"])
def machine(request: pytest.FixtureRequest) -> Iterator[None]:
    """The machine as it is, or with every core kept busy by other processes."""
    burners = []
    if request.param == "busy":
        import os

        burners = [
            subprocess.Popen([sys.executable, "-c", BURNER]) for _ in range(os.cpu_count() or 2)
        ]
    yield
    for burner in burners:
        burner.kill()
        burner.wait()


_NAMES = {" ": ("space", " "), "/": ("slash", "/"), ".": ("full_stop", "."), ",": ("comma", ",")}
"""Textual's names for the keys of characters that have one."""


_EDITING = {
    "backspace": ("backspace", "\x7f"),
    "left": ("left", None),
    "home": ("home", None),
    "ctrl+u": ("ctrl+u", "\x15"),
}
"""Keys a text field acts on by a binding, with the character a terminal sends."""


def _keys(*parts: str) -> list[tuple[str, str | None]]:
    """Key names and characters: text is typed letter by letter, `ctrl+s` etc. as keys."""
    keys: list[tuple[str, str | None]] = []
    for part in parts:
        if part in _EDITING:
            keys.append(_EDITING[part])
        elif part in ("ctrl+s", "enter", "escape"):
            keys.append((part, "\r" if part == "enter" else None))
        else:
            keys += [_NAMES.get(c, (c, c)) for c in part]
    return keys


async def _burst(pilot: Pilot[int], *parts: str) -> None:
    """Queue every key before the app handles the first (Pilot's press waits between)."""
    for key, character in _keys(*parts):
        pilot.app.post_message(events.Key(key, character))
    await settle(pilot)


async def test_a_note_typed_in_one_burst_is_saved_whole(
    app: PapershelfApp, on_disk: OnDisk, machine: None
) -> None:
    """n, the note and ctrl+s at once: the whole note is saved, and no key ran a command."""
    async with app.run_test(size=SIZE) as pilot:
        first = app.library.search(View())[0].id
        await _burst(pilot, "n", "Check the dose", "ctrl+s")
        assert isinstance(app.screen, MainScreen)
        state = on_disk().entry(first).state
        assert (state.note, state.read, state.deleted) == ("Check the dose", False, False)


async def test_tags_typed_in_one_burst_are_all_added(
    app: PapershelfApp, on_disk: OnDisk, machine: None
) -> None:
    """t, the tags and Enter at once."""
    async with app.run_test(size=SIZE) as pilot:
        first = app.library.search(View())[0].id
        await _burst(pilot, "t", "hair, stem cells", "enter")
        assert on_disk().entry(first).state.tags == ("hair", "stem cells")


async def test_an_import_typed_in_one_burst_imports(
    app: PapershelfApp, on_disk: OnDisk, tmp_path: Path, machine: None
) -> None:
    """I, a path and Enter at once."""
    path = tmp_path / "more.bib"
    path.write_text("@article{more, title = {Typed at once}, year = 2021}\n")
    async with app.run_test(size=SIZE) as pilot:
        await _burst(pilot, "I", str(path), "enter")
        assert [entry.paper.title for entry in on_disk().search(View("typed"))] == ["Typed at once"]


async def test_an_export_typed_in_one_burst_exports(
    app: PapershelfApp, tmp_path: Path, machine: None
) -> None:
    """e, a path (it replaces the suggested one, which starts selected) and Enter at once."""
    target = tmp_path / "typed.bib"
    async with app.run_test(size=SIZE) as pilot:
        await _burst(pilot, "e", str(target), "enter")
        await settle(pilot)
        assert target.read_text().count("@") == 9


@pytest.mark.parametrize("key", ["t", "T"])
async def test_keys_typed_for_a_dialog_that_never_opens_are_dropped(
    app: PapershelfApp, on_disk: OnDisk, key: str
) -> None:
    """`t` on an empty list (or `T` on a paper without tags) opens nothing: the tag typed
    behind it was text for the dialog, and never runs as commands (b would have saved a
    search, d asked to delete, u changed the view)."""
    async with app.run_test(size=SIZE) as pilot:
        if key == "t":
            await pilot.press("slash", *"nothing matches this", "enter")
        await _burst(pilot, key, "bulk", "enter")
        await pilot.pause(RELEASE_STEP_SECONDS * RELEASE_ATTEMPTS)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert await app.keys_routed() is False, "keys still held"
        assert not app.screen.view.unread_only
    assert on_disk().saved_views() == []


@pytest.mark.parametrize(
    ("keys", "typed"),
    [
        (["backspace"] * 4 + ["forgot"], "forgot"),
        (["left", "left", "xyz"], "zzxyzzq"),
        (["home", "a", "ctrl+u", "b"], "bzzzq"),
    ],
)
async def test_editing_keys_in_a_burst_act_in_the_order_typed(
    app: PapershelfApp, keys: list[str], typed: str, machine: None
) -> None:
    """Backspace (or an arrow, or ctrl+u) and letters in one burst, as a fast typist, a
    paste or ssh deliver them: the search box holds what they spell, in order. The
    letters used to go in before the Backspaces, which then ate them."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"zzzq")
        await _burst(pilot, *keys)
        await app.keys_routed()
        await settle(pilot)
        assert main_screen(app).search_input.value == typed


async def test_a_note_edited_in_a_burst_is_saved_as_typed(
    app: PapershelfApp, on_disk: OnDisk, machine: None
) -> None:
    """The same in the note editor: n, a word, Backspaces, the rest and ctrl+s at once."""
    async with app.run_test(size=SIZE) as pilot:
        first = app.library.search(View())[0].id
        await _burst(pilot, "n", "Chexx", "backspace", "backspace", "ck the dose", "ctrl+s")
        await app.keys_routed()
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert on_disk().entry(first).state.note == "Check the dose"
