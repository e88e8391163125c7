"""The search language: each operator, each error, and that nothing else ever escapes."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage import SEARCH_SUMMARY, SEARCH_SYNTAX, Paper, QuerySyntaxError, parse_query
from storage.catalog import Catalog
from storage.records import DONE_STATUSES, STATUSES, StateDoc
from storage.search_index import SearchIndex
from storage.state_fields import Field, Value, tag_field, with_values
from storage.text import QUOTES, fold, fold_many

_T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _hex(label: str) -> str:
    """A paper id for a one-letter label (ids are 16 hex digits)."""
    return label.encode().hex().rjust(16, "0")


def _entry(
    label: str,
    summary: str,
    *,
    journal: str = "Journal",
    year: int | None = 2020,
    citations: int | None = None,
    abstract: str = "",
    read: bool = False,
    tags: tuple[str, ...] = (),
    note: str = "",
) -> tuple[Paper, StateDoc]:
    pid = _hex(label)
    paper = Paper(pid, "related", summary, abstract, journal, year, None, citations, (), _T0)
    values: dict[Field, Value] = {tag_field(tag): tag for tag in tags}
    if read:
        values["status"] = "read"
    if note:
        values["note"] = note
    return paper, with_values(None, pid, values, 1)


CORPUS = [
    _entry(
        "a",
        "Exosomes promote hair growth",
        journal="Scientific Reports",
        year=2017,
        citations=113,
        tags=("hair", "EV"),
    ),
    _entry(
        "b", "Chemotherapy causes hair loss", journal="PubMed", year=2010, citations=48, read=True
    ),
    _entry(
        "c",
        "Mesenchymal stem cells and aging",
        journal="Stem cell research & therapy",
        year=2023,
        citations=1,
        note="Read the **methods** again",
    ),
    _entry(
        "d",
        "Café au lait spots in Müller cells",
        journal="Annales de Dermatologie",
        year=2015,
        abstract="A study of pigmentation.",
    ),
    _entry("e", "Gene therapy congress", journal="Human Gene Therapy", year=None),
]
CATALOG = Catalog([paper.to_doc() for paper, _ in CORPUS], ())
INDEX = SearchIndex(CATALOG, {paper.id: state for paper, state in CORPUS})
ALL = range(len(CORPUS))
LABELS = {_hex(label): label for label in "abcde"}


def ids(query: str) -> list[str]:
    """The labels of the papers a query finds, in corpus order."""
    numbers = INDEX.filter(parse_query(query), ALL)
    return [LABELS[CATALOG.paper_id(number)] for number in numbers]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["a", "b", "c", "d", "e"]),
        ("hair", ["a", "b"]),
        ("HAIR growth", ["a"]),
        ("hair -loss", ["a"]),
        ('"hair growth"', ["a"]),
        ('"growth hair"', []),
        ("cafe muller", ["d"]),
        ("CAFÉ", ["d"]),
        ("pigmentation", ["d"]),
        ("methods", ["c"]),
        ("ev", ["a"]),
        ("tag:hair", ["a"]),
        ("tag:HAIR", ["a"]),
        ("tag:hai", []),
        ("-tag:hair", ["b", "c", "d", "e"]),
        ("is:read", ["b"]),
        ("is:unread", ["a", "c", "d", "e"]),
        ("is:noted", ["c"]),
        ("-is:noted", ["a", "b", "d", "e"]),
        ("year:2017", ["a"]),
        ("year:=2017", ["a"]),
        ("year:>=2015", ["a", "c", "d"]),
        ("year:>2015", ["a", "c"]),
        ("year:<2015", ["b"]),
        ("year:<=2015", ["b", "d"]),
        ("year:2010..2015", ["b", "d"]),
        ("year:2016..", ["a", "c"]),
        ("year:..2010", ["b"]),
        ("cites:>50", ["a"]),
        ("cites:>=48", ["a", "b"]),
        ("cites:<10", ["c"]),
        ("cites:1..50", ["b", "c"]),
        ("cites:1,000..", []),
        ("journal:pubmed", ["b"]),
        ("journal:therapy", ["c", "e"]),
        ('journal:"gene therapy"', ["e"]),
        ("-journal:therapy hair", ["a", "b"]),
        ('-"hair loss"', ["a", "c", "d", "e"]),
        ("Year:2017", ["a"]),
    ],
)
def test_operators(query: str, expected: list[str]) -> None:
    """Every operator of the language selects exactly the papers it should."""
    assert ids(query) == expected


def test_is_takes_each_status_as_stored_and_a_strange_one_as_unread() -> None:
    """The index keeps statuses as codes: each stored status, none, and one a hand gave
    the file (known to no `is:`) answer every `is:` as the documents say, negated too."""
    stored = [*STATUSES, None, "lost"]
    papers = [_entry(chr(ord("a") + n), f"paper {n}")[0] for n in range(len(stored))]
    states: dict[str, StateDoc] = {
        paper.id: {"paper_id": paper.id, "status": status}
        for paper, status in zip(papers, stored, strict=True)
        if status is not None
    }
    catalog = Catalog([paper.to_doc() for paper in papers], ())
    index = SearchIndex(catalog, states)
    everyone = range(len(papers))
    for value in ("unread", *STATUSES):
        wanted = [
            n
            for n, status in enumerate(stored)
            if (status or "new") == value or value == "unread" and status not in DONE_STATUSES
        ]
        assert index.filter(parse_query(f"is:{value}"), everyone) == wanted
        assert index.filter(parse_query(f"-is:{value}"), everyone) == [
            n for n in everyone if n not in wanted
        ]


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ('"unclosed', "unclosed quote", 0),
        ('hair "loss', "unclosed quote", 5),
        ("colour:red", "unknown filter colour:", 0),
        ("tag:", "tag: needs a value", 0),
        ("-", "'-' needs a word", 0),
        ('""', "empty quotes", 0),
        ("is:maybe", "is: takes unread, new, queued, reading, skimmed, read, dropped", 0),
        ("prio:high", "prio: takes a number or range like 1, <=2, 1..2 or none", 0),
        ("hair prio:4", "prio: priorities are 1 (high) to 3 (low), or none", 5),
        ("prio:0..2", "prio: priorities are 1 (high) to 3 (low), or none", 0),
        ("year:abc", "year: takes a number", 0),
        ("year:>=", "year: takes a number", 0),
        ("year:2015..2010", "range 2015..2010 is empty", 0),
        ("year:..", "year: takes a number", 0),
        ("cites:>many", "cites: takes a number", 0),
        ("hair year:x", "year: takes a number", 5),
    ],
)
def test_malformed_queries_explain_themselves(query: str, message: str, position: int) -> None:
    """A malformed query raises QuerySyntaxError saying what is wrong and where."""
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query)
    assert message in caught.value.message
    assert caught.value.position == position


def _bib(label: str, title: str, **fields: Any) -> Paper:
    return Paper(_hex(label), "related", "", title=title, added_at=_T0, **fields)


BIB_CORPUS = [
    _bib(
        "f",
        "Hair regrowth after stem cell grafts",
        authors=("Gentile, Pietro", "Garcovich, Simone"),
        journal="Cells",
        year=2020,
        key="gentile2020hair",
        doi="10.3390/cells9020466",
    ),
    _bib(
        "g",
        "Chairs and hairs: a handbook",
        authors=("Müller, Anna",),
        journal="Springer",
        year=2019,
        key="muller2019chairs",
        entry_type="book",
    ),
    _bib(
        "h",
        "Dermal papilla signalling",
        authors=("Zhou, Lei",),
        journal="Karolinska Institutet",
        key="zhou2017dermal",
        entry_type="phdthesis",
    ),
    _bib(
        "i",
        "Proceedings talk on alopecia",
        journal="Proceedings of Dermatology",
        key="lee2021proceedings",
        entry_type="inproceedings",
    ),
]
BIB_CATALOG = Catalog([paper.to_doc() for paper in BIB_CORPUS], ())
BIB_INDEX = SearchIndex(BIB_CATALOG, {})
BIB_LABELS = {_hex(label): label for label in "fghi"}


def bib_ids(query: str) -> list[str]:
    """The labels of the bibliographic papers a query finds, in corpus order."""
    numbers = BIB_INDEX.filter(parse_query(query), range(len(BIB_CORPUS)))
    return [BIB_LABELS[BIB_CATALOG.paper_id(number)] for number in numbers]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("author:gentile", ["f"]),
        ("author:muller", ["g"]),
        ("-author:zhou", ["f", "g", "i"]),
        ("title:hair", ["f", "g"]),
        ("title:hair*", ["f", "g"]),
        ("hair*", ["f", "g"]),
        ("chair*", ["g"]),
        ("air*", []),
        ("air", ["f", "g"]),
        ("-hair*", ["h", "i"]),
        ("key:zhou2017", ["h"]),
        ("key:gentile*", ["f"]),
        ("gentile2020hair", ["f"]),
        ("doi:10.3390", ["f"]),
        ("doi:https://doi.org/10.3390", ["f"]),  # as copied from a browser
        ("doi:DOI:10.3390", ["f"]),
        ("cells9020466", ["f"]),
        ("type:book", ["g"]),
        ("type:thesis", ["h"]),
        ("type:phdthesis", ["h"]),
        ("type:article", ["f"]),
        ("type:paper-conference", ["i"]),
        ("type:in*", ["i"]),
        ("-type:book", ["f", "h", "i"]),
        ("venue:proceedings", ["i"]),
        ("venue:cells", ["f"]),
        ("zhou OR muller", ["g", "h"]),
        ("author:zhou OR type:book hair", ["g"]),
        ("hair OR dermal -chairs", ["f", "h"]),
        ("type:book OR type:thesis OR key:lee*", ["g", "h", "i"]),
        ("hair or", []),  # lower-case "or" is a word like any other
    ],
)
def test_bibliographic_filters(query: str, expected: list[str]) -> None:
    """author:, title:, key:, doi:, type:, venue:, OR and word* select what they should."""
    assert bib_ids(query) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("OR hair", "OR needs a term before it"),
        ("hair OR", "OR needs a term after it"),
        ("hair OR OR loss", "OR needs a term before it"),
        ("*", "'*' ends a word"),
        ("author:*", "'*' ends a word"),
        ("colour:x", "(known: tag:, is:, year:, cites:, prio:, journal:, venue:, author:"),
    ],
)
def test_operator_mistakes_explain_themselves(query: str, message: str) -> None:
    """A dangling OR or a lone * is explained, with where it is."""
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query)
    assert message in caught.value.message
    assert 0 <= caught.value.position <= len(query)


def test_every_filter_the_parser_knows_is_in_the_summary_and_the_syntax() -> None:
    """The one-line summary and the example rows name each filter the parser accepts."""
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query("colour:x")
    known = caught.value.message.split("(known: ")[1].rstrip(")").split(", ")
    examples = " ".join(example for example, _ in SEARCH_SYNTAX)
    assert len(known) > 10
    for name in known:
        assert name in SEARCH_SUMMARY, f"{name} is not in SEARCH_SUMMARY"
        assert name in examples, f"{name} has no SEARCH_SYNTAX example"


def test_highlights_are_positive_text_terms_longest_first() -> None:
    """Only words, phrases and journal words the user wants are highlighted."""
    query = parse_query('hair "stem cells" -loss tag:x journal:nature')
    assert query.highlights == ("stem cells", "nature", "hair")


def test_fold_removes_accents_and_case() -> None:
    """Accent- and case-insensitivity come from one folding function."""
    assert fold("Müller CAFÉ Ångström") == "muller cafe angstrom"
    assert fold("“quoted”") == '"quoted"'


_QUERY_WORDS = st.sampled_from(
    ["OR", "or", "*", "tag:", "is:", "year:", "cites:", "journal:", "venue:", "author:"]
    + ["title:", "key:", "doi:", "type:", "read", "hair", "book", "-", '"', "“", "”", " "]
    + [".", "<", ">=", "=", ",", "0", "19", "..", "\t", "ab"]
)


@settings(max_examples=500)
@given(
    st.text(alphabet=st.sampled_from(list('ab :-"“”.<>=,019tagisyearcitesjournal \t*')))
    | st.lists(_QUERY_WORDS, max_size=12).map("".join)
    | st.text()
)
def test_parser_never_crashes(query: str) -> None:
    """Any text either parses (and filters without error) or raises QuerySyntaxError."""
    try:
        parsed = parse_query(query)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(query)
        return
    INDEX.filter(parsed, ALL)
    BIB_INDEX.filter(parsed, range(len(BIB_CORPUS)))


def _fold_by_definition(text: str) -> str:
    """What `fold` means, written the slow obvious way."""
    decomposed = unicodedata.normalize("NFKD", text.translate(QUOTES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@settings(max_examples=500)
@given(st.text())
def test_fast_fold_agrees_with_its_definition(text: str) -> None:
    """The run-by-run fold used to index 100,000 papers equals the obvious definition."""
    assert fold(text) == _fold_by_definition(text)


QUERY_TEXT = st.lists(
    st.sampled_from(list("abcehilmnorstuy -\"'tag:is:read*"))
    | st.sampled_from(["OR ", "author:", "type:", "title:", "key:", "venue:", "book", "thesis"])
    | st.sampled_from(["zhou", "in", "hair"]),
    max_size=20,
).map("".join)


@settings(max_examples=400)
@given(QUERY_TEXT, st.integers(min_value=0))
def test_typing_on_filters_the_previous_result_correctly(query: str, cut: int) -> None:
    """When a longer query narrows a shorter one, filtering the shorter query's result by
    the terms it does not already guarantee gives exactly the full search: the shortcut
    the library takes per keystroke."""
    prefix = query[: cut % (len(query) + 1)]
    try:
        full, start = parse_query(query), parse_query(prefix)
    except QuerySyntaxError:
        return
    if full.narrows(start):
        remaining = full.without_terms_implied_by(start)
        assert INDEX.filter(remaining, INDEX.filter(start, ALL)) == INDEX.filter(full, ALL)
        bib = range(len(BIB_CORPUS))
        assert BIB_INDEX.filter(remaining, BIB_INDEX.filter(start, bib)) == BIB_INDEX.filter(
            full, bib
        )


@pytest.mark.parametrize(
    ("longer", "shorter", "narrows"),
    [
        ("hair*", "hai*", True),
        ("hair*", "hair", True),
        ("hair*", "air", True),
        ("hair", "hair*", False),
        ("-hai", "-hair*", True),
        ("-hair*", "-hai", False),
        ("tag:hair", "tag:hai*", True),
        ("tag:hai*", "tag:hai", False),
        ("hair OR loss", "hair", False),
        ("hair", "hair OR loss", True),
        ("hair loss", "hair OR x", True),
        ("type:book", "type:bo*", True),
    ],
)
def test_narrowing_follows_the_operators(longer: str, shorter: str, narrows: bool) -> None:
    """Typing on narrows exactly when every match of the longer query matches the shorter."""
    assert parse_query(longer).narrows(parse_query(shorter)) is narrows


@settings(max_examples=100)
@given(st.lists(st.text(), max_size=20))
def test_fold_many_folds_each_text(texts: list[str]) -> None:
    """Folding many texts at once equals folding each (NUL, the separator, becomes a space)."""
    assert fold_many(texts) == [fold(text.replace("\x00", " ")) for text in texts]
