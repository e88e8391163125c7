"""Properties of changes, undo and redo over real libraries on disk (Hypothesis)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import Clock

from storage import (
    PRIORITIES,
    STATUSES,
    AddTags,
    AppendNote,
    Change,
    ChangeTags,
    Delete,
    Library,
    MarkRead,
    ReadingState,
    RemoveTags,
    RenameTag,
    Restore,
    SetNote,
    SetPriority,
    SetStatus,
    SetTags,
    View,
)

TAG = st.sampled_from(["hair", "Hair", "EV", "stem cells", "review"])
TAGS = st.lists(TAG, max_size=3)
TEXT = st.text(alphabet=st.sampled_from(list("ab \n*é")), max_size=8)
CHANGES: st.SearchStrategy[Change] = st.one_of(
    st.builds(MarkRead, st.booleans()),
    st.builds(SetStatus, st.sampled_from(STATUSES)),
    st.builds(SetPriority, st.sampled_from([None, *PRIORITIES])),
    st.builds(RenameTag, TAG, TAG),
    st.builds(AddTags, TAGS),
    st.builds(RemoveTags, TAGS),
    st.builds(ChangeTags, TAGS, TAGS),
    st.builds(SetTags, TAGS),
    st.builds(SetNote, TEXT),
    st.builds(AppendNote, TEXT),
    st.just(Delete()),
    st.just(Restore()),
)
PAPERS = st.sets(st.integers(min_value=0, max_value=9), min_size=1, max_size=10)
HISTORY = st.lists(st.tuples(CHANGES, PAPERS), min_size=1, max_size=8)
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


def ids(library: Library, papers: set[int]) -> list[str]:
    every = list(library.snapshot.catalog)
    return [every[n] for n in sorted(papers)]


@SETTINGS
@given(HISTORY)
def test_as_many_undos_as_changes_restore_the_library_exactly(
    template: Path, history: list[tuple[Change, set[int]]]
) -> None:
    """Any sequence of changes, then one undo for each, gives back every paper's state
    (read times included); the same number of redos gives back the end state."""
    with fresh_library(template) as library:
        start = everything(library)
        steps = sum(
            library.apply(change, ids(library, papers)).count > 0 for change, papers in history
        )
        end = everything(library)
        for _ in range(steps):
            assert library.undo() is not None
        assert everything(library) == start
        for _ in range(steps):
            assert library.redo() is not None
        assert everything(library) == end
        reopened = Library(library.path, now=Clock(), device="test")
        assert everything(reopened) == end


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
