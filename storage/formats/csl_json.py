"""CSL-JSON: the citation format of Zotero, Pandoc and citeproc."""

from __future__ import annotations

import json
from collections.abc import Sequence

import orjson

from .common import ExportEntry
from .items import csl_item, plain_csl_item


def write_csl_json(entries: Sequence[ExportEntry]) -> str:
    """One JSON array of CSL items (`id` is the citation key, as in BibTeX and RIS);
    tags become `keyword`, the reader's note `note`."""
    items = []
    for item in entries:
        extra = {"keyword": ", ".join(item.tags), "note": item.note}
        own = {k: v for k, v in extra.items() if v}
        doc = item.plain_doc
        items.append(csl_item(item.entry.paper, own) if doc is None else plain_csl_item(doc, own))
    try:  # the same text as json.dumps(indent=2) writes, ten times as fast
        return orjson.dumps(items, option=orjson.OPT_INDENT_2).decode() + "\n"
    except orjson.JSONEncodeError:  # a number beyond 64 bits (a hand-edited file)
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
