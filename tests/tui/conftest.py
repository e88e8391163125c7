"""Fixtures for driving the real app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support import FIRST_SEED, Clock

from storage import Library
from tui.app import PapershelfApp


@pytest.fixture
def seeded_library(db_path: Path, clock: Clock) -> Library:
    library = Library(db_path, now=clock)
    library.import_files([FIRST_SEED])
    return library


@pytest.fixture
def app(seeded_library: Library) -> PapershelfApp:
    return PapershelfApp(seeded_library)


@pytest.fixture
def on_disk(db_path: Path) -> Callable[[], Library]:
    """A fresh Library on the same file: what was really persisted."""
    return lambda: Library(db_path)
