"""The exporters' shortcuts give exactly what their general paths give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storage.formats.bibtex import (
    _with_reader_data,
    first_positions,
    merged_reader_data,
    reader_values,
)
from storage.records import STATUSES, ReadingState

_STATES = st.builds(
    ReadingState,
    st.just("0123456789abcdef"),
    status=st.sampled_from(sorted(STATUSES)),
    priority=st.sampled_from([None, 1, 2, 3]),
    tags=st.lists(st.sampled_from(["hair", "Stem", "to-read"]), unique=True).map(tuple),
    note=st.sampled_from(["", " ", "read {this}", "two\nlines"]),
)
_FIELDS = st.lists(
    st.tuples(
        st.sampled_from(["title", "Author", "year", "doi", "Keywords", "annote", "note"]),
        st.sampled_from(["{x}", "{hair, Stem}", "{read {this}}", "{}", "2020"]),
    ),
    max_size=6,
)


@given(_FIELDS, _STATES)
def test_reader_data_appended_without_comparing_is_the_compared_result(
    fields: list[tuple[str, str]], state: ReadingState
) -> None:
    """Fields naming none of `keywords`, `annote`, `readstatus`, `priority` get the
    reader's data appended as the field-by-field comparison would put it; others go
    that way."""
    expected = merged_reader_data(
        list(fields), reader_values(state), first_positions(fields), state
    )
    assert _with_reader_data(list(fields), state) == expected
