"""An export is made a piece at a time: the pieces join into the document whatever their
size, the first is out before the last paper is formatted, and a file export that fails
half-way writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from storage import ExportFormat, Library, View
from storage.formats import bibtex, common, csl_json, csv_table

_PIECE_SIZES = (common, csl_json, csv_table)
"""The modules that read `ENTRIES_PER_PIECE`."""


def _pieces_of(monkeypatch: pytest.MonkeyPatch, entries: int) -> None:
    for module in _PIECE_SIZES:
        monkeypatch.setattr(module, "ENTRIES_PER_PIECE", entries)


@pytest.mark.parametrize("format", list(ExportFormat))
@pytest.mark.parametrize("entries", [1, 2, 7])
def test_pieces_of_any_size_join_into_the_document_made_at_once(
    library: Library, monkeypatch: pytest.MonkeyPatch, format: ExportFormat, entries: int
) -> None:
    """The text of one piece (what the writers made before they streamed) is the text
    of pieces of a few entries joined: arrays, separators and the end stitched right."""
    view = View("", include_reports=True)
    _pieces_of(monkeypatch, 10**9)
    whole = library.export_stream(format, view)
    at_once = list(whole.pieces)
    _pieces_of(monkeypatch, entries)
    pieces = list(library.export_stream(format, view).pieces)
    assert len(pieces) > len(at_once)
    assert "".join(pieces) == "".join(at_once) == library.export(format, view).text
    assert whole.count == len(library.search(view)) > 7


def test_an_empty_export_is_one_document_too(library: Library) -> None:
    nothing = View("nothing-matches-this")
    assert library.export(ExportFormat.CSL_JSON, nothing).text == "[]\n"
    assert library.export(ExportFormat.RIS, nothing).text == ""


def _counted(calls: list[int], then: Callable[[int], None] = lambda count: None) -> None:
    """Count a formatted entry; `then` is told how many so far."""
    calls.append(1)
    then(len(calls))


def test_the_first_piece_comes_before_the_last_entry_is_formatted(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pieces_of(monkeypatch, 2)
    formatted: list[int] = []
    entry_text = bibtex.entry_text

    def counting(item: common.ExportEntry) -> str:
        _counted(formatted)
        return entry_text(item)

    monkeypatch.setattr(bibtex, "entry_text", counting)
    stream = library.export_stream(ExportFormat.BIBTEX, View(""))
    assert formatted == []
    first = next(stream.pieces)
    assert first.startswith("@") and len(formatted) == 2 < stream.count
    list(stream.pieces)
    assert len(formatted) == stream.count


def test_a_file_export_failing_half_way_writes_nothing(
    library: Library, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Pieces already written to the temporary file go with it: neither the file nor a
    temporary one is left."""
    _pieces_of(monkeypatch, 1)
    entry_text = bibtex.entry_text

    def failing(count: int) -> None:
        if count == 3:
            raise RuntimeError("a writer's bug")

    formatted: list[int] = []

    def failing_at_the_third(item: common.ExportEntry) -> str:
        _counted(formatted, failing)
        return entry_text(item)

    monkeypatch.setattr(bibtex, "entry_text", failing_at_the_third)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(RuntimeError, match="a writer's bug"):
        library.export_to(folder / "reading.bib", ExportFormat.BIBTEX, View(""))
    assert list(folder.iterdir()) == []
