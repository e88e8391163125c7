"""Two processes writing the same library at once lose nothing."""

from __future__ import annotations

import multiprocessing
from multiprocessing.synchronize import Event
from pathlib import Path

from support import FIRST_SEED

from storage import AddTags, Library, View

CHANGES_PER_WRITER = 200


def _writer(db_path: str, name: str, ids: list[str], start: Event) -> None:
    library = Library(Path(db_path))
    start.wait()
    for n in range(CHANGES_PER_WRITER):
        library.apply(AddTags([f"{name}-{n}"]), [ids[n % len(ids)]])


def test_two_writers_on_overlapping_papers_lose_nothing(db_path: Path) -> None:
    """200 tag additions from each of two processes, on the same papers: all 400 land."""
    library = Library(db_path)
    library.import_files([FIRST_SEED])
    ids = [entry.id for entry in library.search(View())]
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    writers = [
        context.Process(target=_writer, args=(str(db_path), name, ids, start))
        for name in ("alpha", "beta")
    ]
    for writer in writers:
        writer.start()
    start.set()
    for writer in writers:
        writer.join(timeout=120)
        assert writer.exitcode == 0
    tags = {tag for entry in Library(db_path).search(View()) for tag in entry.state.tags}
    expected = {f"{name}-{n}" for name in ("alpha", "beta") for n in range(CHANGES_PER_WRITER)}
    assert tags == expected
