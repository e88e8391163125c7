"""The app's screens and dialogs.

The help screen and the note editor load on first use: they bring Markdown parsing,
syntax highlighting and the text editor, about 50 ms of imports the first paint does
not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .confirm import ConfirmDialog
from .file_dialogs import ExportDialog, ExportRequest, ImportDialog
from .main import MainScreen
from .tag_editor import TagEditor, TagRemover, TagRenamer

if TYPE_CHECKING:
    from .help import HelpScreen
    from .note_editor import NoteEditor

__all__ = [
    "ConfirmDialog",
    "ExportDialog",
    "ExportRequest",
    "HelpScreen",
    "ImportDialog",
    "MainScreen",
    "NoteEditor",
    "TagEditor",
    "TagRemover",
    "TagRenamer",
]


def __getattr__(name: str) -> Any:
    if name == "HelpScreen":
        from .help import HelpScreen

        return HelpScreen
    if name == "NoteEditor":
        from .note_editor import NoteEditor

        return NoteEditor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
