"""The reader's state of a paper as separate fields, each with its own change stamp.

A field is named by a string: `status`, `priority`, `note`, `deleted`, or
`tag:<folded name>` for each tag; `read_at` (when it was marked read) changes only with
`status` and shares its stamp. Changes, undo and redo (and merging copies of a
library) all work field by field through these functions, so "this change set that
field, and nobody has changed it since" is one comparison of stamps.

Stored documents are never edited: `with_values` returns a new document, because the
library's snapshots share the old one with lists other threads may be reading.

Two rules keep a merge of two copies exact (see `state_join`): a note remembers the
versions it has replaced (see `note_versions`), and a change to a paper in
the trash stamps the deletion anew, so that a paper in the trash was always deleted
after every change made to it on that copy; an edit with a later stamp than the
deletion was then made on another copy that had not seen it, and brings the paper back.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from .note_versions import NOTE_KEYS, written
from .records import ReadingState, StateDoc
from .stamps import Stamp, stamp_time

Field = str
Value = str | bool | int | None
"""A field's value: a status or note (str), deleted (bool), a priority (int or None), a
tag's spelling or None, read_at (a stamp, or None)."""

TAG_PREFIX: Final = "tag:"
DEFAULTS: Final[dict[Field, Value]] = {
    "status": "new",
    "read_at": None,
    "priority": None,
    "note": "",
    "deleted": False,
}
"""Every non-tag field and its value on a paper nobody has touched."""


def tag_key(name: str) -> str:
    """How tags compare: without case (names are already trimmed, see `normalise_tags`)."""
    return name.casefold()


def tag_field(name: str) -> Field:
    """The field of one tag."""
    return TAG_PREFIX + tag_key(name)


def tag_pairs(doc: StateDoc) -> Iterator[tuple[str, Stamp]]:
    """A document's present tags as (name, stamp), in order (stored flat: name, stamp...)."""
    tags = doc.get("tags", ())
    return zip(tags[::2], tags[1::2], strict=True)


def tag_names(doc: StateDoc) -> list[str]:
    """A document's present tags, in order: the names of `tag_pairs`, taken in one slice
    (a tenth of the time; `list` and exports ask it of 100,000 papers)."""
    tags: list[str] = doc.get("tags", [])[::2]
    return tags


def value_of(doc: StateDoc | None, field: Field) -> Value:
    """A field's current value (its default when the paper has no state)."""
    if doc is None:
        return DEFAULTS.get(field)
    if field.startswith(TAG_PREFIX):
        tags = doc.get("tags")
        at = _tag_position(tags, field[len(TAG_PREFIX) :]) if tags else -1
        return None if tags is None or at < 0 else str(tags[at])
    if field == "status":
        return doc.get("status", "new")
    if field == "read_at":
        return doc.get("read_at")
    if field == "priority":
        return doc.get("priority")
    if field == "note":
        return doc.get("note", "")
    if field == "deleted":
        return doc.get("deleted", False)
    raise KeyError(field)


def with_values(
    doc: StateDoc | None, paper_id: str, values: Mapping[Field, Value], stamp: Stamp
) -> StateDoc:
    """A new document with `values` set, each stamped `stamp`.

    A field set to its default is left out of the document but keeps its stamp; a tag
    set to None moves to `untagged`. A tag set anew goes after the others. A paper in
    the trash that changes otherwise is deleted again as of `stamp` (see above).
    """
    new: StateDoc = {**doc} if doc is not None else {"paper_id": paper_id}
    if values and "deleted" not in values and new.get("deleted"):
        new["deleted_at"] = stamp
    tags: list[Any] | None = None
    """The flat name, stamp list, copied on the first tag set (a bulk tag over 100,000
    papers spent 0.4 s rebuilding every paper's tags as pairs)."""
    folded: list[str] = []
    """The names of `tags`, folded once for all the tags set: an import giving 10,000
    papers their keywords as tags folded each paper's growing list once a keyword."""
    untagged: dict[str, int] = new.get("untagged", {})
    for field, value in values.items():
        if field.startswith(TAG_PREFIX):
            key = field[len(TAG_PREFIX) :]
            if tags is None:
                tags = list(new.get("tags", ()))
                folded = list(map(str.casefold, tags[::2]))  # tag_key, in C
            if key in folded:
                at = folded.index(key)
                del tags[2 * at : 2 * at + 2]
                del folded[at]
            if value is None:
                untagged = {**untagged, key: stamp}
            else:
                if key in untagged:
                    untagged = {name: old for name, old in untagged.items() if name != key}
                tags += (str(value), stamp)
                folded.append(key)
        elif field == "read_at":
            if value is None:
                new.pop("read_at", None)
            else:
                new["read_at"] = int(value)
        elif field == "note":
            _set_note(new, doc, str(value or ""), stamp)
        elif field in DEFAULTS:
            _set(new, field, value, stamp)
        else:
            raise KeyError(field)
    if tags is not None:
        put_tags(new, tags, untagged)
    return new


def put_tags(new: StateDoc, tags: list[Any], untagged: dict[str, int]) -> None:
    """Store a new document's tags and removal markers, leaving out either when empty
    (an empty field is never stored)."""
    if tags:
        new["tags"] = tags
    else:
        new.pop("tags", None)
    if untagged:
        new["untagged"] = untagged
    else:
        new.pop("untagged", None)


def _tag_position(tags: list[Any], key: str) -> int:
    """Where the tag `key` (folded) is in a flat name, stamp list; -1 if it is not.

    The names are folded as `tag_key` does, in C: a bulk tag asks this of each of
    100,000 papers, and a loop in Python spent 0.3 s of it.
    """
    try:
        return 2 * list(map(str.casefold, tags[::2])).index(key)
    except ValueError:
        return -1


def _set(doc: StateDoc, name: str, value: Value, stamp: Stamp) -> None:
    """Store a plain field and its stamp; the default value is left out."""
    stored: dict[str, object] = doc  # type: ignore[assignment]  # names checked by callers
    if value == DEFAULTS[name]:
        stored.pop(name, None)
    else:
        stored[name] = value
    stored[f"{name}_at"] = stamp


def _set_note(new: StateDoc, old: StateDoc | None, text: str, stamp: Stamp) -> None:
    """Store a note written here: one version, which has seen every earlier one."""
    stored: dict[str, object] = new  # type: ignore[assignment]  # the note's own names
    for name in NOTE_KEYS:
        stored.pop(name, None)
    stored.update(written(old or {}, text, stamp))


def reading_state(paper_id: str, doc: StateDoc | None) -> ReadingState:
    """The record the screen and the exports read."""
    if doc is None:
        return ReadingState(paper_id)
    status = doc.get("status", "new")
    read_stamp = doc.get("read_at")
    read_at = stamp_time(read_stamp) if status == "read" and read_stamp is not None else None
    return ReadingState(
        paper_id,
        status=status,
        priority=doc.get("priority"),
        read_at=read_at,
        tags=tuple(tag_names(doc)),
        note=doc.get("note", ""),
        deleted=doc.get("deleted", False),
    )


def latest_stamp(doc: StateDoc) -> Stamp:
    """The newest stamp in a document (0 for none), for the clock to stay above."""
    stamps = [doc.get("status_at"), doc.get("priority_at"), doc.get("note_at")]
    stamps.append(doc.get("deleted_at"))
    stamps += [stamp for _, stamp in tag_pairs(doc)]
    stamps += list(doc.get("untagged", {}).values())
    stamps += doc.get("note_seen", [])
    return max((stamp for stamp in stamps if stamp is not None), default=0)
