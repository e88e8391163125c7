"""Match spans for highlighting: the same folding as search, mapped back to the text."""

from __future__ import annotations

import pytest

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
