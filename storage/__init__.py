"""papershelf's data layer: records, the seed parser, search, and the TinyDB library.

Pure Python over TinyDB-format files; it never imports Textual, Rich or `tui`.
"""

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
from .importing import FileImport, ImportReport
from .library import Applied, Exported, Library, LibraryChange, Preview, open_library
from .merging import MergeReport
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
from .seeds import SeedDocument, parse_seed, read_seed
from .sorting import SortOrder
from .view import View

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
