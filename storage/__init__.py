"""papershelf's data layer: records, the seed parser, search, and the TinyDB library.

Pure Python over TinyDB; it never imports Textual, Rich or `tui`.
"""

from .errors import (
    AmbiguousIdError,
    BadInputError,
    BibliographyFormatError,
    LibraryCorruptError,
    LibraryError,
    LibraryVersionError,
    LibraryWriteError,
    OutputFileError,
    QuerySyntaxError,
    SeedFormatError,
    SourceFileError,
    StorageError,
    UnknownPaperError,
)
from .formats import ExportFormat, save_export
from .importing import FileImport, ImportReport
from .paths import LibraryLocation, bundled_seeds, library_location
from .records import Entry, Paper, ReadingState, Source, plural, split_tags
from .results import EntryList
from .search import Query, parse_query
from .seeds import SeedDocument, parse_seed, read_seed
from .service import Library, LibraryChange, open_library
from .sorting import SortOrder

__all__ = [
    "AmbiguousIdError",
    "BadInputError",
    "BibliographyFormatError",
    "Entry",
    "ExportFormat",
    "EntryList",
    "FileImport",
    "ImportReport",
    "Library",
    "LibraryChange",
    "LibraryCorruptError",
    "LibraryError",
    "LibraryLocation",
    "LibraryVersionError",
    "LibraryWriteError",
    "OutputFileError",
    "Paper",
    "Query",
    "QuerySyntaxError",
    "ReadingState",
    "SeedDocument",
    "SeedFormatError",
    "SortOrder",
    "Source",
    "SourceFileError",
    "StorageError",
    "UnknownPaperError",
    "bundled_seeds",
    "library_location",
    "open_library",
    "parse_query",
    "parse_seed",
    "plural",
    "read_seed",
    "save_export",
    "split_tags",
]
