"""Killing a writer at random moments never breaks the library or loses an acknowledged change.

A subprocess tags papers one at a time and fifty at once, deletes and restores half of
them at once (reading-state writes) and imports small documents (catalog writes) in a
loop, printing a line after each call returns. It is killed with SIGKILL at a random
moment; the library must then open, every printed change must be there, and a change
over many papers is there for all of them or for none (its journal line holds its step,
the others' their documents).
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
import storage.library
from storage import AddTags, Delete, Library, Restore, View
from storage.seeds import format_seed

storage.library.FROM_STEP_AFTER = 25  # changes over many papers journal their step
library = Library(Path(sys.argv[1]))
folder, trial = Path(sys.argv[2]), sys.argv[3]
chosen = folder / "ids.txt"  # the same papers in every trial, imports come and go
if not chosen.exists():
    chosen.write_text(" ".join(library.search(View(include_reports=True)).ids()[:50]))
ids = chosen.read_text().split()
step = 0
while True:
    if step % 10 == 4:
        library.apply(AddTags([f"b{trial}-{step}"]), ids)
        print(f"bulk b{trial}-{step}", flush=True)
    elif step % 10 == 7:
        half = ids[:25]
        deleted = library.entry(half[0]).state.deleted
        library.apply(Restore() if deleted else Delete(), half)
        print("restore" if deleted else "delete", flush=True)
    elif step % 10 == 9:
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
    bulk: set[str] = set()
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
            elif kind == "bulk":
                bulk.add(rest[0])
            elif kind == "import":
                imports.add(rest[0])
        mid_write += bool(list(db.parent.glob(".*.tmp")))
        library = Library(db)  # must open: never a broken file
        assert not list(db.parent.glob(".*.tmp")), "leftover temp files are cleaned on open"
        for paper, acknowledged in tags.items():
            assert acknowledged <= set(library.entry(paper).state.tags)
        tldrs = {source.tldr for source in library.sources()}
        assert {f"Crash {name}" for name in imports} <= tldrs
        _assert_all_or_nothing(library, (folder / "ids.txt").read_text().split(), bulk)
    return sum(map(len, tags.values())) + len(bulk) + len(imports), mid_write


def _assert_all_or_nothing(library: Library, ids: list[str], acknowledged_bulk: set[str]) -> None:
    """Every change over many papers is on all of them or none (and, if acknowledged,
    on all of them)."""
    states = [library.entry(pid).state for pid in ids]
    bulk_tags = {tag for state in states for tag in state.tags if tag.startswith("b")}
    for tag in bulk_tags | acknowledged_bulk:
        carrying = sum(tag in state.tags for state in states)
        assert carrying in ((len(ids),) if tag in acknowledged_bulk else (0, len(ids))), tag
    assert len({state.deleted for state in states[:25]}) == 1, "a delete landed on some only"


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
