"""The first page kept beside a library is read back as exactly what a search of its view
gives, and only while the library's files are as they were when it was written."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIRST_SEED, FIXTURES, SEED_FIXTURES

from storage import AddTags, Delete, Library, MarkRead, Restore, SortOrder, View
from storage.first_page import (
    FirstPage,
    first_page_of,
    first_page_path,
    read_first_page,
    stamps_on_disk,
)
from storage.library_files import journal_path_for

_SEEDS = [FIRST_SEED, SEED_FIXTURES / "basic.txt", SEED_FIXTURES / "one_citation.txt"]


@pytest.fixture(scope="module")
def shared_library() -> Iterator[Library]:
    """One library of three seeds for every example (importing is the slow part)."""
    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder) / "library.json")
        assert not library.import_files(_SEEDS).failed
        yield library
        library.close()


def _read_back(library: Library, view: View) -> FirstPage | None:
    library.write_first_page(view)
    return read_first_page(first_page_path(library.path), view, stamps_on_disk(library.path))


def _assert_shows_the_search(page: FirstPage | None, library: Library, view: View) -> None:
    """The page's rows and counts are the ones the library gives for the view now."""
    assert page is not None
    found = library.search(view)
    rows = min(len(found), len(list(page.entries)))
    assert len(page.entries) == len(found)
    assert list(page.entries) == found[:rows] and page.entries[:rows] == found[:rows]
    assert page.entries.has_authors == found.has_authors
    assert page.total == (library.trash_count() if view.trash else library.total(view.source_id))
    assert (page.read, page.source_total) == library.counts(view.source_id)
    assert page.trash_count == library.trash_count()
    assert page.details == library.describe(view.but(query="", source_id=None))
    assert page.source == (library.source(view.source_id) if view.source_id else None)
    assert page.source_count == len(library.sources())
    assert page.names == (tuple(library.source_names(found[0])) if found else ())


_changes = st.lists(
    st.tuples(
        st.sampled_from([MarkRead(True), MarkRead(False), AddTags(["x"]), Delete(), Restore()]),
        st.lists(st.integers(0, 200), max_size=30),
    ),
    max_size=4,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    changes=_changes,
    query=st.sampled_from(["", "hair", "stem OR cell", "tag:x", "-hair", "zzzz"]),
    source=st.integers(-1, 2),
    unread_only=st.booleans(),
    sort=st.sampled_from(list(SortOrder)),
    trash=st.booleans(),
    rows=st.sampled_from([1, 7, 200]),
)
def test_a_first_page_read_back_shows_what_the_search_of_its_view_shows(
    shared_library: Library,
    changes: list[tuple[object, list[int]]],
    query: str,
    source: int,
    unread_only: bool,
    sort: SortOrder,
    trash: bool,
    rows: int,
) -> None:
    """Whatever the reading state and the view (a first page of `rows` rows), the page
    written and read back gives the rows, in order, and the counts of the search."""
    library = shared_library
    ids = list(library.snapshot.catalog)
    for change, picks in changes:
        library.apply(change, [ids[pick % len(ids)] for pick in picks])  # type: ignore[arg-type]
    sources = library.sources()
    source_id = sources[source].id if source >= 0 else None
    view = View(query, source_id, unread_only, sort, trash)
    with patch("storage.first_page.ROWS", rows):
        page = _read_back(library, view)
    _assert_shows_the_search(page, library, view)


def test_a_seed_beside_a_bibliography_has_a_first_page_laid_out_as_the_library(
    library: Library,
) -> None:
    """A seed's papers name no authors, a .bib's do: the seed's first page keeps the
    library's authors column (there was no page at all: its rows alone had none)."""
    assert not library.import_files([FIXTURES / "bibliographies" / "zotero.bib"]).failed
    view = View(source_id=library.sources()[0].id)
    page = _read_back(library, view)
    _assert_shows_the_search(page, library, view)
    assert page is not None and page.entries.has_authors
    assert not any(entry.paper.authors for entry in page.entries)


def test_another_process_changing_the_library_refuses_the_page(library: Library) -> None:
    """A toggle written by another Library (another process) after the page was: the
    page is refused; once this library has read the change, a new page shows it."""
    view = View(source_id=library.sources()[0].id)
    assert _read_back(library, view) is not None
    other = Library(library.path)
    paper = library.search(view)[0]
    other.apply(MarkRead(not paper.state.read), [paper.id])
    other.close()
    path, stamps = first_page_path(library.path), stamps_on_disk(library.path)
    assert read_first_page(path, view, stamps) is None
    library.check_for_changes()
    page = _read_back(library, view)
    _assert_shows_the_search(page, library, view)
    assert page is not None and page.entries[0].state.read != paper.state.read


def test_a_page_for_another_view_or_damaged_or_foreign_is_refused(library: Library) -> None:
    """Another view, a file cut short or changed, another format, no file: no page."""
    view = View(source_id=library.sources()[0].id)
    assert _read_back(library, view) is not None
    path, stamps = first_page_path(library.path), stamps_on_disk(library.path)
    assert path.name == ".~library.first"
    for other in (view.but(query="hair"), view.but(unread_only=True), View(), view.but(trash=True)):
        assert read_first_page(path, other, stamps) is None
    data = path.read_bytes()
    middle = len(data) // 2
    flipped = data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1 :]
    foreign = data.replace(b"papershelf first page 1", b"papershelf first page 2")
    for damaged in (data[:-1], data[:middle], flipped, foreign, b"", b"{}"):
        path.write_bytes(damaged)
        assert read_first_page(path, view, stamps) is None
    path.unlink()
    assert read_first_page(path, view, stamps) is None


def test_a_change_here_is_in_the_next_page(library: Library) -> None:
    """The library's own write moves the stamps: the old page is refused, a new one
    holds the change."""
    view = View(source_id=library.sources()[0].id)
    assert _read_back(library, view) is not None
    paper = library.search(view)[0]
    library.apply(MarkRead(not paper.state.read), [paper.id])
    path = first_page_path(library.path)
    assert read_first_page(path, view, stamps_on_disk(library.path)) is None
    page = _read_back(library, view)
    assert page is not None and page.entries[0].state.read != paper.state.read


def test_an_empty_library_or_a_malformed_query_keeps_no_page(tmp_path: Path) -> None:
    """Nothing to show, or an error to show: the app starts by reading the library."""
    library = Library(tmp_path / "empty.json")
    assert library.first_page(View()) is None
    library.import_files([FIRST_SEED])
    assert library.first_page(View(query='"unclosed')) is None
    assert library.first_page(View()) is not None
    library.close()


def test_a_conflict_copy_beside_the_library_refuses_the_page(library: Library) -> None:
    """A sync tool's conflict copy of the journal, with another machine's toggle: opening
    merges it, so the page (written before it came) would show the state before."""
    view = View(source_id=library.sources()[0].id)
    assert _read_back(library, view) is not None
    assert first_page_of(library.path, view) is not None
    journal = journal_path_for(library.path)
    copy = journal.with_name("library.sync-conflict-20261202-052800-ABCDEF7.journal")
    shutil.copy2(journal, copy)
    assert first_page_of(library.path, view) is None
    copy.unlink()
    assert first_page_of(library.path, view) is not None
