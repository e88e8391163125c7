"""The exporters' shortcuts give exactly what their general paths give."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from storage.formats.bibtex import (
    _with_reader_data,
    first_positions,
    merged_reader_data,
    plain_entry_text,
    reader_values,
    record_entry_text,
)
from storage.formats.common import ExportEntry
from storage.formats.csv_table import plain_cells, record_cells
from storage.formats.items import (
    _made_csl_item,
    csl_item,
    plain_csl_item,
    plain_fields,
    plain_ris_lines,
    plain_type,
    ris_from_bibtex,
)
from storage.formats.latex import _LATEX_SPECIALS, _LIGATURE, is_plain_text, latex_escape
from storage.formats.markdown import plain_lines, record_lines
from storage.formats.ris import plain_record_text, record_text
from storage.records import STATUSES, PaperDoc, ReadingState, Source, StateDoc

_STATES = st.builds(
    ReadingState,
    st.just("0123456789abcdef"),
    status=st.sampled_from(sorted(STATUSES)),
    priority=st.sampled_from([None, 1, 2, 3]),
    tags=st.lists(st.sampled_from(["hair", "Stem", "to-read"]), unique=True).map(tuple),
    note=st.sampled_from(["", " ", "read {this}", "two\nlines"]),
)
_FIELDS = st.lists(
    st.tuples(
        st.sampled_from(["title", "Author", "year", "doi", "Keywords", "annote", "note"]),
        st.sampled_from(["{x}", "{hair, Stem}", "{read {this}}", "{}", "2020"]),
    ),
    max_size=6,
)


@given(_FIELDS, _STATES)
def test_reader_data_appended_without_comparing_is_the_compared_result(
    fields: list[tuple[str, str]], state: ReadingState
) -> None:
    """Fields naming none of `keywords`, `annote`, `readstatus`, `priority` get the
    reader's data appended as the field-by-field comparison would put it; others go
    that way."""
    values = reader_values(state.status, state.priority, state.tags, state.note)
    expected = merged_reader_data(list(fields), values, first_positions(fields), state)
    assert _with_reader_data(list(fields), state) == expected


_TEXT = st.sampled_from(["", "Hair", "=1+1", "two\rlines", "Müller, Anna", "a  b", "{x}"])
_ANY = st.one_of(_TEXT, st.integers(0, 2030), st.none(), st.booleans(), st.lists(_TEXT, max_size=2))


def _docs(text: st.SearchStrategy[Any], number: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Stored papers whose texts and numbers are drawn from these."""
    texts = ("kind", "summary", "abstract", "journal", "title", "doi", "url", "key", "type")
    return st.fixed_dictionaries(
        {"id": st.sampled_from(["0123456789abcdef", "fedcba9876543210"])},
        optional={
            **{name: text for name in (*texts, "preamble")},
            **{name: number for name in ("year", "citations")},
            "month": st.one_of(st.integers(0, 12), number.filter(lambda m: type(m) is not int)),
            "authors": st.one_of(st.lists(_TEXT, max_size=3), _ANY),
            "sources": st.lists(st.sampled_from(["s1", "s2"]), max_size=2),
            "added_at": st.sampled_from(["2026-12-02T00:43:11.782310+00:00", "x"]),
            "fields": st.sampled_from([[], [["volume", "{9}"], ["pages", "{1--2}"]]]),
            "ris": st.sampled_from([[], [["TY", "JOUR"], ["VL", "9"]]]),
        },
    )


_DOCS = st.one_of(
    _docs(_TEXT, st.integers(0, 2030)),
    _docs(st.one_of(_TEXT, _ANY), st.one_of(st.integers(0, 3), _ANY)),
)
"""Stored papers as papershelf writes them, and with what a hand may have changed."""
_STATE_DOCS = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {"paper_id": st.just("0123456789abcdef")},
        optional={
            "status": st.sampled_from(sorted(STATUSES)),
            "read_at": st.integers(0, 2**62),
            "tags": st.lists(st.sampled_from(["hair", "=x", "b"]), unique=True, max_size=3).map(
                lambda names: [part for name in names for part in (name, 7)]
            ),
            "note": _TEXT,
            "priority": st.sampled_from([1, 2, 3]),
        },
    ),
)
_SOURCES = st.lists(
    st.builds(Source, st.sampled_from(["s1", "s2"]), st.sampled_from(["a.txt", "+b.txt"])),
    max_size=2,
).map(tuple)


@settings(max_examples=300, deadline=None)
@given(_DOCS, _STATE_DOCS, _SOURCES)
@example({"id": "0123456789abcdef", "key": "", "title": ""}, {"paper_id": "", "priority": 2}, ())
@example({"id": "0123456789abcdef", "title": "", "summary": "S", "year": 0, "month": 0}, None, ())
@example({"id": "0123456789abcdef", "title": "T", "summary": "S & {x}"}, None, ())
def test_rows_read_from_a_plain_document_are_the_records_rows(
    doc: PaperDoc, state_doc: StateDoc | None, sources: tuple[Source, ...]
) -> None:
    """A CSV row, a Markdown item, a BibTeX entry, an RIS record and a CSL item read
    straight from a plain document are what the records give; a document with a
    bibliography's fields or an unusual value is not plain."""
    item = ExportEntry(doc, state_doc, sources)
    plain = item.plain_doc
    if doc.get("fields") or doc.get("ris") or _unusual(doc):
        assert plain is None
    else:
        assert plain is not None
        assert plain_cells(item, plain) == record_cells(ExportEntry(doc, state_doc, sources))
        assert plain_lines(item, plain) == record_lines(ExportEntry(doc, state_doc, sources))
        expected = record_entry_text(ExportEntry(doc, state_doc, sources).entry)
        assert plain_entry_text(item, plain) == expected
        assert plain_record_text(item, plain) == record_text(ExportEntry(doc, state_doc, sources))
        paper = ExportEntry(doc, state_doc, sources).entry.paper
        assert list(plain_csl_item(plain).items()) == list(csl_item(paper).items())


def _unusual(doc: PaperDoc) -> bool:
    """Whether a field `Paper.from_doc` reads as a text or a number holds another type."""
    numbers = ("year", "month", "citations")
    return any(
        type(value) is not (int if name in numbers else str)
        for name, value in doc.items()
        if name not in ("authors", "sources", "added_at", "fields", "ris")
    )


_RISKY = st.text(alphabet=st.sampled_from("aZ ,\n\r\t-'`?!<>{}\\%&$_~é"), max_size=12)
_RISKY_NAMES = st.one_of(
    _RISKY,
    st.builds("{}, {}".format, _RISKY, _RISKY),
    st.sampled_from(["Smith, and", "and Co, X", "Anderson, Bo", " Lee , Ann ", "Ng,  Jo\nKim"]),
)
_RISKY_DOCS = st.fixed_dictionaries(
    {"id": st.just("0123456789abcdef")},
    optional={
        **{name: _RISKY for name in ("title", "summary", "journal", "abstract", "doi", "url")},
        "type": st.sampled_from(["article", "book", "techreport", "phdthesis", "misc"]),
        "authors": st.lists(_RISKY_NAMES, max_size=3),
        "year": st.integers(0, 2030),
        "month": st.integers(0, 12),
        "key": st.sampled_from(["", "smith2020"]),
    },
)


@settings(max_examples=500, deadline=None)
@given(_RISKY_DOCS)
@example({"id": "0123456789abcdef", "title": "a -- b", "authors": ["Müller, Anna", "Ng, Jo"]})
def test_plain_ris_lines_and_csl_items_are_what_the_made_fields_give(doc: PaperDoc) -> None:
    """Read straight from a plain document, an RIS record's lines and a CSL item are
    those of the BibTeX fields made of it, whatever its text holds (LaTeX specials,
    ligatures, names a list would split, white space)."""
    made = ris_from_bibtex(
        plain_type(doc), plain_fields(doc), doc.get("year"), doc.get("month"), doc.get("doi", "")
    )
    assert plain_ris_lines(doc) == made
    assert list(plain_csl_item(doc).items()) == list(_made_csl_item(doc, None).items())


@given(st.text(st.sampled_from("\\{}&%$#_~-'`?!<>,a é\n"), max_size=12))
@example("a--b")
@example("?`")
@example("x, y")
def test_escaping_skips_only_text_it_would_leave_as_it_is(text: str) -> None:
    """`latex_escape` looks for what it changes before changing it: text it returns at
    once is what translating and breaking ligatures would have made of it."""
    escaped = _LIGATURE.sub("{}", text.translate(_LATEX_SPECIALS))
    assert latex_escape(text) == escaped
    assert is_plain_text(text) == ("`" not in text and escaped == text)
