"""Merging other copies of a library into this one: what to write, and what it changes.

The state and the catalog are joined (see `state_join`, `note_versions`,
`catalog_join`), so merging copies in any order, grouping or number of times gives
the same library. The undo history is not merged: it stays this machine's. Where git
knows the version both copies started from (its merge base), a note edited on both
sides is merged three-way (`text_merge`) instead of keeping both texts; that merged
text is a new version of the note, written by this machine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import orjson

from .catalog_join import JoinedCatalog, joined_catalogs
from .copies import Copy
from .note_versions import versions
from .records import PaperDoc, SavedViewDoc, SourceDoc, StateDoc, plural
from .stamps import Stamp
from .state_fields import DEFAULTS, latest_stamp, tag_key, value_of, with_values
from .state_join import PLAIN_FIELDS, joined
from .state_map import StateMap, doc_id
from .text_merge import merge3


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What merging copies into this library changed (or would change)."""

    name: str
    """What was merged in, in words (a path, conflict copies' names)."""
    papers_added: tuple[str, ...] = ()
    papers_updated: tuple[str, ...] = ()
    """Papers both had whose bibliographic record the other copy filled in."""
    sources_added: tuple[str, ...] = ()
    states_changed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Papers whose reading state changed, each with what changed in words."""
    notes_kept: tuple[str, ...] = ()
    """Papers whose note now shows both texts (written on both copies apart)."""
    notes_merged: tuple[str, ...] = ()
    """Papers whose note edits from both sides were merged into one text."""
    views_changed: tuple[str, ...] = ()
    """Saved searches the other copy saved, changed or removed later than this one."""
    keys_renamed: tuple[tuple[str, str, str], ...] = ()
    """(paper id, key, new key): two papers had one citation key."""
    titles: Mapping[str, str] = field(default_factory=dict)
    """What each paper named above is called (its title, else its summary)."""

    @property
    def changed(self) -> bool:
        """Whether the merge changes anything the reader can see."""
        return bool(
            self.papers_added or self.papers_updated or self.states_changed or self.views_changed
        )

    def describe(self) -> str:
        """`3 new papers, reading state of 2 papers changed (1 note keeps both texts)`."""
        parts = []
        if self.papers_added:
            parts.append(plural(len(self.papers_added), "new paper"))
        if self.sources_added:
            parts.append(plural(len(self.sources_added), "new seed document"))
        if self.papers_updated:
            parts.append(f"{plural(len(self.papers_updated), 'record')} filled in")
        if self.states_changed:
            parts.append(f"reading state of {plural(len(self.states_changed), 'paper')} changed")
        if self.notes_kept:
            noun = "note keeps" if len(self.notes_kept) == 1 else "notes keep"
            parts.append(f"{len(self.notes_kept):,} {noun} both texts")
        if self.notes_merged:
            parts.append(f"{plural(len(self.notes_merged), 'note')} merged line by line")
        if self.keys_renamed:
            parts.append(f"{plural(len(self.keys_renamed), 'citation key')} given a suffix")
        if self.views_changed:
            count = len(self.views_changed)
            parts.append(f"{count:,} saved search{'' if count == 1 else 'es'} changed")
        return ", ".join(parts) if parts else "nothing new"


@dataclass(frozen=True, slots=True)
class MergePlan:
    """The writes that merge copies in, and their report."""

    puts: dict[str, StateDoc]
    """New state documents by paper id."""
    views: dict[str, SavedViewDoc]
    """New saved-search documents by name."""
    catalog: JoinedCatalog | None
    """The new catalog, or None when it stays as it is."""
    report: MergeReport
    last_stamp: Stamp
    """The newest stamp merged in (this machine's clock must stay above it)."""


def plan_merge(
    name: str,
    states: Mapping[str, StateDoc],
    papers: Sequence[PaperDoc],
    sources: Sequence[SourceDoc],
    others: Sequence[Copy],
    *,
    views: Mapping[str, SavedViewDoc] | None = None,
    base: Copy | None = None,
    stamp: Callable[[], Stamp] | None = None,
) -> MergePlan:
    """What merging `others` into this library (its `states`, `papers` and `sources`)
    writes. With `base` (the version both started from) and `stamp` (this machine's
    clock), a note edited on both sides is merged three-way where the edits allow.
    Saved searches (this library's: `views`) merge by name, the later change winning, a
    removal included."""
    own = _by_doc_id(states)  # plain dictionaries: no id conversion in 100,000 look-ups
    merged: dict[str, StateDoc] = {}
    last = 0
    for other in others:
        last = max(last, other.last_stamp)
        for key, doc in _by_doc_id(other.states).items():
            mine = merged.get(key) or own.get(key)
            if mine is doc or mine == doc:  # most papers: the same state on both copies
                continue
            new = doc if mine is None else joined(mine, doc)
            if new is not mine:
                merged[key] = new
    puts = {doc["paper_id"]: doc for key, doc in merged.items() if doc != own.get(key)}
    merged_notes: list[str] = []
    if base is not None and stamp is not None:
        for paper_id, doc in puts.items():
            text = _three_way(base.states.get(paper_id), doc)
            if text is not None:
                puts[paper_id] = with_values(doc, paper_id, {"note": text}, stamp())
                merged_notes.append(paper_id)
    new_views = _joined_views(views or {}, others)
    last = max([last, *(latest_stamp(doc) for doc in puts.values())])
    last = max([last, *(int(doc.get("at", 0)) for doc in new_views.values())])
    catalog = None
    for other in others:
        joined_catalog = joined_catalogs(papers, sources, other.papers, other.sources)
        if joined_catalog.changed:
            catalog = _after(catalog, joined_catalog)
            papers, sources = joined_catalog.papers, joined_catalog.sources
    changed = {pid: words for pid, doc in puts.items() if (words := _words(states.get(pid), doc))}
    named = {*changed, *(catalog.added + catalog.updated if catalog else ())}
    titles = {
        doc["id"]: doc.get("title") or doc.get("summary", "")
        for doc in (catalog.papers if catalog else papers)
        if doc["id"] in named
    }
    report = MergeReport(
        name,
        papers_added=catalog.added if catalog else (),
        papers_updated=catalog.updated if catalog else (),
        sources_added=catalog.sources_added if catalog else (),
        states_changed=changed,
        notes_kept=tuple(pid for pid, doc in puts.items() if _keeps_both(states.get(pid), doc)),
        notes_merged=tuple(merged_notes),
        keys_renamed=catalog.keys_renamed if catalog else (),
        views_changed=tuple(new_views),
        titles=titles,
    )
    return MergePlan(puts, new_views, catalog, report, last)


def _joined_views(
    own: Mapping[str, SavedViewDoc], others: Sequence[Copy]
) -> dict[str, SavedViewDoc]:
    """The saved searches that change: per name, the document with the later stamp (a
    removal is a document too, so a search removed later stays removed)."""
    merged: dict[str, SavedViewDoc] = {}
    for other in others:
        for name, doc in other.views.items():
            mine = merged.get(name) or own.get(name)
            if mine is None or _view_order(doc) > _view_order(mine):
                merged[name] = doc
    return {name: doc for name, doc in merged.items() if doc != own.get(name)}


def _view_order(doc: SavedViewDoc) -> tuple[int, bytes]:
    """Later stamp first; two documents with one stamp (never from two devices) by their
    bytes, so that either order of merging picks the same."""
    return int(doc.get("at", 0)), orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)


def _by_doc_id(states: Mapping[str, StateDoc]) -> Mapping[str, StateDoc]:
    """State documents keyed by TinyDB document id (see `state_map`)."""
    if isinstance(states, StateMap):
        return states.by_doc_id()
    return {doc_id(paper_id): doc for paper_id, doc in states.items()}


def _after(earlier: JoinedCatalog | None, later: JoinedCatalog) -> JoinedCatalog:
    """Two catalog merges one after the other, as one."""
    if earlier is None:
        return later
    return JoinedCatalog(
        later.papers,
        later.sources,
        earlier.added + later.added,
        tuple(dict.fromkeys(earlier.updated + later.updated)),
        earlier.sources_added + later.sources_added,
        earlier.keys_renamed + later.keys_renamed,
    )


def _three_way(base: StateDoc | None, doc: StateDoc) -> str | None:
    """The merged text of a note with two versions written apart since `base` (which
    had one version, or none), or None where the edits overlap."""
    found = versions(doc)
    if len(found) != 2 or (base is not None and len(versions(base)) > 1):
        return None
    return merge3(str(value_of(base, "note")), found[0][1], found[1][1])


def _keeps_both(old: StateDoc | None, new: StateDoc) -> bool:
    if "note_versions" not in new:
        return False
    texts = {text for _, text in versions(new) if text.strip()}
    return len(texts) > 1 and value_of(old, "note") != value_of(new, "note")


def _words(old: StateDoc | None, new: StateDoc) -> tuple[str, ...]:
    """What changed in a paper's state, as the reader sees it: `read`, `+review`."""
    before: dict[str, Any] = dict(old or {})  # one look-up a field: thousands of papers
    after = cast(dict[str, Any], new)
    words = []
    for name in PLAIN_FIELDS:
        was, now = before.get(name, DEFAULTS[name]), after.get(name, DEFAULTS[name])
        if was == now:
            continue
        if name == "deleted":
            words.append("deleted" if now else "restored")
        elif name == "status":
            words.append({"read": "read", "new": "unread"}.get(str(now), f"status {now}"))
        else:
            words.append(f"{name} {now}")
    tags_before, tags_after = before.get("tags", [])[::2], after.get("tags", [])[::2]
    if tags_before != tags_after:
        kept = {tag_key(name) for name in tags_after}
        gone = {tag_key(name) for name in tags_before}
        words += [f"+{name}" for name in tags_after if tag_key(name) not in gone]
        words += [f"-{name}" for name in tags_before if tag_key(name) not in kept]
    if before.get("note", "") != after.get("note", ""):
        words.append("note: both texts kept" if _keeps_both(old, new) else "note")
    return tuple(words)
