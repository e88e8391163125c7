"""The search language shared by the app and the command line: parse once, match fast.

Words are ANDed and matched case- and accent-insensitively as substrings of a paper's
summary, abstract, journal, title, authors, tags and note. See `parse_query` for the
operators.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from .errors import QuerySyntaxError
from .records import Entry

_COMBINING: Final = re.compile(
    r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_QUOTES: Final = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_SPACES: Final = re.compile(r"\s+")
_FIELDS: Final = ("tag", "is", "year", "cites", "journal")
_STATES: Final = ("read", "unread", "noted")
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


def fold(text: str) -> str:
    """Lower-case text without accents, so `Müller` finds `muller` and `MULLER`."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return _COMBINING.sub("", decomposed).casefold()


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """What a query looks at for one paper, folded once so each keystroke is cheap."""

    text: str
    """Folded summary, abstract, journal, title, authors, tags and note, one per line."""
    journal: str
    """Folded journal name."""
    tags: frozenset[str]
    """Folded tags."""
    year: int | None
    citations: int | None
    read: bool
    noted: bool

    @classmethod
    def of(cls, entry: Entry, paper_text: str | None = None) -> SearchDoc:
        """Build the search view of an entry.

        Args:
            entry: the paper and its reading state.
            paper_text: `paper_haystack(entry.paper)` when the caller has it cached.
        """
        paper, state = entry.paper, entry.state
        if paper_text is None:
            paper_text = paper_haystack(entry)
        state_text = fold("\n".join((*state.tags, state.note))) if not state.is_blank else ""
        return cls(
            text=f"{paper_text}\n{state_text}" if state_text else paper_text,
            journal=fold(paper.journal),
            tags=frozenset(fold(tag) for tag in state.tags),
            year=paper.year,
            citations=paper.citations,
            read=state.read,
            noted=bool(state.note.strip()),
        )


def paper_haystack(entry: Entry) -> str:
    """The folded text of the imported data of a paper (it changes only on import)."""
    paper = entry.paper
    parts = (paper.summary, paper.abstract, paper.journal, paper.title, *paper.authors)
    return fold("\n".join(part for part in parts if part))


Predicate = Callable[[SearchDoc], bool]


@dataclass(frozen=True, slots=True)
class Term:
    """One condition of a query, as the user wrote it."""

    text: str
    """The term's source text (for messages and tests)."""
    predicate: Predicate
    negated: bool
    highlight: str | None
    """Folded text to highlight in results, for positive text terms."""

    def __call__(self, doc: SearchDoc) -> bool:
        return self.predicate(doc) != self.negated


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: all of its terms must hold."""

    source: str
    terms: tuple[Term, ...]

    @property
    def is_empty(self) -> bool:
        """True for a query that matches everything."""
        return not self.terms

    @property
    def highlights(self) -> tuple[str, ...]:
        """Folded words and phrases to highlight, longest first so overlaps look right."""
        words = {term.highlight for term in self.terms if term.highlight}
        return tuple(sorted(words, key=len, reverse=True))

    def matches(self, doc: SearchDoc) -> bool:
        """Whether one paper satisfies every term."""
        return all(term(doc) for term in self.terms)

    def filter(self, docs: Sequence[SearchDoc]) -> list[int]:
        """Indexes of the docs that match, in order.

        Terms are applied one after another over a shrinking candidate list, so a
        selective first term makes the rest nearly free.
        """
        candidates: list[int] = list(range(len(docs)))
        for term in self.terms:
            predicate, negated = term.predicate, term.negated
            candidates = [i for i in candidates if predicate(docs[i]) != negated]
            if not candidates:
                break
        return candidates


def _text_predicate(needle: str) -> Predicate:
    return lambda doc: needle in doc.text


def _journal_predicate(needle: str) -> Predicate:
    return lambda doc: needle in doc.journal


def _tag_predicate(tag: str) -> Predicate:
    return lambda doc: tag in doc.tags


def _state_predicate(state: str) -> Predicate:
    if state == "read":
        return lambda doc: doc.read
    if state == "unread":
        return lambda doc: not doc.read
    return lambda doc: doc.noted


def _number_predicate(
    value: str, field: str, position: int, get: Callable[[SearchDoc], int | None]
) -> Predicate:
    example = "2017, >=2015 or 2010..2015" if field == "year" else "50, >50 or 10..100"
    problem = f"{field}: takes a number or range like {example}"
    if (match := _RANGE.fullmatch(value)) and (match["low"] or match["high"]):
        low = _number(match["low"], problem, position) if match["low"] else None
        high = _number(match["high"], problem, position) if match["high"] else None
        if low is not None and high is not None and low > high:
            raise QuerySyntaxError(f"{field}: range {value} is empty (low > high)", position)

        def in_range(doc: SearchDoc) -> bool:
            number = get(doc)
            return (
                number is not None
                and (low is None or number >= low)
                and (high is None or number <= high)
            )

        return in_range
    if match := _COMPARISON.fullmatch(value):
        compare = _OPERATORS[match["op"] or "="]
        bound = _number(match["number"], problem, position)

        def compared(doc: SearchDoc) -> bool:
            number = get(doc)
            return number is not None and compare(number, bound)

        return compared
    raise QuerySyntaxError(problem, position)


def _number(text: str, problem: str, position: int) -> int:
    digits = text.replace(",", "")
    if not digits.isdigit():
        raise QuerySyntaxError(problem, position)
    return int(digits)


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
    value = _SPACES.sub(" ", token.value.strip())
    folded = fold(value)
    highlight: str | None = None
    predicate: Predicate
    if token.field is None:
        predicate = _text_predicate(folded)
        highlight = None if token.negated else folded
    elif token.field == "journal":
        predicate = _journal_predicate(folded)
        highlight = None if token.negated else folded
    elif token.field == "tag":
        predicate = _tag_predicate(folded)
    elif token.field == "is":
        if folded not in _STATES:
            raise QuerySyntaxError("is: takes read, unread or noted", token.position)
        predicate = _state_predicate(folded)
    elif token.field == "year":
        predicate = _number_predicate(value, "year", token.position, lambda doc: doc.year)
    else:
        predicate = _number_predicate(value, "cites", token.position, lambda doc: doc.citations)
    return Term(token.text, predicate, token.negated, highlight)


@lru_cache(maxsize=256)
def parse_query(query: str) -> Query:
    """Parse the search language.

    - `word`: matches summary, abstract, journal, title, authors, tags and note;
      several words must all match; `"a phrase"` matches the words together.
    - `-word`, `-"phrase"`, `-tag:x`, `-is:read`...: exclude what matches.
    - `tag:x`: has the tag x (any case); `journal:word`: journal contains word.
    - `is:read`, `is:unread`, `is:noted`.
    - `year:2017`, `year:>=2015`, `year:2010..2015`; `cites:>50` (also <, <=, =, ranges).

    Raises:
        QuerySyntaxError: what is wrong and where, for the user to fix.
    """
    return Query(query, tuple(_term(token) for token in _tokens(query)))
