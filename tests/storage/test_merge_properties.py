"""Merging copies of a library is a join, over generated edit histories on real files.

Three copies of one library, each on its own "machine" (its own device id and a clock
set apart from the others, one of them behind), are changed apart: every kind of change,
undo, imports of different documents, and now and then one copy merging another in
(machines meeting halfway). Whatever happened, merging the results is commutative,
associative and idempotent, and loses no tag, note, read mark or paper.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from change_strategies import changes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIXTURES, SEED_FIXTURES, Clock

from storage import (
    Delete,
    Library,
    SetNote,
    SetPriority,
    SortOrder,
    View,
)
from storage.library_files import LibraryFiles
from storage.records import PRIORITIES

TAGS = st.lists(st.sampled_from(["hair", "Hair", "EV", "stem cells", "review"]), max_size=3)
TEXT = st.sampled_from(["", "first line", "first line\n\nsecond", "other\n\nsecond", "é *b*"])
CHANGES = changes(TAGS, TEXT)
IMPORTS = [
    SEED_FIXTURES / "basic.txt",
    FIXTURES / "bibliographies" / "pubmed.ris",
    "@article{smith2020, title={One paper}, doi={10.1/one}, year={2020}}",
    "@article{smith2020, title={Another paper}, doi={10.1/two}, year={2020}}",
]
"""Files, and two bibliographies whose different papers have one citation key."""
VIEWS = st.sampled_from(
    [View("hair"), View("tag:review", sort=SortOrder.ADDED), View(unread_only=True)]
)
VIEW_NAMES = st.sampled_from(["reading", "Reading", "hair loss"])
"""Few names, one in two cases, so that copies often save and remove one search apart."""
COPY = st.integers(min_value=0, max_value=2)
PAPERS = st.sets(st.integers(min_value=0, max_value=4), min_size=1, max_size=3)
"""Few papers, so that copies often change the same ones apart."""
STEP = st.one_of(
    st.tuples(st.just("change"), COPY, CHANGES, PAPERS),
    st.tuples(st.just("change"), COPY, st.sampled_from([Delete(), SetNote("mine")]), PAPERS),
    st.tuples(st.just("undo"), COPY),
    st.tuples(st.just("import"), COPY, st.integers(min_value=0, max_value=len(IMPORTS) - 1)),
    st.tuples(st.just("meet"), COPY, COPY),
    st.tuples(st.just("save"), COPY, VIEW_NAMES, VIEWS),
    st.tuples(st.just("unsave"), COPY, VIEW_NAMES),
)
HISTORY = st.lists(STEP, min_size=1, max_size=20)
APART = [("change", copy, SetPriority(priority), {0}) for copy, priority in enumerate(PRIORITIES)]
"""Each machine gives one paper a priority of its own first: a conflict that every
grouping must settle alike (generated histories seldom change one paper on the first
and the third copy, and then "ours always wins" passes for associative)."""
SKEWS = (timedelta(0), timedelta(seconds=-40), timedelta(seconds=25))
"""Each machine's clock against the first's: the second one is behind."""
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@dataclass(frozen=True)
class Content:
    """What a library holds, as a merge must make it agree: state documents (stamps
    and all), papers, sources and saved searches (removal markers too); not its
    numbering or its undo history."""

    states: dict[str, Any]
    papers: dict[str, Any]
    sources: dict[str, Any]
    views: dict[str, Any]


def content(path: Path) -> Content:
    files = LibraryFiles(path)
    return Content(
        dict(files.state.states.items()),
        {doc["id"]: doc for doc in files.catalog.papers},
        {doc["id"]: doc for doc in files.catalog.sources},
        dict(files.state.views),
    )


def clock(skew: timedelta) -> Clock:
    moving = Clock()
    moving.moment += skew
    return moving


@contextmanager
def machines(template: Path) -> Iterator[list[Library]]:
    """Three copies of the template library, on three machines."""
    with ExitStack() as stack:
        folders = [Path(stack.enter_context(tempfile.TemporaryDirectory())) for _ in SKEWS]
        for folder in folders:
            for path in template.iterdir():
                shutil.copy(path, folder / path.name)
        yield [
            Library(folder / "library.json", now=clock(skew), device=f"machine-{number}")
            for number, (folder, skew) in enumerate(zip(folders, SKEWS, strict=True))
        ]


def play(copies: list[Library], history: list[tuple[Any, ...]]) -> None:
    for step in history:
        library = copies[step[1]]
        if step[0] == "change":
            every = list(library.snapshot.catalog)  # empty after the seed's import is undone
            ids = [every[n % len(every)] for n in sorted(step[3])] if every else []
            library.apply(step[2], ids)
        elif step[0] == "undo":
            library.undo()
        elif step[0] == "import":
            library.import_files([_import_file(library, IMPORTS[step[2]])])
        elif step[0] == "save":
            library.save_view(step[2], step[3])
        elif step[0] == "unsave":
            if step[2].casefold() in {saved.name.casefold() for saved in library.saved_views()}:
                library.remove_view(step[2])
        elif step[1] != step[2]:
            library.merge(copies[step[2]].path)


def _import_file(library: Library, file: Path | str) -> Path:
    if isinstance(file, Path):
        return file
    path = library.path.parent / f"import-{IMPORTS.index(file)}.bib"
    path.write_text(file, encoding="utf-8")
    return path


@contextmanager
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def merged(into: Path, *others: Path, where: Path, device: str = "judge") -> Path:
    """A copy of the library at `into` with `others` merged in, one after the other."""
    folder = where / f"m{len(list(where.iterdir()))}"
    folder.mkdir()
    for path in into.parent.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    library = Library(folder / into.name, now=Clock(), device=device)
    for other in others:
        library.merge(other)
    return library.path


@SETTINGS
@given(HISTORY)
def test_merging_is_commutative(template: Path, history: list[tuple[Any, ...]]) -> None:
    """A merged into B holds what B merged into A holds."""
    with machines(template) as copies, scratch() as where:
        play(copies, history)
        a, b = copies[0].path, copies[1].path
        assert content(merged(a, b, where=where)) == content(merged(b, a, where=where))


@SETTINGS
@given(HISTORY)
def test_merging_is_idempotent(template: Path, history: list[tuple[Any, ...]]) -> None:
    """Merging a copy with itself, or merging the same copy in twice, changes nothing."""
    with machines(template) as copies, scratch() as where:
        play(copies, history)
        a, b = copies[0].path, copies[1].path
        assert not copies[0].merge(a).changed
        assert content(merged(a, a, where=where)) == content(a)
        once = merged(a, b, where=where)
        assert content(merged(once, b, where=where)) == content(once)
        assert content(merged(once, a, where=where)) == content(once)


@SETTINGS
@given(HISTORY)
def test_merging_is_associative(template: Path, history: list[tuple[Any, ...]]) -> None:
    """(A + B) + C holds what A + (B + C) does, and what C + A + B does."""
    with machines(template) as copies, scratch() as where:
        play(copies, [*APART, *history])
        a, b, c = (library.path for library in copies)
        left = merged(merged(a, b, where=where), c, where=where)
        right = merged(a, merged(b, c, where=where), where=where)
        assert content(left) == content(right)
        assert content(merged(c, a, b, where=where)) == content(left)


@SETTINGS
@given(HISTORY)
def test_merging_loses_nothing(template: Path, history: list[tuple[Any, ...]]) -> None:
    """Every paper of every copy is in the merge, and every tag, note text and read mark
    that is the latest change of its field somewhere is there too."""
    with machines(template) as copies, scratch() as where:
        play(copies, history)
        a, b, c = (library.path for library in copies)
        result = Library(merged(a, b, c, where=where), now=Clock(), device="judge")
        for library in copies:
            for paper_id in library.snapshot.catalog:
                assert paper_id in result.snapshot.catalog
                mine, theirs = library.entry(paper_id).state, result.entry(paper_id).state
                for tag in mine.tags:
                    if tag.casefold() not in {t.casefold() for t in theirs.tags}:
                        assert _removed_later(result, paper_id, tag)
                if mine.note and mine.note not in theirs.note:
                    assert _note_replaced(result, paper_id)


def _removed_later(library: Library, paper_id: str, tag: str) -> bool:
    doc = library.snapshot.states[paper_id]
    return tag.casefold() in doc.get("untagged", {})


def _note_replaced(library: Library, paper_id: str) -> bool:
    """The note was written again on a copy that had seen this text."""
    return library.snapshot.states[paper_id].get("note_at") is not None


@SETTINGS
@given(HISTORY)
def test_merging_keeps_this_machines_undo_history(
    template: Path, history: list[tuple[Any, ...]]
) -> None:
    """A merge brings in the other copy's papers and state, never its undo steps."""
    with machines(template) as copies, scratch() as where:
        play(copies, history)
        a, b = copies[0].path, copies[1].path
        after = LibraryFiles(merged(a, b, where=where)).state.history
        assert after == LibraryFiles(a).state.history
