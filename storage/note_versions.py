"""A note's versions: which texts two copies wrote apart, so a merge keeps them all.

A note is a multi-value register. Each write is a *version*, named by its change stamp
and the copy that wrote it (`stamps.copy_id`). A note holds its current versions (one,
unless two copies wrote it apart) and the *context*: per copy, the latest version of
that copy the note has seen. Merging two copies keeps a version unless the other copy
has seen it and replaced it, so:

- a note edited on one machine replaces the older text everywhere (the other copy's
  version is in its context), with no conflict: a Syncthing conflict copy that holds
  the note as it was before an edit adds nothing;
- a note edited on both machines since they last met keeps both versions; the reader
  sees the newest text, then each other one under a marked heading, until the note is
  edited again (that edit has seen them all and replaces them);
- merging the result again changes nothing: the versions are a set, not appended text.

The context is kept per copy id, not per stamp slot: one pair of copies in a thousand
draws the same slot, and a context by slot took either copy's version for one the other
had seen, so the older text of a note edited on both was dropped without a word.
Versions written before schema 6 carry no copy id; they are told apart by their slot
alone, as they always were.

Stored in a state document as: `note` (the text the reader sees), `note_at` and
`note_by` (the stamp and copy of the newest version), and only when needed
`note_versions` (`[[stamp, text, copy], ...]`, newest first, when there are several)
and `note_seen` (`[[stamp, copy], ...]` of the context that are not versions: other
copies' texts this one replaced; a bare stamp for one from before schema 6).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final, NamedTuple

from .stamps import SLOTS, Stamp, copy_slot, stamp_time

Writer = str | None
"""The copy that wrote a version (`stamps.copy_id`); None before schema 6."""
Seen = dict[str | int, Stamp]
"""A context: per copy id (per slot, for a writer before schema 6), the latest stamp."""

NOTE_KEYS: Final = ("note", "note_at", "note_by", "note_versions", "note_seen")
"""Every name a note is stored under in a state document."""
KEPT_HEADING: Final = "#### Kept from another copy of this note"
"""Marks each other version in the text the reader sees (Markdown, as notes are)."""


class Version(NamedTuple):
    """One text of a note, the stamp of its write and the copy that wrote it."""

    stamp: Stamp
    text: str
    by: Writer


def versions(doc: Mapping[str, Any]) -> list[Version]:
    """A note's current versions, newest first (none for a note never written)."""
    listed = doc.get("note_versions")
    if listed:
        return [Version(int(v[0]), str(v[1]), v[2] if len(v) > 2 else None) for v in listed]
    stamp = doc.get("note_at")
    return [] if stamp is None else [Version(stamp, doc.get("note", ""), doc.get("note_by"))]


def context(doc: Mapping[str, Any]) -> Seen:
    """Per copy, the latest version the note has seen (its own included)."""
    seen: Seen = {}
    for entry in doc.get("note_seen", ()):
        if type(entry) is int:
            _see(seen, entry, None)
        else:
            _see(seen, int(entry[0]), str(entry[1]))
    for version in versions(doc):
        _see(seen, version.stamp, version.by)
    return seen


def written(doc: Mapping[str, Any], text: str, stamp: Stamp, by: Writer) -> dict[str, Any]:
    """The note fields after the copy `by` writes `text`: it has seen every version."""
    seen = context(doc)
    _see(seen, stamp, by)
    return stored([Version(stamp, text, by)], seen)


def joined(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
    """The note fields of two copies merged: each version stays unless the other copy
    has seen it and it is not among that copy's versions (it was replaced there)."""
    seen_a, seen_b = context(a), context(b)
    mine = {(v.stamp, v.by): v.text for v in versions(a)}
    theirs = {(v.stamp, v.by): v.text for v in versions(b)}
    kept: list[Version] = []
    for own, other, other_seen in ((mine, theirs, seen_b), (theirs, mine, seen_a)):
        for write, text in own.items():
            if write in other or not _has_seen(other_seen, *write):
                kept.append(Version(write[0], max(text, other.get(write, text)), write[1]))
    seen = dict(seen_a)
    for key, stamp in seen_b.items():
        seen[key] = max(stamp, seen.get(key, -1))
    return stored(set(kept), seen)  # a version both copies hold is found twice


def stored(found: Iterable[Version], seen: Mapping[str | int, Stamp]) -> dict[str, Any]:
    """The note's stored fields for these versions and context (none when empty)."""
    newest = sorted(found, key=_order, reverse=True)
    if not newest:
        return {}
    fields: dict[str, Any] = {"note_at": newest[0].stamp}
    if newest[0].by is not None:
        fields["note_by"] = newest[0].by
    text = shown(newest)
    if text:
        fields["note"] = text
    if len(newest) > 1:
        fields["note_versions"] = [
            [v.stamp, v.text] if v.by is None else [v.stamp, v.text, v.by] for v in newest
        ]
    own = {(v.stamp, _key(v.stamp, v.by)) for v in newest}
    others = sorted(
        ((stamp, key) for key, stamp in seen.items() if (stamp, key) not in own),
        key=lambda entry: (entry[0], str(entry[1])),
    )
    if others:
        fields["note_seen"] = [stamp if type(key) is int else [stamp, key] for stamp, key in others]
    return fields


def shown(newest_first: Iterable[Version]) -> str:
    """The text the reader sees: the newest version, then each other text once, under
    a heading that says when it was written."""
    texts: list[Version] = []
    for version in newest_first:
        if version.text.strip() and all(version.text != kept.text for kept in texts):
            texts.append(version)
    if not texts:
        return ""
    parts = [texts[0].text]
    for version in texts[1:]:
        when = stamp_time(version.stamp).strftime("%Y-%m-%d %H:%M UTC")
        parts.append(f"{KEPT_HEADING} (written {when})\n\n{version.text}")
    return "\n\n".join(parts)


def _order(version: Version) -> tuple[Stamp, str, str]:
    """Newest last; two copies' writes in one microsecond in a fixed order all the same."""
    return version.stamp, version.by or "", version.text


def _key(stamp: Stamp, by: Writer) -> str | int:
    """Whose latest write a context keeps: the copy's, or a slot's before schema 6."""
    return stamp % SLOTS if by is None else by


def _see(seen: Seen, stamp: Stamp, by: Writer) -> None:
    key = _key(stamp, by)
    if stamp > seen.get(key, -1):
        seen[key] = stamp


def _has_seen(seen: Mapping[str | int, Stamp], stamp: Stamp, by: Writer) -> bool:
    """Whether a context holds this write or a later one by the same writer. A writer
    known by its slot alone (before schema 6) is taken for any copy of that slot, and
    any copy of a slot for it, as every version was before copies were told apart."""
    slot = stamp % SLOTS
    if seen.get(slot, -1) >= stamp:
        return True
    if by is not None:
        return seen.get(by, -1) >= stamp
    return any(
        latest >= stamp and type(key) is str and copy_slot(key) == slot
        for key, latest in seen.items()
    )
