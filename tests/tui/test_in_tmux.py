"""The real app in a real terminal (tmux): `y` reaches tmux's clipboard through OSC 52
(`set-clipboard on`, read back with `show-buffer`), and `o` runs $BROWSER."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from storage import Library, View

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
REPO = Path(__file__).parents[2]
PATIENCE = 30.0
"""Seconds to wait for the app in tmux (a busy machine starts Python slowly)."""


class Tmux:
    """One tmux server of our own, with the app in its one window."""

    def __init__(self) -> None:
        self.socket = f"papershelf-test-{uuid.uuid4().hex[:8]}"

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        return done.stdout

    def wait_for(self, found: Callable[[], bool], what: str) -> None:
        """Poll (the app is another process) until `found()`, or fail saying `what`."""
        deadline = time.monotonic() + PATIENCE
        while not found():
            if time.monotonic() > deadline:
                screen = self("capture-pane", "-p")
                pytest.fail(f"waited {PATIENCE:.0f} s for {what}; the screen:\n{screen}")
            time.sleep(0.1)


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    server = Tmux()
    yield server
    server("kill-server")


def test_copy_reaches_tmux_and_open_runs_the_browser(
    library: Library, db_path: Path, tmp_path: Path, tmux: Tmux
) -> None:
    top = next(iter(library.search(View(source_id=library.sources()[0].id))))
    library.set_link(top.id, "doi", "10.1038/s41598-017-15505-3")
    library.close()
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n')
    browser.chmod(0o755)
    environment = {
        "BROWSER": str(browser),
        "PYTHONPATH": str(REPO),
        "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
        "XDG_STATE_HOME": os.environ["XDG_STATE_HOME"],
    }
    command = " ".join(
        [*(f"{key}={value}" for key, value in environment.items()), sys.executable]
        + ["-m", "tui", "--db", str(db_path)]
    )
    tmux("-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", command)
    tmux("set-option", "-g", "set-clipboard", "on")
    tmux.wait_for(lambda: "Tiny particles" in tmux("capture-pane", "-p"), "the app")
    tmux("send-keys", "y")
    tmux.wait_for(lambda: "Copy the highlighted" in tmux("capture-pane", "-p"), "the menu")
    tmux("send-keys", "p")
    tmux.wait_for(lambda: tmux("show-buffer") != "", "the copy")
    assert tmux("show-buffer") == f"[@{top.paper.key}]"
    tmux("send-keys", "o")
    tmux.wait_for(record.exists, "the browser")
    assert record.read_text() == "https://doi.org/10.1038/s41598-017-15505-3\n"
    tmux("send-keys", "q")
