"""Sync tools' conflict copies of a library's files, found beside it and put away after.

When two machines change a file of a synced folder before they have seen each other's
change, the sync tool keeps one version under the file's name and the other beside it
under a name of its own:

- Syncthing: `library.sync-conflict-20260102-030405-ABCDEF7.json`
- Dropbox: `library (Ana's conflicted copy 2026-01-02).json`
- Nextcloud: `library (conflicted copy 2026-01-02 030405).json`, and the older
  `library_conflict-20260102-030405.json` of ownCloud and early Nextcloud clients

for each of the three files (`library.json`, `library.journal`, `library.catalog.json`).
Once merged, a copy is moved into `conflicts/` beside the library: kept, never
deleted, and out of the way of the next look. They are read by
`copies.read_conflict_copies`, loaded with the first one found: every open looks, few
find one.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from .library_files import catalog_path_for, journal_path_for

_SETTLED_NS: Final = 1_000_000_000
FOLDER: Final = "conflicts"
"""Where merged conflict copies are kept, beside the library."""

_MARKERS: Final = re.compile(
    r"\.sync-conflict-\d{8}-\d{6}-[A-Za-z0-9]+"  # Syncthing
    r"| \((?:[^()]|\(\d+\))*conflicted copy(?:[^()]|\(\d+\))*\)"  # Dropbox, Nextcloud
    r"|_conflict-\d{8}-\d{6}"  # ownCloud, older Nextcloud
)

Role = Literal["library", "journal", "catalog"]


@dataclass(frozen=True, slots=True)
class ConflictCopy:
    """One conflict copy beside the library."""

    path: Path
    role: Role
    """Which of the library's files it is a version of."""


class ConflictCopies:
    """Looks for conflict copies beside one library, cheaply enough to do every second:
    the folder is listed again only when its modification time says entries changed.

    A modification time is trusted only once it is a second old: file systems keep it
    in coarse ticks, and an entry added in the tick of the last look would not move it.
    """

    def __init__(self, library: Path) -> None:
        self._folder = library.parent
        self._names: dict[str, Role] = {
            library.name: "library",
            journal_path_for(library).name: "journal",
            catalog_path_for(library).name: "catalog",
        }
        self._seen: int | None = None

    def new(self) -> list[ConflictCopy]:
        """The conflict copies there now; none without listing when nothing was added."""
        try:
            changed = os.stat(self._folder).st_mtime_ns
        except OSError:
            return []
        if changed == self._seen:
            return []
        found = self.find()
        settled = time.time_ns() - changed > _SETTLED_NS
        self._seen = changed if settled and not found else None  # else: look again
        return found

    def find(self) -> list[ConflictCopy]:
        """Every conflict copy of the library's files in its folder, by name."""
        found = []
        try:
            entries = list(os.scandir(self._folder))
        except OSError:
            return []
        for entry in entries:
            role = self._names.get(_MARKERS.sub("", entry.name, count=1))
            if role is not None and _MARKERS.search(entry.name) and entry.is_file():
                found.append(ConflictCopy(Path(entry.path), role))
        return sorted(found, key=lambda copy: copy.path.name)

    def put_away(self, copy: ConflictCopy) -> Path:
        """Move a merged copy into `conflicts/` (a name already there gets a number)."""
        folder = self._folder / FOLDER
        folder.mkdir(exist_ok=True)
        target = folder / copy.path.name
        number = 1
        while target.exists():
            number += 1
            target = folder / f"{copy.path.stem} ({number}){copy.path.suffix}"
        os.rename(copy.path, target)
        return target
