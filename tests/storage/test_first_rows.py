"""While the search index is being built, a search asking for its first rows is answered
by a scan of the view's papers in its order: those rows are the index's first rows."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from storage import View, first_rows, parse_query
from storage.finder import Finder
from storage.first_rows import FirstRows
from storage.snapshot import Snapshot
from storage.sorting import SortOrder

from .test_search_fast_path import _library, _paper, _state, _typed

_term = st.sampled_from(
    ["hai", "ha", "ai", "ste", "zz", "in", "am", "cell", "-ha", "-tag:hair", "tag:review"]
    + ["tag:ev", "is:read", "-is:read", "is:noted", "year:2020", "year:2020..2021"]
    + ["year:..2019", "cites:>1", '"hair cell"', '"stem)"', "OR", "title:hat"]
)
_query = st.lists(_term, min_size=1, max_size=3).map(" ".join)


def _never_waits(timeout: float | None = None) -> bool:
    raise AssertionError("the search waited for the index")


def _check(rows: list[int], exact: list[int], partial: bool) -> None:
    """The first rows of the result, or, if the scan went through, all of them."""
    if partial:
        assert rows == exact[: len(rows)]
    else:
        assert rows == exact


@settings(max_examples=300, deadline=None)
@given(
    papers=st.lists(_paper, min_size=1, max_size=60),
    states=st.lists(st.none() | _state, max_size=60),
    query=_query,
    wanted=st.integers(0, 12),
    chunk=st.integers(1, 8),
    per_search=st.integers(1, 16),
    sort=st.sampled_from(list(SortOrder)),
    trash=st.booleans(),
    unread_only=st.booleans(),
)
def test_the_first_rows_scanned_are_the_first_rows_of_the_index(
    papers: list[dict[str, Any]],
    states: list[dict[str, Any] | None],
    query: str,
    wanted: int,
    chunk: int,
    per_search: int,
    sort: SortOrder,
    trash: bool,
    unread_only: bool,
) -> None:
    """Each keystroke's scanned rows (chunks kept from one keystroke to the next, each
    search stopping early) are, in order, the first rows of the built index's result,
    and a whole scan is the whole result."""
    catalog, docs = _library(papers, states)
    snapshot = Snapshot.of(catalog, docs)
    building, built = Finder(catalog), Finder(catalog)
    assert building.start_index() and built.start_index()
    built.build_index(snapshot)
    with (
        patch.object(first_rows, "_FIRST_CHUNK", chunk),
        patch.object(first_rows, "_LARGEST_CHUNK", per_search),
        patch.object(first_rows, "_NEW_PER_SEARCH", per_search),
        patch.object(building._build_done, "wait", _never_waits),
    ):
        for view, parsed in _typed(query, sort=sort, trash=trash, unread_only=unread_only):
            parsed = parsed.with_term("is:unread") if unread_only else parsed
            exact = list(built.find(view, parsed, snapshot))
            scanned = building.find(view, parsed, snapshot, wanted)
            _check(list(scanned), exact, isinstance(scanned, FirstRows))
        # Asked for every row, again and again, the scan goes on where it stopped.
        for _ in range(len(papers) + 1):
            scanned = building.find(view, parsed, snapshot, len(papers) + 1)
            _check(list(scanned), exact, isinstance(scanned, FirstRows))
        assert not isinstance(scanned, FirstRows)
    assert not building.has_index


def test_a_scan_stops_once_it_has_the_rows_asked_for() -> None:
    """Over a large view, the scan folds a first chunk only, and says more may follow."""
    paper = {"words": ["hair"], "year": 2020, "report": False}
    papers = [{**paper, "citations": n} for n in range(1000)]
    catalog, docs = _library(papers, [])
    snapshot = Snapshot.of(catalog, docs)
    finder = Finder(catalog)
    assert finder.start_index()
    with patch.object(finder._build_done, "wait", _never_waits):
        found = finder.find(View("hair"), parse_query("hair"), snapshot, 10)
        assert isinstance(found, FirstRows)
        assert len(found) == first_rows._FIRST_CHUNK
        everything = finder.find(View("hair"), parse_query("hair"), snapshot)
    assert not isinstance(everything, FirstRows) and len(everything) == 1000
