"""papershelf's data layer: records, the seed parser, search, and the TinyDB library.

Pure Python over TinyDB-format files; it never imports Textual, Rich or `tui`.

Importing and merging (with the seed parser) load on first use, as the library's own
methods load them: opening a library and showing it needs neither, and they were about
a tenth of papershelf's own imports before the app's first paint.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any, Final

from .changes import (
    AddTags,
    AppendNote,
    Change,
    ChangeTags,
    Delete,
    MarkRead,
    RemoveTags,
    RenameTag,
    Restore,
    SetNote,
    SetPriority,
    SetStatus,
    SetTags,
)
from .errors import (
    AmbiguousIdError,
    BadInputError,
    BibliographyFormatError,
    ImportCancelled,
    LibraryCorruptError,
    LibraryError,
    LibraryLockedError,
    LibraryVersionError,
    LibraryWriteError,
    NoteChangedError,
    OutputFileError,
    QuerySyntaxError,
    SeedFormatError,
    SourceFileError,
    StorageError,
    UnknownPaperError,
)
from .formats import ExportFormat
from .library import Applied, Exported, Library, LibraryChange, Preview, open_library
from .paths import LibraryLocation, bundled_seeds, library_location
from .progress import ImportProgress
from .records import (
    DONE_STATUSES,
    PRIORITIES,
    STATUSES,
    Entry,
    Paper,
    ReadingState,
    Source,
    plural,
    split_tags,
)
from .results import EntryList
from .saved_views import SavedView
from .search import SEARCH_SUMMARY, SEARCH_SYNTAX, Query, parse_query, tag_term
from .sorting import SortOrder
from .view import View

if TYPE_CHECKING:
    from .importing import FileImport, ImportReport
    from .merging import MergeReport
    from .seeds import SeedDocument, parse_seed, read_seed

_LOADED_ON_FIRST_USE: Final = {
    "FileImport": "importing",
    "ImportReport": "importing",
    "MergeReport": "merging",
    "SeedDocument": "seeds",
    "parse_seed": "seeds",
    "read_seed": "seeds",
}
"""Names this package exports from modules it does not load itself, and those modules."""

__all__ = [
    "DONE_STATUSES",
    "PRIORITIES",
    "SEARCH_SUMMARY",
    "SEARCH_SYNTAX",
    "STATUSES",
    "AddTags",
    "AmbiguousIdError",
    "AppendNote",
    "Applied",
    "BadInputError",
    "BibliographyFormatError",
    "Change",
    "ChangeTags",
    "Delete",
    "Entry",
    "EntryList",
    "ExportFormat",
    "Exported",
    "FileImport",
    "ImportProgress",
    "ImportReport",
    "Library",
    "LibraryChange",
    "LibraryCorruptError",
    "LibraryError",
    "LibraryLocation",
    "LibraryLockedError",
    "LibraryVersionError",
    "LibraryWriteError",
    "MarkRead",
    "MergeReport",
    "ImportCancelled",
    "NoteChangedError",
    "OutputFileError",
    "Paper",
    "Preview",
    "Query",
    "QuerySyntaxError",
    "ReadingState",
    "SavedView",
    "RemoveTags",
    "RenameTag",
    "Restore",
    "SeedDocument",
    "SeedFormatError",
    "SetNote",
    "SetPriority",
    "SetStatus",
    "SetTags",
    "SortOrder",
    "Source",
    "SourceFileError",
    "StorageError",
    "UnknownPaperError",
    "View",
    "bundled_seeds",
    "library_location",
    "open_library",
    "parse_query",
    "parse_seed",
    "plural",
    "read_seed",
    "split_tags",
    "tag_term",
]


def __getattr__(name: str) -> Any:
    module = _LOADED_ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
