"""A snapshot's read, trash and priority sets, computed at every open, are what each
paper's state document says: the pass that skips documents without those fields
(most of them) finds exactly what testing every document finds."""

from __future__ import annotations

from typing import Any, cast
from unittest.mock import patch

from hypothesis import example, given
from hypothesis import strategies as st

from storage import snapshot as snapshot_module
from storage.catalog import Catalog
from storage.records import PaperDoc, StateDoc
from storage.snapshot import Snapshot

_ABSENT = object()
_field = {
    "status": st.sampled_from([_ABSENT, "read", "new", "queued", "reading", None]),
    "deleted": st.sampled_from([_ABSENT, True, False, None, 0, 17]),
    "priority": st.sampled_from([_ABSENT, None, 0, 1, 2, 3]),
    "note": st.sampled_from([_ABSENT, "", "see"]),
}
_doc = st.fixed_dictionaries(_field)


def _paper_id(number: int) -> str:
    return f"{number:016x}"


def _reference(catalog: Catalog, states: dict[str, StateDoc]) -> tuple[Any, ...]:
    """The sets by their definition: every document tested on its own."""
    read, trash, priorities = set(), set(), {}
    for paper_id, doc in states.items():
        number = catalog.find_number(paper_id)
        if number is None:
            continue
        if doc.get("status") == "read":
            read.add(number)
        if doc.get("deleted"):
            trash.add(number)
        if priority := doc.get("priority"):
            priorities[number] = priority
    return read, trash, priorities


@example(  # one field each: the pass must not skip any of them
    papers=4,
    docs={
        1: {"status": "read", "deleted": _ABSENT, "priority": _ABSENT, "note": _ABSENT},
        2: {"status": _ABSENT, "deleted": True, "priority": _ABSENT, "note": _ABSENT},
        3: {"status": _ABSENT, "deleted": _ABSENT, "priority": 2, "note": _ABSENT},
    },
)
@given(
    papers=st.integers(0, 12),
    docs=st.dictionaries(st.integers(0, 15), _doc, max_size=16),
)
def test_snapshot_sets_are_what_the_documents_say(
    papers: int, docs: dict[int, dict[str, object]]
) -> None:
    """Papers 12-15 are not in the catalog: their state waits for an import."""
    catalog = Catalog([cast(PaperDoc, {"id": _paper_id(n)}) for n in range(papers)], [])
    states = {
        _paper_id(n): cast(
            StateDoc,
            {"paper_id": _paper_id(n)} | {k: v for k, v in fields.items() if v is not _ABSENT},
        )
        for n, fields in docs.items()
    }
    snapshot = Snapshot.of(catalog, states)
    read, trash, priorities = _reference(catalog, states)
    assert snapshot.read == read
    assert snapshot.trash == trash
    assert dict(snapshot.priorities) == priorities


def _states(docs: dict[int, dict[str, object]]) -> dict[str, StateDoc]:
    return {
        _paper_id(n): cast(
            StateDoc,
            {"paper_id": _paper_id(n)} | {k: v for k, v in fields.items() if v is not _ABSENT},
        )
        for n, fields in docs.items()
    }


_READ = {"status": "read", "deleted": True, "priority": _ABSENT, "note": _ABSENT}


@example(papers=1, first={0: _READ}, changes=[{0: None}, {0: _READ}], fold_after=4096)
@given(
    papers=st.integers(0, 12),
    first=st.dictionaries(st.integers(0, 15), _doc, max_size=16),
    changes=st.lists(
        st.dictionaries(st.integers(0, 15), st.none() | _doc, max_size=6), max_size=12
    ),
    fold_after=st.sampled_from([0, 2, 4096]),
)
def test_sets_changed_a_few_papers_at_a_time_are_the_sets_made_from_scratch(
    papers: int,
    first: dict[int, dict[str, object]],
    changes: list[dict[int, dict[str, object] | None]],
    fold_after: int,
) -> None:
    """A snapshot's sets updated by `with_states` (without copying the read set, folding
    the numbers changed into a new shared set after `fold_after` of them) are those of
    `Snapshot.of` the same documents, as sets and in set algebra (a paper read, unread,
    then read again, in the example)."""
    catalog = Catalog([cast(PaperDoc, {"id": _paper_id(n)}) for n in range(papers)], [])
    docs = dict(first)
    with patch.object(snapshot_module, "_FOLD_AFTER", fold_after):
        snapshot = Snapshot.of(catalog, _states(docs))
        for change in changes:
            for number, fields in change.items():
                if fields is None:
                    docs.pop(number, None)
                else:
                    docs[number] = fields
            states = _states(docs)
            changed = {_paper_id(n): states.get(_paper_id(n)) for n in change}
            snapshot = snapshot.with_states(states, changed)
            read, trash, priorities = _reference(catalog, states)
            assert snapshot.read == read and read == set(snapshot.read)
            assert len(snapshot.read) == len(read)
            assert all((n in snapshot.read) == (n in read) for n in range(-1, 17))
            assert snapshot.read - trash == read - trash
            assert snapshot.read & trash == read & trash
            assert snapshot.read & set(range(16)) == read
            assert snapshot.trash == trash
            assert dict(snapshot.priorities) == priorities
