"""A progress bar on the terminal for the commands that can take a while.

An import of a large file, an export or `cite` of many papers, a merge: past a second,
the reader sees what is being done and how far it is, on stderr. Nothing is drawn when
stderr is not a terminal (a script, a pipe, a log file), and Rich is then never loaded.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, TextIO

from storage import ImportProgress

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

DELAY: Final = 1.0
"""Seconds before the bar appears: a command done sooner leaves no trace of one."""


def _raw(stream: TextIO) -> TextIO:
    """The terminal behind a stream that shows control characters as pictures: the bar's
    own escape sequences must reach it as they are."""
    inner = getattr(stream, "terminal", None)
    return inner if inner is not None else stream


class _Bar:
    """One Rich progress display, started late, fed from any thread."""

    def __init__(self, err: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        console = Console(file=_raw(err), stderr=True)
        self._progress: Progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task: TaskID | None = None
        self._shown = ""
        """The step on screen: a new one is drawn at once, however short it is."""
        self._lock = threading.Lock()
        self._started = False
        self._timer = threading.Timer(DELAY, self._start)
        self._timer.daemon = True

    def __enter__(self) -> _Bar:
        if DELAY > 0:
            self._timer.start()
        else:
            self._start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            if self._started:
                self._progress.stop()
            self._started = True  # a timer that fires late starts nothing

    def _start(self) -> None:
        with self._lock:
            if not self._started:
                self._started = True
                self._progress.start()

    def show(self, what: str, done: int, total: int | None) -> None:
        """Say what is being done: `done` of `total` steps (None: not known)."""
        if self._task is None:
            self._task = self._progress.add_task(what, total=total, completed=done)
        else:
            self._progress.update(self._task, description=what, total=total, completed=done)
        with self._lock:
            if what != self._shown and self._started:
                self._shown = what
                self._progress.refresh()


class Shown:
    """What a long command reports its progress to: drawn on a terminal, else nothing."""

    def __init__(self, bar: _Bar | None) -> None:
        self._bar = bar

    def __call__(self, what: str, done: int = 0, total: int | None = None) -> None:
        """Report a step (also usable as an `ImportProgress` watcher)."""
        if self._bar is not None:
            self._bar.show(what, done, total)

    def progress(self) -> ImportProgress:
        """A progress for the library's long jobs (import, export) that reports here."""
        return ImportProgress(self if self._bar is not None else None)


@contextmanager
def progress_on(err: TextIO) -> Iterator[Shown]:
    """A progress report drawn on `err` if it is a terminal, for the block's duration."""
    if not is_terminal(err):
        yield Shown(None)
        return
    with _Bar(err) as bar:
        yield Shown(bar)


def is_terminal(stream: Any) -> bool:
    """Whether a stream is a terminal (a person reads it), not a pipe or a file."""
    return hasattr(stream, "isatty") and bool(stream.isatty())
