"""The app's screens and dialogs."""

from .confirm import ConfirmDialog
from .file_dialogs import ExportDialog, ExportRequest, ImportDialog
from .help import HelpScreen
from .main import MainScreen
from .note_editor import NoteEditor
from .tag_editor import TagEditor, TagRemover

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
]
