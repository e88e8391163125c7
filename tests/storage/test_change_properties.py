"""Properties of changes, undo and redo over real libraries on disk (Hypothesis)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from change_strategies import changes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIRST_SEED, Clock

from storage import (
    Change,
    Library,
    ReadingState,
    RenameTag,
    View,
)
from storage.records import PaperDoc
from storage.seeds import format_seed, parse_seed

TAG = st.sampled_from(["hair", "Hair", "EV", "stem cells", "review"])
TAGS = st.lists(TAG, max_size=3)
TEXT = st.text(alphabet=st.sampled_from(list("ab \n*é")), max_size=8)
CHANGES = changes(TAGS, TEXT, st.builds(RenameTag, TAG, TAG))
PAPERS = st.sets(st.integers(min_value=0, max_value=9), min_size=1, max_size=10)
HISTORY = st.lists(st.tuples(CHANGES, PAPERS), min_size=1, max_size=8)
POOL: list[tuple[int, int | None, str, str]] = [
    *(
        (entry.year, entry.month, entry.journal, entry.summary)
        for entry in parse_seed(FIRST_SEED.read_text(encoding="utf-8")).related
    ),
    (2020, None, "Drawn", "A new paper."),
    (2021, None, "Drawn", "Another new paper."),
]
"""Papers an import may list (year, month, journal, summary): the first seed's, whose
other citations update them and re-number the catalog, or new ones."""
Drawn = tuple[int, int | None]
"""An imported paper: which of the pool, with what citations."""
IMPORTS = st.lists(
    st.tuples(st.sampled_from(range(len(POOL))), st.sampled_from([None, 3, 40, 5000])),
    min_size=1,
    max_size=3,
    unique_by=lambda drawn: drawn[0],
)
STEPS = st.lists(st.one_of(st.tuples(CHANGES, PAPERS), IMPORTS), min_size=1, max_size=8)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@contextmanager
def fresh_library(template: Path) -> Iterator[Library]:
    with tempfile.TemporaryDirectory() as folder:
        for path in template.iterdir():
            shutil.copy(path, Path(folder) / path.name)
        yield Library(Path(folder) / "library.json", now=Clock(), device="test")


def everything(library: Library) -> dict[str, ReadingState]:
    """Every paper's visible state, deleted ones and the case report included."""
    return {pid: library.entry(pid).state for pid in library.snapshot.catalog}


def catalog(library: Library) -> tuple[list[PaperDoc], list[str]]:
    """The catalog's papers, in order, and its seeds."""
    return list(library.snapshot.catalog.docs), sorted(library.snapshot.catalog.sources)


def ids(library: Library, papers: set[int]) -> list[str]:
    every = list(library.snapshot.catalog)
    return [every[n] for n in sorted(papers)]


def take(library: Library, number: int, step: tuple[Change, set[int]] | list[Drawn]) -> bool:
    """Make the `number`th step, a change or the import of a new seed; whether the
    library took it as an undo step."""
    if isinstance(step, tuple):
        change, papers = step
        return library.apply(change, ids(library, papers)).count > 0
    related = [(cited, *POOL[which]) for which, cited in step]
    seed = library.path.parent / f"drawn-{number}.txt"
    seed.write_text(format_seed(f"Drawn seed {number}.", "Abstract.", related))
    return not library.import_files([seed]).failed


@SETTINGS
@given(STEPS)
def test_as_many_undos_as_changes_restore_the_library_exactly(
    template: Path, history: list[tuple[Change, set[int]] | list[Drawn]]
) -> None:
    """Any sequence of changes and imports, then one undo for each, gives back the
    catalog and every paper's state (read times included); the same number of redos
    gives back the end."""
    with fresh_library(template) as library:
        start = catalog(library), everything(library)
        steps = sum(take(library, number, step) for number, step in enumerate(history))
        end = catalog(library), everything(library)
        for _ in range(steps):
            assert library.undo() is not None
        assert (catalog(library), everything(library)) == start
        for _ in range(steps):
            assert library.redo() is not None
        assert (catalog(library), everything(library)) == end
        reopened = Library(library.path, now=Clock(), device="test")
        assert (catalog(reopened), everything(reopened)) == end


@SETTINGS
@given(HISTORY)
def test_one_change_over_many_papers_equals_one_change_each(
    template: Path, history: list[tuple[Change, set[int]]]
) -> None:
    """`apply(change, ids)` leaves every paper as applying it to each id alone would."""
    with fresh_library(template) as bulk, fresh_library(template) as single:
        for change, papers in history:
            bulk.apply(change, ids(bulk, papers))
            for paper_id in ids(single, papers):
                single.apply(change, [paper_id])
        assert _without_read_times(everything(bulk)) == _without_read_times(everything(single))


def _without_read_times(states: dict[str, ReadingState]) -> dict[str, tuple[object, ...]]:
    """One change over many papers stamps them all at once; one each, at moments apart."""
    return {pid: (s.status, s.priority, s.tags, s.note, s.deleted) for pid, s in states.items()}


@SETTINGS
@given(HISTORY)
def test_deleted_papers_leave_every_list_and_come_back(
    template: Path, history: list[tuple[Change, set[int]]]
) -> None:
    """Whatever happened, the library's lists and the trash partition its papers."""
    with fresh_library(template) as library:
        for change, papers in history:
            library.apply(change, ids(library, papers))
        every = View(include_reports=True)
        shown = set(library.search(every).ids())
        trash = set(library.search(every.but(trash=True)).ids())
        deleted = {pid for pid, state in everything(library).items() if state.deleted}
        assert trash == deleted and not shown & trash
        assert shown | trash == set(library.snapshot.catalog)
