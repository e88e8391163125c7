"""CSL-JSON: the citation format of Zotero, Pandoc and citeproc."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..records import Paper
from .common import ExportEntry


def write_csl_json(entries: Sequence[ExportEntry]) -> str:
    """One JSON array of CSL items; tags become `keyword`, the reader's note `note`."""
    return json.dumps([_item(item) for item in entries], ensure_ascii=False, indent=2) + "\n"


def _item(item: ExportEntry) -> dict[str, Any]:
    paper, state = item.entry.paper, item.entry.state
    csl: dict[str, Any] = {
        "id": paper.id,
        "type": "article-journal" if paper.journal else "document",
        "title": paper.title or paper.summary,
    }
    optional: dict[str, Any] = {
        "author": [_name(author) for author in paper.authors],
        "container-title": paper.journal,
        "issued": _issued(paper),
        "DOI": paper.doi,
        "URL": paper.url,
        "abstract": paper.abstract,
        "keyword": ", ".join(state.tags),
        "note": state.note,
    }
    csl.update({key: value for key, value in optional.items() if value})
    return csl


def _name(author: str) -> dict[str, str]:
    family, _, given = author.partition(",")
    if not given:
        return {"literal": author.strip()}
    return {"family": family.strip(), "given": given.strip()}


def _issued(paper: Paper) -> dict[str, list[list[int]]] | None:
    if not paper.year:
        return None
    parts = [paper.year, paper.month] if paper.month else [paper.year]
    return {"date-parts": [parts]}
