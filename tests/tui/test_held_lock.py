"""Another process holding the writer's lock (a stuck writer, a `Ctrl-Z`'d command):
reads go on at once, writes wait a bounded time naming it, the app's keys never freeze.

Before, every command (`list` included) and the app's open waited for the lock in
silence, and a read-only library could not even be listed.
"""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
from pathlib import Path

import pytest
from app_support import notified, paper_list, settle
from cli_runner import cli
from support import FIRST_SEED, OnDisk, another_process_holding_the_lock

from storage import Library
from storage.library_files import lock_path_for
from storage.locking import FileLock
from tui.app import PapershelfApp


@pytest.fixture
def seeded(db_path: Path) -> Path:
    assert cli("--db", str(db_path), "import", str(FIRST_SEED))[0] == 0
    return db_path


def _files(library: Path) -> dict[str, bytes]:
    """The library's files (the lock file only says who holds the lock)."""
    return {
        path.name: path.read_bytes()
        for path in library.parent.iterdir()
        if path.is_file() and path != lock_path_for(library)
    }


def test_list_and_export_need_no_lock(seeded: Path) -> None:
    """Both finish (a wait would end in exit 2 after the lock timeout) with their output."""
    with another_process_holding_the_lock(seeded):
        status, out, err = cli("--db", str(seeded), "list", "hair")
        assert status == 0, err
        assert "2332ed7a" in out
        status, out, err = cli("--db", str(seeded), "export", "--format", "bibtex")
        assert status == 0, err
        assert out.count("@article{") == 9


def test_a_write_waits_a_bounded_time_naming_the_holder_then_exits_2(seeded: Path) -> None:
    before = _files(seeded)
    with another_process_holding_the_lock(seeded) as pid:
        status, _, err = cli("--db", str(seeded), "read", "2332")
    assert status == 2
    assert f"waiting for papershelf (pid {pid}) …" in err
    assert f"papershelf (pid {pid}) has been changing this library for too long" in err
    assert "nothing was written" in err
    assert _files(seeded) == before
    assert not Library(seeded).entry("2332").state.read


def test_a_lock_held_by_another_program_is_not_put_on_the_last_writer(seeded: Path) -> None:
    """papershelf wrote, then `flock` (which writes no name) holds the lock: the wait and
    the refusal speak of another process, not of the papershelf that wrote last."""
    assert cli("--db", str(seeded), "read", "2332")[0] == 0
    with another_process_holding_the_lock(seeded, named=False):
        status, _, err = cli("--db", str(seeded), "unread", "2332")
    assert status == 2
    assert "another process has been changing this library for too long" in err
    assert "pid" not in err


def test_a_writer_killed_while_holding_the_lock_is_not_named(seeded: Path) -> None:
    """Its name stays in the lock file, but it is gone: whoever holds the lock now is not
    it."""
    with another_process_holding_the_lock(seeded) as pid:
        pass  # killed at the end of the block, its name left in the file
    assert f"{pid} papershelf" in lock_path_for(seeded).read_text()
    assert FileLock(lock_path_for(seeded), protects=seeded).holder() is None


def _read_only_mount(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a read-only mount does to every write, simulated for a suite that may run as
    root (whom mode bits do not stop): creating or opening a file to write fails."""
    real_open = os.open

    def open_read_only(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    def no_temp_file(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "open", open_read_only)
    monkeypatch.setattr(tempfile, "mkstemp", no_temp_file)
    monkeypatch.setattr(os, "access", lambda _path, mode: not mode & os.W_OK)


def test_a_read_only_library_can_be_listed_and_exported(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock_path_for(seeded).unlink()  # a mount made before any write
    before = _files(seeded)
    _read_only_mount(monkeypatch)
    status, out, err = cli("--db", str(seeded), "list", "--json")
    assert status == 0, err
    assert '"2332ed7a' in out
    status, out, err = cli("--db", str(seeded), "export", "--format", "csv")
    assert status == 0, err
    assert out.count("\n") == 10  # the header and nine papers
    status, _, err = cli("--db", str(seeded), "read", "2332")
    assert status == 2 and "Read-only file system" in err
    monkeypatch.undo()
    assert _files(seeded) == before


async def test_the_app_keeps_its_keys_while_a_write_waits(
    app: PapershelfApp, db_path: Path, on_disk: OnDisk
) -> None:
    """The toggle waits for the other process on the writer thread; meanwhile keys move
    the cursor, the reader is told whom it waits for, and the write lands once freed."""
    async with app.run_test() as pilot:
        with another_process_holding_the_lock(db_path) as pid:
            first = paper_list(app).highlighted
            assert first is not None
            await pilot.press("space", "j", "j")
            assert paper_list(app).cursor == 2, "keys were handled during the wait"
            message = f"Waiting for papershelf (pid {pid}) to finish writing …"
            for _ in range(100):  # the wait is real: the other process holds on
                if message in notified(app):
                    break
                await pilot.pause(0.05)
            assert message in notified(app)
            assert not on_disk().entry(first.paper.id).state.read
        await settle(pilot)
        assert on_disk().entry(first.paper.id).state.read


def test_a_file_system_without_locks_is_a_clear_error(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NFS without a lock daemon refuses `flock` with ENOLCK: reads go on, a write says
    what is wrong and what to do, with exit 2 and no traceback."""

    def no_locks(_fd: int, _operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    assert cli("--db", str(seeded), "list")[0] == 0
    status, _, err = cli("--db", str(seeded), "read", "2332")
    assert status == 2
    assert "cannot lock files (ENOLCK" in err and "keep the library on a local disk" in err
    assert "Traceback" not in err
