"""Three-way merge of two texts edited apart from a common one (a note, from git's base).

Line by line, like diff3: each side's edits are the regions of the base it replaced;
edits that do not touch each other are both applied, the same edit on both sides is
applied once, and edits to the same lines (or insertions at the same place) that
differ are a conflict: then there is no merged text, and the caller keeps both.
The result does not depend on which side is which.
"""

from __future__ import annotations

from difflib import SequenceMatcher

Edit = tuple[int, int, tuple[str, ...]]
"""Base lines [start, end) replaced by these lines."""


def merge3(base: str, ours: str, theirs: str) -> str | None:
    """The two edited texts merged, or None when their edits touch."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    lines = base.splitlines(keepends=True)
    sides = (_edits(lines, ours), _edits(lines, theirs))
    merged: list[str] = []
    position = 0
    while sides[0] or sides[1]:
        start = min(edits[0][0] for edits in sides if edits)
        end = start
        group: tuple[list[Edit], list[Edit]] = ([], [])
        joined = True
        while joined:  # edits that overlap or touch the group's base lines join it
            joined = False
            for edits, taken in zip(sides, group, strict=True):
                while edits and edits[0][0] <= end:
                    edit = edits.pop(0)
                    taken.append(edit)
                    end = max(end, edit[1])
                    joined = True
        region = tuple(lines[start:end])
        versions = {_applied(lines, start, end, taken) for taken in group} - {region}
        if len(versions) > 1:
            return None
        merged += lines[position:start]
        merged += versions.pop() if versions else region
        position = end
    merged += lines[position:]
    return "".join(merged)


def _edits(base: list[str], text: str) -> list[Edit]:
    new = text.splitlines(keepends=True)
    matcher = SequenceMatcher(None, base, new, autojunk=False)
    return [
        (i1, i2, tuple(new[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _applied(base: list[str], start: int, end: int, edits: list[Edit]) -> tuple[str, ...]:
    """Base lines [start, end) with one side's edits inside them made."""
    lines: list[str] = []
    position = start
    for edit_start, edit_end, new in edits:
        lines += base[position:edit_start]
        lines += new
        position = edit_end
    return (*lines, *base[position:end])
