"""Two copies' reading state of one paper, merged: a join, so order never matters.

Merging is commutative, associative and idempotent (a join of a semilattice): every
copy that has seen the same changes ends up with the same state, however often and in
whatever grouping copies are merged. Field by field:

- a plain field (status with its read time, trash, and any field stored the same way)
  takes the change with the later stamp; equal stamps (one write seen twice, or two
  machines that share a slot at the same microsecond) are settled by the values, so
  the choice is still the same everywhere. In the trash, "restored" beats "deleted";
- a tag is a field of its own: added on one copy and removed on the other, the later
  change wins; present tags keep the order they were added in;
- a note keeps every version the other copy has not seen (see `note_versions`);
- a paper in the trash whose other fields changed after its deletion comes back out:
  that change was made on a copy that had not seen the deletion (on the deleting copy
  a change to a deleted paper stamps the deletion anew, see `state_fields`). The
  deletion's stamp stays, so the rule gives the same answer in any grouping.
"""

from __future__ import annotations

from typing import Any, Final, cast

import orjson

from .note_versions import NOTE_KEYS
from .note_versions import joined as joined_notes
from .records import StateDoc
from .stamps import Stamp
from .state_fields import DEFAULTS, tag_key, tag_pairs

PLAIN_FIELDS: Final = tuple(name for name in DEFAULTS if name not in ("read_at", "note"))
"""Fields stored as `<name>` and `<name>_at` (the status also carries `read_at`)."""


def joined(a: StateDoc, b: StateDoc) -> StateDoc:
    """The state of a paper that two copies hold, merged (the same paper in both)."""
    if a == b:
        return a
    first, second = cast(dict[str, Any], a), cast(dict[str, Any], b)
    new: dict[str, Any] = {"paper_id": first["paper_id"]}
    for name, stamp_key, keys in _PLAIN_KEYS:
        mine, theirs = first.get(stamp_key, -1), second.get(stamp_key, -1)
        if mine != theirs:
            winner = first if mine > theirs else second
        elif all(first.get(key) == second.get(key) for key in keys):
            winner = first  # the same change on both: the usual case
        else:
            winner = max(first, second, key=lambda doc: _rank(doc, name))
        for key in keys:
            if key in winner:
                new[key] = winner[key]
    tags, untagged = _added_tags(first, second) or _joined_tags(a, b)
    if tags:
        new["tags"] = tags
    if untagged:
        new["untagged"] = untagged
    if all(first.get(key) == second.get(key) for key in NOTE_KEYS):
        new.update((key, first[key]) for key in NOTE_KEYS if key in first)
    else:
        new.update(joined_notes(a, b))
    if new.get("deleted") and new.get("deleted_at", 0) < _latest_edit(new):
        del new["deleted"]  # edited where the deletion had not been seen: back it comes
    return cast(StateDoc, new)


_PLAIN_KEYS: Final = tuple(
    (name, f"{name}_at", (name, f"{name}_at", *(("read_at",) if name == "status" else ())))
    for name in PLAIN_FIELDS
)
"""Each plain field: its name, its stamp's name, and every name it is stored under."""


def _rank(doc: dict[str, Any], name: str) -> tuple[bool, bytes]:
    """At equal stamps, any fixed order of the values ("restored" over "deleted", so
    that the revived paper of the rule above stays revived)."""
    if name == "deleted":
        return (not doc.get(name), b"")
    extra = doc.get("read_at") if name == "status" else None
    return (True, orjson.dumps([doc.get(name), extra]))


def _added_tags(a: dict[str, Any], b: dict[str, Any]) -> tuple[Any, Any] | None:
    """The usual cases, without looking at each tag: the same tags on both, or tags
    added on one copy only. A document lists its tags in the order `_joined_tags` puts
    them (by stamp; a write's own tags as it listed them), so one list extending the
    other is their join."""
    mine, theirs = a.get("tags", []), b.get("tags", [])
    if a.get("untagged") != b.get("untagged"):
        return None
    if mine == theirs[: len(mine)]:
        return theirs, b.get("untagged")
    if theirs == mine[: len(theirs)]:
        return mine, a.get("untagged")
    return None


def _joined_tags(a: StateDoc, b: StateDoc) -> tuple[list[Any], dict[str, int]]:
    """Per tag, the later change; present tags by stamp, then as they were listed."""
    best: dict[str, tuple[Stamp, bool, str, int]] = {}
    for doc in (a, b):
        for key, candidate in _tag_changes(doc):
            old = best.get(key)
            if old is None or candidate[:3] > old[:3]:
                best[key] = candidate
            elif candidate[:3] == old[:3] and candidate[3] < old[3]:
                best[key] = candidate  # one write seen twice: its first listing
    present = sorted(
        (stamp, rank, key, name) for key, (stamp, here, name, rank) in best.items() if here
    )
    tags = [item for stamp, _, _, name in present for item in (name, stamp)]
    untagged = {key: stamp for key, (stamp, here, _, _) in sorted(best.items()) if not here}
    return tags, untagged


def _tag_changes(doc: StateDoc) -> list[tuple[str, tuple[Stamp, bool, str, int]]]:
    """Each tag's last change in a document: (stamp, present, spelling, the tag's place
    among the tags its write added)."""
    places: dict[Stamp, int] = {}
    changes = []
    for name, stamp in tag_pairs(doc):
        place = places[stamp] = places.get(stamp, -1) + 1
        changes.append((tag_key(name), (stamp, True, name, place)))
    for key, stamp in doc.get("untagged", {}).items():
        changes.append((key, (stamp, False, "", 0)))
    return changes


def _latest_edit(doc: dict[str, Any]) -> Stamp:
    """The newest stamp of any change but the deletion itself."""
    stamps = [doc.get(f"{name}_at") for name in PLAIN_FIELDS if name != "deleted"]
    stamps.append(doc.get("note_at"))
    stamps += doc.get("tags", [])[1::2]
    stamps += doc.get("untagged", {}).values()
    return max((stamp for stamp in stamps if stamp is not None), default=-1)
