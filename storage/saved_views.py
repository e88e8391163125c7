"""Saved searches: a view (query, seed, filters, sort) kept in the library under a name.

They live in the library file and its journal like the reading state, so another
process sees a new one at its next poll, and every change carries its stamp, so a
merge of two libraries can keep the newer of two versions of a name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from .errors import BadInputError
from .records import SavedViewDoc
from .sorting import SortOrder
from .view import View

MAX_NAME: Final = 40
_NAME: Final = re.compile(r"[^\s@\x00-\x1f\x7f][^\x00-\x1f\x7f]*")


@dataclass(frozen=True, slots=True)
class SavedView:
    """One saved search."""

    name: str
    view: View
    at: int
    """The change stamp of its last change: the order searches were saved in."""


def check_name(name: str) -> str:
    """A saved search's name: one line, not starting with `@` (the command line's
    `list @name` adds it), at most MAX_NAME characters."""
    name = " ".join(name.split())
    if not name or not _NAME.fullmatch(name) or len(name) > MAX_NAME:
        raise BadInputError(
            f"a saved search needs a name of 1 to {MAX_NAME} characters, not starting "
            f"with @: {name!r}"
        )
    return name


def view_doc(view: View, stamp: int) -> SavedViewDoc:
    """The stored form of a view (defaults left out)."""
    doc: SavedViewDoc = {"at": stamp}
    if view.query.strip():
        doc["query"] = view.query.strip()
    if view.source_id is not None:
        doc["source_id"] = view.source_id
    if view.unread_only:
        doc["unread_only"] = True
    doc["sort"] = view.sort.value
    if view.trash:
        doc["trash"] = True
    return doc


def removed_doc(stamp: int) -> SavedViewDoc:
    """The marker a removed search leaves."""
    return {"at": stamp, "removed": True}


def saved_views(docs: Mapping[str, SavedViewDoc]) -> list[SavedView]:
    """The saved searches, oldest first (the order of keys 1-9 in the app);
    a sort this version does not know reads as the default one."""
    found = []
    for name, doc in docs.items():
        if doc.get("removed"):
            continue
        try:
            sort = SortOrder(doc.get("sort", SortOrder.CITATIONS.value))
        except ValueError:
            sort = SortOrder.CITATIONS
        view = View(
            query=str(doc.get("query", "")),
            source_id=doc.get("source_id"),
            unread_only=doc.get("unread_only") is True,
            sort=sort,
            trash=doc.get("trash") is True,
        )
        found.append(SavedView(name, view, doc["at"]))
    return sorted(found, key=lambda saved: saved.at)
