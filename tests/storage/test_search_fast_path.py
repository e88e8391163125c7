"""The search's shortcuts (ranks, masks, kept hits, words, typing on) give exactly a scan.

The reference tests each paper on its own (an index asked about one candidate at a time
takes none of the shortcuts) and orders the matches with the catalog's own sort.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, Literal
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage import Paper, Query, QuerySyntaxError, View, parse_query, search_index, word_index
from storage import finder as finder_module
from storage.bitmasks import Hits
from storage.catalog import Catalog
from storage.finder import Finder
from storage.records import StateDoc
from storage.search_index import SearchIndex
from storage.snapshot import Snapshot
from storage.sorting import SortOrder
from storage.state_fields import Field, Value, tag_field, with_values

_T0 = datetime(2026, 1, 1, tzinfo=UTC)
WORDS = ["hair", "hat", "ha", "air", "stem", "cell", "Müller", "a", "zz", "ham"]
WORDS += ["hair-cell", "x1ha", "(stem)"]
TAGS = ["hair", "review", "EV", "later"]

_paper = st.fixed_dictionaries(
    {
        "words": st.lists(st.sampled_from(WORDS), max_size=5),
        "citations": st.none() | st.integers(0, 3),  # few values: many ties
        "year": st.none() | st.integers(2019, 2021),
        "report": st.booleans(),
    }
)
_state = st.fixed_dictionaries(
    {
        "tags": st.lists(st.sampled_from(TAGS), max_size=2, unique=True),
        "note": st.sampled_from(["", "hair again", "see stem"]),
        "read": st.booleans(),
        "deleted": st.booleans(),
    }
)
_query = st.lists(
    st.sampled_from(["h", "a", "i", "r", " ", "-", "z", "m", "tag:", "is:read", "OR ", '"'])
    | st.sampled_from(["hai", "ha", "ai", "ste", "zz", "in", "am"]),
    max_size=10,
).map("".join)


def _state_doc(pid: str, state: dict[str, Any]) -> StateDoc:
    values: dict[Field, Value] = {tag_field(tag): tag for tag in state["tags"]}
    if state["read"]:
        values["status"] = "read"
    if state["note"]:
        values["note"] = state["note"]
    if state["deleted"]:
        values["deleted"] = True
    return with_values(None, pid, values, 1)


def _library(
    papers: list[dict[str, Any]], states: list[dict[str, Any] | None]
) -> tuple[Catalog, dict[str, StateDoc]]:
    docs = []
    for number, paper in enumerate(papers):
        pid = f"{number:016x}"
        kind: Literal["report", "related"] = "report" if paper["report"] else "related"
        summary = " ".join(paper["words"])
        year, citations = paper["year"], paper["citations"]
        docs.append(Paper(pid, kind, summary, "", "J", year, None, citations, (), _T0).to_doc())
    docs_states = {
        f"{number:016x}": _state_doc(f"{number:016x}", state)
        for number, state in enumerate(states[: len(papers)])
        if state is not None
    }
    return Catalog(docs, ()), docs_states


def _typed(text: str, **options: Any) -> Iterator[tuple[View, Query]]:
    """Each prefix of `text` as a keystroke makes it: its view and parsed query (the
    prefixes that do not parse yet, an open quote, are skipped as the app shows them)."""
    for length in range(len(text) + 1):
        view = View(text[:length], **options)
        try:
            yield view, parse_query(view.query)
        except QuerySyntaxError:
            continue


def _plain(catalog: Catalog, snapshot: Snapshot, view: View) -> list[int]:
    """The view's papers the obvious way: sorted by the catalog, tested one at a time."""
    index = SearchIndex(catalog, snapshot.states)
    query = parse_query(view.query)
    candidates = catalog.scope(view.source_id, view.include_reports)
    trash = snapshot.trash
    candidates = tuple(n for n in candidates if (n in trash) == view.trash)
    # No generated paper has a priority: that order is then the most cited one.
    sort = SortOrder.CITATIONS if view.sort is SortOrder.PRIORITY else view.sort
    return [n for n in catalog.sorted(candidates, sort) if index.filter(query, [n])]


@settings(max_examples=300, deadline=None)
@given(
    papers=st.lists(_paper, min_size=1, max_size=40),
    states=st.lists(st.none() | _state, max_size=40),
    queries=st.lists(_query, min_size=1, max_size=4),
    sort=st.sampled_from(list(SortOrder)),
    trash=st.booleans(),
    include_reports=st.booleans(),
    retag=st.lists(st.integers(0, 39), max_size=5),
    words=st.sampled_from([None, 1, 64]),
    note_bits=st.sampled_from([1, 64]),
    new_state=st.sampled_from([("hairy", "zz ham"), ("zz", "hair again"), ("zz", "see")]),
    kept=st.sampled_from([0, 256]),
)
def test_typed_queries_find_what_a_plain_scan_finds(
    papers: list[dict[str, Any]],
    states: list[dict[str, Any] | None],
    queries: list[str],
    sort: SortOrder,
    trash: bool,
    include_reports: bool,
    retag: list[int],
    words: int | None,
    note_bits: int,
    new_state: tuple[str, str],
    kept: int,
) -> None:
    """Each query typed one key at a time, then typed again after some papers gained a
    tag and a note (`new_state`: new ones, or ones others have), the kept hits updated or dropped
    (`kept`): every keystroke's result (and its order, ties included) is the plain
    scan's, and so are the tag counts of it. Without the words indexed, and with them
    (used for every needle, however few the candidates), common words holding their
    papers as bits (`words`: 64) or every word as ranks (1), and every note's papers
    kept as bits (`note_bits`: 1) or none (64)."""
    catalog, docs = _library(papers, states)
    snapshot = Snapshot.of(catalog, docs)
    finder = Finder(catalog)
    if words is not None:
        assert finder.start_index()
        with patch.object(word_index, "_DENSE", words):
            finder.build_index(snapshot)  # as the background thread does
    with (
        patch.object(search_index, "_BY_WORDS_ABOVE", 0),
        patch.object(search_index, "_NOTE_BITS_FROM", note_bits),
        patch.object(search_index, "_UPDATE_HITS_UP_TO", kept),
    ):
        _type_queries(
            catalog,
            docs,
            snapshot,
            finder,
            queries,
            (sort, trash, include_reports),
            retag,
            new_state,
        )


@pytest.mark.parametrize(("paper", "new_note"), [(2, "hair again"), (0, "see")])
def test_the_bits_kept_for_a_note_follow_its_papers(paper: int, new_note: str) -> None:
    """A note's papers kept as bits for one search are not used stale by the next, once
    a paper gained the note or lost it (`in` is in no paper's own words)."""
    papers = [
        {"words": ["hair"], "citations": 1, "year": None, "report": False},
        {"words": ["stem"], "citations": 0, "year": None, "report": False},
        {"words": ["cell"], "citations": 0, "year": None, "report": False},
    ]
    note = {"tags": [], "note": "hair again", "read": False, "deleted": False}
    catalog, docs = _library(papers, [note, note, None])
    snapshot = Snapshot.of(catalog, docs)
    finder = Finder(catalog)
    assert finder.start_index()
    finder.build_index(snapshot)
    with (
        patch.object(search_index, "_BY_WORDS_ABOVE", 0),
        patch.object(search_index, "_NOTE_BITS_FROM", 1),
        patch.object(search_index, "_UPDATE_HITS_UP_TO", 0),
    ):
        options = (SortOrder.CITATIONS, False, False)
        _type_queries(catalog, docs, snapshot, finder, ["in"], options, [paper], ("zz", new_note))


def _type_queries(
    catalog: Catalog,
    docs: dict[str, StateDoc],
    snapshot: Snapshot,
    finder: Finder,
    queries: list[str],
    options: tuple[SortOrder, bool, bool],
    retag: list[int],
    new_state: tuple[str, str],
) -> None:
    papers = len(catalog)
    sort, trash, include_reports = options
    for round_ in range(2):
        for text in queries:
            typed = _typed(text, sort=sort, trash=trash, include_reports=include_reports)
            for view, query in typed:
                found = finder.find(view, query, snapshot)
                expected = _plain(catalog, snapshot, view)
                # Read as the list widget does first: a result read by row is not
                # listed whole.
                assert len(found) == len(expected), view
                for missing in set(range(papers + 1)) - set(expected):
                    with pytest.raises(ValueError):
                        found.index(missing)
                if expected:
                    assert found.index(expected[-1]) == len(expected) - 1
                    assert found[-1] == expected[-1]
                assert [found[i] for i in range(len(found))] == expected
                assert found[1:3] == expected[1:3]
                assert list(found) == expected
                counts = finder.tag_counts(found, snapshot)
                assert counts == finder.tag_counts(list(expected), snapshot)
        if round_ == 0:  # some papers gain a tag and a note: hits kept must follow
            changed: dict[str, StateDoc | None] = {}
            for number in {n for n in retag if n < papers}:
                pid = catalog.paper_id(number)
                tag, note = new_state
                values: dict[Field, Value] = {tag_field(tag): tag, "note": note}
                changed[pid] = with_values(docs.get(pid), pid, values, 2)
            docs = {**docs, **{pid: doc for pid, doc in changed.items() if doc is not None}}
            snapshot = snapshot.with_states(docs, changed)
            finder.states_changed(changed)


def test_a_search_during_the_background_build_waits_for_it_instead_of_building_another() -> None:
    """A search over more papers than a scan answers at once, made while the background
    thread builds the index, takes that index (it waits for it: here the build completes
    during the wait) rather than building a second one on the event loop, which would
    take longer and slow the first down."""
    papers = [{"words": ["hair"], "citations": n, "year": 2020, "report": False} for n in range(5)]
    catalog, docs = _library(papers, [])
    snapshot = Snapshot.of(catalog, docs)
    finder = Finder(catalog)
    assert finder.start_index()  # the background thread's turn, not yet begun
    built: list[SearchIndex] = []
    waited: list[bool] = []

    def build_meanwhile(timeout: float | None = None) -> bool:
        waited.append(True)
        finder.build_index(snapshot)
        return True

    real_init = SearchIndex.__init__

    def counted(index: SearchIndex, *args: Any) -> None:
        built.append(index)
        real_init(index, *args)

    with (
        patch.object(finder_module, "_SCAN_UP_TO", 4),
        patch.object(finder._build_done, "wait", build_meanwhile),
        patch.object(SearchIndex, "__init__", counted),
    ):
        found = finder.find(View("hair"), parse_query("hair"), snapshot)
    assert waited and len(built) == 1
    assert list(found) == catalog.sorted(range(5), SortOrder.CITATIONS)


def _never_waits(timeout: float | None = None) -> bool:
    raise AssertionError("the search waited for the index")


@settings(max_examples=200, deadline=None)
@given(
    papers=st.lists(_paper, min_size=1, max_size=30),
    states=st.lists(st.none() | _state, max_size=30),
    query=_query,
    sort=st.sampled_from(list(SortOrder)),
    trash=st.booleans(),
    include_reports=st.booleans(),
)
def test_a_search_while_the_index_is_built_scans_and_finds_what_the_index_finds(
    papers: list[dict[str, Any]],
    states: list[dict[str, Any] | None],
    query: str,
    sort: SortOrder,
    trash: bool,
    include_reports: bool,
) -> None:
    """While the background thread builds the index, a search over few papers scans them
    at once (it never waits): each keystroke's result, in its order, is the built index's."""
    catalog, docs = _library(papers, states)
    snapshot = Snapshot.of(catalog, docs)
    building, built = Finder(catalog), Finder(catalog)
    assert building.start_index() and built.start_index()
    built.build_index(snapshot)
    options = {"sort": sort, "trash": trash, "include_reports": include_reports}
    for view, parsed in _typed(query, **options):
        with patch.object(building._build_done, "wait", _never_waits):
            scanned = building.find(view, parsed, snapshot)
        assert list(scanned) == list(built.find(view, parsed, snapshot)), view
    assert not building.has_index


def test_the_words_are_indexed_once_searches_pause() -> None:
    """The background build indexes a large library's words only once the reader has
    stopped typing for a moment: right after a search it sleeps first, and afterwards the
    words are in use."""
    papers = [{"words": ["hair"], "citations": n, "year": 2020, "report": False} for n in range(5)]
    catalog, docs = _library(papers, [])
    snapshot = Snapshot.of(catalog, docs)
    finder = Finder(catalog)
    assert finder.start_index()
    finder.find(View("hair"), parse_query("hair"), snapshot)  # a keystroke, just now
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        finder._searched -= seconds  # the time passes

    with patch("storage.finder.time.sleep", sleep), patch.object(finder_module, "_PAUSED_FROM", 1):
        finder.build_index(snapshot)
    assert slept and 0 < slept[0] <= finder_module._TYPING_PAUSE
    index = finder._built
    assert index is not None and index._words is not None


@settings(max_examples=300)
@given(st.lists(st.text(), max_size=8), st.sampled_from([1, 3, 512]))
def test_words_taken_as_bytes_are_the_words_of_each_text(texts: list[str], chunk: int) -> None:
    """The words read out of many texts' UTF-8 at once are each text's own words (NUL in a
    text, white space beyond ASCII, surrogates included)."""
    with patch.object(word_index, "_CHUNK", chunk):
        taken = list(word_index._words_in_bytes(texts, lambda: None))
    decoded = [[word.decode(errors="surrogatepass") for word in words] for words in taken]
    assert decoded == [word_index.words_of(text) for text in texts]


def test_the_white_space_bytes_do_not_split_is_all_that_str_split_knows_beyond_ascii() -> None:
    """`_SPACES` lists every character beyond ASCII that `str.split` splits at."""
    beyond = "".join(char for char in map(chr, range(128, 0x110000)) if char.isspace())
    assert beyond == word_index._SPACES


@settings(max_examples=200, deadline=None)
@given(
    papers=st.lists(_paper, min_size=1, max_size=30),
    left_out=st.sets(st.integers(0, 29), max_size=30),
)
def test_every_paper_but_a_few_is_what_the_ranks_of_the_rest_are(
    papers: list[dict[str, Any]], left_out: set[int]
) -> None:
    """The ranks of every paper but some, made from a full mask, are the ranks of the
    rest in the index's order, converted one by one: the same list and the same mask."""
    catalog, docs = _library(papers, [])
    index = SearchIndex(catalog, docs)
    left_out = {n for n in left_out if n < len(papers)}
    found = index.all_but(left_out)
    expected = index.ranks_of([n for n in index.ranked if n not in left_out])
    assert found.ranks == expected.ranks
    assert found.mask == expected.mask


def test_the_first_key_over_the_whole_library_converts_nothing() -> None:
    """Once the index is built, the first key of a query over the whole library (most
    cited, the trash and the seeds' reports left out) converts no paper's number to its
    rank and no note's papers to bits, and joins no words' papers: at 100,000 papers
    that cost the first key 27 ms of its 32 (12 ms for the ranks, 12 for the 50 notes,
    2-5 for the words holding its letter)."""
    papers = [
        {"words": ["hair", "stem"], "citations": n % 3, "year": 2020, "report": n % 7 == 0}
        for n in range(40)
    ]
    noted = {"tags": ["later"], "note": "hair again", "read": False, "deleted": False}
    deleted = {"tags": [], "note": "", "read": True, "deleted": True}
    states = [noted if n % 3 == 0 else deleted if n % 5 == 0 else None for n in range(40)]
    catalog, docs = _library(papers, states)
    snapshot = Snapshot.of(catalog, docs)
    finder = Finder(catalog)
    assert finder.start_index()
    with patch.object(search_index, "_NOTE_BITS_FROM", 2):
        finder.build_index(snapshot)
        finder.find(View(""), parse_query(""), snapshot)  # the list before the query
        with (
            patch.object(search_index, "_BY_WORDS_ABOVE", 0),
            patch.object(SearchIndex, "ranks_of", side_effect=AssertionError("ranks_of")),
            patch.object(search_index, "bits_of", side_effect=AssertionError("bits_of")),
            patch.object(word_index.WordIndex, "_joined", side_effect=AssertionError("words")),
        ):
            found = finder.find(View("a"), parse_query("a"), snapshot)
        assert list(found) == _plain(catalog, snapshot, View("a"))


def _papers_of(hits: Hits | None, size: int) -> list[int]:
    assert hits is not None
    return [rank for rank, found in enumerate(hits.mask(size)) if found]


@settings(max_examples=200)
@given(
    st.lists(st.lists(st.sampled_from([*WORDS, "Stem", "x-y", "é"])).map(" ".join), max_size=12),
    st.sampled_from([1, 3, 64]),
)
def test_a_letters_papers_joined_in_advance_are_those_of_its_words(
    texts: list[str], dense: int
) -> None:
    """Each letter's papers, joined before any search (`prepare_letters`), are the
    papers whose text holds it, whether its words keep their papers as bits or as ranks
    (`dense`); longer needles are still looked up word by word."""
    own = [" ".join(word_index.words_of(text.lower())) for text in texts]
    with patch.object(word_index, "_DENSE", dense):
        words = word_index.WordIndex.build(own, len(own))
    words.prepare_letters()
    for needle in [*"abcdefghijklmnopqrstuvwxyz", "ha", "ste", "air"]:
        expected = [rank for rank, text in enumerate(own) if needle in text]
        assert _papers_of(words.hits(needle), len(own)) == expected, needle
