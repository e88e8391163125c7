"""The library's JSON files written a thousand documents a line, and read a line at a time.

One `orjson.loads` of a 100,000-paper catalog (36 MB) takes 0.3 s, and holds the
interpreter lock throughout: a thread reading another process's import froze the app's
event loop for as long. Read a line at a time, the lock changes hands between lines, so
the loop waits a few milliseconds at most.

The file stays one JSON document (a TinyDB database), its largest table last:

    {"meta":{...},"sources":{...},"papers":{
    "1":{...},"2":{...},...,"1000":{...},
    "1001":{...},...
    }}

orjson escapes every newline inside a string, so in what it writes a line break is only
ever one of these. A file laid out otherwise (an older papershelf's, one edited by hand)
is read in one go, as before; so is one whose lines do not each hold whole documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from itertools import islice
from typing import Any, Final

import orjson

DOCUMENTS_PER_LINE: Final = 1000
"""A line of catalog documents is about 0.4 MB, parsed in about 3 ms."""
_CLOSE: Final = b"}}"
_WHITE_SPACE: Final = b" \t\r\n"
"""The white space JSON allows after a document (`bytes.rstrip` takes more)."""


def dumps(tables: Mapping[str, Mapping[str, Any]], last: str) -> bytes:
    """`tables` as one JSON object, the table `last` at the end, a line per thousand of
    its documents (a file without that table, an older one's, is written in one line)."""
    return b"".join(dump_lines(tables, last))


def dump_lines(tables: Mapping[str, Mapping[str, Any]], last: str) -> Iterator[bytes]:
    """`dumps` a line at a time, each with the newline before it, for a writer that need
    not hold the file: the lines of a 100,000-entry .bib's catalog (0.4 GB), and then
    their join, had been two copies of it at the peak of the import."""
    if last not in tables:
        yield orjson.dumps(tables)
        return
    head = {name: table for name, table in tables.items() if name != last}
    opening = orjson.dumps(head)[:-1] + (b',"' if head else b'"')
    yield opening + orjson.dumps(last)[1:] + b":{"
    documents = iter(tables[last].items())
    chunk = dict(islice(documents, DOCUMENTS_PER_LINE))
    while chunk:
        following = dict(islice(documents, DOCUMENTS_PER_LINE))
        yield b"\n" + orjson.dumps(chunk)[1:-1] + (b"," if following else b"")
        chunk = following
    yield b"\n" + _CLOSE


def loads(raw: bytes, last: str, each: Callable[[dict[str, Any]], None] | None = None) -> Any:
    """The JSON document in `raw`, a line at a time if it is laid out as `dumps(..., last)`
    writes it; `each` is given the documents of the table `last` as they are parsed (a
    line's, or the whole table's), before the next line is (see `sharing`).

    The lines are cut out of `raw` one by one rather than split all at once: a split
    held a second copy of the whole file (37 MB at 100,000 papers) at the peak of the
    library's memory, while its documents were being built.

    Raises:
        orjson.JSONDecodeError: `raw` is not JSON.
    """
    end = len(raw)
    while end and raw[end - 1] in _WHITE_SPACE:
        end -= 1
    head_end = raw.find(b"\n", 0, end)
    close_start = raw.rfind(b"\n", 0, end)
    opening = orjson.dumps(last) + b":{"
    if (
        head_end < 0
        or close_start <= head_end
        or raw[close_start + 1 : end] != _CLOSE
        or not raw[:head_end].endswith(opening)
    ):
        return _whole(raw, last, each)
    members = _members(raw, head_end + 1, close_start)
    if members is None:
        return _whole(raw, last, each)
    try:
        data = orjson.loads(raw[:head_end] + _CLOSE)
        # Valid pieces make a valid whole with the same members: the head ends by
        # opening the table `last` (its last occurrence, should a hand have written it
        # twice), which the lines after fill, a member list each, commas between.
        table = data[last]
        for start, stop in members:
            documents = orjson.loads(b"{" + raw[start:stop] + b"}")
            if each is not None:
                each(documents)
            table.update(documents)
    except orjson.JSONDecodeError:
        return _whole(raw, last, each)  # not laid out as it seemed: the one parse decides
    return data


def _whole(raw: bytes, last: str, each: Callable[[dict[str, Any]], None] | None) -> Any:
    """`raw` parsed in one go, `each` given the table `last` if there is one."""
    data = orjson.loads(raw)
    if each is not None and isinstance(data, dict) and isinstance(data.get(last), dict):
        each(data[last])
    return data


def _members(raw: bytes, start: int, close: int) -> list[tuple[int, int]] | None:
    """Where each member line between `start` and the closing line at `close` is, its
    separating comma left out; None unless every line but the last ends with a comma
    and the last holds something and does not."""
    spans = []
    while start <= close:
        stop = raw.find(b"\n", start, close + 1)
        is_last = stop == close
        ends_with_comma = raw[stop - 1 : stop] == b"," and stop > start
        if is_last and (stop == start or ends_with_comma) or not is_last and not ends_with_comma:
            return None
        spans.append((start, stop if is_last else stop - 1))
        start = stop + 1
    return spans
