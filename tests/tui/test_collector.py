"""Collector settings apply to the app's own process only (checked in a fresh one)."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from cli_runner import cli
from support import FIRST_SEED

from storage import Library
from storage.collector import collector_paused
from tui import cli as cli_module
from tui import collector
from tui.app import PapershelfApp

CHECK = textwrap.dedent(
    """
    import gc
    from tui import collector

    assert gc.get_freeze_count() == 0 and gc.get_threshold()[0] == 700
    try:
        with collector.loading(for_app=True):
            assert not gc.isenabled()
            raise OSError("the library could not be read")
    except OSError:
        pass
    assert gc.isenabled() and gc.get_freeze_count() == 0  # a failed load freezes nothing
    with collector.loading(for_app=False):
        loaded = [{} for _ in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() == 0  # a command keeps its collector
    with collector.loading(for_app=True):
        loaded = [{} for _ in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() >= 1000  # the app's load is frozen
    gc.unfreeze()
    tuning = collector.AppCollector()
    tuning.start()
    assert gc.get_threshold()[0] == collector.YOUNG_COLLECTION_THRESHOLD
    frozen = gc.get_freeze_count()
    assert frozen > 0
    built_after_start = [[] for _ in range(1000)]
    tuning.settle()
    assert gc.get_freeze_count() >= frozen + 1000
    frozen = gc.get_freeze_count()
    with tuning.changing_many():
        assert not gc.isenabled()
        changed = [[] for _ in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() >= frozen + 1000  # a bulk change's
    frozen = gc.get_freeze_count()
    with tuning.reading_changes():
        assert not gc.isenabled()
        one_paper = [[] for _ in range(10)]
    assert gc.isenabled() and gc.get_freeze_count() == frozen  # a small change: nothing
    with tuning.reading_changes():
        new_catalog = [[] for _ in range(collector.MANY_NEW_OBJECTS + 100)]
    assert gc.isenabled() and gc.get_freeze_count() >= frozen + collector.MANY_NEW_OBJECTS
    """
)


def test_hold_start_and_settle() -> None:
    """loading pauses collections and freezes an app's load; the app's tuning sets the
    thresholds and freezes at start, when start-up is done, after a bulk change and
    after reading another process's large change (not a small one)."""
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_command_runs_with_its_library_frozen_and_leaves_none(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a command runs, what was loaded is out of the collector; once it is done,
    nothing is (a caller in the same process collects as before)."""
    assert cli("--db", str(db_path), "import", str(FIRST_SEED))[0] == 0
    gc.unfreeze()
    frozen_while_listing: list[int] = []
    listing = cli_module._COMMANDS["list"]

    def watched(*args: Any) -> int:
        frozen_while_listing.append(gc.get_freeze_count())
        return listing(*args)

    monkeypatch.setitem(cli_module._COMMANDS, "list", watched)
    assert cli("--db", str(db_path), "list")[0] == 0
    assert frozen_while_listing[0] > 1000
    assert gc.get_freeze_count() == 0


def test_keys_put_the_collection_off_until_they_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    """While keys arrive nothing is collected; once they pause, every generation is,
    once (not once a key), and not while a change holds the collector."""
    collected: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation))

    async def typing() -> None:
        tuning = collector.AppCollector()
        loop = asyncio.get_running_loop()
        monkeypatch.setattr(collector, "PAUSE_SECONDS", 60.0)
        for _ in range(3):
            tuning.key_typed(loop)
            await asyncio.sleep(0)
        assert collected == []
        monkeypatch.setattr(collector, "PAUSE_SECONDS", 0.0)
        # The pause after the last key: the waits before it are off.
        tuning.key_typed(loop)
        await asyncio.sleep(0.05)
        assert collected == [2]
        with collector_paused():
            tuning.key_typed(loop)
            await asyncio.sleep(0.05)
        assert collected == [2]

    asyncio.run(typing())


class KeyCounter(collector.AppCollector):
    """Counts the keys the app tells it of, and leaves the test's collector alone."""

    def __init__(self) -> None:
        self.keys = 0

    def key_typed(self, loop: asyncio.AbstractEventLoop) -> None:
        self.keys += 1

    def settle(self) -> None:
        pass


async def test_the_app_tells_its_collector_of_each_key(db_path: Path) -> None:
    """Every key typed, the search box's and the list's, puts the collection off."""
    counter = KeyCounter()
    app = PapershelfApp(Library(db_path), collector=counter)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("/", "h", "a", "escape", "j")
        assert counter.keys == 5
