"""The Hypothesis strategy of changes to reading state, shared by the properties of
undo and of merging: each must meet every kind of change, and a kind added to the
library must reach both at once."""

from __future__ import annotations

from hypothesis import strategies as st

from storage import (
    PRIORITIES,
    STATUSES,
    AddTags,
    AppendNote,
    Change,
    ChangeTags,
    Delete,
    MarkRead,
    RemoveTags,
    Restore,
    SetNote,
    SetPriority,
    SetStatus,
    SetTags,
)


def changes(
    tags: st.SearchStrategy[list[str]],
    text: st.SearchStrategy[str],
    *more: st.SearchStrategy[Change],
) -> st.SearchStrategy[Change]:
    """Every kind of change over one set of papers, with tags from `tags` and note
    text from `text`, and the kinds in `more` besides."""
    return st.one_of(
        *more,
        st.builds(MarkRead, st.booleans()),
        st.builds(SetStatus, st.sampled_from(STATUSES)),
        st.builds(SetPriority, st.sampled_from([None, *PRIORITIES])),
        st.builds(AddTags, tags),
        st.builds(RemoveTags, tags),
        st.builds(ChangeTags, tags, tags),
        st.builds(SetTags, tags),
        st.builds(SetNote, text),
        st.builds(AppendNote, text),
        st.just(Delete()),
        st.just(Restore()),
    )
