"""The command line in a real process: what it loads, and how it ends into a closed pipe."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import cli
from support import FIRST_SEED

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture
def db(db_path: Path) -> str:
    """The first seed, every paper tagged with a long tag: its rows are long enough to
    fill a pipe."""
    db = str(db_path)
    assert cli("--db", db, "import", str(FIRST_SEED))[0] == 0
    assert cli("--db", db, "tag", "--query", "", "+" + "long" * 500)[0] == 0
    return db


@pytest.mark.parametrize(
    "command",
    [["list"], ["list", "hair"], ["list", "--json"], ["export", "--format", "bibtex"]],
)
def test_reading_commands_never_load_textual(db: str, command: list[str]) -> None:
    """Textual is for the app: importing it cost `list` a tenth of a second at 10,000."""
    script = (
        "import sys\nfrom tui.cli import run\n"
        f"status = run({['--db', db, *command]!r})\n"
        "assert status == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=ENV, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_list_into_a_pipe_closed_early_exits_quietly(db: str) -> None:
    """`papershelf list | head -1`: the reader goes away after one line; the command ends
    with status 0 and says nothing, as `cat` into `head` would not."""
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)  # ten long rows are more than this
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "--db", db, "list"],
        stdout=write_end,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        first = reader.readline()
    _, err = process.communicate(timeout=60)
    assert b"long" in first
    assert (process.returncode, err) == (0, b"")
