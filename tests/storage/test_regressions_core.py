"""Regressions of the library core: a refused write must not come back, lists are snapshots."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from support import recount

from storage import (
    AddTags,
    ExportFormat,
    ImportProgress,
    Library,
    LibraryChange,
    LibraryWriteError,
    MarkRead,
    View,
)


def _state_docs_on_disk(path: Path) -> dict[str, object]:
    docs: dict[str, object] = json.loads(path.read_text())["state"]
    return docs


def test_a_refused_write_is_not_saved_by_the_next_write(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tag A; refuse a write of A; toggle B once writable: A must not carry the refused tag."""
    a, b = (entry.id for entry in library.search(View())[:2])
    library.apply(AddTags(["kept"]), [a])
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == library.path else real_access(p, mode)
    )
    with pytest.raises(LibraryWriteError):
        library.apply(AddTags(["refused"]), [a])
    monkeypatch.undo()
    assert library.entry(a).state.tags == ("kept",)
    library.apply(MarkRead(True), [b])
    assert "refused" not in json.dumps(_state_docs_on_disk(library.path))
    assert Library(library.path).entry(a).state.tags == ("kept",)


def test_a_list_built_before_a_reload_keeps_its_papers(
    library: Library, make_library: Callable[..., Library], tmp_path: Path
) -> None:
    """Another process re-numbers the catalog; a list held across refresh() stays consistent."""
    shown = library.search(View())
    before = [shown.id_at(i) for i in range(len(shown))]
    assert not make_library().import_files([recount(tmp_path)]).failed
    library.check_for_changes()
    assert [shown.id_at(i) for i in range(len(shown))] == before
    assert [shown[i].id for i in range(len(shown))] == before


def test_an_export_is_a_snapshot_while_a_reload_swaps_the_catalog(
    library: Library, make_library: Callable[..., Library], tmp_path: Path
) -> None:
    """The poll takes in another process's import (new citations, a new order) while an
    export reads its papers, on a worker thread: the export is the library as it began."""
    csv = ExportFormat("csv")
    before = library.export(csv, View()).text
    reloads: list[LibraryChange | None] = []

    def reload_once(_what: str, _done: int, _total: int | None) -> None:
        if not reloads:
            assert not make_library().import_files([recount(tmp_path)]).failed
            reloads.append(library.check_for_changes())

    exported = library.export(csv, View(), ImportProgress(reload_once))
    assert reloads[0] is not None and reloads[0].catalog_changed
    assert library.export(csv, View()).text != before
    assert exported.text == before
