"""A command line's search (`Finder.find_once`: no index, the papers that cannot match
left out first) finds what the app's index finds, in the same order.

The generated texts mix what the pick-out step treats specially: accents, a Greek
sigma, letters that fold to others (ß, the Kelvin sign), the separators the index has
as spaces, and words in tags and notes only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from storage import Paper, QuerySyntaxError, View, parse_query
from storage.catalog import Catalog
from storage.finder import Finder
from storage.records import StateDoc
from storage.snapshot import Snapshot
from storage.sorting import SortOrder
from storage.state_fields import Field, Value, tag_field, with_values

_T0 = datetime(2026, 1, 1, tzinfo=UTC)
_WORDS = ["hair", "Hair", "HAÏR", "stem", "cell", "Müller", "muller", "ΑΣ", "straße"]
_WORDS += ["\u212aey", "a\x1ecell", "hair\x00stem", "x1ha", "(stem)", "naïve", ""]
_TAGS = ["hair", "Stem Cell", "Révue", "later"]
_NOTES = ["", "hair again", "see STEM", "  ", "müller"]

_text = st.lists(st.sampled_from(_WORDS), max_size=4).map(" ".join)
_paper = st.fixed_dictionaries(
    {
        "summary": _text,
        "abstract": _text,
        "journal": st.sampled_from(["", "J Hair", "Stem Cells", "Révue"]),
        "title": _text,
        "authors": st.lists(st.sampled_from(["Müller, A", "Smith, B", "Hair, C"]), max_size=2),
        "key": st.sampled_from(["", "muller2020", "stem"]),
        "citations": st.none() | st.integers(0, 3),  # few values: many ties
        "year": st.none() | st.integers(2019, 2021),
        "report": st.booleans(),
    }
)
_state = st.fixed_dictionaries(
    {
        "tags": st.lists(st.sampled_from(_TAGS), max_size=2, unique=True),
        "note": st.sampled_from(_NOTES),
        "read": st.booleans(),
        "priority": st.sampled_from([None, 1, 2]),
        "deleted": st.booleans(),
    }
)
_pieces = st.lists(
    st.sampled_from(["hair", "hai", "stem", "muller", "ß", "ss", "k", "σ", "cell", "again"])
    | st.sampled_from(["tag:hair", "tag:stem*", "tag:révue", "tag:REVUE", 'tag:"stem cell"'])
    | st.sampled_from(["-", " ", '"', "*", "OR ", "tag:", "is:read", "year:2020", "author:"]),
    max_size=8,
)
_query = _pieces.map("".join) | _pieces.map(" ".join)
"""Keys typed (words run together) or terms apart."""


def _state_doc(pid: str, state: dict[str, Any]) -> StateDoc:
    values: dict[Field, Value] = {tag_field(tag): tag for tag in state["tags"]}
    if state["read"]:
        values["status"] = "read"
    if state["note"]:
        values["note"] = state["note"]
    if state["priority"]:
        values["priority"] = state["priority"]
    if state["deleted"]:
        values["deleted"] = True
    return with_values(None, pid, values, 1)


def _snapshot(papers: list[dict[str, Any]], states: list[dict[str, Any] | None]) -> Snapshot:
    docs = []
    for number, paper in enumerate(papers):
        values = {name: paper[name] for name in ("summary", "abstract", "journal", "title")}
        docs.append(
            Paper(
                f"{number:016x}",
                "report" if paper["report"] else "related",
                year=paper["year"],
                citations=paper["citations"],
                added_at=_T0,
                authors=tuple(paper["authors"]),
                key=paper["key"],
                **values,
            ).to_doc()
        )
    state_docs = {
        f"{number:016x}": _state_doc(f"{number:016x}", state)
        for number, state in enumerate(states[: len(papers)])
        if state is not None
    }
    return Snapshot.of(Catalog(docs, ()), state_docs)


_PLAIN: dict[str, Any] = {
    "summary": "x",
    "abstract": "",
    "journal": "",
    "title": "",
    "authors": [],
    "key": "",
}
_PLAIN |= {"citations": None, "year": None, "report": False}
_TAGGED: dict[str, Any] = {
    "tags": ["Stem Cell"],
    "note": "",
    "read": False,
    "priority": None,
    "deleted": False,
}


@settings(max_examples=300, deadline=None)
@example([_PLAIN], [_TAGGED], "tag:stem*", SortOrder.CITATIONS, False, False)
@example([_PLAIN], [_TAGGED], "tag:STEM", SortOrder.CITATIONS, False, False)
@example([_PLAIN], [_TAGGED | {"note": "Müller"}], '"cell müller"', SortOrder.DATE, False, False)
@given(
    papers=st.lists(_paper, min_size=1, max_size=30),
    states=st.lists(st.none() | _state, max_size=30),
    query=_query,
    sort=st.sampled_from(list(SortOrder)),
    trash=st.booleans(),
    include_reports=st.booleans(),
)
def test_a_search_once_finds_what_the_index_finds(
    papers: list[dict[str, Any]],
    states: list[dict[str, Any] | None],
    query: str,
    sort: SortOrder,
    trash: bool,
    include_reports: bool,
) -> None:
    """The same papers in the same order (ties included) as the whole library's index,
    for every view (sort, trash, reports) and every query that parses."""
    snapshot = _snapshot(papers, states)
    try:
        parsed = parse_query(query)
    except QuerySyntaxError:
        return
    view = View(query, sort=sort, trash=trash, include_reports=include_reports)
    once = Finder(snapshot.catalog).find_once(view, parsed, snapshot)
    indexed = Finder(snapshot.catalog).find(view, parsed, snapshot)
    assert list(once) == list(indexed)


def test_a_search_once_builds_no_index() -> None:
    """A command line's query leaves no index behind: building it was most of the
    command's time."""
    snapshot = _snapshot(
        [
            {
                "summary": "hair stem",
                "abstract": "",
                "journal": "",
                "title": "",
                "authors": [],
                "key": "",
                "citations": 1,
                "year": None,
                "report": False,
            }
        ],
        [None],
    )
    finder = Finder(snapshot.catalog)
    assert list(finder.find_once(View("hair"), parse_query("hair"), snapshot)) == [0]
    assert not finder.has_index


_SPELLINGS = ["hair", "HAIR", "Révue", "Revue", "révue", "Stem Cell", "later"]
"""Tags some of which fold alike: which spelling shows depends on the whole library."""


@settings(max_examples=300, deadline=None)
@given(
    papers=st.lists(_paper, min_size=1, max_size=30),
    tags=st.lists(
        st.none() | st.lists(st.sampled_from(_SPELLINGS), max_size=3, unique_by=str.casefold),
        max_size=30,
    ),
    query=_query,
)
def test_tags_counted_once_are_the_index_s_counts(
    papers: list[dict[str, Any]], tags: list[list[str] | None], query: str
) -> None:
    """The same tags, counts, order and spellings as the whole library's index, for the
    papers of every query that parses."""
    states = [None if names is None else _TAGGED | {"tags": names} for names in tags]
    snapshot = _snapshot(papers, states)
    try:
        parsed = parse_query(query)
    except QuerySyntaxError:
        return
    view = View(query, include_reports=True)
    found = Finder(snapshot.catalog).find_once(view, parsed, snapshot)
    once = Finder(snapshot.catalog)
    counted = once.tag_counts(found, snapshot, once=True)
    assert not once.has_index
    assert counted == Finder(snapshot.catalog).tag_counts(found, snapshot)


def test_a_paper_with_a_tag_written_two_ways_that_fold_alike_counts_once() -> None:
    """`Révue` and `Revue` on one paper are one tag of one paper: the index counted the
    paper twice, in the tag pane too, wherever a list was counted paper by paper."""
    spelled: list[dict[str, Any] | None] = [
        _TAGGED | {"tags": ["Révue", "Revue"]},
        _TAGGED | {"tags": ["revue"]},
    ]
    snapshot = _snapshot([_PLAIN, _PLAIN], spelled)
    finder = Finder(snapshot.catalog)
    assert finder.tag_counts([0], snapshot) == [("revue", 1)]
    assert finder.tag_counts([0, 1], snapshot) == [("revue", 2)]
    assert finder.tag_counts([0], snapshot, once=True) == [("revue", 1)]
