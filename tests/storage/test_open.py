"""Opening a library: what the open leaves out (comparing, collecting) changes nothing."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import MakeLibrary

from storage import AddTags, Library, LibraryCorruptError, View
from storage.collector import MANY_NEW_OBJECTS, loading
from storage.library_files import LibraryFiles


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Whatever a test freezes goes back to the collector afterwards."""
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
def test_a_large_load_is_frozen_and_a_small_one_is_not() -> None:
    """What a large load made is left out of the collector's walks; a small load (a
    test's library) leaves whatever ran before to be collected, and the collector is
    back on afterwards."""
    assert gc.isenabled()
    with loading():
        small: list[list[int]] = [[] for _ in range(100)]
    assert gc.get_freeze_count() == 0, "a small load froze what was there"
    assert gc.isenabled()
    with loading():
        large: list[list[int]] = [[] for _ in range(MANY_NEW_OBJECTS)]
    assert gc.get_freeze_count() >= MANY_NEW_OBJECTS
    assert gc.isenabled()
    assert len(small) + len(large) > MANY_NEW_OBJECTS


def test_the_collector_is_back_when_an_open_fails(tmp_path: Path) -> None:
    """An unreadable library leaves the collector as it found it."""
    path = tmp_path / "library.json"
    path.write_text("not json")
    with pytest.raises(LibraryCorruptError, match="not valid JSON"):
        Library(path)
    assert gc.isenabled()


def test_a_reload_after_the_open_still_names_what_changed(
    library: Library, make_library: MakeLibrary
) -> None:
    """The open does not compare the state it read with nothing; the reloads after it
    still tell which papers another process changed, also across its compaction."""
    files = LibraryFiles(library.path)
    ids = library.search(View()).ids()
    library.apply(AddTags(["one"]), ids[:2])
    assert files.reload().paper_ids == frozenset(ids[:2])
    other = make_library()
    other.apply(AddTags(["two"]), ids[2:3])
    other._files.compact()  # a new library file: read again whole, then compared
    delta = files.reload()
    assert delta.paper_ids == frozenset(ids[2:3])
    assert dict(files.state.states.items()) == dict(LibraryFiles(library.path).state.states.items())
