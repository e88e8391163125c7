"""Where search matches fall in displayed text, accent- and case-insensitively."""

from __future__ import annotations

from storage.search import fold


def match_spans(text: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) spans of `text` that match folded `needles`.

    Folding can change a string's length (ß -> ss, é -> e + accent removed), so
    non-ASCII text is folded one character at a time and folded offsets are mapped
    back; ASCII text (most rows) folds in place.
    """
    if not needles or not text:
        return []
    if text.isascii():
        folded = text.lower()
        owner = None
    else:
        parts = [fold(char) for char in text]
        folded = "".join(parts)
        owner = [position for position, part in enumerate(parts) for _ in part]
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


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
