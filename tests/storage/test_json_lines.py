"""The library's JSON files, written a thousand documents a line: read back the same,
whichever way they are read, and whatever a hand did to the lines."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage import json_lines

TEXT = st.text(st.characters(codec="utf-8"), max_size=8)  # newlines, quotes, braces too
DOCUMENT = st.dictionaries(
    TEXT, st.one_of(TEXT, st.integers(-(2**63), 2**63 - 1), st.lists(TEXT)), max_size=3
)
TABLE = st.dictionaries(TEXT, DOCUMENT, max_size=30)


@given(st.dictionaries(TEXT, TABLE, max_size=3), TABLE, st.integers(1, 7))
def test_what_is_written_reads_back_whole(
    head: dict[str, dict[str, Any]], bulk: dict[str, Any], per_line: int
) -> None:
    tables = {**head, "papers": bulk}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_lines, "DOCUMENTS_PER_LINE", per_line)
        raw = json_lines.dumps(tables, "papers")
    assert json.loads(raw) == tables  # one JSON document: TinyDB reads it
    assert json_lines.loads(raw, "papers") == tables
    if len(bulk) > per_line:
        assert raw.count(b"\n") == 1 + -(-len(bulk) // per_line)  # a line per chunk


@given(TABLE.filter(lambda table: len(table) > 2), st.data())
def test_lines_changed_by_hand_read_as_one_parse_reads_them(
    bulk: dict[str, Any], data: st.DataObject
) -> None:
    """Whatever is done to a line, the result is the one `orjson.loads` gives (or its
    error): reading by lines never reads a file differently."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_lines, "DOCUMENTS_PER_LINE", 1)
        lines = json_lines.dumps({"meta": {"1": {}}, "papers": bulk}, "papers").split(b"\n")
    number = data.draw(st.integers(0, len(lines) - 1))
    edit = data.draw(st.sampled_from([b"", b",", b"}", b"{", b'"x":{}', b'"papers":{', b"\n"]))
    at = data.draw(st.integers(0, len(lines[number])))
    lines[number] = lines[number][:at] + edit + lines[number][at:]
    raw = b"\n".join(lines)
    try:
        expected = orjson.loads(raw)
    except orjson.JSONDecodeError:
        with pytest.raises(orjson.JSONDecodeError):
            json_lines.loads(raw, "papers")
        return
    assert json_lines.loads(raw, "papers") == expected


def test_a_file_on_one_line_is_read_as_before() -> None:
    raw = orjson.dumps({"meta": {}, "papers": {"1": {"id": "a"}}})
    assert json_lines.loads(raw, "papers") == {"meta": {}, "papers": {"1": {"id": "a"}}}


def test_a_table_named_twice_takes_the_last_as_json_does() -> None:
    raw = b'{"papers":{"1":{}},"meta":{},"papers":{\n"2":{"a":1},\n"3":{}\n}}'
    assert json_lines.loads(raw, "papers") == orjson.loads(raw)
