"""Upgrades of stored libraries from older schema versions, one version step at a time.

Each step is a pure function over a file's tables, so it can be tested without files.
Before the first step runs, the files are backed up (`make_backup`): the library, its
catalog and, where there is one, its journal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from .atomic import write_atomically
from .citation_keys import KeyRegistry, base_key
from .errors import LibraryWriteError
from .records import Paper, PaperDoc, StateDoc, Tables, normalise_tags
from .stamps import SLOTS, Stamp

Step = Callable[[Tables], Tables]
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def backup_path(path: Path, version: int) -> Path:
    """Where the copy of `path` as it was at schema `version` is kept."""
    return path.with_name(f"{path.name}.schema{version}.bak")


def make_backup(path: Path, version: int) -> Path:
    """Copy `path` beside itself before an upgrade, atomically, and check the copy.

    An existing backup is kept only if it holds exactly the file's bytes: after an
    interrupted upgrade it is still the last good version, but a backup cut short by a
    kill or a full disk, or one older than the file, is replaced.

    Raises:
        LibraryWriteError: the copy cannot be written or does not read back.
    """
    backup = backup_path(path, version)
    data = path.read_bytes()
    if _holds(backup, data):
        return backup
    try:
        write_atomically(backup, data)
    except OSError as error:
        reason = f"cannot back it up before upgrading it: {error.strerror or error}"
        raise LibraryWriteError(path, reason) from error
    if not _holds(backup, data):
        raise LibraryWriteError(path, f"its backup {backup.name} did not read back whole")
    return backup


def _holds(backup: Path, data: bytes) -> bool:
    try:
        return backup.read_bytes() == data
    except OSError:
        return False


def _catalog_1_to_2(tables: Tables) -> Tables:
    """Schema 2 stores papers without their empty and default fields.

    At 100,000 papers the empty title, DOI, URL, authors and abstract fields were a
    fifth of the file, and parsing them cost time and memory on every start.
    """
    papers = {
        key: Paper.from_doc(_paper_doc(doc)).to_doc() for key, doc in tables["papers"].items()
    }
    return {**tables, "papers": papers}


def _paper_doc(doc: Any) -> PaperDoc:
    return doc  # type: ignore[no-any-return]  # read defensively by Paper.from_doc


def _unchanged(tables: Tables) -> Tables:
    return tables


def _stamp_of(text: Any) -> Stamp:
    """A schema-2 ISO time as a stamp (device slot 0); unknown times become 0."""
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        moment = None
    if moment is None:
        return 0
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    delta = moment - _EPOCH
    return ((delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds) * SLOTS


def _state_2_to_3(tables: Tables) -> Tables:
    """Schema 3 gives every field of the reader's state its own change stamp.

    Schema 2 had one `updated_at` per paper; each field now takes that time, and a
    paper marked read takes its `read_at`. The undo history starts empty.
    """
    states: dict[str, StateDoc] = {}
    for key, old in tables["state"].items():
        updated = _stamp_of(old.get("updated_at"))
        doc: StateDoc = {"paper_id": str(old.get("paper_id", ""))}
        if old.get("read") is True:
            doc["status"] = "read"
            doc["status_at"] = doc["read_at"] = _stamp_of(old.get("read_at")) or updated
        tags = normalise_tags(t for t in old.get("tags") or () if isinstance(t, str))
        if tags:
            doc["tags"] = [item for tag in tags for item in (tag, updated)]
        note = old.get("note")
        if isinstance(note, str) and note:
            doc["note"] = note
            doc["note_at"] = updated
        states[key] = doc
    return {**tables, "state": dict(states), "history": {"1": {"undo": [], "redo": []}}}


def _catalog_3_to_4(tables: Tables) -> Tables:
    """Schema 4 gives every paper a citation key, generated once (see `citation_keys`)
    in stored order, so that the same library always gets the same keys.

    Papers imported from BibTeX before schema 4 lost their keys on import; they get
    generated ones too (importing the file again keeps them and adds what was lost).
    """
    registry = KeyRegistry()
    papers = {}
    for key, old in tables["papers"].items():
        paper = Paper.from_doc(_paper_doc(old))
        wanted = base_key(
            authors=paper.authors,
            journal=paper.journal,
            year=paper.year,
            title=paper.title,
            summary=paper.summary,
        )
        papers[key] = {**old, "key": registry.claim(wanted)}
    return {**tables, "papers": papers}


CATALOG_STEPS: Final[dict[int, Step]] = {
    1: _catalog_1_to_2,
    2: _unchanged,
    3: _catalog_3_to_4,
    4: _unchanged,
}
"""Catalog upgrades: the step from version N to N + 1, by N."""
LIBRARY_STEPS: Final[dict[int, Step]] = {
    1: _unchanged,
    2: _state_2_to_3,
    3: _unchanged,
    4: _unchanged,
}
"""Library-file (reading state) upgrades, by the version they start from. Schema 5 only
adds a kind of journal line (see `library_files`); its files are 4's, and the new
number keeps an older papershelf, which would misread those lines, from opening them."""


def migrate(tables: Tables, steps: dict[int, Step], version: int, target: int) -> Tables:
    """Run the steps from `version` up to `target` and stamp the new version."""
    for step_from in range(version, target):
        tables = steps[step_from](tables)
    meta = {key: {**doc, "schema_version": target} for key, doc in tables["meta"].items()}
    return {**tables, "meta": meta}
