"""Older libraries are upgraded in place, after a checked backup of every file as it was."""

from __future__ import annotations

import errno
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import FIXTURES

from storage import AddTags, Library, LibraryWriteError, MarkRead, View
from storage.library_files import SCHEMA_VERSION, catalog_path_for, journal_path_for
from storage.migrations import backup_path
from storage.stamps import stamp_time

SCHEMA1 = FIXTURES / "libraries" / "schema1"
"""A library written by papershelf with schema 1 (first seed imported; read, tags, note)."""
SCHEMA2 = FIXTURES / "libraries" / "schema2"
"""A schema-2 library: one paper read and tagged, one tagged with a note."""
SCHEMA3 = FIXTURES / "libraries" / "schema3"
"""The previous release's library (made by its code): the first seed, zotero.bib and
endnote.ris imported; one paper read and tagged, one with a note."""
NAMES = ("library.json", "library.catalog.json")


def _copy(fixture: Path, folder: Path) -> Path:
    for name in NAMES:
        shutil.copy(fixture / name, folder / name)
    return folder / "library.json"


@pytest.fixture(params=[SCHEMA1, SCHEMA2, SCHEMA3], ids=["schema1", "schema2", "schema3"])
def old_fixture(request: pytest.FixtureRequest) -> Path:
    """The folder of an older release's library."""
    fixture: Path = request.param
    return fixture


@pytest.fixture
def old_library(old_fixture: Path, tmp_path: Path) -> Path:
    """A copy of an older release's library, to upgrade."""
    return _copy(old_fixture, tmp_path)


@pytest.fixture
def old_version(old_fixture: Path) -> int:
    """The schema version of that library."""
    return _version(old_fixture / "library.json")


def _version(path: Path) -> int:
    version: int = json.loads(path.read_text())["meta"]["1"]["schema_version"]
    return version


def test_older_library_is_upgraded_with_reading_state_intact(tmp_path: Path) -> None:
    """Opening a schema-1 library migrates both files and keeps every paper and state."""
    library = Library(_copy(SCHEMA1, tmp_path))
    entries = library.search(View())
    assert len(entries) == 9
    assert sum(entry.state.read for entry in entries) == 1
    assert {tag for entry in entries for tag in entry.state.tags} == {"hair", "EV"}
    assert [entry.state.note for entry in entries if entry.state.note] == ["Read **again**"]
    assert entries[0].paper.citations == 113
    for path in (library.path, catalog_path_for(library.path)):
        assert _version(path) == SCHEMA_VERSION
    stored = json.loads(catalog_path_for(library.path).read_text())["papers"].values()
    assert all("doi" not in doc for doc in stored), "schema 2 leaves empty fields out"


def test_schema2_fields_get_their_own_stamps(tmp_path: Path) -> None:
    """Each field of the previous release's state takes its time: read_at, else updated_at."""
    library = Library(_copy(SCHEMA2, tmp_path))
    read = library.entry("2e381f50cd5c35b3").state
    assert (read.read, read.tags) == (True, ("hair", "EV"))
    assert read.read_at is not None and read.read_at.isoformat() == "2026-11-20T09:02:00+00:00"
    noted = library.entry("2332ed7af9cee891").state
    assert (noted.tags, noted.note, noted.read) == (("review",), "Read **again**", False)
    doc = library.snapshot.states["2332ed7af9cee891"]
    assert stamp_time(doc["note_at"]).isoformat() == "2026-11-20T09:05:00+00:00"
    assert library.undo() is None, "the history starts empty"


def test_schema3_papers_get_citation_keys_once(tmp_path: Path) -> None:
    """Every paper of a schema-3 library gets a unique key; reading state is untouched."""
    library = Library(_copy(SCHEMA3, tmp_path))
    entries = library.search(View(include_reports=True))
    keys = [entry.paper.key for entry in entries]
    assert len(entries) == 14 and all(keys)
    assert len({key.casefold() for key in keys}) == len(keys)
    zhou = library.entry("8fdb9ab97fef9c75")
    assert zhou.paper.key == "zhou2017exosomes"
    assert (zhou.state.tags, zhou.state.note) == (
        ("hair", "exosome", "dermal papilla"),
        "Read **again**",
    )
    assert library.entry("2332ed7af9cee891").paper.key == "scientific2017tiny"
    assert sum(entry.state.read for entry in entries) == 1
    reopened = Library(library.path)
    assert [entry.paper.key for entry in reopened.search(View(include_reports=True))] == keys


def test_backups_hold_the_files_exactly_as_they_were(
    old_library: Path, old_fixture: Path, old_version: int
) -> None:
    """Restoring is copying the .bak files back; they are byte-for-byte the old files."""
    Library(old_library)
    for name in NAMES:
        backup = backup_path(old_library.with_name(name), old_version)
        assert backup.read_bytes() == (old_fixture / name).read_bytes()


def test_restored_backup_opens_and_upgrades_again(old_library: Path, old_version: int) -> None:
    """The documented restore (copy the backups back, drop the journal) works."""
    library = Library(old_library)
    read_before = sum(entry.state.read for entry in library.search(View()))
    library.apply(MarkRead(True), [library.search(View())[3].id])
    for name in NAMES:
        backup = backup_path(old_library.with_name(name), old_version)
        shutil.copy(backup, old_library.with_name(name))
    journal_path_for(old_library).unlink()
    restored = Library(old_library)
    assert sum(entry.state.read for entry in restored.search(View())) == read_before


def test_a_whole_existing_backup_is_kept(old_library: Path, old_version: int) -> None:
    """After an interrupted upgrade, the earlier whole backup is still the last good one."""
    backup = backup_path(old_library, old_version)
    shutil.copy(old_library, backup)
    before = backup.stat().st_ino
    Library(old_library)
    assert backup.stat().st_ino == before


def test_a_truncated_backup_is_replaced(old_library: Path, old_version: int) -> None:
    """A backup cut short (a kill or a full disk during an earlier copy) is made again."""
    original = old_library.read_bytes()
    backup = backup_path(old_library, old_version)
    backup.write_bytes(original[: len(original) // 2])
    Library(old_library)
    assert backup.read_bytes() == original


def test_upgrade_that_cannot_back_up_changes_nothing(
    old_library: Path, old_version: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No backup, no upgrade: a full disk while copying leaves both files untouched."""
    before = {name: old_library.with_name(name).read_bytes() for name in NAMES}

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("storage.migrations.write_atomically", disk_full)
    with pytest.raises(LibraryWriteError, match="cannot back it up.*No space left"):
        Library(old_library)
    for name in NAMES:
        assert old_library.with_name(name).read_bytes() == before[name]
    assert not backup_path(old_library, old_version).exists()


@pytest.mark.slow
def test_an_upgrade_killed_at_any_moment_leaves_whole_backups(tmp_path: Path) -> None:
    """SIGKILL an upgrade at random moments (20 times): a backup is whole or absent, never
    cut short, and the next open finishes the upgrade with backups that restore exactly.

    Before, the backup was copied in place and trusted because it existed: 15 of 20
    such kills left a truncated `.schema1.bak` that the next open kept."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from storage import Library\n"
        "print('ready', flush=True)\n"
        "Library(Path(sys.argv[1]))\n"
    )
    chooser = random.Random(20261201)
    interrupted = 0
    for trial in range(20):
        folder = tmp_path / str(trial)
        folder.mkdir()
        library = _copy(SCHEMA3, folder)
        child = subprocess.Popen(
            [sys.executable, "-c", script, str(library)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        time.sleep(chooser.uniform(0, 0.03))
        child.send_signal(signal.SIGKILL)
        child.wait()
        for name in NAMES:
            backup = backup_path(folder / name, 3)
            if backup.exists():
                assert backup.read_bytes() == (SCHEMA3 / name).read_bytes(), f"trial {trial}"
        interrupted += _version(library) == 3
        assert len(Library(library).search(View(include_reports=True))) > 0
        for name in NAMES:
            assert backup_path(folder / name, 3).read_bytes() == (SCHEMA3 / name).read_bytes()
    assert interrupted, "at least one kill landed before the upgrade finished"


def test_an_upgrade_keeps_the_changes_in_the_journal(library: Library) -> None:
    """A schema-4 library whose last changes are still in its journal (not yet folded
    into the library file) keeps them when it is upgraded, which starts a new journal."""
    ids = library.search(View()).ids()
    library.apply(MarkRead(True), ids[:1])
    library.apply(AddTags(["kept"]), ids[1:3])
    expected = {entry.id: entry.state for entry in library.search(View())}
    library.close()
    journal = journal_path_for(library.path).read_text().splitlines()
    assert len(journal) == 4, "the header, the import and the two changes"
    for path in (library.path, catalog_path_for(library.path)):
        raw = path.read_bytes()
        path.write_bytes(raw.replace(b'"schema_version":5', b'"schema_version":4', 1))
    upgraded = Library(library.path)
    assert {entry.id: entry.state for entry in upgraded.search(View())} == expected
    assert _version(library.path) == SCHEMA_VERSION
    assert upgraded.undo() is not None, "the history of the journal is kept too"
    assert not any(entry.state.tags for entry in upgraded.search(View()))


def test_restoring_every_backup_brings_back_the_changes_in_the_journal(
    library: Library,
) -> None:
    """The journal is backed up with the two files: restoring all three gives the library
    as it was, with the changes made since its last compaction (restoring the two files
    and deleting the journal, as documented before, lost them)."""
    ids = library.search(View()).ids()
    library.apply(MarkRead(True), ids[:1])
    library.apply(AddTags(["kept"]), ids[1:3])
    expected = {entry.id: entry.state for entry in library.search(View())}
    library.close()
    journal = journal_path_for(library.path)
    paths = (library.path, catalog_path_for(library.path), journal)
    for path in paths[:2]:
        raw = path.read_bytes()
        path.write_bytes(raw.replace(b'"schema_version":5', b'"schema_version":4', 1))
    before = {path: path.read_bytes() for path in paths}
    Library(library.path).apply(MarkRead(False), ids[:1])  # upgraded, then changed
    for path in paths:
        assert backup_path(path, 4).read_bytes() == before[path]
        shutil.copy(backup_path(path, 4), path)
    restored = Library(library.path)
    assert {entry.id: entry.state for entry in restored.search(View())} == expected


def test_a_backup_older_than_the_file_is_replaced(old_library: Path, old_version: int) -> None:
    """A whole backup of an earlier state of the file (the older papershelf wrote to the
    library after an interrupted upgrade) is not the file as it was before this upgrade."""
    backup = backup_path(old_library, old_version)
    original = old_library.read_bytes()
    earlier = original.replace(b'"app": "papershelf"', b'"app": "paperShelf"', 1)
    assert len(earlier) == len(original) and earlier != original
    backup.write_bytes(earlier)
    Library(old_library)
    assert backup.read_bytes() == original
