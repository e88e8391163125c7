"""Citation keys: kept as imported, otherwise generated once, unique in the library.

A generated key follows Better BibTeX's `[auth:lower][year][shorttitle1:lower]`
pattern: the first author's family name (for a paper without authors, the first
word of its journal that says something: not "journal", "international" or a stop
word), the year, and the first word of the title (or of the summary) that is not a
stop word, all folded to lower-case ASCII letters and digits:
`gentile2020advances`, `investigative2017exosomes`. A key another paper already
has (compared ignoring case) gets the first free suffix `a`, `b`, ... `z`, `aa`,
`ab`, ... in the order papers are added, so the same library always gives the same
keys. Keys never change afterwards, except by `papershelf key ID NEWKEY`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from string import ascii_lowercase
from typing import Final

from .errors import BadInputError

_WORD: Final = re.compile(r"[a-z0-9]+")
_STOP_WORDS: Final = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "and",
        "for",
        "with",
        "to",
        "from",
        "by",
        "at",
        "as",
        "is",
        "are",
        "its",
        "via",
        "into",
    ]
)
_VENUE_WORDS: Final = frozenset(["journal", "international", "proceedings", "annals"])
_UNDECOMPOSED: Final = str.maketrans(
    {"ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l"}
    | {"Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "ð": "d"}
)
_KEY_CHARACTERS: Final = re.compile(r"[^\s,{}()=\"#%'~\\]+")


class CitationKeyError(BadInputError):
    """A citation key the reader typed cannot be used."""


def _ascii(text: str) -> str:
    if not text.isascii():
        folded = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
        text = folded.encode("ascii", "ignore").decode()
    return text.lower()


def _ascii_words(text: str) -> list[str]:
    return _WORD.findall(_ascii(text))


def _first_word(text: str, skip: frozenset[str] = _STOP_WORDS) -> str:
    """The first word not in `skip` (read only as far as it: a summary is long)."""
    if match := _word_not_in(skip).search(_ascii(text[:200])):
        return match[0]
    return _first_word(text[200:], skip) if len(text) > 200 else ""


@lru_cache(maxsize=4)
def _word_not_in(skip: frozenset[str]) -> re.Pattern[str]:
    """A `_WORD` that is none of `skip`: one search finds it (a loop over the words
    before it was most of the time an import of 100,000 seed papers spent on keys)."""
    words = "|".join(sorted(map(re.escape, skip)))
    return re.compile(rf"(?<![a-z0-9])(?!(?:{words})(?![a-z0-9]))[a-z0-9]+")


@lru_cache(maxsize=4096)
def _journal_word(journal: str) -> str:
    """Journals repeat across thousands of papers: each is read once."""
    return _first_word(journal, _STOP_WORDS | _VENUE_WORDS)


def base_key(
    *, authors: Iterable[str], journal: str, year: int | None, title: str, summary: str
) -> str:
    """The key a paper would get before making it unique (see the module docstring)."""
    first = next(iter(authors), "")
    if first:
        family = first.split(",")[0] if "," in first else first.split()[-1]
        who = "".join(_ascii_words(family))
    else:
        who = _journal_word(journal)
    word = _first_word(title) or _first_word(summary)
    key = f"{who}{year or ''}{word}"
    return key or "paper"


def seed_key(journal: str, year: int | None, summary: str) -> str:
    """`base_key` of a seed paper (no authors, no title), made for each of an import's
    100,000 papers without the general path's steps."""
    return f"{_journal_word(journal)}{year or ''}{_first_word(summary)}" or "paper"


def check_key(key: str) -> str:
    """A key as the reader typed it, trimmed, if BibTeX, RIS and Pandoc can all use it.

    Raises:
        CitationKeyError: it is empty or has spaces or characters BibTeX reserves.
    """
    key = key.strip()
    if not key or not _KEY_CHARACTERS.fullmatch(key):
        raise CitationKeyError(
            f"{key!r} cannot be a citation key: use letters, digits and - _ : . / + without spaces"
        )
    return key


@lru_cache(maxsize=1 << 14)
def _suffix(position: int) -> str:
    """The suffix at `position` (0 is `a`, 26 `aa`), worked out: walking the suffixes
    before it made each claim of a key a thousand papers want cost as many steps. Kept
    once worked out: a million seed papers claim the first thousands again and again."""
    letters: list[str] = []
    position += 1
    while position:
        position, letter = divmod(position - 1, len(ascii_lowercase))
        letters.append(ascii_lowercase[letter])
    return "".join(reversed(letters))


class KeyRegistry:
    """The keys a library uses (ignoring case), handing out free ones."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken = {key.casefold() for key in taken}
        self._tried: dict[str, int] = {}
        """Per wanted key, the suffixes known taken: keys are only ever added, so the
        next claim of it starts there. (Trying each from `a` again made claiming the
        keys of an import quadratic: 3 s of an import of 100,000 seed papers.)"""

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.casefold() in self._taken

    def claim(self, wanted: str) -> str:
        """`wanted` if no paper has it yet, else it with the first free suffix; taken.

        Each key is folded once and its suffixes tried in a plain loop: an import of a
        million seed papers claims a million keys, most of them wanted by hundreds.
        """
        folded = wanted.casefold()
        taken = self._taken
        if folded not in taken:
            taken.add(folded)
            return wanted
        position = self._tried.get(folded, 0)
        while (candidate := folded + (suffix := _suffix(position))) in taken:
            position += 1
        self._tried[folded] = position + 1
        taken.add(candidate)
        return wanted + suffix
