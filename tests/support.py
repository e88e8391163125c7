"""Helpers shared by tests: paths to fixtures and a deterministic clock."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage import Library
from storage.library_files import lock_path_for

FIXTURES = Path(__file__).parent / "fixtures"
SEED_FIXTURES = FIXTURES / "seeds"
REPO_SEEDS = Path(__file__).parent.parent / "seeds"
FIRST_SEED = REPO_SEEDS / "000_7aaa919b2312e4a6.txt"


class Clock:
    """A clock that moves one second per reading, so timestamps differ but repeat."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


MakeLibrary = Callable[..., Library]
"""The `make_library` fixture: opens (or reopens) the test library, or one at a path."""
OnDisk = Callable[[], Library]
"""The `on_disk` fixture: a fresh Library on the test file, to see what was persisted."""


@contextmanager
def another_process_holding_the_lock(db_path: Path, *, named: bool = True) -> Iterator[int]:
    """A real second process holding the library's writer lock, as a stuck or stopped
    (`Ctrl-Z`) papershelf would (or, not `named`, another program such as `flock`, which
    writes nothing in the file), until the block ends; yields its pid."""
    names = "os.ftruncate(fd, 0)\nos.write(fd, f'{os.getpid()} papershelf\\n'.encode())\n"
    script = (
        "import fcntl, os, sys\n"
        f"fd = os.open({str(lock_path_for(db_path))!r}, "
        "os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        f"{names if named else ''}"
        "print('held', flush=True)\n"
        "sys.stdin.read()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder.pid
    finally:
        holder.kill()
        holder.wait()


def journal_lines(db_path: Path) -> int:
    """Lines in a library's change journal: every write of reading state appends one."""
    from storage.library_files import journal_path_for

    return len(journal_path_for(db_path).read_text().splitlines())


def recount(tmp_path: Path) -> Path:
    """The first seed again with new citation counts: the catalog is re-numbered, every
    paper at another place in the list (the most cited last before, first now)."""
    listed = FIRST_SEED.read_text(encoding="utf-8").splitlines()[2:]
    bumped = [
        f"{900 + n} citations," if line.endswith("citations,") else line
        for n, line in enumerate(listed)
    ]
    seed = tmp_path / "recounted.txt"
    seed.write_text("TLDR Another.\nAbstract.\n" + "\n".join(bumped), encoding="utf-8")
    return seed
