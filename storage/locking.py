"""An inter-process lock beside the library, so two writers never lose each other's change."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path
from types import TracebackType

from .errors import LibraryWriteError


class FileLock:
    """An exclusive `flock` on a lock file, re-entrant within one process.

    The library file itself cannot carry the lock: every write replaces it with a new
    inode, so a lock on the old one would protect nothing. The lock dies with its
    process, so a killed writer never leaves the library locked.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        """The lock file (created on first use, never removed)."""
        self._fd: int | None = None
        self._depth = 0
        self._thread_lock = threading.RLock()

    def __enter__(self) -> FileLock:
        self._thread_lock.acquire()
        try:
            if self._depth == 0:
                self._fd = self._open()
                fcntl.flock(self._fd, fcntl.LOCK_EX)
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
            self._release_fd()
        self._thread_lock.release()

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as error:
            reason = f"cannot create the lock file {self.path}: {error.strerror}"
            raise LibraryWriteError(self.path.parent, reason) from error

    def _release_fd(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the flock
            self._fd = None
