"""One object for each repeated stored value, once the library is loaded.

orjson makes a new object for every value it parses. A catalog repeats a few hundred
journal names, each import's time and each source's id across 100,000 papers, and the
reader's state repeats a few hundred tag names, the statuses and the stamps of bulk
changes across 75,000, and each of its paper ids is a copy of the catalog's: at 100,000
papers with realistic state, 45 MB of copies. The
app runs `share_repeated_values` on a background thread after its first paint (it takes
about 0.25 s there, which the open would otherwise pay), before the search index is
built, so that the index reuses the memory it frees.

Values are replaced by equal values, so a reader on another thread sees a document
as it was either way; documents are not otherwise edited (see `library_files`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping

from .records import PaperDoc, StateDoc


def share_repeated_values(
    papers: Iterable[PaperDoc], states: Mapping[str, StateDoc], ids: Mapping[str, object]
) -> None:
    """Replace repeated strings and stamps by one shared object each.

    Args:
        papers: the catalog's documents.
        states: the reader's state documents.
        ids: the catalog's paper ids (its keys are the id strings to share).
    """
    intern = sys.intern
    for paper in papers:
        if paper["added_at"] is not None:
            paper["added_at"] = intern(paper["added_at"])
        if "journal" in paper:
            paper["journal"] = intern(paper["journal"])
        paper["sources"] = [intern(source) for source in paper["sources"]]
    canonical = {paper_id: paper_id for paper_id in ids}
    stamps: dict[int, int] = {}
    for doc in states.values():
        doc["paper_id"] = canonical.get(doc["paper_id"], doc["paper_id"])
        if "status" in doc:
            doc["status"] = intern(doc["status"])
        tags = doc.get("tags")
        if tags:
            doc["tags"] = [
                intern(item) if isinstance(item, str) else stamps.setdefault(item, item)
                for item in tags
            ]
