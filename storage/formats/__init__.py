"""Bibliography formats: BibTeX and RIS in and out, CSL-JSON, Markdown and CSV out.

Every paper keeps the record its file had (`items` derives the other forms from it).
Nothing here touches the library file. The format modules load on first use: the app
starts without their parsers and decoders, since most sessions never import or export.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Literal

from ..atomic import remove_abandoned_temp_files, write_atomically
from ..errors import OutputFileError
from .common import ExportEntry, ImportedPaper, Tick

BibliographyKind = Literal["bibtex", "ris"]

_BIBTEX_ENTRY = re.compile(r"^\s*@\w+\s*[{(]", re.MULTILINE)


class ExportFormat(StrEnum):
    """What `papershelf export --format` accepts."""

    BIBTEX = "bibtex"
    RIS = "ris"
    CSL_JSON = "csl-json"
    MARKDOWN = "markdown"
    CSV = "csv"

    @property
    def suffix(self) -> str:
        """The usual file name ending."""
        return _SUFFIXES[self]


_SUFFIXES = {
    ExportFormat.BIBTEX: ".bib",
    ExportFormat.RIS: ".ris",
    ExportFormat.CSL_JSON: ".json",
    ExportFormat.MARKDOWN: ".md",
    ExportFormat.CSV: ".csv",
}


def export(entries: Sequence[ExportEntry], format: ExportFormat) -> str:
    """The entries as one document in `format`."""
    return "".join(export_pieces(entries, format))


def export_pieces(entries: Sequence[ExportEntry], format: ExportFormat) -> Iterator[str]:
    """`export`, a piece at a time: each piece is made as the one before is written."""
    from . import bibtex, csl_json, csv_table, markdown, ris

    writers: dict[ExportFormat, Callable[[Sequence[ExportEntry]], Iterator[str]]] = {
        ExportFormat.BIBTEX: bibtex.bibtex_pieces,
        ExportFormat.RIS: ris.ris_pieces,
        ExportFormat.CSL_JSON: csl_json.csl_json_pieces,
        ExportFormat.MARKDOWN: markdown.markdown_pieces,
        ExportFormat.CSV: csv_table.csv_pieces,
    }
    return writers[format](entries)


def check_export_target(path: Path, protected: Iterable[Path] = ()) -> None:
    """Refuse an export path that is a directory or one of `protected` (the library's own
    files, also reached through a link or another spelling of the path).

    Raises:
        OutputFileError: saying which and why.
    """
    if path.is_dir():
        raise OutputFileError(path, "it is a directory")
    target = os.path.realpath(path)
    for own in protected:
        if target == os.path.realpath(own):
            reason = f"it is this library's own file {own.name}; choose another file name"
            raise OutputFileError(path, reason)


def save_export(path: Path, text: str | Iterable[str], protected: Iterable[Path] = ()) -> None:
    """Write an export (its text, or its pieces as they are made) atomically: an
    interrupted export, or one whose pieces raise, never leaves half a file, and the
    temporary file of an export that was killed is removed by the next one.

    Raises:
        OutputFileError: the file or its folder cannot be written, or it is one of
            `protected`.
    """
    check_export_target(path, protected)
    data = text.encode("utf-8") if isinstance(text, str) else (p.encode("utf-8") for p in text)
    try:
        remove_abandoned_temp_files(path)
        write_atomically(path, data)
    except OSError as error:
        raise OutputFileError(path, error.strerror or str(error)) from error


def bibliography_kind(path: Path, head: str) -> BibliographyKind | None:
    """ "bibtex" or "ris" for a bibliography (by extension, else by content); None otherwise."""
    suffix = path.suffix.lower()
    if suffix in (".bib", ".bibtex"):
        return "bibtex"
    if suffix == ".ris":
        return "ris"
    start = head.lstrip("\ufeff \t\r\n")
    if start.startswith("TY  -"):
        return "ris"
    if not start.upper().startswith("TLDR") and _BIBTEX_ENTRY.search(head):
        return "bibtex"
    return None


def read_bibliography(
    path: Path, text: str, kind: BibliographyKind, tick: Tick | None = None
) -> list[ImportedPaper]:
    """Parse a BibTeX or RIS file's text into papers (and the reader's data they carry);
    `tick` is told of each entry read.

    Raises:
        BibliographyFormatError: the file is malformed; nothing of it should be imported.
    """
    if kind == "bibtex":
        from .bibtex import read_bibtex

        return read_bibtex(text, path, tick)
    from .ris import read_ris

    return read_ris(text, path, tick)


__all__ = [
    "BibliographyKind",
    "ExportEntry",
    "ExportFormat",
    "ImportedPaper",
    "Tick",
    "bibliography_kind",
    "export",
    "export_pieces",
    "read_bibliography",
    "check_export_target",
    "save_export",
]
