"""The seed parser: every variation the seed format allows, every refusal, and its
properties."""

from __future__ import annotations

import calendar
import string
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIRST_SEED, REPO_SEEDS, SEED_FIXTURES

from storage import SeedFormatError, SourceFileError, parse_seed, read_seed
from storage.seeds import (
    SeedDocument,
    _kind,
    _parse_citations,
    _parse_entry,
    _plain_count,
    _plain_entry,
    format_seed,
)


def test_first_real_document_parses_completely() -> None:
    """The shipped case report yields its TLDR, abstract and all nine related papers."""
    doc = read_seed(FIRST_SEED)
    assert doc.tldr.startswith("A woman regrew her hair")
    assert doc.abstract.startswith("This case report details")
    assert len(doc.related) == 9
    first = doc.related[0]
    assert (first.citations, first.year, first.month) == (13, 2021, 12)
    assert first.journal == "Journal of Cellular and Molecular Medicine"
    assert [r.citations for r in doc.related[-2:]] == [None, None]


def test_every_bundled_seed_parses() -> None:
    """Smoke test: the documents the app ships with are all valid."""
    files = sorted(REPO_SEEDS.glob("*.txt"))
    assert files
    for path in files:
        assert read_seed(path).related


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("basic.txt", [(13, 2021, 12, "Journal of Things", "A related paper.")]),
        ("bom_crlf.txt", [(2, 2020, 5, "Nature", "Summary here.")]),
        ("straight_quotes.txt", [(5, 2019, 6, "Cell", "A summary.")]),
        (
            "missing_citations.txt",
            [(None, 2023, 10, "Frontiers in endocrinology", "Effective treatments.")],
        ),
        ("one_citation.txt", [(1, 2023, 9, "Stem cell research & therapy", "Stem cells help.")]),
        (
            "thousands.txt",
            [
                (1024, 2001, 1, "Science", "Highly cited."),
                (12_345_678, 2002, None, "Cell", "Very highly cited."),
            ],
        ),
        ("year_only.txt", [(7, 2015, None, "Human Gene Therapy", "A year-only date.")]),
        ("blank_lines.txt", [(3, 2011, 3, "J", "Summary.")]),
        ("multiline_abstract.txt", [(4, 2012, 4, "Lancet", "Related.")]),
        (
            "journal_punctuation.txt",
            [
                (
                    15,
                    2021,
                    5,
                    "British journal of dermatology/British journal of dermatology, Supplement",
                    "Psoriasis.",
                ),
                (
                    None,
                    2024,
                    7,
                    "Clinical, Cosmetic & Investigational Dermatology (CCID)",
                    "Exosomes.",
                ),
            ],
        ),
        (
            "quotes_in_summary.txt",
            [(9, 2010, 8, "PubMed", 'The so-called “hair cycle” and "telogen" phases matter.')],
        ),
        ("no_related.txt", []),
    ],
)
def test_fixture_variations(fixture: str, expected: list[tuple[object, ...]]) -> None:
    """Each observed variation parses to exactly the entries it lists."""
    doc = read_seed(SEED_FIXTURES / fixture)
    got = [(r.citations, r.year, r.month, r.journal, r.summary) for r in doc.related]
    assert got == expected
    assert doc.tldr and doc.abstract


def test_bom_and_crlf_do_not_leak_into_text() -> None:
    """A BOM and CR characters never end up in the parsed fields."""
    doc = read_seed(SEED_FIXTURES / "bom_crlf.txt")
    assert doc.tldr == "Windows made this."
    assert doc.abstract == "Abstract one."


def test_multiline_abstract_keeps_its_lines() -> None:
    """Every line up to the first entry belongs to the abstract."""
    doc = read_seed(SEED_FIXTURES / "multiline_abstract.txt")
    assert doc.abstract.splitlines() == [
        "Line one of the abstract.",
        "Line two of the abstract.",
        "Line three.",
    ]


def test_same_text_with_other_line_endings_is_the_same_source() -> None:
    """CRLF and LF versions of a document hash the same, so re-import is a no-op."""
    text = (SEED_FIXTURES / "basic.txt").read_text(encoding="utf-8")
    assert parse_seed(text).source_id == parse_seed(text.replace("\n", "\r\n")).source_id


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("", 1, "'TLDR <summary>' as the first line"),
        ("\n\n  \n", 1, "'TLDR <summary>' as the first line"),
        ("Abstract first.\nTLDR late.\n", 1, "'TLDR <summary>' as the first line"),
        ("TLDR\nAbstract.\n", 1, "a summary after 'TLDR'"),
        ("TLDR Fine.\n", 1, "the abstract after the TLDR line"),
        ("TLDR Fine.\n3 citations,\nMay 2020 in “J” S.\n", 2, "the abstract"),
        ("TLDR Fine.\nAbstract.\n3 citations,\n", 3, "an entry"),
        ("TLDR Fine.\nAbstract.\n3 citations,\n4 citations,\n", 4, "an entry"),
        ("TLDR Fine.\nAbstract.\n3 citations,\nNot an entry.\n", 4, "an entry"),
        ("TLDR F.\nAbstract.\nMay 2020 in “J” S.\nStray text.\n", 4, "a citation line"),
        ("TLDR F.\nAbstract.\n1,02 citations,\nMay 2020 in “J” S.\n", 3, "a citation line"),
        ("TLDR F.\nAbstract.\n3 citations,\nMai 2020 in “J” S.\n", 4, "an English month"),
        ("TLDR F.\nAbstract.\nMay 2020 in “Unclosed journal S.\n", 3, "the journal name closed"),
        ("TLDR F.\nAbstract.\nMay 2020 in “” S.\n", 3, "a journal name between"),
        ("TLDR F.\nAbstract.\nMay 2020 in “J”\n", 3, "a one-sentence summary"),
        ("TLDR F.\nAbstract.\nMay 2020 in “J” S.\n3 citations,\n", 4, "an entry"),
        ("TLDR F.\nAbstract.\nmany citations,\nMay 2020 in “J” S.\n", 3, "a citation line"),
        ("TLDR F.\nAbstract.\n-5 citations,\nMay 2020 in “J” S.\n", 3, "a citation line"),
        ("TLDR F.\nAbstract.\n1.2k citations,\nMay 2020 in “J” S.\n", 3, "a citation line"),
        ("TLDR F.\nAbstract.\n2021-12 in “J” S.\n", 3, "a date ('May 2020' or '2020')"),
        ("TLDR F.\nAbstract.\nMay 0000 in “J” S.\n", 3, "a year from 1000"),
        ("TLDR F.\nTLDR again.\nAbstract.\nMay 2020 in “J” S.\n", 2, "one TLDR line only"),
        ("TLDR F.\nAbstract.\nMay 2020 in “J” S.\nTLDR again.\n", 4, "one TLDR line only"),
        (f"TLDR F.\nA.\n{2**64:,} citations,\nMay 2020 in “J” S.\n", 3, "a citation count"),
        pytest.param(
            f"TLDR F.\nA.\n{'9' * 5000} citations,\nMay 2020 in “J” S.\n",
            3,
            "a citation count",
            id="5000 digits",
        ),
        ('TLDR F.\nAbstract.\nMay 2020 in "Journal "unbalanced name" S.\n', 3, "journal name"),
    ],
)
def test_malformed_documents_name_line_and_expectation(text: str, line: int, expected: str) -> None:
    """A document that does not fit is refused with its file, line and expectation."""
    with pytest.raises(SeedFormatError) as caught:
        parse_seed(text, "bad.txt")
    assert caught.value.line == line
    assert expected in caught.value.expected
    assert str(caught.value).startswith(f"bad.txt:{line}: expected ")


@pytest.mark.parametrize("invisible", ["\u200b", "\u2060", "\ufeff", "\u00ad \u200b", "\u3164"])
def test_a_line_of_invisible_characters_is_blank(invisible: str) -> None:
    """A zero-width space (or another character that shows nothing) alone on a line is a
    blank line, not a line of the abstract."""
    doc = parse_seed(f"TLDR T.\n{invisible}\nAbstract.\n{invisible}\nMay 2020 in “J” S.\n")
    assert doc.abstract == "Abstract."
    assert [entry.summary for entry in doc.related] == ["S."]


@pytest.mark.parametrize(
    ("line", "journal", "summary"),
    [
        ('May 2020 in "Journal "quoted" name" Summary.', 'Journal "quoted" name', "Summary."),
        ("May 2020 in “Journal “quoted” name” Summary.", "Journal “quoted” name", "Summary."),
        ('May 2020 in “Journal "quoted" name” Summary.', 'Journal "quoted" name', "Summary."),
        ('May 2020 in "J" The "x" and “y”.', "J", 'The "x" and “y”.'),
    ],
)
def test_quotes_inside_the_journal_keep_the_whole_name(
    line: str, journal: str, summary: str
) -> None:
    """Quotes nest: the journal ends at the quote that closes the first one."""
    (entry,) = parse_seed(f"TLDR T.\nAbstract.\n{line}\n").related
    assert (entry.journal, entry.summary) == (journal, summary)


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are refused with the line they are on."""
    path = tmp_path / "latin1.txt"
    path.write_bytes("TLDR Fine.\nAbstract with caf\xe9.\n".encode("latin-1"))
    with pytest.raises(SeedFormatError) as caught:
        read_seed(path)
    assert caught.value.line == 2
    assert "UTF-8" in str(caught.value)


def test_nul_byte_is_refused(tmp_path: Path) -> None:
    """Binary junk is not text, and says so."""
    path = tmp_path / "nul.txt"
    path.write_bytes(b"TLDR Fine.\nAbs\x00tract.\n")
    with pytest.raises(SeedFormatError, match="NUL"):
        read_seed(path)


@pytest.mark.parametrize("make", ["missing", "directory"])
def test_unreadable_paths_are_source_errors(tmp_path: Path, make: str) -> None:
    """Missing files and directories get a clear reason, not a traceback."""
    path = tmp_path / "thing"
    if make == "directory":
        path.mkdir()
    with pytest.raises(SourceFileError) as caught:
        read_seed(path)
    assert str(path) in str(caught.value)


# Properties ----------------------------------------------------------------------------

_word = st.text(string.ascii_letters + "éüßø-", min_size=1, max_size=8)
_sentence = (
    st.lists(_word, min_size=1, max_size=8)
    .map(lambda words: " ".join(words) + ".")
    .filter(lambda sentence: sentence[:5].lower() != "tldr ")
)
"""A sentence that can stand on a line of its own: one starting with the word TLDR
would be a second document's first line, which a seed refuses."""
_journal = st.lists(
    st.text(string.ascii_letters + ",/&()'", min_size=1, max_size=10), min_size=1, max_size=5
).map(" ".join)
_related = st.tuples(
    st.none() | st.integers(min_value=0, max_value=10**7),
    st.integers(min_value=1000, max_value=9999),
    st.none() | st.integers(min_value=1, max_value=12),
    _journal,
    _sentence,
)


@settings(max_examples=200)
@given(
    tldr=_sentence,
    abstract=st.lists(_sentence, min_size=1, max_size=4).map("\n".join),
    related=st.lists(_related, max_size=8),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_generated_documents_parse_back_exactly(
    tldr: str,
    abstract: str,
    related: list[tuple[int | None, int, int | None, str, str]],
    crlf: bool,
    bom: bool,
) -> None:
    """Whatever format_seed writes, parse_seed reads back to the same values."""
    text = format_seed(tldr, abstract, related)
    if crlf:
        text = text.replace("\n", "\r\n")
    if bom:
        text = "\ufeff" + text
    doc = parse_seed(text)
    assert doc.tldr == tldr
    assert doc.abstract == abstract
    parsed = [(r.citations, r.year, r.month, r.journal, r.summary) for r in doc.related]
    assert parsed == [(c, y, m, j.strip(), s) for c, y, m, j, s in related]


_valid = st.builds(format_seed, _sentence, _sentence, st.lists(_related, min_size=1, max_size=5))


# Drawing arbitrary text first builds Hypothesis's Unicode tables, a one-off cost.
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=_valid,
    data=st.data(),
)
def test_mutated_documents_raise_only_the_parsers_error(text: str, data: st.DataObject) -> None:
    """Corrupting a valid document either still parses or raises SeedFormatError."""
    mutation = data.draw(st.sampled_from(["delete", "insert", "swap_lines", "truncate"]))
    if mutation == "delete":
        start = data.draw(st.integers(0, len(text) - 1))
        text = text[:start] + text[start + data.draw(st.integers(1, 20)) :]
    elif mutation == "insert":
        start = data.draw(st.integers(0, len(text)))
        junk = data.draw(st.text(max_size=20))
        text = text[:start] + junk + text[start:]
    elif mutation == "swap_lines":
        lines = text.split("\n")
        i, j = data.draw(st.integers(0, len(lines) - 1)), data.draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        text = "\n".join(lines)
    else:
        text = text[: data.draw(st.integers(0, len(text)))]
    try:
        parse_seed(text, "mutated.txt")
    except SeedFormatError as error:
        assert error.line >= 1
        assert str(error).startswith("mutated.txt:")


def test_month_names_cover_the_calendar() -> None:
    """Every English month name (and its abbreviation) is a valid date prefix."""
    for number in range(1, 13):
        for name in (calendar.month_name[number], calendar.month_abbr[number]):
            doc = parse_seed(f"TLDR T.\nA.\n{name} 2020 in “J” S.\n")
            assert doc.related[0].month == number


_token = st.text(
    st.characters(blacklist_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]), min_size=1, max_size=6
).filter(lambda token: token.strip() == token and token.isprintable())


@settings(max_examples=200)
@given(
    text=_valid,
    data=st.data(),
    shaped=st.one_of(
        _token.map(lambda count: f"{count} citations,"),
        st.tuples(_token, st.integers(0, 99_999)).map(lambda t: f"{t[0]}{t[1]} in “J” X."),
    ),
)
def test_a_line_shaped_like_a_citation_or_entry_is_never_text(
    text: str, data: st.DataObject, shaped: str
) -> None:
    """Wherever it stands after the TLDR, a citation- or entry-shaped line is read as one
    or refused at its line: it never becomes part of the abstract or a summary."""
    lines = text.splitlines()
    at = data.draw(st.integers(1, len(lines)))
    lines.insert(at, shaped)
    try:
        doc = parse_seed("\n".join(lines), "shaped.txt")
    except SeedFormatError as error:
        assert error.line >= at + 1  # the lines before it are a valid document
        return
    assert shaped not in doc.abstract.splitlines()
    assert all(shaped not in entry.summary for entry in doc.related)


@settings(max_examples=100)
@given(
    text=_valid,
    data=st.data(),
    blank=st.lists(st.sampled_from(" \t\u200b\u200c\u200d\u2060\ufeff\u00ad\u3164"), min_size=1),
)
def test_invisible_lines_change_nothing(text: str, data: st.DataObject, blank: list[str]) -> None:
    """A line of characters that show nothing, anywhere, parses as if it were not there."""
    lines = text.splitlines()
    lines.insert(data.draw(st.integers(0, len(lines))), "".join(blank))
    before, after = parse_seed(text), parse_seed("\n".join(lines))
    assert (after.tldr, after.abstract) == (before.tldr, before.abstract)
    assert [(e.citations, e.journal, e.summary) for e in after.related] == [
        (e.citations, e.journal, e.summary) for e in before.related
    ]


def _mostly(plain: list[str], odd: list[str]) -> st.SearchStrategy[str]:
    """The plain spelling four times in five, so that both readings get exercised."""
    return st.sampled_from(plain * (4 * len(odd) // len(plain) + 1) + odd)


_entry_line = st.builds(
    "".join,
    st.tuples(
        _mostly(["", "May ", "sept "], ["Sept. ", "Mayo ", "12 ", "May  ", "\u00e9t\u00e9 "]),
        _mostly(["2020", "1000"], ["0999", "999", "\u0661\u0662\u0663\u0664", "20201"]),
        _mostly([" in "], ["  in ", " In ", " in"]),
        _mostly(["\u201c", '"'], ["'", ""]),
        _mostly(["J", "Cells / Tissues", " J "], ["", "J\t", ' "Q" J', "J \u201cQ"]),
        _mostly(["\u201d"], ['"', "\u201c", ""]),
        _mostly([" S.", " S t."], ["", "S.", "  S", " \u00a0S", "\u201d S", ' "S', "\u3000"]),
    ),
)
_count_line = st.builds(
    "".join,
    st.tuples(
        _mostly(["1", "1,234", "007", "9" * 18], ["12,34", "9" * 19, "9" * 20, "-3", ""]),
        _mostly([" citations,", " citation", " citations"], [" Citations,", "  citations,"]),
        _mostly(["", ","], [" ,", "x"]),
    ),
)


@settings(max_examples=500)
@given(line=_entry_line | _count_line, citations=st.none() | st.integers(0, 99))
def test_plainly_written_lines_are_read_as_the_parser_reads_them(
    line: str, citations: int | None
) -> None:
    """The one-match readings of a citation or entry line give what the parser gives
    (its kind included), or leave the line to it."""
    line = line.strip()
    if (count := _plain_count(line)) is not None:
        assert _kind(line) == "citations"
        assert count == _parse_citations(1, line, "x.txt")
    if (entry := _plain_entry(7, line, citations)) is not None:
        assert _kind(line) == "entry"
        assert entry == _parse_entry(7, line, citations, "x.txt")


def _parsed_or_refused(text: str) -> SeedDocument | str:
    try:
        return parse_seed(text, "doc.txt")
    except SeedFormatError as error:
        return str(error)


@settings(max_examples=200)
@given(
    text=_valid,
    data=st.data(),
    extra=st.lists(_entry_line | _count_line, max_size=4),
)
def test_a_document_reads_the_same_without_the_one_match_readings(
    text: str, data: st.DataObject, extra: list[str]
) -> None:
    """Documents with odd lines anywhere after the TLDR parse, or are refused with the
    same message, as the parser alone reads them."""
    lines = text.splitlines()
    for line in extra:
        lines.insert(data.draw(st.integers(1, len(lines))), line)
    text = "\n".join(lines)
    fast = _parsed_or_refused(text)
    with (
        patch("storage.seeds._plain_count", return_value=None),
        patch("storage.seeds._plain_entry", return_value=None),
    ):
        assert _parsed_or_refused(text) == fast
