"""CSL-JSON: the citation format of Zotero, Pandoc and citeproc."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any

import orjson

from .common import ENTRIES_PER_PIECE, ExportEntry
from .items import csl_item, plain_csl_item


def csl_json_pieces(entries: Sequence[ExportEntry]) -> Iterator[str]:
    """One JSON array of CSL items (`id` is the citation key, as in BibTeX and RIS),
    in pieces; tags become `keyword`, the reader's note `note`.

    Each piece's items are written as an array of their own, whose brackets are cut:
    the text `json.dumps(indent=2)` writes for the whole array.
    """
    items = map(_item, entries)
    before = "[\n"
    while chunk := list(islice(items, ENTRIES_PER_PIECE)):
        yield before + _indented(chunk)[2:-2]  # without the chunk's own "[\n" and "\n]"
        before = ",\n"
    yield "[]\n" if before == "[\n" else "\n]\n"


def _item(item: ExportEntry) -> dict[str, Any]:
    extra = {"keyword": ", ".join(item.tags), "note": item.note}
    own = {k: v for k, v in extra.items() if v}
    doc = item.plain_doc
    return csl_item(item.entry.paper, own) if doc is None else plain_csl_item(doc, own)


def _indented(items: list[dict[str, Any]]) -> str:
    """The items as a JSON array indented by two spaces."""
    try:  # the same text as json.dumps(indent=2) writes, ten times as fast
        return orjson.dumps(items, option=orjson.OPT_INDENT_2).decode()
    except orjson.JSONEncodeError:  # a number beyond 64 bits (a hand-edited file)
        return json.dumps(items, ensure_ascii=False, indent=2)
