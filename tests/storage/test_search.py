"""The search language: each operator, each error, and that nothing else ever escapes."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage import Paper, QuerySyntaxError, parse_query
from storage.catalog import Catalog
from storage.records import StateDoc
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


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ('"unclosed', "unclosed quote", 0),
        ('hair "loss', "unclosed quote", 5),
        ("colour:red", "unknown filter colour:", 0),
        ("tag:", "tag: needs a value", 0),
        ("-", "'-' needs a word", 0),
        ('""', "empty quotes", 0),
        ("is:maybe", "is: takes read, unread or noted", 0),
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


def test_highlights_are_positive_text_terms_longest_first() -> None:
    """Only words, phrases and journal words the user wants are highlighted."""
    query = parse_query('hair "stem cells" -loss tag:x journal:nature')
    assert query.highlights == ("stem cells", "nature", "hair")


def test_fold_removes_accents_and_case() -> None:
    """Accent- and case-insensitivity come from one folding function."""
    assert fold("Müller CAFÉ Ångström") == "muller cafe angstrom"
    assert fold("“quoted”") == '"quoted"'


@settings(max_examples=500)
@given(
    st.text(alphabet=st.sampled_from(list('ab :-"“”.<>=,019tagisyearcitesjournal \t'))) | st.text()
)
def test_parser_never_crashes(query: str) -> None:
    """Any text either parses (and filters without error) or raises QuerySyntaxError."""
    try:
        parsed = parse_query(query)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(query)
        return
    INDEX.filter(parsed, ALL)


def _fold_by_definition(text: str) -> str:
    """What `fold` means, written the slow obvious way."""
    decomposed = unicodedata.normalize("NFKD", text.translate(QUOTES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@settings(max_examples=500)
@given(st.text())
def test_fast_fold_agrees_with_its_definition(text: str) -> None:
    """The run-by-run fold used to index 100,000 papers equals the obvious definition."""
    assert fold(text) == _fold_by_definition(text)


QUERY_TEXT = st.text(alphabet=st.sampled_from(list("abcehilmnorstuy -\"'tag:is:read")))


@settings(max_examples=300)
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


@settings(max_examples=100)
@given(st.lists(st.text(), max_size=20))
def test_fold_many_folds_each_text(texts: list[str]) -> None:
    """Folding many texts at once equals folding each (NUL, the separator, becomes a space)."""
    assert fold_many(texts) == [fold(text.replace("\x00", " ")) for text in texts]
