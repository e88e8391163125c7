"""An inter-process lock beside the library, so two writers never lose each other's change."""

from __future__ import annotations

import errno
import fcntl
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import Final

from .errors import LibraryLockedError, LibraryWriteError
from .processes import is_running

LOCK_TIMEOUT: Final = 5.0
"""Seconds a write waits for another process's write before giving up: long enough for
any real write (a 100,000-paper import holds the lock about a second), short enough that
a stuck writer (`Ctrl-Z`) costs a few seconds and a message, not a hang."""
_POLL_SECONDS: Final = 0.05
_SAY_AFTER_SECONDS: Final = 0.5

WaitListener = Callable[[str], None]
"""Told, once, that a write is waiting and for whom (`papershelf (pid 4242)`)."""


class FileLock:
    """An exclusive `flock` on a lock file, re-entrant within one process.

    The library file itself cannot carry the lock: every write replaces it with a new
    inode, so a lock on the old one would protect nothing. The lock dies with its
    process, so a killed writer never leaves the library locked; a stopped one
    (`Ctrl-Z`) does, which is why waiting is bounded. The holder writes its pid and
    command into the file, so that a waiting process can say whom it waits for, and
    empties it as it lets go: a lock held by another program (`flock`) is then not put
    on the last papershelf that wrote.
    """

    def __init__(
        self,
        path: Path,
        *,
        protects: Path,
        timeout: float = LOCK_TIMEOUT,
        on_wait: WaitListener | None = None,
    ) -> None:
        self.path = path
        """The lock file (created on first use, never removed)."""
        self.protects = protects
        """The file the lock guards, which errors name."""
        self.timeout = timeout
        self.on_wait = on_wait
        self._fd: int | None = None
        self._depth = 0
        self._thread_lock = threading.RLock()

    def __enter__(self) -> FileLock:
        if not self._thread_lock.acquire(timeout=self.timeout):
            raise LibraryLockedError(self.protects, "another thread of this process")
        try:
            if self._depth == 0:
                self._fd = self._open()
                self._acquire(self._fd)
        except BaseException:
            self._release_fd()
            self._thread_lock.release()
            raise
        self._depth += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._release_fd(held=True)
        self._thread_lock.release()

    @contextmanager
    def if_free(self) -> Iterator[bool]:
        """Hold the lock only if nobody holds it, without waiting; yields whether it is held.

        For chores that may be skipped (tidying up after a killed writer); a folder where
        the lock file cannot even be created (a read-only mount) counts as taken.
        """
        if not self._thread_lock.acquire(blocking=False):
            yield False
            return
        try:
            if self._depth:
                yield True
                return
            try:
                self._fd = self._open()
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except (OSError, LibraryWriteError):
                self._release_fd()
                yield False
                return
            self._depth = 1
            try:
                yield True
            finally:
                self._depth = 0
                self._release_fd(held=True)
        finally:
            self._thread_lock.release()

    @property
    def held(self) -> bool:
        """Whether this process holds the lock (on any thread)."""
        return self._depth > 0

    def _acquire(self, fd: int) -> None:
        started = time.monotonic()
        said = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                pass
            except OSError as error:
                if error.errno == errno.ENOLCK:
                    reason = (
                        "its file system cannot lock files (ENOLCK: NFS without a lock "
                        "daemon?); keep the library on a local disk, or start the lock "
                        "service (rpc.statd)"
                    )
                    raise LibraryWriteError(self.protects, reason) from error
                raise
            waited = time.monotonic() - started
            if waited >= self.timeout:
                raise LibraryLockedError(self.protects, self.holder() or "another process")
            if not said and waited >= _SAY_AFTER_SECONDS and self.on_wait is not None:
                said = True
                self.on_wait(self.holder() or "another process")
            time.sleep(_POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {Path(sys.argv[0]).name or 'python'}\n".encode())

    def holder(self) -> str | None:
        """Who holds the lock, as `papershelf (pid 4242)`, when the file says so and that
        process is alive (a writer killed while holding it left its name behind)."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace").split()
        except OSError:
            return None
        if not text or not text[0].isdigit() or not is_running(int(text[0])):
            return None
        program = text[1] if len(text) > 1 else "a process"
        return f"{program} (pid {text[0]})"

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as error:
            if not self.path.parent.is_dir():
                raise LibraryWriteError(self.protects, "its folder has disappeared") from error
            reason = f"cannot create the lock file {self.path}: {error.strerror}"
            raise LibraryWriteError(self.path.parent, reason) from error

    def _release_fd(self, *, held: bool = False) -> None:
        if self._fd is not None:
            if held:
                with suppress(OSError):  # a name left behind is checked by `holder`
                    os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing releases the flock
            self._fd = None
