"""The three-way merge of a note edited on two machines from the version git knows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storage.text_merge import merge3

BASE = st.integers(min_value=1, max_value=12).map(
    lambda n: [f"line {number}\n" for number in range(n)]
)


def edited(base: list[str], changed: set[int], side: str) -> str:
    return "".join(f"{side} {n}\n" if n in changed else line for n, line in enumerate(base))


@given(BASE, st.data())
def test_edits_to_lines_apart_are_both_kept(base: list[str], data: st.DataObject) -> None:
    """Lines changed on one side, and lines at least one line away changed on the other:
    the merge has both sides' lines, whichever side is which."""
    lines = range(len(base))
    ours = data.draw(st.sets(st.sampled_from(lines)))
    near = {n + step for n in ours for step in (-1, 0, 1)}
    theirs = data.draw(st.sets(st.sampled_from([n for n in lines if n not in near] or [-1])))
    text = "".join(base)
    merged = merge3(text, edited(base, ours, "ours"), edited(base, theirs, "theirs"))
    expected = edited(edited(base, ours, "ours").splitlines(keepends=True), theirs, "theirs")
    assert merged == expected
    assert merge3(text, edited(base, theirs, "theirs"), edited(base, ours, "ours")) == merged


@given(BASE, st.data())
def test_different_edits_of_one_line_are_no_merge(base: list[str], data: st.DataObject) -> None:
    """The same line changed differently on both sides: no merged text (the caller keeps
    both), either way round; changed the same on both, it is applied once."""
    line = data.draw(st.sampled_from(range(len(base))))
    text, ours, theirs = "".join(base), edited(base, {line}, "ours"), edited(base, {line}, "theirs")
    assert merge3(text, ours, theirs) is None
    assert merge3(text, theirs, ours) is None
    assert merge3(text, ours, ours) == ours


def test_text_added_at_the_end_and_a_change_at_the_start_merge() -> None:
    base = "First paragraph.\n\nSecond paragraph.\n"
    ours = "First, edited at home.\n\nSecond paragraph.\n"
    theirs = base + "\nAdded at work.\n"
    assert merge3(base, ours, theirs) == ours + "\nAdded at work.\n"


def test_a_side_that_changed_nothing_takes_the_other() -> None:
    assert merge3("a\n", "a\n", "b\n") == "b\n"
    assert merge3("a\n", "b\n", "a\n") == "b\n"
