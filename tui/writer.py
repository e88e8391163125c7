"""Library writes off the event loop, one at a time and in the order they were asked.

A write can wait for another process's write (up to the lock timeout) and fsyncs before
it returns; on the event loop either would freeze the keys. Textual's thread workers
run side by side, and two toggles of one paper must land in the order pressed, so
writes queue here and one worker drains the queue. Once the queue is empty the worker
runs the chore it was given (the library's compaction), so that no write the reader
waits for pays for it; a chore that has work to do first waits `CHORE_DELAY` for more
writes, so that the screen can show what the last one did: compacting after a tag over
100,000 papers holds the interpreter for 0.3 s, and the toast saying the tag is done
waited for it.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from typing import Any, Final

from textual.dom import DOMNode

from storage import StorageError

WRITER_GROUP: Final = "library-writes"
CHORE_DELAY: Final = 0.5
"""Seconds without a write before a chore with work to do runs."""

Job = Callable[[], Any]
Done = Callable[[Any], None]
Failed = Callable[[StorageError], None]


class WriteQueue:
    """Runs library calls in order on a worker thread of `owner`, reporting back on the
    event loop."""

    def __init__(
        self,
        owner: DOMNode,
        *,
        when_idle: Job | None = None,
        chore_due: Callable[[], bool] | None = None,
    ) -> None:
        """`when_idle`: the chore, run once the queue is empty; `chore_due`: whether it
        has work to do (then it waits for the screen first, see above)."""
        self._owner = owner
        self._when_idle = when_idle
        self._chore_due = chore_due
        self._jobs: deque[tuple[Job, Done, Failed]] = deque()
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        """Notified when a job is queued (a chore waiting to run gives way to it)."""
        self._draining = False

    def submit(self, job: Job, done: Done, failed: Failed) -> None:
        """Run `job()` after the writes already asked; then `done(result)`, or
        `failed(error)` for a storage error, both on the event loop."""
        with self._lock:
            self._jobs.append((job, done, failed))
            self._arrived.notify()
            if self._draining:
                return
            self._draining = True
        self._owner.run_worker(self._drain, thread=True, group=WRITER_GROUP)

    def run(self, job: Job) -> asyncio.Future[Any]:
        """`submit`, as a future a dialog can await: the result, or the storage error."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.submit(job, future.set_result, future.set_exception)
        return future

    def _drain(self) -> None:
        call = self._owner.app.call_from_thread
        chore = self._when_idle  # due once the queue is empty, again after every job
        while True:
            with self._lock:
                if not self._jobs and chore is None:
                    self._draining = False
                    return
                queued = self._jobs.popleft() if self._jobs else None
            if queued is None:
                assert chore is not None
                if self._job_came():
                    continue
                with suppress(StorageError):  # the next write meets it, and says so
                    chore()
                chore = None
                continue
            chore = self._when_idle
            job, done, failed = queued
            try:
                result = job()
            except StorageError as error:
                call(failed, error)
            else:
                call(done, result)

    def _job_came(self) -> bool:
        """Before a chore with work to do: wait `CHORE_DELAY` for another write, and say
        whether one came (it goes first; the chore stays due)."""
        if self._chore_due is None or not self._chore_due():
            return False
        with self._arrived:
            return self._arrived.wait_for(lambda: bool(self._jobs), timeout=CHORE_DELAY)
