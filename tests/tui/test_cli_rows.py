"""`list` and `list --json` made in bulk give what reading each paper in turn gives."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from cli_runner import cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIRST_SEED

from storage import Source
from storage.records import (
    PaperDoc,
    StateDoc,
    default_entry_type,
    from_iso,
    stored_int,
    stored_text,
    stored_texts,
)
from storage.stamps import stamp_time
from storage.state_fields import tag_names
from tui import cli_rows
from tui.cli_rows import (
    JSON_FIELDS,
    JsonObjects,
    RowFormatter,
    format_row,
    json_bytes,
    papers_json,
)

SOURCES = {
    name: Source(name, f"{name}.txt", "", "", "", datetime.now(UTC), "")
    for name in ("s1", "s2", "s3")
}
"""Sources the papers may name (and `gone`, which they may name too, no longer exists)."""


def reference_json(doc: PaperDoc, state: StateDoc) -> dict[str, Any]:
    """One paper's `list --json` object, each field read as `Paper.from_doc` reads it."""
    status = state.get("status", "new")
    read_stamp = state.get("read_at")
    journal = stored_text(doc.get("journal"))
    return {
        "id": stored_text(doc.get("id")),
        "kind": "report" if doc.get("kind") == "report" else "related",
        "summary": stored_text(doc.get("summary")),
        "abstract": stored_text(doc.get("abstract")),
        "journal": journal,
        "year": stored_int(doc.get("year")),
        "month": stored_int(doc.get("month")),
        "citations": stored_int(doc.get("citations")),
        "sources": [SOURCES[s].file_name for s in stored_texts(doc.get("sources")) if s in SOURCES],
        "read": status == "read",
        "status": status,
        "priority": state.get("priority"),
        "tags": tag_names(state),
        "note": state.get("note", ""),
        "deleted": state.get("deleted", False),
        "title": stored_text(doc.get("title")),
        "authors": list(stored_texts(doc.get("authors"))),
        "doi": stored_text(doc.get("doi")),
        "url": stored_text(doc.get("url")),
        "key": stored_text(doc.get("key")),
        "type": stored_text(doc.get("type")) or default_entry_type(journal),
        "read_at": (
            stamp_time(read_stamp).isoformat()
            if status == "read" and read_stamp is not None
            else None
        ),
        "added_at": (from_iso(doc.get("added_at")) or datetime.fromtimestamp(0, UTC)).isoformat(),
    }


_ANY_VALUE = st.one_of(
    st.text(max_size=5),
    st.integers(-5, 3000),
    st.none(),
    st.booleans(),
    st.lists(st.one_of(st.text(max_size=3), st.integers()), max_size=3),
)
"""What a hand-edited file may hold in any field."""

_DOCS = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text("0123456789abcdef", min_size=1, max_size=16), _ANY_VALUE),
        "kind": st.one_of(st.sampled_from(["report", "related"]), _ANY_VALUE),
        "summary": _ANY_VALUE,
        "abstract": _ANY_VALUE,
        "journal": _ANY_VALUE,
        "year": _ANY_VALUE,
        "month": _ANY_VALUE,
        "citations": _ANY_VALUE,
        "sources": st.one_of(st.lists(st.sampled_from(["s1", "s2", "s3", "gone"])), _ANY_VALUE),
        "title": _ANY_VALUE,
        "authors": _ANY_VALUE,
        "doi": _ANY_VALUE,
        "url": _ANY_VALUE,
        "key": _ANY_VALUE,
        "type": _ANY_VALUE,
        "added_at": st.one_of(
            st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat),
            st.datetimes().map(datetime.isoformat),
            _ANY_VALUE,
        ),
    },
)
_STATES = st.fixed_dictionaries(
    {"paper_id": st.just("1")},
    optional={
        "status": st.sampled_from(["new", "queued", "reading", "skimmed", "read", "dropped"]),
        "read_at": st.integers(0, 2**62),
        "priority": st.sampled_from([1, 2, 3]),
        "tags": st.lists(st.text(min_size=1, max_size=4), max_size=3).map(
            lambda names: [part for name in names for part in (name, 7)]
        ),
        "note": st.text(max_size=5),
        "deleted": st.booleans(),
    },
)


_USUAL_DOCS = st.fixed_dictionaries(
    {},
    optional={
        "id": st.text("0123456789abcdef", min_size=16, max_size=16),
        "kind": st.sampled_from(["report", "related", "other"]),
        "summary": st.text(max_size=5),
        "abstract": st.text(max_size=5),
        "journal": st.sampled_from(["", "Nature"]),
        "year": st.integers(1900, 2030),
        "month": st.integers(1, 12),
        "citations": st.integers(0, 10**6),
        "sources": st.lists(st.sampled_from(["s1", "s2", "s3", "gone"]), max_size=3),
        "title": st.text(max_size=5),
        "authors": st.lists(st.text(max_size=4), max_size=3),
        "doi": st.text(max_size=5),
        "url": st.text(max_size=5),
        "key": st.text(max_size=5),
        "type": st.sampled_from(["", "article", "inproceedings"]),
        "added_at": st.sampled_from(
            ["2026-12-02T00:43:11.782310+00:00", "2017-03-01T10:00:00", "not a time"]
        ),
        # Stored fields `list --json` does not show, and some named as its state's.
        "fields": st.just([["title", "{T}"]]),
        "key_at": st.integers(0, 9),
        "status": st.just("read"),
        "read_at": st.just(5),
    },
)
"""Documents as papershelf writes them (and a few more fields), in any order."""


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.one_of(_USUAL_DOCS, _DOCS).map(lambda doc: dict(reversed(doc.items()))), _STATES
        )
        | st.tuples(st.one_of(_USUAL_DOCS, _DOCS), _STATES),
        max_size=6,
    )
)
def test_json_objects_from_copied_documents_are_the_fields_read_one_by_one(
    papers: list[tuple[PaperDoc, StateDoc]],
) -> None:
    """`JsonObjects`, which copies each usual document over defaults, makes the same
    objects as `papers_json`, field for field and in the same order, whatever the
    documents hold; the same objects again when its caches are warm."""
    docs = [doc for doc, _ in papers]
    states = [state for _, state in papers]
    objects = JsonObjects(SOURCES)
    expected = papers_json(docs, states, SOURCES)
    for _ in range(2):
        built = objects(docs, states)
        assert built == expected
        assert [list(paper) for paper in built] == [list(JSON_FIELDS)] * len(papers)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_DOCS, _STATES), max_size=4))
def test_papers_json_reads_each_field_as_a_paper_at_a_time_would(
    papers: list[tuple[PaperDoc, StateDoc]],
) -> None:
    """The same objects, with the same fields in the same order, for any stored values."""
    docs = [doc for doc, _ in papers]
    states = [state for _, state in papers]
    built = papers_json(docs, states, SOURCES)
    expected = [reference_json(doc, state) for doc, state in papers]
    assert built == expected
    assert [list(paper) for paper in built] == [list(JSON_FIELDS)] * len(papers)
    assert orjson.dumps(built) == orjson.dumps(expected)


def test_list_json_in_pieces_is_one_array_of_every_paper(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written a few papers at a time, `list --json` is still one JSON array holding
    every paper once, in order: the same text as written in one piece."""
    db = str(db_path)
    assert cli("--db", db, "import", str(FIRST_SEED))[0] == 0
    whole = cli("--db", db, "list", "--json")[1]
    monkeypatch.setattr(cli_rows, "_PAPERS_PER_WRITE", 3)  # ten papers: four pieces
    status, pieces, _ = cli("--db", db, "list", "--json")
    assert status == 0 and pieces == whole and whole.endswith("]\n")
    assert len(json.loads(pieces)) == 10
    monkeypatch.setattr(cli_rows, "_PAPERS_PER_WRITE", 1)
    assert cli("--db", db, "list", "--json", "nothing-matches-this")[1] == "[]\n"


_ROW_DOCS = st.one_of(
    _USUAL_DOCS,
    _DOCS,
    st.fixed_dictionaries(
        {"id": st.text("0123456789abcdef", min_size=16, max_size=16)},
        optional={
            "title": st.text(max_size=40),  # control characters too
            "summary": st.text(max_size=40),
            "journal": st.text(max_size=40),
            "citations": st.integers(0, 10**7),
            "year": st.sampled_from([2017, 2018]),  # papers sharing what a cache holds
            "month": st.sampled_from([3, 11]),
            "kind": st.sampled_from(["report", "related"]),
        },
    ),
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(_ROW_DOCS, _STATES | st.just({"paper_id": "1", "tags": ["\x1b[2J", 7]})),
        max_size=6,
    ),
    st.integers(1, 120) | st.just(10_000),
)
def test_rows_laid_out_in_bulk_are_format_rows_own(
    papers: list[tuple[PaperDoc, StateDoc]], width: int
) -> None:
    """`RowFormatter`, which lays out what repeats once and shows control characters a
    piece at a time, writes `format_row`'s rows, cut at the same column."""
    expected = "".join(format_row(doc, state, width) + "\n" for doc, state in papers)
    docs = [doc for doc, _ in papers]
    states = [state for _, state in papers]
    formatter = RowFormatter(width)
    assert formatter.text(docs, states) == (expected or "\n")
    assert formatter.text(docs, states) == (expected or "\n")  # from its caches


def test_a_hand_edited_true_is_never_shown_as_the_one_it_equals(db_path: Path) -> None:
    """`true` as a count or a year equals 1 as a dictionary key: in one list with a
    paper of 1 citation in the year 1, whichever of the two was laid out first gave its
    count and year to the other (`format_row`, like `Paper`, reads `true` as none)."""
    db = str(db_path)
    assert cli("--db", db, "import", str(FIRST_SEED))[0] == 0
    catalog_path = db_path.with_name("library.catalog.json")
    catalog = orjson.loads(catalog_path.read_bytes())
    papers = catalog["papers"]
    edited = list(papers)[:2]
    for key, value in zip(edited, (1, True), strict=True):
        papers[key] |= {"citations": value, "year": value, "month": None}
    catalog_path.write_bytes(orjson.dumps(catalog))
    status, out, err = cli("--db", db, "list")
    assert status == 0, err
    for doc in (papers[key] for key in edited):
        row = next(line for line in out.splitlines() if line.startswith(doc["id"][:8]))
        assert row == format_row(doc, {"paper_id": doc["id"]}, 10_000)


@given(st.text(st.sampled_from("a é°\x85\x9b\x7f\x1b…\u0100"), max_size=8))
def test_json_bytes_escape_every_c1_character_and_change_nothing_else(text: str) -> None:
    """Text with no 0xC2 byte is left as the encoder wrote it; with one, its C1 control
    characters (and only they) are escaped: the same JSON value either way."""
    written = json_bytes([text])
    assert orjson.loads(written) == [text]
    assert not re.search(b"\xc2[\x80-\x9f]", written)
    if not any("\x80" <= character <= "\x9f" for character in text):
        assert written == orjson.dumps([text])
