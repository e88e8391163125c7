"""The errors storage raises: every failure the UI or CLI must explain is one of these."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """Base class for everything `storage` raises on purpose."""


class BadInputError(StorageError):
    """The user's input (a document, a query, an id) is wrong; the library is fine."""


class SeedFormatError(BadInputError):
    """A seed document does not follow the format, so none of it is imported."""

    def __init__(self, path: Path | str, line: int, expected: str, found: str = "") -> None:
        self.path = str(path)
        """The document's path (or name) as the user gave it."""
        self.line = line
        """1-based line number of the offending line (0 when the file itself is unusable)."""
        self.expected = expected
        """What the parser expected at that line."""
        self.found = found
        """A short excerpt of what was there instead."""
        where = f"{self.path}:{line}" if line else self.path
        detail = f" (found {found!r})" if found else ""
        super().__init__(f"{where}: expected {expected}{detail}")


class BibliographyFormatError(BadInputError):
    """A BibTeX or RIS file is malformed, so none of it is imported."""

    def __init__(self, path: Path | str, line: int, entry: str, problem: str) -> None:
        self.path = str(path)
        """The file's path as the user gave it."""
        self.line = line
        """1-based line of the problem (0 when it is the whole file)."""
        self.entry = entry
        """The entry as the file names it (e.g. `@article{smith2020`); "" when the
        problem is outside any entry, or the whole file (line 0)."""
        self.problem = problem
        """What is wrong with it."""
        where = f"{self.path}:{line}" if line else self.path
        what = f"entry {entry}: " if entry else ""
        super().__init__(f"{where}: {what}{problem}")


class SourceFileError(BadInputError):
    """A file given to import cannot be read at all (missing, a directory, unreadable)."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class QuerySyntaxError(BadInputError):
    """A search query is malformed; the message says what and where."""

    def __init__(self, message: str, position: int) -> None:
        self.message = message
        """What is wrong, in words for the user."""
        self.position = position
        """0-based character offset in the query where the problem starts."""
        super().__init__(f"{message} (at character {position + 1})")


class UnknownPaperError(BadInputError):
    """No paper has the given id, id prefix or citation key."""

    def __init__(self, paper_id: str) -> None:
        self.paper_id = paper_id
        super().__init__(f"no paper has the id or citation key {paper_id!r}")


class AmbiguousIdError(BadInputError):
    """An id prefix matches more than one paper."""

    def __init__(self, prefix: str, matches: list[str]) -> None:
        self.prefix = prefix
        self.matches = matches
        shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
        super().__init__(f"id prefix {prefix!r} matches {len(matches)} papers: {shown}")


class OutputFileError(BadInputError):
    """An export cannot be written where the user asked (bad folder, no space...)."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"cannot write {self.path}: {reason}")


class LibraryError(StorageError):
    """The library file is unusable: it is reported and never overwritten."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        """The library file concerned."""
        self.reason = reason
        """Why it cannot be used, in words for the user."""
        super().__init__(f"{self.path}: {reason}")


class LibraryCorruptError(LibraryError):
    """The file is not a papershelf library (invalid JSON, wrong shape, missing tables)."""


class LibraryVersionError(LibraryError):
    """The file was written by a newer papershelf whose schema this one does not know."""


class LibraryWriteError(LibraryError):
    """A change could not be written (read-only file or folder, full disk, ...)."""


class LibraryLockedError(LibraryWriteError):
    """Another process held the library's lock for longer than a write waits."""

    def __init__(self, path: Path | str, holder: str) -> None:
        self.holder = holder
        """Who holds it, as far as can be told (`papershelf (pid 4242)`)."""
        super().__init__(
            path, f"{holder} has been changing this library for too long; nothing was written"
        )


class ImportCancelled(StorageError):
    """The reader cancelled an import before it was written: nothing of it was."""

    def __init__(self) -> None:
        super().__init__("import cancelled; nothing imported")


class NoteChangedError(StorageError):
    """A note was changed elsewhere since the reader began editing it: nothing written."""

    def __init__(self, paper_id: str, current: str) -> None:
        self.paper_id = paper_id
        self.current = current
        """The note as it is now (the other process's)."""
        super().__init__(f"the note of {paper_id} was changed elsewhere while you edited it")
