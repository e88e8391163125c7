"""The last view of each library (query, seed, filters, sort), so that a restart comes
back to where the reader was.

Kept in the user state directory, one small JSON file for every library, apart from
the settings: the settings file is the reader's to write, this one is the app's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

import platformdirs

from storage import SortOrder, View
from storage.atomic import write_atomically

MAX_LIBRARIES: Final = 50
"""How many libraries' views are kept (the most recently used)."""


def default_memory_path() -> Path:
    """Where the views are remembered."""
    return platformdirs.user_state_path("papershelf", appauthor=False) / "views.json"


class ViewMemory:
    """Reads and writes the remembered views; a broken file is forgotten, never fatal."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_memory_path()

    def _read(self) -> dict[str, Any]:
        try:
            found = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}

    def recall(self, library: Path) -> View | None:
        """The view last shown for the library, if there is one and it still reads."""
        found = self._read().get(str(library.resolve()))
        if not isinstance(found, dict):
            return None
        try:
            return View(
                query=str(found.get("query", "")),
                source_id=found.get("source_id")
                if isinstance(found.get("source_id"), str)
                else None,
                unread_only=found.get("unread_only") is True,
                sort=SortOrder(found.get("sort", SortOrder.CITATIONS.value)),
                trash=found.get("trash") is True,
            )
        except ValueError:  # a sort this version does not have
            return None

    def remember(self, library: Path, view: View) -> None:
        """Keep the view for the library's next start (a failed write is only a loss of
        convenience: it is ignored)."""
        views = self._read()
        key = str(library.resolve())
        views.pop(key, None)
        views[key] = {
            "query": view.query,
            "source_id": view.source_id,
            "unread_only": view.unread_only,
            "sort": view.sort.value,
            "trash": view.trash,
        }
        kept = dict(list(views.items())[-MAX_LIBRARIES:])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(kept, indent=1).encode())
        except OSError:
            pass
