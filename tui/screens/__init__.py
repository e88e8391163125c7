"""The app's screens and dialogs."""

from .confirm import ConfirmDialog
from .help import HelpScreen
from .main import MainScreen
from .note_editor import NoteEditor
from .tag_editor import TagEditor, TagRemover

__all__ = ["ConfirmDialog", "HelpScreen", "MainScreen", "NoteEditor", "TagEditor", "TagRemover"]
