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
from collections.abc import Callable, Iterable, Iterator
from itertools import compress, islice, repeat
from operator import contains
from typing import Final

from .bitmasks import Hits, bits_of, mask_of

_BREAKS: Final = str.maketrans(
    {char: " " for char in map(chr, range(128)) if char not in string.ascii_letters}
)
"""What ends a word: every ASCII character but a letter (other white space too)."""
_WORD_BYTES: Final = bytes(
    byte if chr(byte) in string.ascii_letters or byte == 0 or byte >= 0x80 else 0x20
    for byte in range(256)
)
"""`_BREAKS` over UTF-8, but for the zero byte between texts: a non-ASCII character is
all bytes from 0x80 up, which stay in words as its character does."""
_SPACES: Final = (
    "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
"""The white space beyond ASCII that `str.split` splits at (and bytes' split does not)."""
_CHUNK: Final = 512
"""Texts whose words are taken at once (about 3 ms at 100,000 papers, between pauses)."""
_DENSE: Final = 64
"""A word in more than 1/64 of the papers keeps them as bits (less memory than ranks)."""


def words_of(text: str) -> list[str]:
    """A (folded) text's words, in order, repeats kept."""
    return text.translate(_BREAKS).split()


def _words_in_bytes(texts: Iterable[str], pause: Callable[[], object]) -> Iterator[list[bytes]]:
    """Each text's words (`words_of`) as UTF-8, a few hundred texts at a time (`pause`
    called before each): one translation of bytes over all of them, where
    `str.translate` looked each character up in a dict."""
    texts = iter(texts)
    while True:
        pause()
        chunk = list(islice(texts, _CHUNK))
        if not chunk:
            return
        joined = "\x00".join(chunk)
        if joined.count("\x00") != len(chunk) - 1:  # a text holds the separator
            for text in chunk:
                yield [word.encode(errors="surrogatepass") for word in words_of(text)]
            continue
        if not joined.isascii():
            for space in _SPACES:
                if space in joined:
                    joined = joined.replace(space, " ")
        encoded = joined.encode(errors="surrogatepass").translate(_WORD_BYTES)
        yield from map(bytes.split, encoded.split(b"\x00"))


class WordIndex:
    """The words of every paper's own folded text, and the papers (ranks) of each."""

    def __init__(self, size: int, bits: dict[str, int], ranks: dict[str, array[int]]) -> None:
        """The index of `size` papers: the common words' papers as bits (the first
        paper's the highest), the rare words' as ranks."""
        self.size = size
        self.bits = bits
        """The papers of the common words."""
        self.ranks = ranks
        """The papers of the rare words."""
        self._words = [*bits, *ranks]
        self._last: tuple[str, list[str]] = ("", self._words)
        """The last needle and its words: typing on tests only those."""
        self._letters: dict[str, int] = {}
        """The papers of each single letter as bits, once `prepare_letters` has run."""

    @classmethod
    def build(
        cls, texts: Iterable[str], size: int, pause: Callable[[], object] = lambda: None
    ) -> WordIndex:
        """Index `texts` (each paper's own folded text, by rank; `size` of them), calling
        `pause` between a few hundred."""
        papers: defaultdict[bytes, array[int]] = defaultdict(lambda: array("I"))
        word_papers, add = papers.__getitem__, array.append
        for rank, words in enumerate(map(set, _words_in_bytes(texts, pause))):
            deque(map(add, map(word_papers, words), repeat(rank)), maxlen=0)
        bits: dict[str, int] = {}
        rare: dict[str, array[int]] = {}
        for word, ranks in papers.items():
            if len(ranks) * _DENSE > size:
                pause()  # the commonest take a few milliseconds each
                bits[word.decode(errors="surrogatepass")] = bits_of(mask_of(ranks, size))
            else:
                rare[word.decode(errors="surrogatepass")] = ranks
        return cls(size, bits, rare)

    def prepare_letters(self, pause: Callable[[], object] = lambda: None) -> None:
        """Join the papers of every word holding each letter now, calling `pause` before
        each letter: a query's first key is a letter, and at 100,000 papers marking the
        ranks of the rare words holding it cost that key 2-5 ms (`s`: 62,000 ranks).

        Safe on another thread while searches use this index: the letters are taken
        into use in one step, once all are joined."""
        letters: dict[str, int] = {}
        for letter in string.ascii_lowercase:
            pause()
            words = [word for word in self._words if letter in word]
            letters[letter] = self._joined(words).mask_bits(self.size)
        self._letters = letters

    def hits(self, needle: str) -> Hits | None:
        """The papers whose own text holds `needle`, None if it is not a piece of one
        word (then only a scan can tell)."""
        letter = self._letters.get(needle)
        if letter is not None:
            return Hits(letter, [])
        if words_of(needle) != [needle]:
            return None
        last, pool = self._last
        if last not in needle:
            pool = self._words
        words = list(compress(pool, map(contains, pool, repeat(needle))))
        self._last = (needle, words)
        return self._joined(words)

    def _joined(self, words: Iterable[str]) -> Hits:
        """The papers of any of these words."""
        bits, ranks = 0, list["array[int]"]()
        for word in words:
            bits |= self.bits.get(word, 0)
            if word in self.ranks:
                ranks.append(self.ranks[word])
        return Hits(bits, ranks)
