"""Collector settings apply to the app's own process only (checked in a fresh one)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHECK = textwrap.dedent(
    """
    import gc
    from tui import collector

    collector.settle()  # not started: a test run or an embedder keeps its settings
    assert gc.get_freeze_count() == 0 and gc.get_threshold()[0] == 700
    collector.hold()  # while the library loads
    assert not gc.isenabled()
    collector.start()
    assert gc.isenabled()
    assert gc.get_threshold()[0] == collector.YOUNG_COLLECTION_THRESHOLD
    frozen = gc.get_freeze_count()
    assert frozen > 0
    built_after_start = [[] for _ in range(1000)]
    collector.settle()
    assert gc.get_freeze_count() >= frozen + 1000
    """
)


def test_hold_start_and_settle() -> None:
    """hold stops collections; start tunes, freezes and resumes; settle needs start."""
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
