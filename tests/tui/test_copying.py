"""`y` copies a paper (or the marked ones) as a key, `[@key]`, link, citation, BibTeX or
note: checked on the OSC 52 sequence the app writes to the terminal."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from app_support import notified, paper_list, settle
from cli_runner import cli
from textual.pilot import Pilot

from storage import Library, SetNote, View
from tui.app import PapershelfApp
from tui.settings import Settings

SIZE = (120, 36)
_OSC52 = re.compile(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07")


def record_terminal(pilot: Pilot[int]) -> list[str]:
    """Everything the app writes to the terminal from now on (the test driver drops it)."""
    written: list[str] = []
    driver = pilot.app._driver
    assert driver is not None
    driver.write = written.append  # type: ignore[method-assign,assignment]
    return written


def clipboard(written: list[str]) -> list[str]:
    """The texts the app put on the clipboard, from its OSC 52 sequences."""
    found = _OSC52.findall("".join(written))
    return [base64.b64decode(text).decode() for text in found]


@pytest.fixture
def first_key(library: Library) -> str:
    return next(iter(library.search(View(source_id=library.sources()[0].id)))).paper.key


@pytest.mark.parametrize(
    ("key", "expected"),
    [("k", "{key}"), ("p", "[@{key}]")],
)
async def test_y_copies_through_osc_52_and_says_what(
    app: PapershelfApp, first_key: str, key: str, expected: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        written = record_terminal(pilot)
        await pilot.press("y", key)
        await settle(pilot)
        assert clipboard(written) == [expected.format(key=first_key)]
        assert any(message.startswith("Copied the ") for message in notified(app))


async def test_the_citation_is_what_papershelf_cite_prints(
    app: PapershelfApp, library: Library, db_path: Path, first_key: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        written = record_terminal(pilot)
        await pilot.press("y", "c")
        await settle(pilot)
    library.close()
    status, out, _ = cli("--db", str(db_path), "cite", first_key)
    assert status == 0
    assert clipboard(written) == [out.strip()]
    assert "(2017)" in out and "Scientific Reports" in out


async def test_the_bibtex_entry_and_the_note(app: PapershelfApp, library: Library) -> None:
    target = next(iter(library.search(View(source_id=library.sources()[0].id))))
    library.apply(SetNote("Read *this* first."), [target.id])
    async with app.run_test(size=SIZE) as pilot:
        written = record_terminal(pilot)
        await pilot.press("y", "b", "y", "n")
        await settle(pilot)
        bibtex, note = clipboard(written)
    assert bibtex.startswith(f"@article{{{target.paper.key},") and "Scientific Reports" in bibtex
    assert note == "Read *this* first."


async def test_copying_what_is_not_there_says_so_and_copies_nothing(app: PapershelfApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        written = record_terminal(pilot)
        await pilot.press("y", "l", "y", "n")
        await settle(pilot)
        assert clipboard(written) == []
        assert "the paper has no DOI or URL" in notified(app)
        assert "the paper has no note" in notified(app)


async def test_y_copies_every_marked_paper_in_the_configured_style(library: Library) -> None:
    app = PapershelfApp(library, settings=Settings(citation_style="vancouver"))
    async with app.run_test(size=SIZE) as pilot:
        written = record_terminal(pilot)
        first, second = paper_list(app).entries[:2]
        await pilot.press("v", "v", "y", "p", "y", "c")
        await settle(pilot)
        keys, citations = clipboard(written)
    assert keys == f"[@{first.paper.key}; @{second.paper.key}]"
    lines = citations.splitlines()
    assert len(lines) == 2 and lines[0].startswith("1. ") and lines[1].startswith("2. ")


async def test_escape_closes_the_menu_without_copying(app: PapershelfApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        written = record_terminal(pilot)
        await pilot.press("y", "escape", "k")
        await settle(pilot)
        assert clipboard(written) == []
