"""The search language shared by the app and the command line: parsed into plain terms.

Words are ANDed and matched case- and accent-insensitively as substrings of a paper's
summary, abstract, journal, title, authors, DOI, citation key, tags and note; `OR`
between terms keeps a paper that matches either. See `parse_query` for the operators;
`search_index.SearchIndex` evaluates the terms over a whole library.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal, cast, get_args

from .dois import clean_doi
from .errors import QuerySyntaxError
from .records import PRIORITIES, STATUSES
from .text import collapse_spaces, fold

TEXT_FIELDS: Final = frozenset(["text", "journal", "venue", "author", "title", "key", "doi"])
"""Fields whose terms are substrings (or, with a trailing `*`, word starts)."""
_HIGHLIGHTED: Final = frozenset(["text", "journal", "venue", "title"])
"""Fields the list shows, so that their matches can be highlighted there."""
_STATES: Final = ("unread", *STATUSES, "noted")
"""`is:` values: `unread` (still to read: new, queued or reading), each status, `noted`."""
_COMPARISON: Final = re.compile(r"(?P<op>>=|<=|>|<|=)?(?P<number>[\d,]+)")
_RANGE: Final = re.compile(r"(?P<low>[\d,]*)\.\.(?P<high>[\d,]*)")
_FIELD_PREFIX: Final = re.compile(r"([A-Za-z]+):")
_CLOSING_QUOTE: Final = re.compile(r"[\"“”]")
_OPERATORS: Final[dict[str, Callable[[int, int], bool]]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,
}


SEARCH_SYNTAX: Final[tuple[tuple[str, str], ...]] = (
    (
        "hair growth",
        "both words, in summary, abstract, journal, title, authors, DOI, key, tags or note "
        "(case and accents ignored)",
    ),
    ('"hair growth"', "the phrase"),
    ("hair OR scalp", "either (OR binds tighter than AND: `a b OR c` is a and (b or c))"),
    ("hair*", "a word starting with hair (hairs, haircut; not chair)"),
    ('-word, -"a phrase"', "papers without it"),
    ("tag:x, -tag:x", "with / without tag x (any case)"),
    (
        "is:unread, is:queued, is:read, is:noted",
        "by reading status: new, queued, reading, skimmed, read, dropped; unread is still "
        "to read (new, queued or reading); noted has a note (-is:noted works too)",
    ),
    ("prio:1, prio:<=2, prio:none", "by priority: 1 is high, 3 low; none has no priority"),
    ("year:2017, year:>=2015, year:2010..2015, year:..2010", "by year"),
    ("cites:>50, cites:10..100", "by citation count (unknown counts never match)"),
    (
        'journal:word, journal:"two words", venue:word',
        "the venue shown in the journal column contains: the journal, else the book or "
        "proceedings, else the publisher, school or institution",
    ),
    (
        "author:smith, title:word, key:gentile*, doi:10.1038",
        "that field contains (title: the summary where there is no title)",
    ),
    (
        "type:book, type:thesis",
        "entry type, BibTeX's or CSL's (`type:thesis` finds `phdthesis` and `mastersthesis`)",
    ),
)
"""The search language, example by example: the help screen, the search bar's help and
the README show these rows (a test holds the README to them)."""

SEARCH_SUMMARY: Final = (
    'words, "phrase", hair*, a OR b, -word, tag:x, is:unread|queued|read|..., prio:<=2, '
    "year:2017 (>=2015, 2010..2015), cites:>50, journal:, venue:, author:, title:, key:, doi:, "
    "type:"
)
"""The search language on one line, for the search box and the help screen."""

TermField = Literal[
    "tag",
    "is",
    "year",
    "cites",
    "prio",
    "journal",
    "venue",
    "author",
    "title",
    "key",
    "doi",
    "type",
    "text",
]
_FIELDS: Final = tuple(name for name in get_args(TermField) if name != "text")
"""The filters a query may name (`tag:`...); a plain word is a `text` term."""
NumberTest = Callable[[int | None], bool]


@dataclass(frozen=True, slots=True)
class Term:
    """One condition of a query, as plain data an index can evaluate in bulk."""

    text: str
    """The term's source text (for messages and tests)."""
    field: TermField
    value: str
    """Folded needle (text fields, type), folded tag, state name, or the number as typed."""
    negated: bool
    accepts: NumberTest | None = None
    """For year, cites and prio: whether a paper's number satisfies the term."""
    prefix: bool = False
    """A trailing `*`: the value starts a word (`hair*`: hair, hairs; not chair), or
    for `tag:` and `type:`, starts the name."""

    @property
    def highlight(self) -> str | None:
        """Folded text to highlight in results, for positive terms of shown fields."""
        return self.value if self.field in _HIGHLIGHTED and not self.negated else None

    def implies(self, other: Term) -> bool:
        """Whether every paper this term keeps is kept by `other` too.

        Typing extends a word, so `hair` implies `hai`, `hair*` implies `hai*` and
        `hair`, and `-hai` implies `-hair`; other terms imply only themselves.
        """
        if (self.field, self.negated) != (other.field, other.negated):
            return False
        if self.negated:  # fewer papers lack a longer word: the positive terms swap
            return _keeps_within(other, self)
        return _keeps_within(self, other)


def _keeps_within(narrow: Term, wide: Term) -> bool:
    """Whether every paper the positive term `narrow` keeps, `wide` keeps too."""
    if narrow.field in TEXT_FIELDS:
        if wide.prefix:  # a word starting with `wide` needs `narrow` to start one too
            return narrow.prefix and narrow.value.startswith(wide.value)
        return wide.value in narrow.value
    if narrow.field in ("tag", "type"):
        if wide.prefix:
            return narrow.value.startswith(wide.value)
        return not narrow.prefix and narrow.value == wide.value
    return narrow.value == wide.value


@dataclass(frozen=True, slots=True)
class Clause:
    """Terms joined by `OR`: a paper is kept when any of them holds."""

    terms: tuple[Term, ...]

    def implies(self, other: Clause) -> bool:
        """Whether every paper this clause keeps, `other` keeps too."""
        return all(any(term.implies(wide) for wide in other.terms) for term in self.terms)


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: all of its clauses must hold (each clause: any of its terms)."""

    source: str
    clauses: tuple[Clause, ...]

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term, in order."""
        return tuple(term for clause in self.clauses for term in clause.terms)

    @property
    def is_empty(self) -> bool:
        """True for a query that matches everything."""
        return not self.clauses

    @property
    def highlights(self) -> tuple[str, ...]:
        """Folded words and phrases to highlight, longest first so overlaps look right."""
        words = {term.highlight for term in self.terms if term.highlight}
        return tuple(sorted(words, key=len, reverse=True))

    def narrows(self, previous: Query) -> bool:
        """Whether this query's matches are a subset of `previous`'s.

        True while the reader types on: the last result can then be filtered instead of
        the whole library.
        """
        return all(any(clause.implies(old) for clause in self.clauses) for old in previous.clauses)

    def without_terms_implied_by(self, previous: Query) -> Query:
        """This query without the clauses every match of `previous` already satisfies."""
        clauses = previous.clauses
        kept = tuple(c for c in self.clauses if not any(old.implies(c) for old in clauses))
        return Query(self.source, kept)

    def with_term(self, text: str) -> Query:
        """This query with one more term, written in the search language."""
        return Query(f"{self.source} {text}".strip(), (*self.clauses, *parse_query(text).clauses))


_EXAMPLES: Final = {
    "year": "2017, >=2015 or 2010..2015",
    "cites": "50, >50 or 10..100",
    "prio": "1, <=2, 1..2 or none",
}


def _number_test(value: str, field: str, position: int) -> NumberTest:
    problem = f"{field}: takes a number or range like {_EXAMPLES[field]}"
    if field == "prio" and fold(value) == "none":
        return _is_none
    if (match := _RANGE.fullmatch(value)) and (match["low"] or match["high"]):
        low = _number(match["low"], problem, position, field) if match["low"] else None
        high = _number(match["high"], problem, position, field) if match["high"] else None
        if low is not None and high is not None and low > high:
            raise QuerySyntaxError(f"{field}: range {value} is empty (low > high)", position)

        def in_range(number: int | None) -> bool:
            return (
                number is not None
                and (low is None or number >= low)
                and (high is None or number <= high)
            )

        return in_range
    if match := _COMPARISON.fullmatch(value):
        compare = _OPERATORS[match["op"] or "="]
        bound = _number(match["number"], problem, position, field)

        def compared(number: int | None) -> bool:
            return number is not None and compare(number, bound)

        return compared
    raise QuerySyntaxError(problem, position)


def _is_none(number: int | None) -> bool:
    return number is None


def _number(text: str, problem: str, position: int, field: str) -> int:
    digits = text.replace(",", "")
    if not digits.isdigit():
        raise QuerySyntaxError(problem, position)
    number = int(digits)
    if field == "prio" and number not in PRIORITIES:  # prio:4 would quietly find nothing
        raise QuerySyntaxError("prio: priorities are 1 (high) to 3 (low), or none", position)
    return number


@dataclass(frozen=True, slots=True)
class _Token:
    negated: bool
    field: str | None
    value: str
    quoted: bool
    position: int
    text: str


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, end = 0, len(query)
    while i < end:
        if query[i].isspace():
            i += 1
            continue
        start = i
        negated = query[i] == "-"
        i += negated
        field: str | None = None
        match = _FIELD_PREFIX.match(query, i)
        if match:
            field = match[1].lower()
            if field not in _FIELDS:
                known = ", ".join(f"{name}:" for name in _FIELDS)
                raise QuerySyntaxError(f"unknown filter {match[1]}: (known: {known})", i)
            i = match.end()
        quoted = i < end and query[i] in '"“”'
        if quoted:
            close = _CLOSING_QUOTE.search(query, i + 1)
            if close is None:
                raise QuerySyntaxError('unclosed quote: add a closing "', i)
            value = query[i + 1 : close.start()]
            i = close.end()
        else:
            value_start = i
            while i < end and not query[i].isspace():
                i += 1
            value = query[value_start:i]
        text = query[start:i]
        if not value.strip():
            if field:
                raise QuerySyntaxError(f"{field}: needs a value", start)
            if negated and not quoted:
                raise QuerySyntaxError("'-' needs a word after it", start)
            if quoted:
                raise QuerySyntaxError("empty quotes", start)
        tokens.append(_Token(negated, field, value, quoted, start, text))
    return tokens


def _term(token: _Token) -> Term:
    value = collapse_spaces(token.value)
    field = cast(TermField, token.field or "text")
    if field in ("year", "cites", "prio"):
        test = _number_test(value, field, token.position)
        return Term(token.text, field, value, token.negated, test)
    prefix = not token.quoted and value.endswith("*") and field not in ("is",)
    if prefix:
        value = value[:-1]
        if not value.strip():
            raise QuerySyntaxError("'*' ends a word: write it after one (hair*)", token.position)
    if field == "doi":  # as copied from a link or a reference: https://doi.org/10.x/y
        value = clean_doi(value)
    folded = fold(value)
    if field == "is" and folded not in _STATES:
        raise QuerySyntaxError(f"is: takes {', '.join(_STATES)}", token.position)
    return Term(token.text, field, folded, token.negated, prefix=prefix)


def _clauses(tokens: list[_Token], query: str) -> tuple[Clause, ...]:
    """Terms grouped by `OR` (which binds tighter than the AND between words)."""
    groups: list[list[Term]] = []
    joining = False
    for token in tokens:
        if _is_or(token):
            if not groups or joining:
                raise QuerySyntaxError("OR needs a term before it", token.position)
            joining = True
            continue
        term = _term(token)
        if joining:
            groups[-1].append(term)
        else:
            groups.append([term])
        joining = False
    if joining:
        raise QuerySyntaxError("OR needs a term after it", len(query.rstrip()))
    return tuple(Clause(tuple(group)) for group in groups)


def _is_or(token: _Token) -> bool:
    return token.text == "OR"


def tag_term(tag: str) -> str | None:
    """The term that finds papers with `tag`: `tag:x`, or `tag:"two words"`; None for a
    tag with a double quote in it, which the language cannot write."""
    if _CLOSING_QUOTE.search(tag):
        return None
    if tag.endswith("*") or any(char.isspace() for char in tag):
        return f'tag:"{tag}"'
    return f"tag:{tag}"


@lru_cache(maxsize=256)
def parse_query(query: str) -> Query:
    """Parse the search language.

    - `word`: matches summary, abstract, journal, title, authors, DOI, citation key,
      tags and note; several words must all match; `"a phrase"` matches the words
      together; `hair*` matches a word starting with hair (hairs, not chair).
    - `a OR b`: either (OR binds tighter than the AND between words).
    - `-word`, `-"phrase"`, `-tag:x`, `-is:read`...: exclude what matches.
    - `tag:x`: has the tag x (any case); `journal:word` or `venue:word`: the journal
      (or book, proceedings) contains word; `author:`, `title:`, `key:`, `doi:` the same
      for those fields; `type:book`: the entry type (BibTeX's, or CSL's: `type:thesis`).
    - `is:unread` (new, queued or reading), `is:<status>` for each of `STATUSES`,
      `is:noted`.
    - `year:2017`, `year:>=2015`, `year:2010..2015`; `cites:>50`; `prio:1`, `prio:<=2`,
      `prio:none` (also <, <=, =, ranges).

    Raises:
        QuerySyntaxError: what is wrong and where, for the user to fix.
    """
    return Query(query, _clauses(_tokens(query), query))
