"""Messages any part of the app can post; the main screen acts on them."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from storage import LibraryChange


@dataclass
class LibraryChanged(Message):
    """The library changed (here or in another process); views should refresh."""

    change: LibraryChange
