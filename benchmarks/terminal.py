"""A program in a pseudo-terminal, read as raw bytes: what a person at a terminal sees,
and when.

Every app the benchmark starts this way (papershelf, the minimal Textual app that is
the floor, coBib) gets the same terminal size, the same `TERM`, and its own home for
settings, so that a first start is a first start whatever the user's own files say.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from storage.first_page import FirstPage, first_page_path, read_first_page, stamps_on_disk
from tui.view_memory import ViewMemory

_VIEWS: Final = Path("papershelf") / "views.json"

TERMINAL: Final = (120, 35)
"""Columns and rows."""


def remembered_views(db: Path) -> ViewMemory:
    """Where papershelf in `Terminal.papershelf(db)` remembers its last view (a headless
    app given it starts and leaves off as the one in the terminal does)."""
    return ViewMemory(Path(home_environment(db.parent / "home")["XDG_STATE_HOME"]) / _VIEWS)


def remembered_first_page(db: Path) -> FirstPage | None:
    """The first page the next start on `db` paints from, if any: the one kept for the
    view remembered (see `storage.first_page`), as `tui.cli` finds it."""
    view = remembered_views(db).recall(db)
    if view is None:
        return None
    return read_first_page(first_page_path(db), view, stamps_on_disk(db))


def first_page_ready(db: Path) -> bool:
    """Whether the next start on `db` paints from a first page."""
    return remembered_first_page(db) is not None


def home_environment(home: Path) -> dict[str, str]:
    """The variables that put a program's settings, data and state under `home`: nothing
    is read from or written to the user's own folders."""
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
    }


class Terminal:
    """`argv` started in a new pseudo-terminal with `home` for its settings and state."""

    def __init__(self, argv: Sequence[str], home: Path) -> None:
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the program
            os.environ.update(TERM="xterm-256color", COLUMNS=str(TERMINAL[0]))
            os.environ["LINES"] = str(TERMINAL[1])
            os.environ.update(home_environment(home))
            os.environ.pop("PAPERSHELF_CONFIG", None)
            os.execv(argv[0], list(argv))
        self.pid, self.fd = pid, fd
        columns, rows = TERMINAL
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.seen = b""

    @classmethod
    def papershelf(cls, db: Path) -> Terminal:
        """papershelf on the library at `db`, as at a first start (no settings, no view
        remembered from the last run)."""
        return cls([sys.executable, "-m", "tui", "--db", str(db)], db.parent / "home")

    def wait_for(self, text: str | None, timeout: float = 30.0) -> float:
        """Read until `text` (None: anything) has appeared; returns when it arrived."""
        wanted = b"" if text is None else text.encode()
        deadline = time.perf_counter() + timeout
        while not self.seen or wanted not in self.seen:
            remaining = deadline - time.perf_counter()
            ready, _, _ = select.select([self.fd], [], [], max(remaining, 0))
            if not ready:
                raise TimeoutError(f"{text!r} never appeared on the screen")
            self.seen += os.read(self.fd, 1 << 16)
        arrived = time.perf_counter()
        self.seen = b""
        return arrived

    def drain(self, quiet: float = 0.3) -> None:
        """Read until the program has been silent for `quiet` seconds (or has exited)."""
        try:
            while select.select([self.fd], [], [], quiet)[0]:
                os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the program closed the terminal
            pass
        self.seen = b""

    def settle(self, quiet: float = 1.0, timeout: float = 600.0) -> None:
        """Read until the program has used almost no CPU for `quiet` seconds: its
        background work (the search index) is done. At 1,000,000 papers that takes
        longer than any fixed wait, and keys typed before it measure the build."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            before = self.cpu_seconds()
            self.drain(quiet)
            if self.cpu_seconds() - before < quiet / 50:
                return
        raise TimeoutError(f"still busy after {timeout:.0f} s")

    def cpu_seconds(self) -> float:
        """CPU time of all the program's threads so far (nanosecond schedstat, not ticks)."""
        total = 0
        for task in Path(f"/proc/{self.pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[0])
        return total / 1e9

    def type(self, keys: str) -> float:
        sent = time.perf_counter()
        os.write(self.fd, keys.encode())
        return sent

    def close(self, quit_keys: str = "q") -> None:
        """Esc out of any input and quit; kill the program if it does not go."""
        os.write(self.fd, b"\x1b")
        self.drain()
        os.write(self.fd, quit_keys.encode())
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                break
            self.drain(0.1)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)
