"""A TinyDB storage that writes atomically and notices changes made by other processes.

TinyDB's own JSONStorage writes over the file in place, so a crash mid-write leaves a
broken file. This one writes a temporary file in the same folder, fsyncs it and renames
it over the old one: a crash leaves either the old or the new file, never a mix.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from .atomic import TEMP_SUFFIX, write_atomically
from .errors import LibraryCorruptError, LibraryWriteError

Tables = dict[str, dict[str, Any]]


class JSONFileStorage:
    """Atomic, change-aware JSON storage (implements TinyDB's Storage interface).

    The parsed file is cached and re-read only when its inode, size or mtime change, so
    TinyDB's read-per-operation costs a `stat`, and a write by another process is seen
    on the next read.
    """

    def __init__(self, path: Path, *, indent: bool = False) -> None:
        self.path = path
        """The JSON file."""
        self.generation = 0
        """Bumped whenever the content changes (a write here, or a reload from disk)."""
        self._indent = indent
        self._tables: Tables | None = None
        self._stamp: tuple[int, int, int] | None = None
        self._batch_depth = 0
        self._batch_dirty = False

    def read(self) -> Tables | None:
        """The file's tables, or None when the file does not exist.

        Returns a shallow copy: TinyDB edits the returned dict before it writes, and a
        failed write must not leave that edit in the cache.

        Raises:
            LibraryCorruptError: the file is not valid JSON of the expected shape.
        """
        if not self._batch_depth:
            self._refresh()
        return None if self._tables is None else dict(self._tables)

    def write(self, data: Tables) -> None:
        """Replace the file's content atomically (deferred to the end of a batch).

        Raises:
            LibraryWriteError: the file or its folder is not writable, or the disk is full.
        """
        if self._batch_depth:
            self._tables = data
            self._batch_dirty = True
            return
        self._write_atomically(data)

    def close(self) -> None:
        """Nothing to release: every write is complete when `write` returns."""

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Gather the writes made inside into one atomic write at the end.

        If the block raises, nothing is written and the cache is dropped, so the next
        read sees the file as it is on disk.
        """
        if not self._batch_depth:
            self._refresh()
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            self._batch_depth -= 1
            self._forget()
            raise
        self._batch_depth -= 1
        if not self._batch_depth and self._batch_dirty:
            self._batch_dirty = False
            assert self._tables is not None
            self._write_atomically(self._tables)

    def remove_stale_temp_files(self) -> list[Path]:
        """Delete temporary files a killed writer left behind; call it holding the lock."""
        removed = []
        for leftover in self.path.parent.glob(f".{self.path.name}.*{TEMP_SUFFIX}"):
            try:
                leftover.unlink()
            except OSError:
                continue
            removed.append(leftover)
        return removed

    def _forget(self) -> None:
        self._tables = None
        self._stamp = None
        self._batch_dirty = False

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise LibraryCorruptError(self.path, f"cannot read: {error.strerror}") from error
        return (info.st_ino, info.st_size, info.st_mtime_ns)

    def _refresh(self) -> None:
        stamp = self._stat()
        if stamp == self._stamp and (stamp is None or self._tables is not None):
            return
        self._tables = None if stamp is None else self._load()
        self._stamp = stamp
        self.generation += 1

    def _load(self) -> Tables:
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise LibraryCorruptError(self.path, f"cannot read: {error.strerror}") from error
        if not raw.strip():
            raise LibraryCorruptError(self.path, "the file is empty")
        try:
            with _collector_paused():
                data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise LibraryCorruptError(self.path, f"not valid JSON ({error})") from None
        if not isinstance(data, dict):
            kind = type(data).__name__
            raise LibraryCorruptError(self.path, f"expected a JSON object of tables, found {kind}")
        for name, table in data.items():
            if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
                raise LibraryCorruptError(
                    self.path, f"table {name!r} is not an object of documents"
                )
        return data

    def _write_atomically(self, data: Tables) -> None:
        if self.path.exists() and not os.access(self.path, os.W_OK):
            raise LibraryWriteError(self.path, "the file is read-only")
        options = orjson.OPT_INDENT_2 if self._indent else 0
        try:
            write_atomically(self.path, orjson.dumps(data, option=options))
        except OSError as error:
            self._forget()
            reason = error.strerror or str(error)
            if error.filename == str(self.path.parent):
                reason = f"cannot write in {self.path.parent}: {reason}"
            else:
                reason = f"write failed: {reason}"
            raise LibraryWriteError(self.path, reason) from error
        self._tables = data
        self._stamp = self._stat()
        self.generation += 1


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector out of a large parse.

    Parsing a 100,000-paper catalog creates about a million objects, and the collector
    would walk all of them several times over while they are made (a third of the load
    time); parsed JSON cannot form reference cycles, so there is nothing for it to find.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
