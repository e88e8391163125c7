"""Shared fixtures: a fixed clock, throwaway library paths, seed documents, the app.

The storage tests run without Textual: the app fixture imports it only when used.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from support import FIRST_SEED, Clock, MakeLibrary, OnDisk

from storage import Library

if TYPE_CHECKING:
    from tui.app import PapershelfApp


@pytest.fixture(autouse=True)
def _isolated_library_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may touch the real user directories or inherit PAPERSHELF_DB/CONFIG."""
    monkeypatch.delenv("PAPERSHELF_DB", raising=False)
    monkeypatch.delenv("PAPERSHELF_CONFIG", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.json"


@pytest.fixture
def make_library(db_path: Path, clock: Clock) -> Iterator[MakeLibrary]:
    """Open (or reopen) the test library; every instance is closed afterwards."""
    opened: list[Library] = []

    def make(path: Path | None = None) -> Library:
        library = Library(path or db_path, now=clock)
        opened.append(library)
        return library

    yield make
    for library in opened:
        library.close()


@pytest.fixture
def library(make_library: MakeLibrary) -> Library:
    """A library holding the first real seed document."""
    lib = make_library()
    report = lib.import_files([FIRST_SEED])
    assert not report.failed
    return lib


@pytest.fixture
def on_disk(db_path: Path) -> OnDisk:
    """A fresh Library on the same file: what was really persisted."""
    return lambda: Library(db_path)


@pytest.fixture
def app(library: Library) -> PapershelfApp:
    """The real app over the first seed's library."""
    from tui.app import PapershelfApp

    return PapershelfApp(library)
