"""Text folding shared by ids, duplicate detection and search: one table of quotes.

Two kinds of folding, for two jobs:

- `normalise_text` decides whether two documents name the same paper (ids, duplicate
  titles): Unicode form, case, quote style and spacing do not make papers different.
- `fold` is what search compares: case and accents dropped, so `Müller` finds
  `muller`, and curly quotes match straight ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

QUOTES: Final = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})
"""Curly and low quotes to straight ones: documents and readers write both."""

_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]+")
_SEPARATOR: Final = "\x00"
_FOLD_CHUNK: Final = 4096


def collapse_spaces(text: str) -> str:
    """Runs of white space as one space, trimmed (`str.split` knows the same white space
    as the regular expression `\\s`, in a fifth of the time)."""
    return " ".join(text.split())


def normalise_text(text: str) -> str:
    """Fold the differences that do not make two papers different.

    Unicode form, case, curly versus straight quotes and runs of white space all vary
    between documents that list the same paper. ASCII text has no other Unicode form and
    no curly quotes, and folds its case as `lower` does: an import of 100,000 papers
    normalises 400,000 such texts for their ids.
    """
    if text.isascii():
        return collapse_spaces(text.lower())
    return collapse_spaces(unicodedata.normalize("NFKC", text).translate(QUOTES).casefold())


@lru_cache(maxsize=8192)
def _fold_run(run: str) -> str:
    """Fold a run of non-ASCII characters: decompose, drop accents, case-fold."""
    decomposed = unicodedata.normalize("NFKD", run.translate(QUOTES))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def fold(text: str) -> str:
    """Lower-case text without accents, so `Müller` finds `muller` and `MULLER`.

    Decomposition and case-folding act character by character, so only the runs of
    non-ASCII characters need the slow Unicode path, and those repeat (é, ü, “) enough
    to be cached: folding a whole library this way is several times faster. Lowering
    first and case-folding the runs after gives the same result as case-folding alone
    (a property test holds it to the obvious definition), also for scripts such as
    Cherokee whose case-fold is upper case.
    """
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return _NON_ASCII.sub(lambda match: _fold_run(match[0]), lowered)


def fold_many(texts: Iterable[str]) -> list[str]:
    """`fold` each text, a few thousand at a time (one call over their concatenation).

    Chunks keep the temporary strings small: folding a 100,000-paper library as one
    string would briefly hold three 20 MB copies of it.
    """
    folded: list[str] = []
    chunk: list[str] = []
    for text in texts:
        chunk.append(text.replace(_SEPARATOR, " "))
        if len(chunk) == _FOLD_CHUNK:
            folded += fold(_SEPARATOR.join(chunk)).split(_SEPARATOR)
            chunk = []
    if chunk:
        folded += fold(_SEPARATOR.join(chunk)).split(_SEPARATOR)
    return folded


_CONTROLS: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""C0 and C1 control characters, and DEL, but not tab, newline or carriage return (a
line break in files that use it alone)."""
LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
"""Line breaks as the document parsers count them (not str.splitlines's, which also
breaks at form feeds and other separators)."""
_SHOWN_CONTROLS: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""What may not reach a terminal: every control character but tab and newline."""


def strip_controls(text: str) -> tuple[str, int, tuple[int, ...]]:
    """`text` without control characters, how many it had, and the lines (1-based)
    that had some.

    Imported text keeps none: an escape sequence in a summary would otherwise be
    stored, and could one day reach a terminal.
    """
    if not _CONTROLS.search(text):
        return text, 0, ()
    lines = tuple(
        number
        for number, line in enumerate(LINE_BREAK.split(text), start=1)
        if _CONTROLS.search(line)
    )
    stripped, removed = _CONTROLS.subn("", text)
    return stripped, removed, lines


def _picture(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL...
    return "\u2421" if code == 0x7F else "\ufffd"


def visible(text: str) -> str:
    """`text` safe for a terminal: each control character (a note may hold what the
    reader pasted) shown as a picture of itself (`␛`), never sent as one."""
    return _SHOWN_CONTROLS.sub(_picture, text) if _SHOWN_CONTROLS.search(text) else text
