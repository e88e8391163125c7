"""LaTeX in BibTeX values: decoded to text for display and search, escaped for export.

Decoding is pylatexenc's (`LatexNodes2Text`), but pylatexenc costs 0.4 ms for a title
and 6 ms for an abstract, and running it over every field of a 10,000-entry file was
most of a two-minute import. So only the fields papershelf shows and searches are
decoded, and most values never reach pylatexenc:

- a value with none of `\\ { } $ ~ % ` -- ''` is already text;
- a value whose only LaTeX is braces, escaped specials (`\\%`, `\\&`) and accents
  (`M{\\"u}ller`, `\\'e`, `{\\aa}`, `\\c{S}`) is decoded here, character for character as
  pylatexenc would (a test compares the two on generated values);
- anything else (math, `\\emph`, unknown commands) is decoded by pylatexenc, one word
  at a time where the value splits cleanly into words, each cached: a formula in an
  abstract costs one small call, not a walk over 2,000 characters.

pylatexenc takes more than linear time in the length of what it is given (18 s for a
1 MB formula), so no call gets more than `LONGEST_PIECE` characters: a longer group or
formula (an unclosed brace in a 5 MB abstract) is decoded word by word, and a long
value's `%` comments are cut before its words are. Decoding is linear in the value.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final, Protocol

_SIMPLE_TOKEN: Final = re.compile(
    r"""\\([&%$#_{}])                                  # escaped special
      | \\([`'^"~=.])\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))  # accent
      | \\([uvHckrdb])(?:\s*\{\s*(\\[ij]|[A-Za-z])\s*\}|\s+([A-Za-z]))  # letter accent
      | \\(aa|AA|ss|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])(?:\{\}|\s*)  # letter command
      | [{}]                                           # grouping: dropped
    """,
    re.VERBOSE,
)
_ESCAPABLE: Final = frozenset("&%$#_{}")
_NOT_QUICK: Final = ("$", "~", "%", "`", "--", "''")
_LEFTOVER: Final = re.compile(r"[\\$~%`]|--|''|[?!]`")
_ACCENTS: Final = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
_LETTERS: Final = {
    "aa": "å",
    "AA": "Å",
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
}
_DOTLESS: Final = {"\\i": "i", "\\j": "j"}
_WORD_BREAK: Final = re.compile(r"\s+")
_CONTROL_WORD_END: Final = re.compile(r"\\[A-Za-z]+\*?$|\\.$")
_GROUPING: Final = re.compile(r"\\.|[{}$]")
_COMMENT: Final = re.compile(r"(?<!\\)((?:\\\\)*)%[^\n]*")
"""A `%` not escaped (an even number of backslashes before it) and the rest of its line."""
LONGEST_PIECE: Final = 4096
"""The most characters given to pylatexenc at once (about 40 ms of its time)."""

_LATEX_SPECIALS: Final = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
    }
)
_LIGATURE: Final = re.compile(r"(?<=[-'`?!<>,])(?=[-'`<>,])")
_SPECIAL: Final = re.compile(r"[\\{}&%$#_~]")
_LIGATURE_PAIR: Final = re.compile(r"[-'`?!<>,][-'`<>,]")
"""With `_SPECIAL`, what `latex_escape` changes: most titles and abstracts have none of
it, and looking costs a tenth of translating them (an export of 100,000 papers escapes
half a million). Two searches: each starts with one set of characters, which the regex
engine skips to in C; one search for either, an alternation it cannot skip through,
took twice as long (0.2 s against 0.1 s for 300,000 seed texts)."""


def latex_escape(text: str) -> str:
    """Text as a BibTeX value that LaTeX and `decode` both read back exactly.

    The file stays UTF-8 (as Zotero writes it): only characters special to BibTeX or
    LaTeX are escaped, and `{}` breaks the ligatures a decoder would turn into other
    characters (`--` into an en dash, two quotes into a curly one, `?`` into ¿).
    """
    if not _needs_escape(text):
        return text
    return _LIGATURE.sub("{}", text.translate(_LATEX_SPECIALS))


def is_plain_text(text: str) -> bool:
    """Whether `latex_escape` leaves the text as it is and `decode` of what it makes
    changes nothing but its white space: no LaTeX special, no ligature, no backtick
    (nearly every title, journal and abstract of a seed paper)."""
    return "`" not in text and not _needs_escape(text)


def _needs_escape(text: str) -> bool:
    """Whether `latex_escape` changes the text (see `_LIGATURE_PAIR`)."""
    return _SPECIAL.search(text) is not None or _LIGATURE_PAIR.search(text) is not None


def decode(value: str) -> str:
    """A BibTeX value's text (LaTeX decoded, white space collapsed to single spaces)."""
    quick = _decode_quickly(value)
    if quick is not None:
        return collapse_white_space(quick)
    simple = decode_simple(value)
    if simple is not None:
        return collapse_white_space(simple)
    if "%" in value:  # a comment runs to the end of its line: words cannot be cut
        if len(value) <= LONGEST_PIECE:
            return " ".join(_pylatexenc(value).split())
        value = _COMMENT.sub(r"\1", value)
    return " ".join(part for word in _words(value) if (part := _decode_word(word)))


def collapse_white_space(text: str) -> str:
    """`" ".join(text.split())`, without splitting a text that has nothing to collapse:
    no white space but the space, never two together or one at an end (splitting an
    abstract had cost a tenth of an import)."""
    if _spaces_only(text) and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


ASCII_WHITE_SPACE: Final = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
"""Every ASCII character that `str.split` splits at, but the space."""


def _spaces_only(text: str) -> bool:
    """Whether the space is the only white space in `text`. ASCII text (nearly every
    value of a .bib file) is searched for the others, nine searches taking a seventh of
    the time of `isprintable`, which looks each character up (a printable text has no
    white space but the space)."""
    if not text.isascii():
        return text.isprintable()
    return (  # `ASCII_WHITE_SPACE` one by one: a generator over it cost twice the searches
        "\t" not in text
        and "\n" not in text
        and "\x0b" not in text
        and "\x0c" not in text
        and "\r" not in text
        and "\x1c" not in text
        and "\x1d" not in text
        and "\x1e" not in text
        and "\x1f" not in text
    )


def decode_text(value: str) -> str:
    """A longer text (a note) decoded with its line breaks kept, trimmed at both ends."""
    quick = _decode_quickly(value)
    if quick is None:
        quick = decode_simple(value)
    if quick is None:
        long = len(value) > LONGEST_PIECE
        quick = "\n".join(map(decode, value.split("\n"))) if long else _pylatexenc(value)
    return "\n".join(line.rstrip() for line in quick.strip().split("\n"))


def _decode_quickly(value: str) -> str | None:
    """The common cases in plain string operations (a 2,000-character abstract with a
    `\\%` in it costs microseconds): text with no LaTeX but braces and escaped specials.
    None when the value has anything else."""
    head, *escaped = value.split("\\")
    text = _without_braces(head)
    if text is None:
        return None
    if not escaped:
        return text
    pieces = [text]
    for part in escaped:
        if not part or part[0] not in _ESCAPABLE:
            return None
        rest = _without_braces(part[1:])
        if rest is None:
            return None
        pieces += (part[0], rest)
    return "".join(pieces)


def _without_braces(text: str) -> str | None:
    """Text between escapes: braces dropped; None if it holds other LaTeX."""
    for mark in _NOT_QUICK:  # a loop, not any(): a generator per value was 4% of an import
        if mark in text:
            return None
    if "{" in text or "}" in text:
        text = text.replace("{", "").replace("}", "")
        if "--" in text or "''" in text:
            return None  # braces broke a ligature that they no longer break
    return text


def decode_simple(value: str) -> str | None:
    """Decode braces, escaped specials and accents; None when the value has anything else.

    What this returns is what pylatexenc returns for the same value (see the tests).
    """
    if _LEFTOVER.search(_SIMPLE_TOKEN.sub("", value)):
        return None
    return _SIMPLE_TOKEN.sub(_decoded_token, value)


def _decoded_token(match: re.Match[str]) -> str:
    special, accent, braced, bare, letter_accent, l_braced, l_bare, letter = match.groups()
    if special is not None:
        return special
    if letter is not None:
        return _LETTERS[letter]
    if accent is None and letter_accent is None:
        return ""  # a brace
    base = braced or bare or l_braced or l_bare
    mark = _ACCENTS[accent or letter_accent]
    return unicodedata.normalize("NFC", _DOTLESS.get(base, base) + mark)


def _words(value: str) -> list[str]:
    """The value cut at spaces that are outside braces and math, and not the space that
    ends a control word (`\\c S`): each piece decodes the same on its own. A group or
    formula longer than `LONGEST_PIECE` is cut into its words."""
    words: list[str] = []
    joined: list[str] = []
    length = depth = dollars = 0
    for piece in _WORD_BREAK.split(value.strip()):
        joined.append(piece)
        length += len(piece) + 1
        for token in _GROUPING.findall(piece):  # counted once a piece: linear
            depth += (token == "{") - (token == "}")
            dollars += token == "$"
        if depth > 0 or dollars % 2 == 1 or _CONTROL_WORD_END.search(piece):
            if length <= LONGEST_PIECE:
                continue  # open: the next piece belongs to this word
            words += joined
        else:
            words.append(" ".join(joined))
        joined, length, depth, dollars = [], 0, 0, 0
    if joined:
        words.append(" ".join(joined))
    return words


@lru_cache(maxsize=16384)
def _decode_word(word: str) -> str:
    simple = decode_simple(word)
    return " ".join((simple if simple is not None else _pylatexenc(word)).split())


class _Decoder(Protocol):
    def latex_to_text(self, latex: str) -> str: ...


def _pylatexenc(value: str) -> str:
    return str(_decoder().latex_to_text(value))


@lru_cache(maxsize=1)
def _decoder() -> _Decoder:
    """pylatexenc's decoder, built once (its tables take ~30 ms to set up)."""
    from pylatexenc.latex2text import LatexNodes2Text

    decoder: _Decoder = LatexNodes2Text()
    return decoder
