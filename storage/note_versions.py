"""A note's versions: which texts two copies wrote apart, so a merge keeps them all.

A note is a multi-value register. Each write is a *version*, named by its change stamp
(which carries the writing machine's slot). A note holds its current versions (one,
unless two machines wrote it apart) and the *context*: per machine slot, the latest
version of that machine the note has seen. Merging two copies keeps a version unless
the other copy has seen it and replaced it, so:

- a note edited on one machine replaces the older text everywhere (the other copy's
  version is in its context), with no conflict: a Syncthing conflict copy that holds
  the note as it was before an edit adds nothing;
- a note edited on both machines since they last met keeps both versions; the reader
  sees the newest text, then each other one under a marked heading, until the note is
  edited again (that edit has seen them all and replaces them);
- merging the result again changes nothing: the versions are a set, not appended text.

Stored in a state document as: `note` (the text the reader sees), `note_at` (the stamp
of the newest version), and only when needed `note_versions` (`[[stamp, text], ...]`,
newest first, when there are several) and `note_seen` (stamps of the context that are
not versions: other machines' texts this one replaced). A note written on one machine
only has neither, and reads exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from .stamps import SLOTS, Stamp, stamp_time

Version = tuple[Stamp, str]
"""One text of a note and the stamp of its write."""

NOTE_KEYS: Final = ("note", "note_at", "note_versions", "note_seen")
"""Every name a note is stored under in a state document."""
KEPT_HEADING: Final = "#### Kept from another copy of this note"
"""Marks each other version in the text the reader sees (Markdown, as notes are)."""


def versions(doc: Mapping[str, Any]) -> list[Version]:
    """A note's current versions, newest first (none for a note never written)."""
    listed = doc.get("note_versions")
    if listed:
        return [(int(stamp), str(text)) for stamp, text in listed]
    stamp = doc.get("note_at")
    return [] if stamp is None else [(stamp, doc.get("note", ""))]


def context(doc: Mapping[str, Any]) -> dict[int, Stamp]:
    """Per machine slot, the latest version the note has seen (its own included)."""
    seen: dict[int, Stamp] = {}
    _see(seen, doc.get("note_seen", ()))
    _see(seen, (stamp for stamp, _ in versions(doc)))
    return seen


def written(doc: Mapping[str, Any], text: str, stamp: Stamp) -> dict[str, Any]:
    """The note fields after this machine writes `text`: it has seen every version."""
    seen = context(doc)
    seen[stamp % SLOTS] = stamp
    return stored([(stamp, text)], seen)


def joined(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
    """The note fields of two copies merged: each version stays unless the other copy
    has seen it and it is not among that copy's versions (it was replaced there)."""
    seen_a, seen_b = context(a), context(b)
    mine, theirs = dict(versions(a)), dict(versions(b))
    kept: dict[Stamp, str] = {}
    for own, other, other_seen in ((mine, theirs, seen_b), (theirs, mine, seen_a)):
        for stamp, text in own.items():
            if stamp in other or not _has_seen(other_seen, stamp):
                kept[stamp] = max(text, other.get(stamp, text))  # one write, one text
    seen = dict(seen_a)
    _see(seen, seen_b.values())
    return stored(list(kept.items()), seen)


def stored(found: Iterable[Version], seen: Mapping[int, Stamp]) -> dict[str, Any]:
    """The note's stored fields for these versions and context (none when empty)."""
    newest = sorted(found, reverse=True)
    if not newest:
        return {}
    fields: dict[str, Any] = {"note_at": newest[0][0]}
    text = shown(newest)
    if text:
        fields["note"] = text
    if len(newest) > 1:
        fields["note_versions"] = [[stamp, text] for stamp, text in newest]
    own = {stamp for stamp, _ in newest}
    others = sorted(stamp for stamp in seen.values() if stamp not in own)
    if others:
        fields["note_seen"] = others
    return fields


def shown(newest_first: Iterable[Version]) -> str:
    """The text the reader sees: the newest version, then each other text once, under
    a heading that says when it was written."""
    texts: list[Version] = []
    for stamp, text in newest_first:
        if text.strip() and all(text != kept for _, kept in texts):
            texts.append((stamp, text))
    if not texts:
        return ""
    parts = [texts[0][1]]
    for stamp, text in texts[1:]:
        when = stamp_time(stamp).strftime("%Y-%m-%d %H:%M UTC")
        parts.append(f"{KEPT_HEADING} (written {when})\n\n{text}")
    return "\n\n".join(parts)


def _see(seen: dict[int, Stamp], stamps: Iterable[Stamp]) -> None:
    for stamp in stamps:
        slot = stamp % SLOTS
        if stamp > seen.get(slot, -1):
            seen[slot] = stamp


def _has_seen(seen: Mapping[int, Stamp], stamp: Stamp) -> bool:
    return seen.get(stamp % SLOTS, -1) >= stamp
