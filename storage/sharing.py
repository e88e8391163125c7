"""One object for each repeated stored value, once the library is loaded.

orjson makes a new object for every value it parses. A catalog repeats a few hundred
journal names, each import's time and each source's id across 100,000 papers, and the
reader's state repeats a few hundred tag names, the statuses and the stamps of bulk
changes across 75,000: at 100,000 papers with realistic state, 40 MB of copies. The
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


def share_repeated_values(papers: Iterable[PaperDoc], states: Mapping[str, StateDoc]) -> None:
    """Replace repeated strings and stamps by one shared object each."""
    intern = sys.intern
    for paper in papers:
        if paper["added_at"] is not None:
            paper["added_at"] = intern(paper["added_at"])
        if "journal" in paper:
            paper["journal"] = intern(paper["journal"])
        paper["sources"] = [intern(source) for source in paper["sources"]]
    stamps: dict[int, int] = {}
    for doc in states.values():
        if "status" in doc:
            doc["status"] = intern(doc["status"])
        tags = doc.get("tags")
        if tags:
            doc["tags"] = [
                intern(item) if isinstance(item, str) else stamps.setdefault(item, item)
                for item in tags
            ]
