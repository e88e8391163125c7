"""Highlighting search matches in displayed text, accent- and case-insensitively."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from storage.search import fold


def highlight_matches(text: Text, needles: tuple[str, ...], style: Style, start: int = 0) -> None:
    """Style every occurrence of the folded `needles` in `text` from `start` on.

    Folding can change a string's length (ß -> ss, é -> e + accent removed), so each
    original character is folded on its own and the folded offsets are mapped back.
    """
    plain = text.plain[start:]
    folded_parts = [fold(char) for char in plain]
    folded = "".join(folded_parts)
    owner: list[int] = []
    for position, part in enumerate(folded_parts):
        owner.extend([position] * len(part))
    for needle in needles:
        if not needle:
            continue
        found = folded.find(needle)
        while found != -1:
            end = found + len(needle) - 1
            text.stylize(style, start + owner[found], start + owner[end] + 1)
            found = folded.find(needle, found + len(needle))
