"""Stored form of records: what is left out must come back the same."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage import Paper
from storage.records import stored_texts


@pytest.mark.parametrize("citations", [0, None, 1024])
def test_paper_round_trips_through_its_stored_form(citations: int | None) -> None:
    """Empty fields are not stored, but 0 citations is not 'unknown' and must survive."""
    paper = Paper(
        "0123456789abcdef",
        "related",
        "A summary.",
        journal="Journal",
        year=2020,
        citations=citations,
        sources=("s1",),
        added_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    doc = paper.to_doc()
    assert "title" not in doc and "doi" not in doc and "authors" not in doc
    assert Paper.from_doc(doc) == paper
    assert Paper.from_doc(doc).citations == citations


class _Text(str):
    """A text of a type of its own: the check of the types must not take it for `str`."""


@given(
    st.one_of(
        st.lists(st.one_of(st.text(max_size=3), st.integers(), st.none(), st.builds(_Text))),
        st.tuples(st.text(max_size=3), st.integers()),
        st.text(max_size=3),
        st.none(),
        st.integers(),
    )
)
def test_stored_texts_keeps_exactly_the_texts(value: object) -> None:
    """Whether every item is a text (checked at once) or not, the texts and only they."""
    expected = (
        tuple(item for item in value if isinstance(item, str))
        if isinstance(value, list | tuple)
        else ()
    )
    assert stored_texts(value) == expected
    assert [type(item) for item in stored_texts(value)] == [type(item) for item in expected]
