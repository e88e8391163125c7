"""Which papers' own text holds a piece of a word: a keystroke's hits without a scan.

A needle with no ASCII digit, punctuation or space in it (what a reader types first:
letters) can only occur inside one *word* here, a run of text between those. So the
papers whose text holds the needle are those with a word that does, and a library has
few words (4,000 at 100,000 papers, whose texts hold 20 million characters): testing
them all and joining the papers of the words that match is one short scan and a few
ORs, where testing every paper's text cost 21 ms at 100,000 papers and a third of a
second at 1,000,000. A word in more than 1/64 of the papers keeps them as bits, a rarer
word as their ranks.

Only the papers' own text is here: it never changes in a catalog, so the index is built
once, on the background thread, after the search index (the reader's tags and notes,
which change, the search index matches itself).
"""

from __future__ import annotations

import string
from array import array
from collections import defaultdict, deque
from collections.abc import Iterable
from itertools import chain, compress, repeat
from operator import contains
from typing import Final

from .bitmasks import bits_of, mark, mask_of, mask_of_bits

_BREAKS: Final = str.maketrans(
    {char: " " for char in map(chr, range(128)) if char not in string.ascii_letters}
)
"""What ends a word: every ASCII character but a letter (other white space too)."""
_DENSE: Final = 64
"""A word in more than 1/64 of the papers keeps them as bits (less memory than ranks)."""


def words_of(text: str) -> list[str]:
    """A (folded) text's words, in order, repeats kept."""
    return text.translate(_BREAKS).split()


class WordIndex:
    """The words of every paper's own folded text, and the papers (ranks) of each."""

    def __init__(self, texts: Iterable[str], size: int) -> None:
        """Index `texts` (each paper's own folded text, by rank; `size` of them)."""
        papers: defaultdict[str, array[int]] = defaultdict(lambda: array("I"))
        word_papers, add = papers.__getitem__, array.append
        for rank, text in enumerate(texts):
            words = set(text.translate(_BREAKS).split())
            deque(map(add, map(word_papers, words), repeat(rank)), maxlen=0)
        self._size = size
        self._words = list(papers)
        self._bits: dict[str, int] = {}
        """The papers of the common words."""
        self._ranks: dict[str, array[int]] = {}
        """The papers of the rare words."""
        for word, ranks in papers.items():
            if len(ranks) * _DENSE > size:
                self._bits[word] = bits_of(mask_of(ranks, size))
            else:
                self._ranks[word] = ranks
        self._last: tuple[str, list[str]] = ("", self._words)
        """The last needle and its words: typing on tests only those."""

    def hits(self, needle: str) -> bytearray | None:
        """A mask of the papers whose own text holds `needle`, None if it is not a piece
        of one word (then only a scan can tell)."""
        if words_of(needle) != [needle]:
            return None
        last, pool = self._last
        if last not in needle:
            pool = self._words
        words = list(compress(pool, map(contains, pool, repeat(needle))))
        self._last = (needle, words)
        bits = 0
        for word in words:
            bits |= self._bits.get(word, 0)
        rare = (self._ranks[word] for word in words if word in self._ranks)
        return mark(mask_of_bits(bits, self._size), chain.from_iterable(rare))
