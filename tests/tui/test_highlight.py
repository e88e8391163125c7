"""Match spans for highlighting: the same folding as search, mapped back to the text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.text import fold
from tui.widgets.highlight import match_spans


@pytest.mark.parametrize(
    ("text", "needles", "spans"),
    [
        ("Hair growth and HAIR loss", ("hair",), [(0, 4), (16, 20)]),
        ("Müller cells", ("muller",), [(0, 6)]),
        ("Straße", ("strasse",), [(0, 6)]),
        ("stem cells", ("stem cells", "cell"), [(0, 10)]),
        ("毛髪の再生 hair", ("再生", "hair"), [(3, 5), (6, 10)]),
        ("no match here", ("hair",), []),
    ],
)
def test_spans_follow_search_folding(
    text: str, needles: tuple[str, ...], spans: list[tuple[int, int]]
) -> None:
    """Case, accents and ß fold as in search; overlapping matches merge into one span."""
    assert match_spans(text, needles) == spans


def _spans_by_definition(text: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """Every character folded on its own; the characters any match covers, as runs."""
    parts = [fold(char) for char in text]
    folded = "".join(parts)
    owner = [position for position, part in enumerate(parts) for _ in part]
    covered = [False] * (len(text) + 1)  # a final False ends the last run
    for needle in filter(None, needles):
        found = folded.find(needle)
        while found != -1:
            for position in range(owner[found], owner[found + len(needle) - 1] + 1):
                covered[position] = True
            found = folded.find(needle, found + len(needle))
    starts = [i for i in range(len(text)) if covered[i] and (i == 0 or not covered[i - 1])]
    return [(start, covered.index(False, start)) for start in starts]


_MIXED_TEXT = st.text(alphabet=st.sampled_from("abcHAIR éüßÉ“”…毛髪İﬁ -"), max_size=40)


@given(_MIXED_TEXT, st.lists(_MIXED_TEXT.map(fold), max_size=3).map(tuple))
def test_spans_match_folding_each_character(text: str, needles: tuple[str, ...]) -> None:
    """ASCII runs folded in bulk give the same spans as folding every character."""
    assert match_spans(text, needles) == _spans_by_definition(text, needles)
