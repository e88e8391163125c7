"""Where search matches fall in displayed text, accent- and case-insensitively."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from storage.text import fold

_ASCII_RUN_OR_OTHER: Final = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]")


def match_spans(text: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) spans of `text` that match folded `needles`.

    Folding can change a string's length (ß -> ss, é -> e + accent removed), so
    non-ASCII characters are folded one at a time and folded offsets are mapped back;
    ASCII text (most rows, and the runs between a row's accents and its "…") folds in
    place.
    """
    if not needles or not text:
        return []
    folded, owner = _fold_with_owners(text)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        if not needle:
            continue
        found = folded.find(needle)
        while found != -1:
            end = found + len(needle)
            if owner is None:
                spans.append((found, end))
            else:
                spans.append((owner[found], owner[end - 1] + 1))
            found = folded.find(needle, end)
    return _merged(spans)


@lru_cache(maxsize=1024)
def _fold_with_owners(text: str) -> tuple[str, list[int] | None]:
    """`text` folded, and for each folded character the position it came from.

    None stands for "the same position" (ASCII text). Cached: typing a query redraws
    the same thirty titles at every keystroke.
    """
    if text.isascii():
        return text.lower(), None
    parts: list[str] = []
    owner: list[int] = []
    for match in _ASCII_RUN_OR_OTHER.finditer(text):
        start, end = match.span()
        if match[0].isascii():
            parts.append(match[0].lower())
            owner.extend(range(start, end))
        else:  # one character
            folded = fold(match[0])
            parts.append(folded)
            owner.extend([start] * len(folded))
    return "".join(parts), owner


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
