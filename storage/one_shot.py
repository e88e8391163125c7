"""A query answered once, without a search index: what the command line's `list QUERY`
(and `tags QUERY`, see `tag_counts`) needs.

The search index folds every paper's haystack, and its word index, reading state and
tag counts, so that every later keystroke is cheap. A command answers one query and
exits: at 10,000 papers building the index was three quarters of `list "hair
follicle"`. Most queries have a word every match must contain, and few papers do; so
each searchable field is lowered as a column, in C (a text that is ASCII once lowered
is folded already, see `fold`; only the few others are folded), and only the
papers that contain such a word somewhere are handed to a `SearchIndex` of their own,
which decides, exactly as the whole library's would, which of them match.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Mapping, Sequence
from itertools import chain, compress, repeat
from operator import contains, itemgetter, not_, or_
from typing import Final, cast

from .catalog import Catalog
from .records import StateDoc
from .search import Clause, Query
from .sorting import SortOrder
from .state_fields import tag_names
from .text import fold, fold_many

_OWN_FIELDS: Final = ("summary", "abstract", "journal", "title", "doi", "key")
"""The fields of a paper's own text besides its authors (see `Catalog.search_fields`)."""
_SEPARATOR: Final = "\x00"
"""Between the texts of a column joined; the index's haystack has it as a space (see
`fold_many`), and the separator between a paper's own text and its tags (`\x1e`) too:
a phrase may match across them there."""


def matching(
    catalog: Catalog, states: Mapping[str, StateDoc], numbers: Sequence[int], query: Query
) -> list[int]:
    """The papers of `numbers` (paper numbers of `catalog`) that match `query`, in their
    order: `SearchIndex.filter` over them, without indexing the papers that cannot."""
    from .search_index import SearchIndex  # only once some paper may match

    candidates = _candidates(catalog, states, query)
    if candidates is not None:
        numbers = [number for number in numbers if candidates[number]]
    if not numbers:
        return []
    words = any(term.field == "text" for clause in query.clauses for term in clause.terms)
    return SearchIndex(catalog, states, numbers, own_texts=words).filter(query, numbers)


def tag_counts(
    catalog: Catalog, states: Mapping[str, StateDoc], numbers: Sequence[int]
) -> list[tuple[str, int]]:
    """`SearchIndex.tag_counts` of these papers without an index: each tag (folded, so
    that `Stem cells` and `stem cells` are one) with how many of the papers have it,
    most used first.

    Where no two spellings in the library fold alike (nearly always), each spelling is
    its own tag: the spellings are counted in C and shown as written. Otherwise a tag
    is shown as the index shows it, in the spelling met last for the first time going
    through the whole library by rank (the index folds the papers' tags in that order),
    and a paper with two spellings of it counts once.
    """
    every_name = set(chain.from_iterable(map(tag_names, states.values())))
    folded = {name: fold(name) for name in every_name}
    docs = filter(None, map(states.get, catalog.paper_ids(numbers)))
    counts: Counter[str] = Counter()
    spelling = {key: name for name, key in folded.items()}
    if len(spelling) == len(folded):
        for name, count in Counter(chain.from_iterable(map(tag_names, docs))).items():
            counts[folded[name]] = count
    else:
        for names in map(tag_names, docs):
            counts.update(set(map(folded.__getitem__, names)))
        spelling = _spellings_by_rank(catalog, states)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(spelling[tag], count) for tag, count in ranked]


def _spellings_by_rank(catalog: Catalog, states: Mapping[str, StateDoc]) -> dict[str, str]:
    """Each folded tag's spelling as the index keeps it (see `tag_counts`)."""
    seen: set[str] = set()
    spelling: dict[str, str] = {}
    ranked = catalog.sorted(range(len(catalog)), SortOrder.CITATIONS)
    for doc in filter(None, map(states.get, catalog.paper_ids(ranked))):
        for name in tag_names(doc):
            if name not in seen:
                seen.add(name)
                spelling[fold(name)] = name
    return spelling


def _picks(clause: Clause) -> bool:
    """Whether the papers a clause keeps can be picked out here: each of its terms a word
    or phrase (a word start, `hair*`, is a substring too) or a tag, none negated (the
    rest is left to the index)."""
    return all(
        term.field in ("text", "tag") and not term.negated and "\x00" not in term.value
        for term in clause.terms
    )


def _candidates(catalog: Catalog, states: Mapping[str, StateDoc], query: Query) -> bytearray | None:
    """By paper number, whether the paper can hold each clause that can be picked out
    (None if none can): the only papers that can match."""
    clauses = [clause for clause in query.clauses if _picks(clause)]
    if not clauses:
        return None
    texts = any(term.field == "text" for clause in clauses for term in clause.terms)
    columns = _own_columns(catalog.docs) if texts else []
    reader = _ReaderTexts(catalog, states)
    candidates: bytearray | None = None
    for clause in clauses:
        hits = bytearray(len(catalog))
        for term in clause.terms:
            if term.field == "tag":
                papers = reader.tagged(term.value, term.prefix)
            else:
                for column in columns:
                    if (found := column.hits(term.value)) is not None:
                        hits = _either(hits, found)
                papers = reader.having(term.value)
            deque(map(hits.__setitem__, papers, repeat(1)), maxlen=0)
        candidates = hits if candidates is None else _both(candidates, hits)
    return candidates


class _Column:
    """One searchable text of every paper, folded where it holds a needle.

    A column whose texts are all ASCII is lowered in one piece (then folded, see
    `fold`), and its papers are told apart only for a needle it holds; another is
    lowered text by text (a long text of other characters is lowered slowly: the
    summaries of 10,000 papers in 18 ms in one piece, 3 ms one by one), and the few
    texts that are still not ASCII are folded.
    """

    def __init__(self, values: list[object]) -> None:
        """`values`: one a paper; a hand-edited one that is not text is none, as in the
        index (looked for in C: every stored value is text, mostly)."""
        try:
            joined = _SEPARATOR.join(values)  # type: ignore[arg-type]
            texts = cast(list[str], values)
        except TypeError:
            texts = [value if isinstance(value, str) else "" for value in values]
            joined = _SEPARATOR.join(texts)
        if "\x1e" in joined or joined.count(_SEPARATOR) != len(texts) - 1:
            texts = [text.replace(_SEPARATOR, " ").replace("\x1e", " ") for text in texts]
            joined = _SEPARATOR.join(texts)
        self._joined = joined.lower() if joined.isascii() else None
        """The lowered texts in one piece, if they are all ASCII."""
        self._lowered: list[str] | None = None
        self._folded: dict[int, str] = {}
        """The texts still not ASCII once lowered, folded, by paper number."""
        if self._joined is None:
            self._lowered = list(map(str.lower, texts))
            unfolded = compress(range(len(texts)), map(not_, map(str.isascii, self._lowered)))
            numbers = list(unfolded)
            self._folded = dict(
                zip(numbers, fold_many(map(texts.__getitem__, numbers)), strict=True)
            )

    def hits(self, needle: str) -> bytearray | None:
        """By paper number, whether its folded text contains `needle`; None if none does."""
        if self._joined is not None:
            if needle not in self._joined:
                return None
            if self._lowered is None:
                self._lowered = self._joined.split(_SEPARATOR)
        assert self._lowered is not None
        hits = bytearray(map(contains, self._lowered, repeat(needle)))
        for number, folded in self._folded.items():
            hits[number] = needle in folded
        return hits


def _either(one: bytearray, other: bytearray) -> bytearray:
    """Two masks of the same length ORed, in C."""
    size = len(one)
    return bytearray((int.from_bytes(one) | int.from_bytes(other)).to_bytes(size))


def _both(one: bytearray, other: bytearray) -> bytearray:
    """Two masks of the same length ANDed, in C."""
    size = len(one)
    return bytearray((int.from_bytes(one) & int.from_bytes(other)).to_bytes(size))


def _own_columns(docs: Sequence[Mapping[str, object]]) -> list[_Column]:
    """Each field of the papers' own text as a column (the authors one text a paper)."""
    columns = [_Column(_values(docs, name)) for name in _OWN_FIELDS]
    names = _values(docs, "authors", [])
    if not all(map(isinstance, names, repeat(list))):  # hand-edited: the index leaves it out
        names = [authors if isinstance(authors, list) else [] for authors in names]
    try:
        texts = list(map("\n".join, cast(list[list[str]], names)))
    except TypeError:  # a hand-edited name that is not text: the index leaves it out too
        texts = [
            "\n".join(n for n in each if isinstance(n, str))
            for each in cast(list[list[object]], names)
        ]
    return [*columns, _Column(list[object](texts))]


def _values(docs: Sequence[Mapping[str, object]], name: str, default: object = "") -> list[object]:
    """One field of every document, looked up in C."""
    return list(map(dict.get, docs, repeat(name), repeat(default)))  # type: ignore[arg-type]


class _ReaderTexts:
    """The reader's part of the haystacks (tags and notes), each distinct text folded
    once; the papers of one are looked for only once a needle is in it (in C: the
    tags of 10,000 papers, one by one, were a third of a search)."""

    def __init__(self, catalog: Catalog, states: Mapping[str, StateDoc]) -> None:
        self._catalog = catalog
        self._docs = list(states.values())
        self._tags = cast(list[list[object]], _values(self._docs, "tags", []))
        """Each document's tags, stored flat: name, stamp, name..."""
        self._notes = _values(self._docs, "note", "")
        names = set(chain.from_iterable(map(itemgetter(slice(None, None, 2)), self._tags)))
        self._tag_names = {name: fold(name) for name in names if isinstance(name, str)}
        """Each tag as written, folded."""
        notes = {note for note in set(self._notes) if isinstance(note, str)}
        self._folded = {**self._tag_names, **{note: fold(note) for note in notes}}
        """Each tag and note as written, folded."""

    def having(self, needle: str) -> list[int]:
        """The papers with a tag or note that contains `needle`, folded."""
        return self._papers({text for text, folded in self._folded.items() if needle in folded})

    def tagged(self, tag: str, prefix: bool) -> list[int]:
        """The papers with the tag (folded), or with one that starts with it."""
        test = str.startswith if prefix else str.__eq__
        return self._papers({name for name, folded in self._tag_names.items() if test(folded, tag)})

    def _papers(self, texts: set[str]) -> list[int]:
        """The papers with one of these tags or notes, as written."""
        if not texts:
            return []
        held = map(texts.__contains__, self._notes)
        tagged = map(texts.isdisjoint, self._tags)  # a stamp is never a text
        docs = compress(self._docs, map(or_, held, map(not_, tagged)))
        numbers = map(self._catalog.numbers.get, map(itemgetter("paper_id"), docs))
        return [number for number in numbers if number is not None]
