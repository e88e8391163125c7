"""What another process's change costs the running app's event loop.

The app runs headless on a copy of the benchmark library while another process (the
command line) tags a paper, then imports a seed document; the app's own one-second
poll picks each change up. A probe on the event loop wakes every couple of
milliseconds and keeps the longest stretch between two of its wake-ups: in wall time
(the stall a key pressed then would wait, whatever kept the loop: its own work, or a
reading thread holding the interpreter) and in the loop thread's own CPU time (the
work done on the loop, which another busy process on the machine does not inflate).

    python -m benchmarks.live DB        # one library, in this process (prints JSON)
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

from .generate import DATA_DIR, generate
from .terminal import TERMINAL

PROBE_SECONDS: Final = 0.002
"""How often the probe wakes: well under a frame, well over its own cost."""
SETTLE_SECONDS: Final = 0.5
"""How long the app must have been idle (no worker running) for a change to be over."""


class LoopProbe:
    """Wakes on the event loop every `PROBE_SECONDS` and keeps the longest gaps."""

    def __init__(self) -> None:
        self.stall = 0.0
        """Longest wall time between two wake-ups, beyond the sleep asked for."""
        self.burst = 0.0
        """Longest loop-thread CPU time between two wake-ups."""
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def reset(self) -> None:
        self.stall = self.burst = 0.0

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _run(self) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        while True:
            await asyncio.sleep(PROBE_SECONDS)
            now_wall, now_cpu = time.perf_counter(), time.thread_time()
            self.stall = max(self.stall, now_wall - wall - PROBE_SECONDS)
            self.burst = max(self.burst, now_cpu - cpu)
            wall, cpu = now_wall, now_cpu


async def _other_process(db: Path, *args: str) -> None:
    """The command line, as another process: the app learns of it only by polling."""
    command = [sys.executable, "-m", "tui", "--db", str(db), *args]
    process = await asyncio.create_subprocess_exec(
        *command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, errors = await process.communicate()
    assert process.returncode == 0, errors.decode()


async def _child(db: Path) -> dict[str, float]:
    """Start the app on `db`, let it settle, then time the loop through each change."""
    from storage import Library
    from tui.app import PapershelfApp
    from tui.collector import AppCollector, loading
    from tui.screens import MainScreen

    with loading(for_app=True):  # as `papershelf` starts the app, collector and all
        library = Library(db)
    tuning = AppCollector()
    tuning.start()
    app = PapershelfApp(library, collector=tuning)
    probe = LoopProbe()
    result: dict[str, float] = {}
    seed = generate(2 * 100, DATA_DIR / "merge-seeds")[0]  # papers the library lacks
    async with app.run_test(size=TERMINAL) as pilot:
        await pilot.press("left_square_bracket")  # every paper, as after an import
        await app.workers.wait_for_complete()  # the search index, built in the background
        screen = app.screen
        assert isinstance(screen, MainScreen)
        paper = screen.paper_list.entries[0].id
        total = len(screen.paper_list.entries)
        probe.start()

        async def shown(done: Callable[[], bool]) -> None:
            """Until the change is on screen and the app has been idle for a while."""
            idle_since = None
            while True:
                await asyncio.sleep(0.05)
                busy = any(worker.is_running for worker in app.workers)
                if not done() or busy:
                    idle_since = None
                elif idle_since is None:
                    idle_since = time.perf_counter()
                elif time.perf_counter() - idle_since > SETTLE_SECONDS:
                    return

        for name, args, done in (
            ("tag", ("tag", paper, "+external"), lambda: _tagged(screen, paper)),
            (
                "import",
                ("import", str(seed)),
                lambda: len(screen.paper_list.entries) > total,
            ),
        ):
            probe.reset()
            await _other_process(db, *args)
            await shown(done)
            result[f"external_{name}_loop_ms"] = probe.burst * 1000
            result[f"external_{name}_stall_ms"] = probe.stall * 1000
        probe.stop()
    return result


def _tagged(screen: object, paper: str) -> bool:
    from tui.screens import MainScreen

    assert isinstance(screen, MainScreen)
    entries = screen.paper_list.entries
    position = entries.position(paper)
    return position is not None and "external" in entries.state_at(position).tags


def measure_external_changes(db: Path) -> dict[str, float]:
    """The app on a copy of the library at `db` (the changes must not reach the rest
    of the benchmark), in a fresh process."""
    copy = db.parent.with_name(f"{db.parent.name}-live") / db.name
    shutil.rmtree(copy.parent, ignore_errors=True)
    shutil.copytree(db.parent, copy.parent)
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.live", str(copy)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    shutil.rmtree(copy.parent, ignore_errors=True)
    measured: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return measured


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_child(Path(sys.argv[1])))))
