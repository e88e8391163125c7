"""papershelf beside coBib, on the same 10,000-entry .bib, in the same terminal.

coBib is not a dependency of papershelf: pass its command with `--cobib PATH` (for
example after `python -m venv /tmp/cobib && /tmp/cobib/bin/pip install cobib`). The
first run builds a coBib database from the benchmark's .bib in a home of its own under
benchmarks/data/ (coBib's own import of it takes minutes; later runs reuse it). Both
apps are then started cold, and timed until their first rows are on the screen: for
coBib the label of the entry it lists first (the last one added), for papershelf the
count of the papers it lists.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Final

from storage import Library

from .generate import DATA_DIR
from .terminal import Terminal, first_page_ready, home_environment

COBIB_HOME: Final = DATA_DIR / "cobib-home"
_KEY: Final = re.compile(rb"^@\w+\{([^,\s]+),", re.MULTILINE)


def measure_peers(cobib: Path, bib: Path, imported: Path) -> dict[str, float]:
    """First rows of coBib on `bib`, and of papershelf on `imported` (its library made
    from the same file)."""
    _cobib_database(cobib, bib)
    last_key = _KEY.findall(bib.read_bytes())[-1].decode()
    terminal = Terminal([str(cobib)], COBIB_HOME)
    try:
        cobib_s = terminal.wait_for(last_key, timeout=120) - terminal.started
    finally:
        terminal.close("q")
    total = Library(imported).total()
    # A library the app has opened before (its first page kept), as a reader's is.
    terminal = Terminal.papershelf(imported)
    try:
        terminal.wait_for(f"{total:,} / {total:,}")
    finally:
        terminal.close()
    assert first_page_ready(imported), "the app kept no first page at quit"
    terminal = Terminal.papershelf(imported)
    try:
        ours_s = terminal.wait_for(f"{total:,} / {total:,}") - terminal.started
    finally:
        terminal.close()
    return {"peer_cobib_s": cobib_s, "peer_papershelf_s": ours_s, "peer_ratio": cobib_s / ours_s}


def _cobib_database(cobib: Path, bib: Path) -> None:
    database = COBIB_HOME / "data" / "cobib" / "literature.yaml"
    if database.exists() and database.stat().st_size:
        return
    COBIB_HOME.mkdir(parents=True, exist_ok=True)
    environment = home_environment(COBIB_HOME) | {"PATH": "/usr/bin:/bin"}
    for arguments in (["init"], ["add", "--skip-download", "--disambiguation", "keep"]):
        command = [str(cobib), *arguments]
        if arguments[0] == "add":
            command += ["-b", str(bib)]
        subprocess.run(command, env=environment, check=True, capture_output=True, cwd=COBIB_HOME)
