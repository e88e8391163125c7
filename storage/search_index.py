"""Evaluate parsed queries over a whole library: folded once, filtered per keystroke.

Each paper's searchable text, with its tags and note after it, is folded once when the
index is built (in one pass over the library, see `fold_many`) and again, for one paper,
when its state changes. Keeping the reader's text in the same haystack makes a text term
one scan in C: a separate dictionary of tags and notes, scanned in Python, cost 22 ms a
term at 100,000 papers with realistic state. A query runs clause by clause (a clause:
terms joined by OR) over a shrinking set of papers (`Found`).

Speed at 100,000 papers comes from memory order more than from arithmetic: testing every
paper's text in the order the texts lie in memory, in C (`map` + `compress`), is five
times faster than the same test in another order, which jumps around memory. So the
index keeps its columns in the order of the default list (most cited first: a paper's
*rank*), and a term over many candidates scans every text in that order: its hits come
out already sorted, one byte a rank, and picking the listed papers is a `compress` (at
100,000 papers 1.3 ms, where picking them in citation order out of hits in stored order
cost 5 to 16 ms, and at 1,000,000 a third of a second). A term over few candidates tests
just those. The whole-library hits of a text needle are kept for the next keystrokes
(those of each single letter and digit for good: a query's first key). Once the words
are indexed (`WordIndex`, built on the background thread after the rest), the hits of
a needle of letters come from them instead of a scan.
"""

from __future__ import annotations

import re
import string
import sys
from array import array
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from itertools import compress, filterfalse, islice, repeat
from operator import add, contains, lt
from pathlib import Path
from typing import Final

from .bitmasks import Hits, Joiner, Mask, bits_of, mask_of
from .catalog import Catalog
from .found import Found
from .records import DONE_STATUSES, STATUSES, StateDoc
from .search import TEXT_FIELDS, Clause, Query, Term
from .sorting import SortOrder
from .tag_counts import Retagged, TagCounts
from .text import fold, fold_many
from .word_index import WordIndex

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
_FIRST_KEYS: Final = frozenset(string.ascii_lowercase + string.digits)
"""Needles whose hits are kept however many others are typed: a query's first key."""
_BY_WORDS_ABOVE: Final = 1000
"""Candidates above which a needle's hits come from the words, not from testing each
(measured at 100,000 papers: for 5,800 candidates 2 to 6 ms testing each, 0.5 ms by
words, whose cost hardly depends on the candidates)."""
_CHUNK: Final = 4096
"""Papers whose fields are taken and folded at once while the index is built."""
_NOTE_BITS_FROM: Final = 64
"""Papers from which a note's are kept as bits for searches (fewer are marked one by one)."""
_HITS_KEPT: Final = 8
"""Hits kept for needles typed (besides the first keys'): the last few keystrokes'."""
_UPDATE_HITS_UP_TO: Final = 256
"""A change to more papers than this drops the kept hits instead of updating them."""
_STATUS_CODES: Final = {status: code for code, status in enumerate(STATUSES)}
"""Each status's code in the index's column of them: `new`, a paper's without one, is 0."""
_UNKNOWN_STATUS: Final = len(STATUSES)
"""The code of a status papershelf does not know (a hand-edited file's): no `is:` names
it, and the paper is still to read."""
_IS: Final = {
    "unread": bytes(
        code >= len(STATUSES) or STATUSES[code] not in DONE_STATUSES for code in range(256)
    ),
    **{
        status: bytes(code == mine for code in range(256)) for status, mine in _STATUS_CODES.items()
    },
}
"""Which status codes each `is:` value but `noted` takes, as a translation to 1 or 0."""


class SearchIndex:
    """Folded text and the searchable fields of every paper in a catalog, by rank."""

    def __init__(
        self,
        catalog: Catalog,
        states: Mapping[str, StateDoc],
        numbers: Collection[int] | None = None,
        *,
        own_texts: bool = True,
    ) -> None:
        """Index every paper of `catalog` (or only these papers: then it answers for
        them alone, a scan of them while the whole library's index is being built).
        Without `own_texts`, the haystacks hold only the reader's tags and notes: for
        one query with no word or phrase to look for (`is:unread`, `year:2020`), whose
        papers' texts, joined and folded, were half of `list` at 100,000 papers."""
        self._catalog = catalog
        papers = range(len(catalog)) if numbers is None else numbers
        self.ranked = array("I", catalog.sorted(papers, SortOrder.CITATIONS))
        """Every paper's number by rank: the whole library, most cited first (an array:
        a list held an int object a paper, 3.2 MB at 100,000 papers)."""
        size = len(self.ranked)
        self._rank: array[int] | dict[int, int]
        """Each paper's rank, by number."""
        if numbers is None:
            self._rank = array("I", [0]) * len(catalog)
            deque(map(self._rank.__setitem__, self.ranked, range(size)), maxlen=0)
        else:  # a few papers of a large library: an int for each of its papers is 4 MB
            self._rank = dict(zip(self.ranked, range(size), strict=True))
        self._year: list[int | None] = []
        self._citations: list[int | None] = []
        self._tags: list[tuple[str, ...]] = [_NO_TAGS] * size
        """Each paper's folded tags, interned: a `tag:` term is one scan in C. 5 MB at
        75,000 tagged papers, where a set of papers per tag cost 20 MB."""
        self._tag_tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
        """One tuple for all the papers with the same tags (4 MB of copies, else)."""
        self._counts = TagCounts(self._tags)
        """The tag pane's counts, over this list as it changes."""
        self._spellings: dict[str, str] = {}
        """How each folded tag is written, for the tag pane."""
        self._folded: dict[str, str] = {}
        """Each tag's spelling, folded."""
        self._spelled_alike = False
        """Whether two spellings of a tag fold alike (`Révue`, `Revue`): a paper may have
        both, and is then given the folded tag once (see `_take_state`)."""
        self._status = bytearray(size)
        """Each paper's status, by rank, as its code (`_STATUS_CODES`): at 1,000,000 papers
        a dict of the 300,000 read and a set of those done held 64 MB, this holds 1."""
        self._priority: dict[int, int] = {}
        self._notes: dict[int, str] = {}
        """Each noted paper's note, folded."""
        self._noted_by: dict[str, set[int]] = {}
        """The papers of each note (a note is often pasted on many papers)."""
        self._folded_notes: dict[str, str] = {}
        """Each note as written, folded (3.4 MB of copies at 100,000 papers, else)."""
        self._note_bits: dict[str, int] = {}
        """The papers of each note on many papers as bits, once a search needed them."""
        self._text: list[str] = []
        """Each paper's haystack: its own text, then (after `_READER`) its tags and note,
        folded; folded in rank order, so that they lie in memory in that order."""
        journals: list[str] = []
        fields = catalog.search_fields(self.ranked, texts=own_texts)
        take = self._take_state
        # In rank order: the last spelling of a tag is the one shown.
        docs = map(states.get, map(catalog.paper_id, self.ranked))
        while chunk := list(islice(fields, _CHUNK)):
            # Column by column, a chunk at a time: the unfolded texts of a whole library
            # are never held at once (20 MB at 100,000 papers).
            texts, chunk_journals, years, citations = zip(*chunk, strict=True)
            if any(map(contains, texts, repeat(_READER))):
                texts = tuple(text.replace(_READER, " ") for text in texts)
            text, start = fold_many(texts), len(self._text)
            # The reader's part joined in the same chunk: joined once all were folded,
            # the 75,000 own texts it replaced were freed among the haystacks, and the
            # app's peak at 100,000 papers was 10 MB higher (with the ranks' list).
            for number, doc in enumerate(islice(docs, len(text)), start):
                if doc is not None and (reader := take(number, doc)) is not None:
                    text[number - start] += _READER + reader
            self._text += text
            journals += chunk_journals
            self._year += years
            self._citations += citations
        self._columns: dict[str, list[str]] = {}
        """Folded author, title, key, DOI and type texts, each built on first use."""
        # A few hundred journals are shared by thousands of papers: fold each once, and
        # keep one copy of each.
        folded = {journal: sys.intern(fold(journal)) for journal in set(journals)}
        self._journal = list(map(folded.__getitem__, journals))
        self._hits: dict[str, bytearray] = {}
        self._joiner = Joiner()
        """ANDs a term's hits with the candidates' mask (the last result's, mostly)."""
        """The whole library's hits of text needles (see `_text_hits`)."""
        self._words: WordIndex | None = None
        """The words of the papers' own text, once `build_words` has run."""
        self._digest: str | None = None
        """The papers' own texts' digest, once worked out (see `word_cache`)."""

        if numbers is None:
            # The tags' masks (the words' hits and the tag pane need them) and each note
            # on many papers as bits now, off the event loop: at 100,000 papers the
            # benchmark's 50 notes cost a query's first key 12 ms to convert. An index
            # of a few papers (one query's, a scan's) has them made if it needs them.
            self._counts.prepare()
            self._note_hits(self._noted_by)

    def read_words(self, path: Path) -> None:
        """Take the words from the file at `path` if it has this index's (see
        `word_cache`; a few milliseconds where `build_words` takes 0.7 s at 100,000)."""
        from . import word_cache  # the app's: a command line's search never keeps words

        if len(self._text) >= word_cache.KEPT_FROM:
            self._digest = word_cache.digest(self._own_texts())
            self._words = word_cache.read_words(path, self._digest, len(self._text))

    def build_words(
        self, pause: Callable[[], object] = lambda: None, path: Path | None = None
    ) -> None:
        """Index the words of the papers' own text (see `WordIndex`), calling `pause`
        between a few hundred papers, unless `read_words` found them; keep them at
        `path` for the next start if this is a large library; then join each letter's
        papers, for a query's first key (`WordIndex.prepare_letters`).

        Safe on the background thread, without the library's lock, while searches use
        and change this index: the papers' own text never changes, and the words are
        taken into use in one step, once complete. Until then needles are scanned for.
        """
        from . import word_cache

        words = self._words
        if words is None:
            words = WordIndex.build(self._own_texts(), len(self._text), pause)
            self._words = words
            if path is not None and len(self._text) >= word_cache.KEPT_FROM:
                if self._digest is None:
                    self._digest = word_cache.digest(self._own_texts())
                word_cache.write_words(path, self._digest, words)
        words.prepare_letters(pause)

    def _own_texts(self) -> Iterator[str]:
        """Each paper's own text, by rank (its haystack without the reader's part)."""
        return (text.partition(_READER)[0] for text in self._text)

    def set_states(self, changed: Mapping[str, StateDoc | None]) -> None:
        """Take in the new reading state of some papers (None: one has none).

        Only the reader's part of a haystack is folded again, and the loop keeps its
        lookups local: a tag on 100,000 papers is 100,000 turns of it (0.45 s).
        """
        find, rank, text, take = self._catalog.find_number, self._rank, self._text, self._take_state
        status, priority = self._status, self._priority
        tags = self._tags
        retagged: list[Retagged] = []
        for paper_id, doc in changed.items():
            found = find(paper_id)
            if found is None:
                continue
            number = rank[found]
            status[number] = 0
            priority.pop(number, None)
            self._forget_note(number)
            old = tags[number]
            tags[number] = _NO_TAGS
            own = text[number].partition(_READER)[0]
            reader = None if doc is None else take(number, doc)
            text[number] = own if reader is None else own + _READER + reader
            retagged.append((number, old, tags[number]))
        self._counts.changed(retagged)
        self._refresh_hits([number for number, _, _ in retagged])

    def tag_added(self, paper_ids: Iterable[str], tag: str) -> None:
        """`set_states` for papers whose whole change is `tag` put after their own tags
        (`Change.appended_tag`): the rest of their state is as it was, so each paper's
        folded tags grow by one and its haystack is joined again from what the index
        holds, no document read. A column at a time, in C: a tag on 100,000 marked
        papers took 0.55 s through `set_states`, and 0.17 s paper by paper (a test holds
        the two ways to the same index)."""
        rank = self._rank
        found = map(self._catalog.numbers.get, paper_ids)
        numbers = [rank[number] for number in found if number is not None]
        if not numbers:
            return
        folded = self._folded_tag(tag)
        tags, text, notes = self._tags, self._text, self._notes
        olds = list(map(tags.__getitem__, numbers))
        fresh = {old: folded not in old for old in set(olds)}
        if not all(fresh.values()):
            # A paper that had the tag in another spelling that folds the same has it
            # still: its folded tags, haystack and counts stay as they were.
            kept = list(map(fresh.__getitem__, olds))
            numbers, olds = list(compress(numbers, kept)), list(compress(olds, kept))
        if not numbers:
            return
        longer: dict[tuple[str, ...], tuple[str, ...]] = {}
        """Each set of tags the papers had, with the tag after it (a few thousand sets)."""
        for old in set(olds):
            new = old + (folded,)
            longer[old] = self._tag_tuples.setdefault(new, new)
        # The reader's part is the tags, then the note (see `_take_state`): without a
        # note, the tag goes at the haystack's end, after the tags or as the first one.
        plain = list(filterfalse(notes.__contains__, numbers))
        ends = (_READER + folded, "\n" + folded)
        plain_ends = list(map(ends.__getitem__, map(bool, map(tags.__getitem__, plain))))
        deque(map(tags.__setitem__, numbers, map(longer.__getitem__, olds)), maxlen=0)
        joined = map(add, map(text.__getitem__, plain), plain_ends)
        deque(map(text.__setitem__, plain, joined), maxlen=0)
        for number in filter(notes.__contains__, numbers):
            own = text[number].partition(_READER)[0]
            text[number] = own + _READER + "\n".join((*tags[number], notes[number]))
        self._counts.gained(folded, numbers)
        self._refresh_hits(numbers)

    def _note_hits(self, notes: Iterable[str]) -> Hits:
        """The papers of these (folded) notes: as bits those of a note on many papers
        (kept until its papers change), as ranks the others. Marked one by one, the
        papers of the benchmark's notes, each pasted on 2,000 of 1,000,000 papers, cost
        58% of a keystroke there."""
        bits, ranks, size = 0, [], len(self._text)
        for note in notes:
            papers = self._noted_by[note]
            if len(papers) < _NOTE_BITS_FROM:
                ranks.append(papers)
                continue
            note_bits = self._note_bits.get(note)
            if note_bits is None:
                note_bits = self._note_bits[note] = bits_of(mask_of(papers, size))
            bits |= note_bits
        return Hits(bits, ranks)

    def _forget_note(self, number: int) -> None:
        note = self._notes.pop(number, None)
        if note is not None:
            self._note_bits.pop(note, None)
            papers = self._noted_by[note]
            papers.discard(number)
            if not papers:
                del self._noted_by[note]

    def _refresh_hits(self, numbers: list[int]) -> None:
        """Bring the kept hits up to date for papers whose text changed: test each again,
        or, for many papers, forget them (the first keys' are found again when typed)."""
        if len(numbers) > _UPDATE_HITS_UP_TO:
            self._hits.clear()
            return
        text = self._text
        for needle, hits in self._hits.items():
            for number in numbers:
                hits[number] = needle in text[number]

    def _text_hits(self, needle: str, words: Hits | None = None) -> bytearray:
        """Whether each paper's haystack contains `needle`, by rank (the hits in the
        papers' own text, if `words` has them): kept for the first keys and for the last
        few needles typed."""
        hits = self._hits.get(needle)
        if hits is None:
            if words is None:
                hits = bytearray(map(contains, self._text, repeat(needle)))
            else:  # the papers' own words, and their tags and notes
                tags = [tag for tag in self._spellings if needle in tag]
                if tags:
                    words = words.joined(self._counts.having(tags))
                notes = [note for note in self._noted_by if needle in note]
                if notes:
                    words = words.joined(self._note_hits(notes))
                hits = words.mask(len(self._text))
            extra = [kept for kept in self._hits if kept not in _FIRST_KEYS]
            if len(extra) >= _HITS_KEPT:
                del self._hits[extra[0]]
            self._hits[needle] = hits
        return hits

    def _take_state(self, number: int, doc: StateDoc) -> str | None:
        """Record a paper's state in the sets; returns the reader's part of its haystack
        (tags and note), folded, None if there is none."""
        status = doc.get("status")
        if status is not None:
            self._status[number] = _STATUS_CODES.get(status, _UNKNOWN_STATUS)
        if priority := doc.get("priority"):
            self._priority[number] = priority
        names = doc.get("tags")
        tags = _NO_TAGS
        if names:
            try:  # each spelling is folded once: most papers' tags all are already
                tags = tuple(map(self._folded.__getitem__, names[::2]))
            except KeyError:
                tags = tuple(map(self._folded_tag, names[::2]))
            if self._spelled_alike and len(tags) > 1:  # counted once, as one paper
                tags = tuple(dict.fromkeys(tags))
        tags = self._tag_tuples.setdefault(tags, tags)  # 9,000 different on 75,000 papers
        if tags:
            self._tags[number] = tags
        note = doc.get("note")
        if note and note.strip():
            folded = self._folded_notes.get(note)
            if folded is None:  # a note pasted on 200 papers is folded once, kept once
                folded = self._folded_notes[note] = fold(note)
            self._notes[number] = folded
            self._noted_by.setdefault(folded, set()).add(number)
            self._note_bits.pop(folded, None)
            return "\n".join((*tags, folded))
        return "\n".join(tags) if tags else None

    def _folded_tag(self, tag: str) -> str:
        """A tag folded and interned, once for each spelling: a library has a few hundred
        tags on 100,000 papers. The last new spelling of a tag is the one shown."""
        folded = self._folded.get(tag)
        if folded is None:
            folded = self._folded[tag] = sys.intern(fold(tag))
            self._spelled_alike = self._spelled_alike or folded in self._spellings
            self._spellings[folded] = tag
        return folded

    def filter(self, query: Query, candidates: Iterable[int]) -> list[int]:
        """The candidates (paper numbers) that match every clause, in their incoming order."""
        found = self.filter_ranks(query, self.ranks_of(candidates))
        return list(map(self.ranked.__getitem__, found.ranks))

    def rank_of(self, number: object) -> int | None:
        """A paper's rank, None if `number` numbers no paper of this index."""
        if type(number) is not int or not 0 <= number < len(self._catalog):
            return None
        try:
            return self._rank[number]
        except KeyError:  # not one of the papers this index was made for
            return None

    def ranks_of(self, numbers: Iterable[int]) -> Found:
        """These papers' ranks, in their order, with their mask if that is ascending."""
        ranks = list(map(self._rank.__getitem__, numbers))
        if not all(map(lt, ranks, islice(ranks, 1, None))):
            return Found(ranks)
        return Found(ranks, mask_of(ranks, len(self.ranked)))

    def all_but(self, numbers: Collection[int]) -> Found:
        """Every paper of the index but these (paper numbers of its papers), by rank: what
        `ranks_of` gives for the rest in the index's order, in the time of marking these."""
        mask = bytearray(b"\x01") * len(self.ranked)
        deque(map(mask.__setitem__, map(self._rank.__getitem__, numbers), repeat(0)), maxlen=0)
        return Found(mask=mask)

    def filter_ranks(self, query: Query, candidates: Found) -> Found:
        """The candidates (ranks, in any order) that match every clause, in their order."""
        found = candidates
        for clause in query.clauses:
            if not found:
                break
            found = self._apply_clause(clause, found)
        return found

    def _apply_clause(self, clause: Clause, candidates: Found) -> Found:
        if len(clause.terms) == 1:
            return self._apply(clause.terms[0], candidates)
        kept: set[int] = set()
        for term in clause.terms:
            rest = [n for n in candidates.ranks if n not in kept]
            kept.update(self._apply(term, Found(rest)).ranks)
        return Found([n for n in candidates.ranks if n in kept])

    def _column(self, field: str) -> list[str]:
        column = self._columns.get(field)
        if column is None:
            texts = self._catalog.field_texts(field, self.ranked)
            column = self._columns[field] = fold_many(texts)
        return column

    def _apply(self, term: Term, found: Found) -> Found:
        keep = not term.negated
        value = term.value
        if term.field in TEXT_FIELDS:
            if term.field == "text":
                column = self._text
            elif term.field in ("journal", "venue"):
                column = self._journal
            else:
                column = self._column(term.field)
            if term.prefix:
                test = _word_start(value)
                return Found([n for n in found.ranks if bool(test(column[n])) == keep])
            return self._scan(column, value, keep, found)
        if term.field == "type":
            needle = f" {value}" if term.prefix else f" {value} "
            return self._scan(self._column("type"), needle, keep, found)
        if term.field == "tag":
            if term.prefix:
                tags = self._tags
                return Found([n for n in found.ranks if _starts_one(tags[n], value) == keep])
            return self._scan(self._tags, value, keep, found)
        if term.field == "is":
            return Found(self._apply_is(value, keep, found.ranks))
        accepts = term.accepts
        assert accepts is not None
        if term.field == "prio":
            priority = self._priority.get
            return Found([n for n in found.ranks if accepts(priority(n)) == keep])
        numbers = self._year if term.field == "year" else self._citations
        return Found([n for n in found.ranks if accepts(numbers[n]) == keep])

    def _apply_is(self, value: str, keep: bool, candidates: list[int]) -> list[int]:
        if value == "noted":
            notes = self._notes
            return [n for n in candidates if (n in notes) == keep]
        tested = bytes(map(self._status.__getitem__, candidates)).translate(_IS[value])
        return list(compress(candidates, tested if keep else tested.translate(_FLIP)))

    def tag_counts(self, found: Found) -> list[tuple[str, int]]:
        """The tags of these papers (ranks) with how many have each, most used first (see
        `TagCounts`)."""
        counts = self._counts.count(found, found.mask)
        spelling = self._spellings
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return [(spelling[tag], count) for tag, count in ranked]

    def _scan(
        self,
        haystacks: Sequence[str] | Sequence[tuple[str, ...]],
        needle: str,
        keep: bool,
        found: Found,
    ) -> Found:
        """The candidates whose haystack contains the needle (or not, if not `keep`)."""
        hits: Mask | None = None
        if haystacks is self._text:
            hits = self._hits.get(needle)
            if hits is None and self._words is not None and len(found) > _BY_WORDS_ABOVE:
                words = self._words.hits(needle)
                hits = None if words is None else self._text_hits(needle, words)
        if hits is None:
            if len(found) <= len(haystacks) * _SCAN_ALL_ABOVE:  # test each, in C
                ranks = found.ranks
                tested = bytes(map(contains, map(haystacks.__getitem__, ranks), repeat(needle)))
                return Found(list(compress(ranks, tested if keep else tested.translate(_FLIP))))
            if haystacks is self._text:
                hits = self._text_hits(needle)
            else:
                hits = bytearray(map(contains, haystacks, repeat(needle)))
        if not keep:
            hits = hits.translate(_FLIP)
        if found.mask is None:
            candidates = found.ranks
            return Found(list(compress(candidates, map(hits.__getitem__, candidates))))
        return Found(mask=self._joiner.both(hits, found.mask))


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
