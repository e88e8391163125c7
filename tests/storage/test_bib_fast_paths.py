"""The .bib reader's shortcuts give exactly what its general paths give.

The scanner reads runs of usual fields with one regular expression, and a usual field
with another; the reference is the same scanner with both turned off, so that every
value goes through the brace-by-brace reading. Generated files mix what the shortcuts
must leave alone (escaped braces, a line starting with `@` inside a value, `#`
concatenations, macros, unclosed groups) with what they take.
"""

from __future__ import annotations

import re
import sys
from unittest.mock import patch

from bibtexparser.middlewares.names import split_multiple_persons_names
from hypothesis import example, given, settings
from hypothesis import strategies as st

from storage.formats import bib_scanner
from storage.formats.bib_scanner import ScanError, Scanned, scan
from storage.formats.items import split_braced_names
from storage.formats.latex import ASCII_WHITE_SPACE, collapse_white_space

_SAFE = st.sampled_from(
    ["Hair", " ", "growth", "{JAK}", 'M{\\"u}ller', "\\{", "\\}", "\\\\", '\\"', "50\\%"]
    + ["{a{b{c}}}", "{a{b{c{d}}}}", "me@example.org", ",", "=", "#", "{$\\beta$}", "\\'e"]
)
_HAZARD = st.sampled_from(["{", "}", "\n@", "\n  @x", "\\\n", '"', "%c\n", "\\{a}"])
_TEXT = st.one_of(_SAFE, _SAFE, _SAFE, _SAFE, _SAFE, _SAFE, _HAZARD)
"""Mostly text that reads, so that what follows a hazard is read too."""
_VALUE = st.one_of(
    st.lists(_TEXT, max_size=6).map(lambda parts: "{" + "".join(parts) + "}"),
    st.lists(_TEXT, max_size=4).map(lambda parts: '"' + "".join(parts) + '"'),
    st.sampled_from(["2020", "nov", "jid", "jid # { x}", '"a" # nov', "2020x", "{a} #"]),
)
_FIELD = st.tuples(st.sampled_from(["title", "Author", "year", "note", "x-y", "title"]), _VALUE)


def _entry(key: str, fields: list[tuple[str, str]], comma: bool) -> str:
    body = ",".join(f"\n  {name} = {value}" for name, value in fields)
    return f"@article{{{key},{body}{',' if comma else ''}\n}}\n"


def _scanned(text: str) -> Scanned | tuple[int, str, str]:
    try:
        return scan(text)
    except ScanError as error:
        return (error.line, error.block, error.problem)


@settings(max_examples=400)
@given(
    st.lists(st.tuples(st.lists(_FIELD, max_size=5), st.booleans()), min_size=1, max_size=4).map(
        lambda entries: (
            "@string{jid = {J. Invest. Dermatol.}}\n"
            + "\n".join(
                _entry(f"k{number}", fields, comma)
                for number, (fields, comma) in enumerate(entries)
            )
        )
    )
)
@example("@string{jid = {J. Invest.}}\n@article{k,\n  title = jid # { x}\n}\n")  # was `ji`
def test_plain_field_runs_read_as_field_by_field(text: str) -> None:
    never = re.compile(r"(?!)")
    with patch.multiple(bib_scanner, _PLAIN_FIELDS=never, _PLAIN_FIELD=never):
        reference = _scanned(text)
    assert _scanned(text) == reference


_NAME_PIECES = st.sampled_from(
    ["Anna", 'M{\\"u}ller', ",", " ", "  ", "and", "AnD", "\t", "\n", "{", "}", "\\", "{\\c S}"]
    + ["{and}", "{x and y}", "{x and}", "{ and }", "{{x}}", "{{x} and {y}}", "\xa0", "~", "an"]
    + ["d", "\\{", "\\}", "{\\\\}", "x\\ and", "{}", "-"]
)


@settings(max_examples=1000)
@given(st.lists(_NAME_PIECES, min_size=1, max_size=12).map("".join))
@example("{a\\} and {b}")  # one name: the escaped brace leaves the group open
def test_braced_names_split_as_bibtexparser_splits_them(names: str) -> None:
    found = split_braced_names(names)
    if found is not None:
        assert found == split_multiple_persons_names(names)


def test_accented_names_take_the_shortcut() -> None:
    names = 'M{\\"u}ller, Anna and {\\c S}ahin, Min and {van der Berg}, Lei'
    assert split_braced_names(names) == [
        'M{\\"u}ller, Anna',
        "{\\c S}ahin, Min",
        "{van der Berg}, Lei",
    ]


def test_printable_text_has_no_white_space_but_the_space() -> None:
    """What `collapse_white_space`'s shortcut rests on, for every code point."""
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert [space for space in spaces if space.isprintable()] == [" "]


def test_the_ascii_white_space_is_the_space_and_these() -> None:
    """What `collapse_white_space`'s shortcut for ASCII text rests on."""
    spaces = [chr(c) for c in range(128) if chr(c).isspace()]
    assert spaces == sorted([*ASCII_WHITE_SPACE, " "])


@given(st.text(st.sampled_from(["a", "é", " ", "\xa0", "\u2028", "β", *ASCII_WHITE_SPACE])))
def test_white_space_collapses_as_split_and_join_do(text: str) -> None:
    assert collapse_white_space(text) == " ".join(text.split())
