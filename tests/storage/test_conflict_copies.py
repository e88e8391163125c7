"""Sync tools' conflict copies beside a library: merged in, put away in conflicts/, said.

Each copy here is what the tool would leave: the other machine's version of one of the
three files, under the tool's own name for it.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import cli
from support import SEED_FIXTURES

from storage import AddTags, Library, View
from storage.conflict_copies import FOLDER, ConflictCopies
from storage.library_files import LibraryFiles, catalog_path_for, journal_path_for

SHAPES: dict[str, Callable[[str, str], str]] = {
    "syncthing": lambda stem, ext: f"{stem}.sync-conflict-20260102-030405-ABCDEF7{ext}",
    "dropbox": lambda stem, ext: f"{stem} (conflicted copy 2026-01-02){ext}",
    "dropbox, named": lambda stem, ext: f"{stem} (Ana's conflicted copy 2026-01-02 (1)){ext}",
    "nextcloud": lambda stem, ext: f"{stem} (conflicted copy 2026-01-02 030405){ext}",
    "owncloud": lambda stem, ext: f"{stem}_conflict-20260102-030405{ext}",
}
"""How each tool names the losing version of a file, from the file's stem and extension."""
ROLES = ("journal", "library", "catalog")


def conflict_copy(work: Library, home: Library, role: str, shape: str) -> Path:
    """Change `work` so that its file `role` holds something home lacks, and leave that
    file beside home's library under the tool's conflict name."""
    paper = work.search(View()).ids()[0]
    work.apply(AddTags(["from work"]), [paper])
    if role == "catalog":
        work.import_files([SEED_FIXTURES / "basic.txt"])
        source, stem, ext = catalog_path_for(work.path), "library.catalog", ".json"
    elif role == "library":
        LibraryFiles(work.path).compact()
        source, stem, ext = work.path, "library", ".json"
    else:
        source, stem, ext = journal_path_for(work.path), "library", ".journal"
    target = home.path.parent / SHAPES[shape](stem, ext)
    shutil.copy(source, target)
    return target


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_conflict_copy_is_merged_on_the_next_poll_and_put_away(
    home: Library, work: Library, role: str, shape: str
) -> None:
    """Every tool's name for every file: what the copy holds is merged, the copy moves to
    conflicts/ (kept, not deleted), and the listeners are told in words."""
    copy = conflict_copy(work, home, role, shape)
    paper = home.search(View()).ids()[0]
    change = home.check_for_changes()
    assert change is not None and change.merged
    assert change.merged[0].startswith(f"Merged the conflict copy {copy.name}: ")
    assert change.merged[0].endswith("; moved to conflicts/.")
    if role == "catalog":
        assert change.catalog_changed and len(home.sources()) == 2
    else:
        assert paper in change.paper_ids and home.entry(paper).state.tags == ("from work",)
    assert not copy.exists()
    assert (copy.parent / FOLDER / copy.name).read_bytes()
    assert home.check_for_changes() is None
    reopened = Library(home.path, device="home")
    assert set(reopened.snapshot.catalog) == set(home.snapshot.catalog)
    assert reopened.entry(paper).state == home.entry(paper).state


def test_a_journal_copy_whose_library_file_was_compacted_since_still_merges(
    home: Library, work: Library
) -> None:
    """The copy continues a library file that is gone; its records alone still give the
    state of every paper it changed."""
    copy = conflict_copy(work, home, "journal", "syncthing")
    LibraryFiles(home.path).compact()
    paper = home.search(View()).ids()[0]
    home.check_for_changes()
    assert home.entry(paper).state.tags == ("from work",)
    assert not copy.exists()


def test_copies_of_two_files_at_once_merge_as_one(home: Library, work: Library) -> None:
    journal = conflict_copy(work, home, "journal", "dropbox")
    catalog = conflict_copy(work, home, "catalog", "dropbox")
    change = home.check_for_changes()
    assert change is not None and len(change.merged) == 1
    assert catalog.name in change.merged[0] and journal.name in change.merged[0]
    assert sorted(path.name for path in (home.path.parent / FOLDER).iterdir()) == sorted(
        [journal.name, catalog.name]
    )


def test_a_copy_already_in_conflicts_keeps_both(home: Library, work: Library) -> None:
    """The same name put away twice: the second gets a number, neither is lost."""
    first = conflict_copy(work, home, "journal", "syncthing")
    home.check_for_changes()
    second = conflict_copy(work, home, "journal", "syncthing")
    assert second == first
    home.check_for_changes()
    names = {path.name for path in (home.path.parent / FOLDER).iterdir()}
    assert names == {first.name, f"{first.stem} (2){first.suffix}"}


def test_an_unreadable_copy_is_put_away_with_the_reason(home: Library) -> None:
    broken = home.path.parent / "library.sync-conflict-20260102-030405-ABCDEF7.journal"
    broken.write_bytes(b"not a journal at all\n")
    before = home.path.read_bytes()
    change = home.check_for_changes()
    assert change is not None
    assert change.merged[0].startswith(f"Could not merge {broken.name}: ")
    assert (home.path.parent / FOLDER / broken.name).read_bytes() == b"not a journal at all\n"
    assert home.path.read_bytes() == before


def test_a_copy_dropped_after_a_look_that_found_nothing_is_found_by_the_next(
    home: Library, work: Library
) -> None:
    """The folder is listed again only when its time moved: a copy arriving after a look
    (which the app takes every second) is merged by the next one."""
    folder = home.path.parent
    settled = time.time_ns() - 10_000_000_000
    os.utime(folder, ns=(settled, settled))
    assert home.check_for_changes() is None
    assert home.check_for_changes() is None  # nothing listed: the time has not moved
    copy = conflict_copy(work, home, "journal", "syncthing")
    change = home.check_for_changes()
    assert change is not None and change.merged[0].startswith(
        f"Merged the conflict copy {copy.name}"
    )


def test_a_copy_dropped_within_the_tick_of_the_last_look_is_still_found(
    home: Library, work: Library
) -> None:
    """A coarse file system may not move the folder's time for an entry added in the same
    tick as the last look: a time younger than a second is not trusted."""
    folder = home.path.parent
    fresh = time.time_ns()
    os.utime(folder, ns=(fresh, fresh))
    assert home.check_for_changes() is None
    copy = conflict_copy(work, home, "journal", "dropbox")
    os.utime(folder, ns=(fresh, fresh))  # the new entry did not move the folder's time
    change = home.check_for_changes()
    assert change is not None and change.merged[0].startswith(
        f"Merged the conflict copy {copy.name}"
    )


@pytest.mark.parametrize(
    "name",
    [
        "library.json.bak",
        "other.sync-conflict-20260102-030405-ABCDEF7.json",
        "library (copy).json",
        "library.sync-conflict-20260102-030405-ABCDEF7.txt",
        "library.catalog (conflicted copy).journal",
    ],
)
def test_other_files_are_not_taken_for_conflict_copies(home: Library, name: str) -> None:
    (home.path.parent / name).write_text("{}")
    assert ConflictCopies(home.path).find() == []
    assert home.check_for_changes() is None


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_command_line_command_merges_copies_when_it_opens(
    home: Library, work: Library, shape: str
) -> None:
    """`papershelf list` merges what it finds, says so on stderr, and lists the result."""
    copy = conflict_copy(work, home, "journal", shape)
    status, out, err = cli("--db", str(home.path), "list")
    assert status == 0
    assert f"papershelf: Merged the conflict copy {copy.name}" in err
    assert "#from work" in out
    assert not copy.exists()
