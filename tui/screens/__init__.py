"""The app's screens and dialogs.

Only the main screen loads with the package: every dialog loads on first use. The help
screen and the note editor bring Markdown parsing, syntax highlighting and the text
editor (about 50 ms of imports), the other dialogs their widgets and modules (about
20 ms more): the first paint needs none of them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Final

from .main import MainScreen

if TYPE_CHECKING:
    from .confirm import ConfirmDialog
    from .file_dialogs import ExportDialog, ExportRequest, ImportDialog
    from .help import HelpScreen
    from .note_editor import NoteEditor
    from .tag_editor import TagEditor, TagRemover, TagRenamer

_LOADED_ON_FIRST_USE: Final = {
    "ConfirmDialog": "confirm",
    "ExportDialog": "file_dialogs",
    "ExportRequest": "file_dialogs",
    "HelpScreen": "help",
    "ImportDialog": "file_dialogs",
    "NoteEditor": "note_editor",
    "TagEditor": "tag_editor",
    "TagRemover": "tag_editor",
    "TagRenamer": "tag_editor",
}
"""Each name this package exports but the main screen, and the module that defines it."""

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
    module = _LOADED_ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
