"""A change's one-pass `apply_to` gives what the general way gives (Hypothesis)."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from storage import AddTags, Change, ChangeTags, RemoveTags
from storage.records import StateDoc

PAPER = "2332ed7af9cee891"
NAMES = ["hair", "Hair", "HAIR", "EV", "ev", "stem cells", "Stem Cells", "review"]
TAG = st.sampled_from(NAMES)
TAGS = st.lists(TAG, max_size=4)
STAMP = st.integers(min_value=1, max_value=10**6)


@st.composite
def docs(draw: st.DrawFn) -> StateDoc | None:
    """A paper's state: none at all, or tags (one spelling of each), removed tags'
    markers, maybe in the trash."""
    if draw(st.booleans()) and draw(st.booleans()):
        return None
    doc: dict[str, Any] = {"paper_id": PAPER}
    tags: list[Any] = []
    seen: set[str] = set()
    for name in draw(TAGS):
        if name.casefold() not in seen:
            seen.add(name.casefold())
            tags += [name, draw(STAMP)]
    keep_empty: bool = draw(st.booleans())  # an empty list as an older file may hold
    if tags or keep_empty:
        doc["tags"] = tags
    untagged = draw(st.dictionaries(TAG.map(str.casefold), STAMP, max_size=3))
    if untagged:
        doc["untagged"] = untagged
    if draw(st.booleans()):
        doc["deleted"], doc["deleted_at"] = True, draw(STAMP)
    if draw(st.booleans()):
        doc["status"], doc["status_at"] = "read", draw(STAMP)
    return doc  # type: ignore[return-value]  # the fields above are StateDoc's


CHANGES = st.one_of(
    st.builds(AddTags, TAGS),
    st.builds(RemoveTags, TAGS),
    st.builds(ChangeTags, TAGS, TAGS),
)


@given(docs(), CHANGES, STAMP)
def test_tags_in_one_pass_are_tags_the_general_way(
    doc: StateDoc | None, change: ChangeTags, stamp: int
) -> None:
    kept = copy.deepcopy(doc)
    fast = change.apply_to(doc, PAPER, stamp)
    general = Change.apply_to(change, doc, PAPER, stamp)
    assert fast == general
    if fast is not None and general is not None:  # the tags in the same order too
        assert list(fast[0].items()) == list(general[0].items())
    assert doc == kept  # documents are never edited in place


@given(st.lists(docs(), max_size=6), st.sampled_from(NAMES), STAMP, st.booleans())
def test_one_tag_over_many_papers_is_one_tag_the_general_way(
    states: list[StateDoc | None], tag: str, stamp: int, repeat: bool
) -> None:
    ids = [f"{PAPER[:-1]}{n}" for n in range(len(states))]
    states = [
        None if doc is None else {**doc, "paper_id": paper_id}
        for doc, paper_id in zip(states, ids, strict=True)
    ]
    if repeat and ids:  # a repeated paper, as `group_fields` keeps it
        ids, states = [*ids, ids[0]], [*states, states[0]]
    kept = copy.deepcopy(states)
    for change in (AddTags([tag]), ChangeTags([tag])):
        fast = change.apply_many(ids, states, stamp)
        general = Change.apply_many(change, ids, states, stamp)
        assert fast == general
        for paper_id, doc in fast[0].items():  # the fields in the same order too
            assert list(doc.items()) == list(general[0][paper_id].items())
    assert states == kept  # documents are never edited in place
