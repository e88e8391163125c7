"""A tag put on many papers is taken into the search index without reading their state
documents again (`SearchIndex.tag_added`): the index it leaves is the one the general
`set_states` leaves, and a library that took a bulk tag that way searches and counts as
a library opened afresh on the same files (Hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from storage import AddTags, Library, Paper, View, parse_query, tag_counts
from storage.catalog import Catalog
from storage.records import StateDoc
from storage.search_index import SearchIndex
from storage.state_fields import Field, Value, tag_field, with_values

_T0 = datetime(2026, 1, 1, tzinfo=UTC)
WORDS = ["hair", "stem", "cell", "café", "zz"]
TAGS = ["hair", "Hair", "review", "café", "cafe", "EV"]
"""Spellings of one tag (hair, Hair), and two tags that fold the same (café, cafe)."""
NOTES = ["", "hair again", "see stem", "  "]
QUERIES = ["hair", "tag:hair", "tag:cafe", "again", "cafe", "-tag:review", "zz OR stem", "e"]


def _index_state(
    papers: int, states: list[dict[str, Any] | None]
) -> tuple[Catalog, dict[str, StateDoc]]:
    """A catalog of `papers` (each cited 0-2 times, so the ranks differ from the numbers)
    and each one's state documents."""
    docs = []
    for number in range(papers):
        summary = " ".join(WORDS[: number % len(WORDS) + 1])
        pid = f"{number:016x}"
        paper = Paper(pid, "related", summary, "", "J", 2020, None, number % 3, (), _T0)
        docs.append(paper.to_doc())
    state_docs: dict[str, StateDoc] = {}
    for number, state in enumerate(states):
        if state is None:
            continue
        pid = f"{number:016x}"
        values: dict[Field, Value] = {tag_field(tag): tag for tag in state["tags"]}
        if state["note"]:
            values["note"] = state["note"]
        if state["read"]:
            values["status"] = "read"
        state_docs[pid] = with_values(None, pid, values, 1)
    return Catalog(docs, ()), state_docs


def _observed(index: SearchIndex) -> dict[str, Any]:
    """What the index answers with: every haystack and folded tag set, the sets of
    state, and the tag counts and hits of a few lists and queries."""
    everyone = index.ranks_of(range(len(index.ranked)))
    some = index.ranks_of(range(0, len(index.ranked), 2))
    return {
        "text": list(index._text),
        "tags": list(index._tags),
        "spellings": dict(index._spellings),
        "sets": (index._status, index._priority, index._notes, index._noted_by),
        "counts": (index.tag_counts(everyone), index.tag_counts(some)),
        "found": [index.filter(parse_query(query), range(len(index.ranked))) for query in QUERIES],
    }


_STATE = st.fixed_dictionaries(
    {
        "tags": st.lists(st.sampled_from(TAGS), max_size=3, unique_by=str.casefold),
        "note": st.sampled_from(NOTES),
        "read": st.booleans(),
    }
)


@st.composite
def _libraries(draw: st.DrawFn) -> tuple[int, list[dict[str, Any] | None], list[int]]:
    """How many papers, each one's state (or none), and the papers tagged, in any order."""
    papers = draw(st.integers(1, 30))
    states = draw(st.lists(st.none() | _STATE, min_size=papers, max_size=papers))
    return papers, states, draw(st.lists(st.integers(0, papers - 1), unique=True))


@settings(max_examples=300, deadline=None)
@given(
    library=_libraries(),
    tag=st.sampled_from([*TAGS, "new", "NEW"]),
    dense=st.sampled_from([1, 64]),
)
def test_a_tag_taken_in_at_once_leaves_the_index_the_general_way_leaves(
    library: tuple[int, list[dict[str, Any] | None], list[int]], tag: str, dense: int
) -> None:
    """Papers with no state, with tags (in another spelling of the tag, or one that
    folds the same), with a note or a blank one, gain the tag by `AddTags` as the app
    applies it; the index that takes them in at once answers as the one that reads each
    new document (`dense`: every tag's papers kept as numbers, 1, or common ones as bits)."""
    papers, states, tagged = library
    catalog, docs = _index_state(papers, states)
    change = AddTags([tag])
    assert change.appended_tag is not None
    ids = [f"{number:016x}" for number in tagged]
    puts, _ = change.apply_many(ids, [docs.get(pid) for pid in ids], 2)
    with (
        patch.object(tag_counts, "_DENSE", dense),
        patch.object(tag_counts, "_BY_PAPER_BELOW_ONE_IN", 0),  # the counts the masks keep
    ):
        general, fast = SearchIndex(catalog, docs), SearchIndex(catalog, docs)
        general.set_states(puts)
        fast.tag_added(puts, change.appended_tag)
        assert _observed(fast) == _observed(general)


def test_a_library_that_took_a_bulk_tag_finds_what_a_fresh_open_finds(
    library: Library, db_path: Path
) -> None:
    """Through `Library.apply`, with the index in use (a search made it): the tag on
    every paper shown, and then on fewer, searches and counts as the files say; and so
    after both are undone."""
    library.search(View("cell"))  # the index is built and in use
    everyone = library.search(View()).ids()
    library.apply(AddTags(["bulk"]), everyone)
    library.apply(AddTags(["Half"]), everyone[::2])
    _finds_what_a_fresh_open_finds(library, db_path)
    assert library.undo() is not None and library.undo() is not None
    _finds_what_a_fresh_open_finds(library, db_path)
    assert not library.search(View("tag:bulk"))


def _finds_what_a_fresh_open_finds(library: Library, db_path: Path) -> None:
    fresh = Library(db_path)
    for query in ["tag:bulk", "tag:half", "bulk", "half", "-tag:half", ""]:
        ours, theirs = library.search(View(query)), fresh.search(View(query))
        assert ours.ids() == theirs.ids(), query
        assert library.tag_counts(ours) == fresh.tag_counts(theirs), query
