"""A `StateMap` given its document ids (`KeyedDocs`, `docs_at`) is the map it would be
without them (Hypothesis)."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st

from storage import state_map
from storage.records import StateDoc
from storage.state_map import KeyedDocs, StateMap, doc_ids

IDS = st.integers(min_value=0, max_value=40).map(lambda n: f"{n:016x}")
DOCS = st.dictionaries(IDS, st.integers(0, 3).map(lambda n: {"priority": n}), max_size=12)


def _docs(drawn: dict[str, dict[str, int]]) -> dict[str, StateDoc]:
    return {paper_id: {"paper_id": paper_id, **doc} for paper_id, doc in drawn.items()}  # type: ignore[typeddict-item]


@given(DOCS, DOCS, DOCS, st.booleans())
def test_changes_with_their_document_ids_are_the_same_changes(
    base: dict[str, dict[str, int]],
    first: dict[str, dict[str, int]],
    second: dict[str, dict[str, int]],
    fold: bool,
) -> None:
    states = StateMap.of(_docs(base)).with_changes(_docs(first))
    if fold:  # the changes folded into the base at once
        states = StateMap(states.by_doc_id())
    changes = _docs(second)
    keyed = states.with_changes(KeyedDocs(changes, doc_ids(changes)))
    plain = states.with_changes(changes)
    assert list(keyed.by_doc_id().items()) == list(plain.by_doc_id().items())
    assert dict(keyed) == dict(plain) and len(keyed) == len(plain)


@given(DOCS, DOCS, st.lists(IDS, max_size=8))
def test_documents_at_their_ids_are_the_documents_of_the_papers(
    base: dict[str, dict[str, int]], changes: dict[str, dict[str, int]], paper_ids: list[str]
) -> None:
    states = StateMap.of(_docs(base)).with_changes(_docs(changes))
    assert states.docs_at(doc_ids(paper_ids)) == states.docs_of(paper_ids)
    assert states.docs_of(paper_ids) == [states.get(paper_id) for paper_id in paper_ids]


@given(DOCS, DOCS, DOCS, st.integers(0, 12))
def test_versions_folded_at_any_size_are_the_documents_merged_in_order(
    base: dict[str, dict[str, int]],
    first: dict[str, dict[str, int]],
    second: dict[str, dict[str, int]],
    fold_after: int,
) -> None:
    """Changes kept apart, folded with the recent ones, or many folded at once (more than
    `FOLD_AFTER`, with no copy of the recent ones first): the documents, in the library
    file's order, are those of one dictionary updated with each change in turn."""
    with patch.object(state_map, "FOLD_AFTER", fold_after):
        states = StateMap.of(_docs(base)).with_changes(_docs(first)).with_changes(_docs(second))
    merged = StateMap.of({**_docs(base), **_docs(first), **_docs(second)})
    assert list(states.by_doc_id().items()) == list(merged.by_doc_id().items())
    assert dict(states) == dict(merged) and len(states) == len(merged)
