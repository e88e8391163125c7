"""papershelf's data layer: records, the seed parser, search, and the TinyDB library.

Pure Python over TinyDB-format files; it never imports Textual, Rich or `tui`.

Every name loads with its module on first use (importing and merging, with the seed
parser, as the library's own methods load them): opening a library and showing it needs
neither, and a command line's `list` or `tag` loads only the modules it runs (the
eager package root was three quarters of the command line's imports).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from .changes import Change
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
    from .library import (
        Applied,
        Exported,
        ExportStream,
        Library,
        LibraryChange,
        Preview,
        open_library,
    )
    from .mark_changes import Delete, MarkRead, Restore, SetPriority, SetStatus
    from .merging import MergeReport
    from .note_changes import AppendNote, SetNote
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
    from .tag_changes import AddTags, ChangeTags, RemoveTags, RenameTag, SetTags
    from .view import View

_LOADED_ON_FIRST_USE: Final = {
    "AddTags": "tag_changes",
    "AmbiguousIdError": "errors",
    "AppendNote": "note_changes",
    "Applied": "library",
    "BadInputError": "errors",
    "BibliographyFormatError": "errors",
    "Change": "changes",
    "ChangeTags": "tag_changes",
    "DONE_STATUSES": "records",
    "Delete": "mark_changes",
    "Entry": "records",
    "EntryList": "results",
    "ExportFormat": "formats",
    "Exported": "library",
    "ExportStream": "library",
    "FileImport": "importing",
    "ImportCancelled": "errors",
    "ImportProgress": "progress",
    "ImportReport": "importing",
    "Library": "library",
    "LibraryChange": "library",
    "LibraryCorruptError": "errors",
    "LibraryError": "errors",
    "LibraryLocation": "paths",
    "LibraryLockedError": "errors",
    "LibraryVersionError": "errors",
    "LibraryWriteError": "errors",
    "MarkRead": "mark_changes",
    "MergeReport": "merging",
    "NoteChangedError": "errors",
    "OutputFileError": "errors",
    "PRIORITIES": "records",
    "Paper": "records",
    "Preview": "library",
    "Query": "search",
    "QuerySyntaxError": "errors",
    "ReadingState": "records",
    "RemoveTags": "tag_changes",
    "RenameTag": "tag_changes",
    "Restore": "mark_changes",
    "SEARCH_SUMMARY": "search",
    "SEARCH_SYNTAX": "search",
    "STATUSES": "records",
    "SavedView": "saved_views",
    "SeedDocument": "seeds",
    "SeedFormatError": "errors",
    "SetNote": "note_changes",
    "SetPriority": "mark_changes",
    "SetStatus": "mark_changes",
    "SetTags": "tag_changes",
    "SortOrder": "sorting",
    "Source": "records",
    "SourceFileError": "errors",
    "StorageError": "errors",
    "UnknownPaperError": "errors",
    "View": "view",
    "bundled_seeds": "paths",
    "library_location": "paths",
    "open_library": "library",
    "parse_query": "search",
    "parse_seed": "seeds",
    "plural": "records",
    "read_seed": "seeds",
    "split_tags": "records",
    "tag_term": "search",
}
"""Every name this package exports and the module defining it, loaded with the first use
of one of its names: `import storage.x` runs this file first, and a command loads only the
modules it uses."""

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
    "ExportStream",
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
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next use finds it without this function
    return value
