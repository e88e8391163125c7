"""Stored form of records: what is left out must come back the same."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage import Paper


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
