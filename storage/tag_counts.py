"""How many papers of a list have each tag: the tag pane asks at every search keystroke.

Counting the tags of each listed paper (one `Counter` in C) costs about 0.5 µs a paper
with three tags: fine for a few hundred papers, 53 ms for the 98,000 the first key of
a search often leaves at 100,000 papers. So for long lists the papers are a mask, and
each tag used on many papers has one as a Python int (12.5 KB at 100,000 papers): its
count is one AND and one bit count, in C, whatever the length of the list. A tag on few
papers keeps its paper numbers instead, read against the mask. Built on first use, and
kept up to date a change at a time: each mask that changes is changed once, by one XOR
with a mask of the papers that gained or lost the tag (building them all again after a
tag over 100,000 papers cost 0.15 s, on the event loop).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from itertools import chain
from typing import Final

from .bitmasks import Hits, Mask, bits_of, mask_of

_BY_PAPER_BELOW_ONE_IN: Final = 25
"""Lists shorter than 1/25 of the library are counted paper by paper. Counting by masks
costs the same for any list, in proportion to the library: at 100,000 papers 1.5 ms,
against 3 ms paper by paper for 6,000 papers; at 10,000 papers 0.1-0.2 ms, against
1.8 ms for 3,800 papers (a fixed 4,000 had counted those paper by paper)."""
_DENSE: Final = 64
"""A tag on more than 1/64 of the papers has a bit mask (it takes less memory than the
list of its papers would)."""

Retagged = tuple[int, tuple[str, ...], tuple[str, ...]]
"""A paper's number, and its folded tags before and after a change."""


class TagCounts:
    """Counts the tags of lists of papers, given every paper's folded tags by number."""

    def __init__(self, tags: list[tuple[str, ...]]) -> None:
        """Count over `tags` (the search index's, which it keeps up to date in place)."""
        self._tags = tags
        self._bits: dict[str, int] | None = None
        """Dense tags: a bit for each paper, the first paper's the highest."""
        self._numbers: dict[str, array[int]] = {}
        """Sparse tags: their papers' numbers."""

    def count(self, numbers: Collection[int], mask: Mask | None = None) -> Counter[str]:
        """How many of these papers have each tag (`mask`, if given: the same papers, one
        byte a paper, 1 for those listed)."""
        if len(numbers) < _BY_PAPER_BELOW_ONE_IN:
            return Counter(chain.from_iterable(map(self._tags.__getitem__, numbers)))
        self.prepare()
        assert self._bits is not None
        if mask is None:
            mask = mask_of(numbers, len(self._tags))
        shown = bits_of(mask)
        counts: Counter[str] = Counter()
        for tag, bits in self._bits.items():
            counts[tag] = (bits & shown).bit_count()
        for tag, papers in self._numbers.items():
            counts[tag] = sum(map(mask.__getitem__, papers))
        return +counts  # without the zeros

    def prepare(self) -> None:
        """Build the masks now, not at the first count of a long list."""
        if self._bits is None:
            self._build()

    def having(self, tags: Iterable[str]) -> Hits:
        """The papers with any of these tags."""
        self.prepare()
        assert self._bits is not None
        bits = 0
        sparse: list[Iterable[int]] = []
        for tag in tags:
            if tag in self._bits:
                bits |= self._bits[tag]
            elif tag in self._numbers:
                sparse.append(self._numbers[tag])
        return Hits(bits, sparse)

    def changed(self, changes: Sequence[Retagged]) -> None:
        """Take in one change: papers whose tags changed, each listed once."""
        bits = self._bits
        if bits is None:
            return
        size = len(self._tags)
        flips: dict[str, bytearray] = {}
        gained: dict[str, list[int]] = {}
        lost: dict[str, set[int]] = {}
        for number, old, new in changes:
            if old == new:
                continue
            for tag in set(old).symmetric_difference(new):
                if tag in bits:
                    flip = flips.get(tag)
                    if flip is None:
                        flip = flips[tag] = bytearray(size)
                    flip[number] = 1
                elif tag in new:  # a sparse tag, or a new one: sparse until it is common
                    gained.setdefault(tag, []).append(number)
                else:
                    lost.setdefault(tag, set()).add(number)
        for tag, flip in flips.items():
            bits[tag] ^= bits_of(flip)
        for tag, numbers in lost.items():
            self._numbers[tag] = array("I", (n for n in self._numbers[tag] if n not in numbers))
        for tag, added in gained.items():
            self.gained(tag, added)

    def gained(self, tag: str, numbers: Sequence[int]) -> None:
        """Take in papers that gained `tag`, none of which had it (each listed once): a
        tag on 100,000 marked papers is one OR, not a turn of `changed` for each."""
        bits = self._bits
        if bits is None or not numbers:
            return
        size = len(self._tags)
        if tag in bits:
            bits[tag] |= bits_of(mask_of(numbers, size))
            return
        papers = self._numbers.setdefault(tag, array("I"))  # sparse until it is common
        papers.extend(numbers)
        if len(papers) * _DENSE > size:
            bits[tag] = bits_of(mask_of(papers, size))
            del self._numbers[tag]

    def _build(self) -> None:
        members: dict[str, list[int]] = {}
        for number, tags in enumerate(self._tags):
            for tag in tags:
                members.setdefault(tag, []).append(number)
        size = len(self._tags)
        self._bits, self._numbers = {}, {}
        for tag, papers in members.items():
            if len(papers) * _DENSE > size:
                self._bits[tag] = bits_of(mask_of(papers, size))
            else:
                self._numbers[tag] = array("I", papers)
