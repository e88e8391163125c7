"""Evaluate parsed queries over a whole library: folded once, filtered per keystroke.

Each paper's searchable text, with its tags and note after it, is folded once when the
index is built (in one pass over the library, see `fold_many`) and again, for one paper,
when its state changes. Keeping the reader's text in the same haystack makes a text term
one scan in C: a separate dictionary of tags and notes, scanned in Python, cost 22 ms a
term at 100,000 papers with realistic state. Papers are numbered in the order they are
stored, and a query runs clause by clause (a clause: terms joined by OR) over a
shrinking list of those numbers.

Speed at 100,000 papers comes from memory order more than from arithmetic: testing every
paper's text in stored order, in C (`map` + `compress`), is five times faster than the
same test in the order of a sorted list, which jumps around memory. So a term over many
candidates scans everything in stored order, and a term over few tests just those.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import compress, repeat
from operator import contains
from typing import Final

from .catalog import Catalog
from .records import DONE_STATUSES, StateDoc
from .search import Clause, Query, Term
from .tag_counts import Retagged, TagCounts
from .text import fold, fold_many

_FLIP: Final = bytes.maketrans(b"\x00\x01", b"\x01\x00")
_NO_TAGS: Final[tuple[str, ...]] = ()
_READER: Final = "\x1e"
"""Between a paper's own text and the reader's (tags, note) in its haystack: a new
state refolds only the reader's part (a bulk tag over 100,000 papers refolded 100,000
abstracts in 1.1 s). Taken out of the paper's own text, so the first one is this."""
_SCAN_ALL_ABOVE: Final = 1 / 2
"""Scan every paper once the candidates are more than this share of the library.

Measured at 100,000 papers with realistic state: the scan in stored order is faster
for 98,000 candidates (34 ms against 52), a test of just the candidates for 37,000
(24 against 30) and for 20,000 (6 against 12)."""


class SearchIndex:
    """Folded text and the searchable fields of every paper in a catalog."""

    def __init__(self, catalog: Catalog, states: Mapping[str, StateDoc]) -> None:
        """Index every paper of `catalog` (numbered as the catalog numbers them)."""
        self._catalog = catalog
        journals: list[str] = []
        self._year: list[int | None] = []
        self._citations: list[int | None] = []
        self._tags: list[tuple[str, ...]] = [_NO_TAGS] * len(catalog)
        """Each paper's folded tags, interned: a `tag:` term is one scan in C. 5 MB at
        75,000 tagged papers, where a set of papers per tag cost 20 MB."""
        self._counts = TagCounts(self._tags)
        """The tag pane's counts, over this list as it changes."""
        self._spellings: dict[str, str] = {}
        """How each folded tag is written, for the tag pane."""
        self._folded: dict[str, str] = {}
        """Each tag's spelling, folded."""
        self._status: dict[int, str] = {}
        """Each paper's status, where it is not `new`."""
        self._done: set[int] = set()
        """Papers read, skimmed or dropped (`-is:unread`)."""
        self._priority: dict[int, int] = {}
        self._noted: set[int] = set()
        find = catalog.find_number
        with_state = {n: doc for pid, doc in states.items() if (n := find(pid)) is not None}

        def haystacks() -> Iterator[str]:
            """Each paper's text, made as it is folded: the unfolded texts of a whole
            library are never held at once (20 MB at 100,000 papers)."""
            for number, (text, journal, year, citations) in enumerate(catalog.search_fields()):
                journals.append(journal)
                self._year.append(year)
                self._citations.append(citations)
                if _READER in text:
                    text = text.replace(_READER, " ")
                doc = with_state.get(number)
                reader = None if doc is None else self._take_state(number, doc)
                yield text if reader is None else text + _READER + reader  # folds again

        self._text = fold_many(haystacks())
        """Each paper's haystack: its own text, then (after `_READER`) its tags and note,
        folded."""
        self._columns: dict[str, list[str]] = {}
        """Folded author, title, key, DOI and type texts, each built on first use."""
        # A few hundred journals are shared by thousands of papers: keep one copy of each.
        self._journal = [sys.intern(journal) for journal in fold_many(journals)]

    def set_states(self, changed: Mapping[str, StateDoc | None]) -> None:
        """Take in the new reading state of some papers (None: one has none).

        Only the reader's part of a haystack is folded again, and the loop keeps its
        lookups local: a tag on 100,000 papers is 100,000 turns of it (0.45 s).
        """
        find, text, take = self._catalog.find_number, self._text, self._take_state
        status, done, priority, noted = self._status, self._done, self._priority, self._noted
        tags = self._tags
        retagged: list[Retagged] = []
        for paper_id, doc in changed.items():
            number = find(paper_id)
            if number is None:
                continue
            status.pop(number, None)
            done.discard(number)
            priority.pop(number, None)
            noted.discard(number)
            old = tags[number]
            tags[number] = _NO_TAGS
            own = text[number].partition(_READER)[0]
            reader = None if doc is None else take(number, doc)
            text[number] = own if reader is None else own + _READER + reader
            retagged.append((number, old, tags[number]))
        self._counts.changed(retagged)

    def _take_state(self, number: int, doc: StateDoc) -> str | None:
        """Record a paper's state in the sets; returns the reader's part of its haystack
        (tags and note), folded, None if there is none."""
        status = doc.get("status")
        if status is not None and status != "new":
            self._status[number] = status
            if status in DONE_STATUSES:
                self._done.add(number)
        if priority := doc.get("priority"):
            self._priority[number] = priority
        names = doc.get("tags")
        tags = tuple(map(self._folded_tag, names[::2])) if names else _NO_TAGS
        if tags:
            self._tags[number] = tags
        note = doc.get("note")
        if note and note.strip():
            self._noted.add(number)
            return "\n".join((*tags, fold(note)))
        return "\n".join(tags) if tags else None

    def _folded_tag(self, tag: str) -> str:
        """A tag folded and interned, once for each spelling: a library has a few hundred
        tags on 100,000 papers. The last new spelling of a tag is the one shown."""
        folded = self._folded.get(tag)
        if folded is None:
            folded = self._folded[tag] = sys.intern(fold(tag))
            self._spellings[folded] = tag
        return folded

    def filter(self, query: Query, candidates: Sequence[int]) -> list[int]:
        """The candidates (paper numbers) that match every clause, in their incoming order."""
        result = list(candidates)
        for clause in query.clauses:
            if not result:
                break
            result = self._apply_clause(clause, result)
        return result

    def _apply_clause(self, clause: Clause, candidates: list[int]) -> list[int]:
        if len(clause.terms) == 1:
            return self._apply(clause.terms[0], candidates)
        kept: set[int] = set()
        for term in clause.terms:
            kept.update(self._apply(term, [n for n in candidates if n not in kept]))
        return [n for n in candidates if n in kept]

    def _column(self, field: str) -> list[str]:
        column = self._columns.get(field)
        if column is None:
            column = self._columns[field] = fold_many(self._catalog.field_texts(field))
        return column

    def _apply(self, term: Term, candidates: list[int]) -> list[int]:
        keep = not term.negated
        value = term.value
        if term.field in ("text", "journal", "venue", "author", "title", "key", "doi"):
            if term.field == "text":
                column = self._text
            elif term.field in ("journal", "venue"):
                column = self._journal
            else:
                column = self._column(term.field)
            if term.prefix:
                test = _word_start(value)
                return [n for n in candidates if bool(test(column[n])) == keep]
            return self._scan(column, value, keep, candidates)
        if term.field == "type":
            needle = f" {value}" if term.prefix else f" {value} "
            return self._scan(self._column("type"), needle, keep, candidates)
        if term.field == "tag":
            if term.prefix:
                tags = self._tags
                return [n for n in candidates if _starts_one(tags[n], value) == keep]
            return self._scan(self._tags, value, keep, candidates)
        if term.field == "is":
            return self._apply_is(value, keep, candidates)
        accepts = term.accepts
        assert accepts is not None
        if term.field == "prio":
            priority = self._priority.get
            return [n for n in candidates if accepts(priority(n)) == keep]
        numbers = self._year if term.field == "year" else self._citations
        return [n for n in candidates if accepts(numbers[n]) == keep]

    def _apply_is(self, value: str, keep: bool, candidates: list[int]) -> list[int]:
        if value in ("noted", "unread"):
            members = self._noted if value == "noted" else self._done
            keep = keep if value == "noted" else not keep  # unread: not done
            return [n for n in candidates if (n in members) == keep]
        status = self._status.get
        return [n for n in candidates if (status(n, "new") == value) == keep]

    def tag_counts(self, numbers: Sequence[int]) -> list[tuple[str, int]]:
        """The tags of these papers with how many have each, most used first (see
        `TagCounts`)."""
        counts = self._counts.count(numbers)
        spelling = self._spellings
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return [(spelling[tag], count) for tag, count in ranked]

    def _scan(
        self,
        haystacks: Sequence[str] | Sequence[tuple[str, ...]],
        needle: str,
        keep: bool,
        candidates: list[int],
    ) -> list[int]:
        """The candidates whose haystack contains the needle (or not, if not `keep`)."""
        if len(candidates) <= len(haystacks) * _SCAN_ALL_ABOVE:
            return [n for n in candidates if (needle in haystacks[n]) == keep]
        hits = bytearray(map(contains, haystacks, repeat(needle)))
        if not keep:
            hits = hits.translate(_FLIP)
        return list(compress(candidates, map(hits.__getitem__, candidates)))


def _starts_one(tags: tuple[str, ...], prefix: str) -> bool:
    """Whether one of a paper's (folded) tags starts with `prefix` (`tag:hai*`)."""
    return any(tag.startswith(prefix) for tag in tags)


def _word_start(needle: str) -> Callable[[str], object]:
    """A test for `needle` at the start of a word (a needle that starts with a sign,
    `-x*`, needs only to occur)."""
    pattern = re.escape(needle)
    if needle[:1].isalnum():
        pattern = r"(?<![^\W_])" + pattern
    return re.compile(pattern).search
