"""The storage tests' shared fixtures: two machines with one library (the merge and sync
tests) and a seeded template library (the property tests)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import FIRST_SEED, Clock

from storage import Library


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library holding the first seed, copied for each example (importing is slower)."""
    folder = tmp_path_factory.mktemp("template")
    Library(folder / "library.json", now=Clock(), device="test").import_files([FIRST_SEED])
    return folder


@pytest.fixture
def world() -> Clock:
    """One clock for both machines: the order of the steps is the order of the stamps."""
    return Clock()


@pytest.fixture
def home(tmp_path: Path, world: Clock) -> Library:
    """The first machine's library: the first seed imported."""
    (tmp_path / "home").mkdir()
    library = Library(tmp_path / "home" / "library.json", now=world, device="home")
    library.import_files([FIRST_SEED])
    return library


@pytest.fixture
def work(home: Library, tmp_path: Path, world: Clock) -> Library:
    """The same library, copied to a second machine."""
    shutil.copytree(home.path.parent, tmp_path / "work")
    return Library(tmp_path / "work" / "library.json", now=world, device="work")
