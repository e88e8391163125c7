"""Older libraries are upgraded in place, with a backup of every file as it was."""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path

import pytest
from support import FIXTURES

from storage import Library, LibraryWriteError
from storage.migrations import backup_path
from storage.repository import SCHEMA_VERSION, catalog_path_for

SCHEMA1 = FIXTURES / "libraries" / "schema1"
"""A library written by papershelf with schema 1 (first seed imported; read, tags, note)."""


@pytest.fixture
def old_library(tmp_path: Path) -> Path:
    for name in ("library.json", "library.catalog.json"):
        shutil.copy(SCHEMA1 / name, tmp_path / name)
    return tmp_path / "library.json"


def _version(path: Path) -> int:
    return json.loads(path.read_text())["meta"]["1"]["schema_version"]


def test_schema1_library_is_upgraded_with_reading_state_intact(old_library: Path) -> None:
    """Opening a schema-1 library migrates both files and keeps every paper and state."""
    library = Library(old_library)
    entries = library.search()
    assert len(entries) == 9
    assert sum(entry.state.read for entry in entries) == 1
    assert {tag for entry in entries for tag in entry.state.tags} == {"hair", "EV"}
    assert [entry.state.note for entry in entries if entry.state.note] == ["Read **again**"]
    assert entries[0].paper.citations == 113
    assert _version(old_library) == SCHEMA_VERSION
    assert _version(catalog_path_for(old_library)) == SCHEMA_VERSION
    stored = json.loads(catalog_path_for(old_library).read_text())["papers"].values()
    assert all("doi" not in doc for doc in stored), "schema 2 leaves empty fields out"


def test_backups_hold_the_files_exactly_as_they_were(old_library: Path) -> None:
    """Restoring is copying the .bak files back; they are byte-for-byte the old files."""
    Library(old_library)
    for name in ("library.json", "library.catalog.json"):
        backup = backup_path(old_library.with_name(name), 1)
        assert backup.read_bytes() == (SCHEMA1 / name).read_bytes()


def test_restored_backup_opens_and_upgrades_again(old_library: Path) -> None:
    """The documented restore (copy the backups back) gives a working library."""
    library = Library(old_library)
    library.set_read(library.search()[3].id, True)
    for name in ("library.json", "library.catalog.json"):
        shutil.copy(backup_path(old_library.with_name(name), 1), old_library.with_name(name))
    restored = Library(old_library)
    assert sum(entry.state.read for entry in restored.search()) == 1


def test_an_existing_backup_is_never_replaced(old_library: Path) -> None:
    """After an interrupted upgrade, the older backup is still the last good version."""
    backup = backup_path(old_library, 1)
    backup.write_text("the copy from an earlier, interrupted upgrade")
    Library(old_library)
    assert backup.read_text() == "the copy from an earlier, interrupted upgrade"


def test_upgrade_that_cannot_back_up_changes_nothing(
    old_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No backup, no upgrade: a full disk while copying leaves both files untouched."""
    before = {name: (SCHEMA1 / name).read_bytes() for name in ("library.json",)}

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copy2", disk_full)
    with pytest.raises(LibraryWriteError, match="cannot back it up.*No space left"):
        Library(old_library)
    assert old_library.read_bytes() == before["library.json"]
    assert (
        catalog_path_for(old_library).read_bytes()
        == (SCHEMA1 / "library.catalog.json").read_bytes()
    )
