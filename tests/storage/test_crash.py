"""Killing a writer at random moments never breaks the library or loses an acknowledged change.

A subprocess tags papers (reading-state writes) and imports small documents (catalog
writes) in a loop, printing a line after each call returns. It is killed with SIGKILL
at a random moment; the library must then open, and every printed change must be there.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import FIRST_SEED

from storage import Library
from storage.seeds import format_seed

WRITER = """
import sys
from pathlib import Path
from storage import AddTags, Library, View
from storage.seeds import format_seed

library = Library(Path(sys.argv[1]))
folder, trial = Path(sys.argv[2]), sys.argv[3]
ids = [entry.id for entry in library.search(View())][:50]
step = 0
while True:
    if step % 10 == 9:
        document = folder / f"crash-{trial}-{step}.txt"
        related = [(1, 2020, 1, "Crash Journal", f"Written in trial {trial} at step {step}.")]
        document.write_text(format_seed(f"Crash {trial}-{step}", "Abstract.", related))
        library.import_files([document])
        print(f"import {trial}-{step}", flush=True)
    else:
        paper = ids[step % len(ids)]
        library.apply(AddTags([f"t{trial}-{step}"]), [paper])
        print(f"tag {paper} t{trial}-{step}", flush=True)
    step += 1
"""


def _kill_trials(db: Path, folder: Path, trials: int, seed: int) -> tuple[int, int]:
    """Run the writer `trials` times, killing it at random.

    Returns:
        (acknowledged changes, kills that left a half-written temporary file behind).
    """
    mid_write = 0
    rng = random.Random(seed)
    tags: dict[str, set[str]] = {}
    imports: set[str] = set()
    for trial in range(trials):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(folder), str(trial)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        first = writer.stdout.readline()  # it is writing now
        time.sleep(rng.uniform(0.0, 0.4))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        for line in [first, *writer.stdout.read().splitlines()]:
            kind, *rest = line.split()
            if kind == "tag":
                tags.setdefault(rest[0], set()).add(rest[1])
            else:
                imports.add(rest[0])
        mid_write += bool(list(db.parent.glob(".*.tmp")))
        library = Library(db)  # must open: never a broken file
        assert not list(db.parent.glob(".*.tmp")), "leftover temp files are cleaned on open"
        for paper, acknowledged in tags.items():
            assert acknowledged <= set(library.entry(paper).state.tags)
        tldrs = {source.tldr for source in library.sources()}
        assert {f"Crash {name}" for name in imports} <= tldrs
    return sum(map(len, tags.values())) + len(imports), mid_write


def test_killed_writer_loses_no_acknowledged_change(db_path: Path, tmp_path: Path) -> None:
    """Ten SIGKILLs at random moments: the library opens and holds every acknowledged change."""
    Library(db_path).import_files([FIRST_SEED])
    acknowledged, _ = _kill_trials(db_path, tmp_path, trials=10, seed=1)
    assert acknowledged > 10


@pytest.mark.slow
def test_killed_writer_on_20000_papers(db_path: Path, tmp_path: Path) -> None:
    """The long version: 100 kills on a 20,000-paper library (catalog writes are big)."""
    documents = []
    for number in range(200):
        related = [
            (n, 1990 + n % 35, 1 + n % 12, f"Journal {n % 97}", f"Paper {number}-{n} on hair.")
            for n in range(100)
        ]
        path = tmp_path / f"big-{number}.txt"
        path.write_text(format_seed(f"Big {number}", "Abstract.", related))
        documents.append(path)
    Library(db_path).import_files(documents)
    acknowledged, mid_write = _kill_trials(db_path, tmp_path, trials=100, seed=2)
    print(
        f"\n100 kills on 20,000 papers ({mid_write} of them mid-write): "
        f"{acknowledged} acknowledged changes, all present"
    )
    assert Library(db_path).total() >= 20_000
