"""The command line in a real process: what it loads, and how it ends into a closed pipe."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import cli
from support import FIRST_SEED

from tui import cli_progress
from tui.cli import run

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture
def db(db_path: Path) -> str:
    """The first seed, every paper tagged with a long tag: its rows are long enough to
    fill a pipe."""
    db = str(db_path)  # nine papers and their seed's report
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


def _on_a_terminal(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    """Run a command in-process with stderr on a pseudo-terminal (the bar shown at once);
    the status, and what reached the terminal."""
    monkeypatch.setattr(cli_progress, "DELAY", 0.0)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "100")
    leader, follower = pty.openpty()
    with os.fdopen(follower, "w", encoding="utf-8") as err:
        status = run(list(args), io.StringIO(), err)
    shown = b""
    while select.select([leader], [], [], 0.5)[0]:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other side is closed: all was read
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return status, shown.decode("utf-8", "replace")


def test_an_export_shows_its_progress_on_a_terminal(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bar says what is being done (Rich draws it with escape sequences)."""
    target = tmp_path / "out.bib"
    status, shown = _on_a_terminal(
        monkeypatch, "--db", db, "export", "--format", "bibtex", "-o", str(target)
    )
    assert status == 0 and target.read_text().count("@") == 9
    assert "Writing 9 papers as bibtex" in shown and "\x1b[" in shown
    assert "Exported 9 papers" in shown


def test_an_import_shows_its_progress_on_a_terminal(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, shown = _on_a_terminal(monkeypatch, "--db", str(db_path), "import", str(FIRST_SEED))
    assert status == 0 and "Writing the library" in shown


def test_nothing_but_the_outcome_reaches_a_piped_stderr(db: str, tmp_path: Path) -> None:
    """A script reading stderr sees the one line saying what was done, no bar."""
    target = tmp_path / "out.bib"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui",
            "--db",
            db,
            "export",
            "--format",
            "bibtex",
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    reported = f"Exported 9 papers (sort: recently added) to {target}\n"
    assert (result.returncode, result.stderr) == (0, reported)
