"""Two copies' imported papers and sources, merged: their union, joined where both have one.

Like the reading state, the merge is a join (the same result in any order or grouping,
and merging a copy with itself changes nothing). A paper both copies have is merged
the way an import merges a paper the library already has, made symmetric: sources
accumulate, the larger citation count and the earliest added-at win, and of two
different values of any other field the richer one is kept (the longer, then a fixed
order). A citation key changed by `papershelf key` carries its stamp (`key_at`) and the
later change wins.

Citation keys stay unique: two different papers imported apart may have been given the
same key. The paper that was added first keeps it; the other gets its id's first
digits as a suffix (`smith2020-3fa2`), which depends on nothing but the paper. A copy
may learn only in a later merge that a paper was added earlier somewhere else, so a
key of that form is read back as the key it stands in for, and every merge that changes
one of the papers wanting a key settles who holds it afresh: every copy and every
grouping of merges ends with the same keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, cast

import orjson

from .records import PaperDoc, SourceDoc

_FIELD_ORDER: Final = {name: number for number, name in enumerate(PaperDoc.__annotations__)}
_SUFFIX_DIGITS: Final = 4


@dataclass(frozen=True, slots=True)
class JoinedCatalog:
    """The merged catalog, and what it changed for the copy merged into ("ours")."""

    papers: list[PaperDoc]
    """Those both copies have in ours' order, then those only one has (oldest first,
    then by id): merged either way, two copies list tied papers in one order."""
    sources: list[SourceDoc]
    added: tuple[str, ...] = ()
    """Papers ours did not have."""
    updated: tuple[str, ...] = ()
    """Papers of ours whose record changed."""
    sources_added: tuple[str, ...] = ()
    keys_renamed: tuple[tuple[str, str, str], ...] = ()
    """(paper id, key, new key) of papers whose citation key clashed with another's."""

    @property
    def changed(self) -> bool:
        """Whether ours changes at all."""
        return bool(self.added or self.updated or self.sources_added)


def joined_catalogs(
    papers: Sequence[PaperDoc],
    sources: Sequence[SourceDoc],
    other_papers: Iterable[PaperDoc],
    other_sources: Iterable[SourceDoc],
) -> JoinedCatalog:
    """Our papers and sources merged with another copy's."""
    merged: dict[str, PaperDoc] = {doc["id"]: doc for doc in papers}
    new: dict[str, PaperDoc] = {}
    updated: list[str] = []
    theirs: set[str] = set()
    for doc in other_papers:
        pid = doc["id"]
        theirs.add(pid)
        known = merged.get(pid)
        if known is None:
            merged[pid] = new[pid] = doc
        elif known != doc:  # most papers: the same record on both copies
            merged[pid] = joined = joined_paper(known, doc)
            if joined != known:
                updated.append(pid)
    renamed = _unique_keys(merged, [*new, *updated])
    apart = [doc["id"] for doc in papers if doc["id"] not in theirs] + list(new)
    apart.sort(key=lambda pid: (merged[pid].get("added_at") or "", pid))
    ordered_new = [pid for pid in apart if pid in new]
    sources_by_id = {doc["id"]: doc for doc in sources}
    new_sources: list[str] = []
    for source in other_sources:
        known_source = sources_by_id.get(source["id"])
        if known_source is not None:
            source = _joined_source(known_source, source)
        sources_by_id[source["id"]] = source
        if known_source is None:
            new_sources.append(source["id"])
    new_sources.sort(key=lambda sid: (sources_by_id[sid].get("imported_at") or "", sid))
    return JoinedCatalog(
        papers=[merged[doc["id"]] for doc in papers if doc["id"] in theirs]
        + [merged[pid] for pid in apart],
        sources=[sources_by_id[doc["id"]] for doc in sources]
        + [sources_by_id[sid] for sid in new_sources],
        added=tuple(ordered_new),
        updated=tuple(dict.fromkeys([*updated, *(pid for pid, _, _ in renamed if pid not in new)])),
        sources_added=tuple(new_sources),
        keys_renamed=tuple(renamed),
    )


def joined_paper(a: PaperDoc, b: PaperDoc) -> PaperDoc:
    """One paper as two copies have it, merged (the same id in both)."""
    if a == b:
        return a
    first, second = cast(dict[str, Any], a), cast(dict[str, Any], b)
    names = sorted(first.keys() | second.keys(), key=lambda n: (_FIELD_ORDER.get(n, 99), n))
    new: dict[str, Any] = {}
    for name in names:
        mine, theirs = first.get(name), second.get(name)
        if name == "sources":
            new[name] = mine if mine == theirs else sorted({*(mine or ()), *(theirs or ())})
        elif name == "citations":
            new[name] = max(value for value in (mine, theirs) if value is not None)
        elif name == "added_at":
            new[name] = min((value for value in (mine, theirs) if value), default=None)
        elif name not in ("key", "key_at"):
            new[name] = _richer(mine, theirs)
    winner = max(first, second, key=lambda doc: (doc.get("key_at") or 0, _weight(_wanted_key(doc))))
    if key := _wanted_key(winner):
        new["key"] = key  # given a suffix again by `_unique_keys` while it still clashes
    if "key_at" in winner:
        new["key_at"] = winner["key_at"]
    return cast(PaperDoc, new)


def _wanted_key(doc: Mapping[str, Any]) -> str:
    """The key a paper stands for: its own, less a suffix from its id a merge gave it."""
    key = doc.get("key") or ""
    dash = key.rfind("-")
    if dash > 0 and len(key) - dash - 1 >= _SUFFIX_DIGITS and doc["id"].startswith(key[dash + 1 :]):
        return key[:dash]
    return key


def _richer(mine: Any, theirs: Any) -> Any:
    if mine is None or mine == theirs:
        return theirs
    if theirs is None:
        return mine
    return max(mine, theirs, key=_weight)


def _weight(value: Any) -> tuple[int, bytes]:
    """Longer (as stored) is richer; equal lengths in a fixed order."""
    data = orjson.dumps(value)
    return (len(data), data)


def _joined_source(a: SourceDoc, b: SourceDoc) -> SourceDoc:
    """The same document imported on two copies: the earlier import, as it was."""
    return min(a, b, key=lambda doc: (doc.get("imported_at") or "", orjson.dumps(doc)))


def _unique_keys(papers: dict[str, PaperDoc], arrived: Iterable[str]) -> list[tuple[str, str, str]]:
    """Settle the papers wanting each key an `arrived` paper (new here, or changed) wants:
    the first added holds it, the others get a suffix (in place); returns what was
    renamed. Only those keys can clash: each copy's own keys were unique."""
    wanted = {key.casefold() for pid in arrived if (key := _wanted_key(papers[pid]))}
    if not wanted:
        return []
    holders: dict[str, list[str]] = {}
    taken: set[str] = set()
    for pid, doc in papers.items():
        key = _wanted_key(doc)
        if key and (folded := key.casefold()) in wanted:
            holders.setdefault(folded, []).append(pid)
        elif key:
            taken.add(doc["key"].casefold())
    taken.update(holders)
    renamed = []
    for folded in sorted(holders):
        ids = sorted(holders[folded], key=lambda pid: (papers[pid].get("added_at") or "", pid))
        base = _wanted_key(papers[ids[0]])
        for place, pid in enumerate(ids):
            old = papers[pid]["key"]
            new = base if place == 0 else _suffixed(_wanted_key(papers[pid]), pid, taken)
            if new != old:
                papers[pid] = {**papers[pid], "key": new}
                renamed.append((pid, old, new))
    return renamed


def _suffixed(key: str, pid: str, taken: set[str]) -> str:
    """`key` with the fewest of `pid`'s first digits that make it free; taken."""
    digits = _SUFFIX_DIGITS
    while f"{key}-{pid[:digits]}".casefold() in taken:
        digits += 1
    taken.add(f"{key}-{pid[:digits]}".casefold())
    return f"{key}-{pid[:digits]}"
