"""Broken or unwritable libraries from the command line: exit 2, path and reason, untouched.

Permission failures are simulated where the suite may run as root (who can write
anywhere): the refusal and the message are what is tested, through the real write path.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from cli_runner import cli
from support import FIRST_SEED, SEED_FIXTURES

from storage import Library
from storage.library_files import catalog_path_for


@pytest.fixture
def seeded(db_path: Path) -> Path:
    assert cli("--db", str(db_path), "import", str(FIRST_SEED))[0] == 0
    return db_path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b'{"meta": {"1": {"schema_version": 2}}, "state": {"1": {"paper_id"', "not valid JSON"),
        (b'["a", "list"]', "expected a JSON object of tables, found list"),
        (b'{"meta": {"1": {"schema_version": 2}}}', "missing table(s) state"),
        (b'{"meta": {"1": {"schema_version": 99}}, "state": {}}', "newer papershelf"),
    ],
)
def test_broken_file_exits_2_and_is_left_alone(seeded: Path, content: bytes, reason: str) -> None:
    seeded.write_bytes(content)
    before = _snapshot(seeded.parent)
    for command in (["list"], ["read", "2332"], ["tag", "2332", "+x"]):
        status, _, err = cli("--db", str(seeded), *command)
        assert status == 2
        assert str(seeded) in err and reason in err
    assert _snapshot(seeded.parent) == before


def test_truncated_catalog_exits_2(seeded: Path) -> None:
    catalog = catalog_path_for(seeded)
    catalog.write_bytes(catalog.read_bytes()[:1000])
    status, _, err = cli("--db", str(seeded), "list")
    assert status == 2 and str(catalog) in err and "not valid JSON" in err


def _fail_writes(monkeypatch: pytest.MonkeyPatch, kind: str, path: Path) -> None:
    if kind == "read-only file":
        real_access = os.access
        monkeypatch.setattr(
            os, "access", lambda p, mode: False if Path(p) == path else real_access(p, mode)
        )
    elif kind == "read-only folder":

        def no_permission(*_args: object, **_kwargs: object) -> None:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", no_permission)
    else:

        def disk_full(*_args: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", disk_full)


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("read-only file", "the file is read-only"),
        ("read-only folder", "cannot write in"),
        ("full disk", "No space left on device"),
    ],
)
def test_unwritable_library_exits_2_and_keeps_the_old_file(
    seeded: Path, monkeypatch: pytest.MonkeyPatch, kind: str, reason: str
) -> None:
    before = _snapshot(seeded.parent)
    _fail_writes(monkeypatch, kind, seeded)
    # A change appends to the journal, which needs no new file; an import replaces the
    # catalog, which does: the read-only folder is felt there.
    command = ["read", "2332"]
    if "folder" in kind:
        command = ["import", str(SEED_FIXTURES / "basic.txt")]
    status, _, err = cli("--db", str(seeded), *command)
    assert status == 2
    assert str(seeded) in err and reason in err
    monkeypatch.undo()
    assert _snapshot(seeded.parent) == before, "old file intact, no temp file left"
    assert not Library(seeded).entry("2332").state.read
