"""A command's process ends soon after its library is read: it reads a large library
without sharing its repeated values (memory it would not keep for long, at 0.2-0.3 s of
CPU at 100,000 papers), and reads it the same; the app shares them."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from cli_runner import cli

from storage import AddTags, Library, View, library_files
from storage.library_files import LibraryFiles
from storage.sharing import PaperIds, Sharing


@pytest.fixture
def shared_from_any_size(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file is large enough to share (as from 20,000 papers); each `Sharing` made
    is counted."""
    made: list[str] = []

    def counted(name: str) -> classmethod[Sharing, [PaperIds | None], Sharing]:
        make = getattr(Sharing, name)

        def sharing(cls: type[Sharing], *paper_ids: PaperIds | None) -> Sharing:
            made.append(name)
            return make(*paper_ids)  # type: ignore[no-any-return]

        return classmethod(sharing)

    for name in ("for_catalog", "for_state"):
        monkeypatch.setattr(Sharing, name, counted(name))
    monkeypatch.setattr(library_files, "SHARE_ABOVE_BYTES", 0)
    return made


def test_a_library_read_without_sharing_reads_the_same(
    library: Library, db_path: Path, shared_from_any_size: list[str]
) -> None:
    library.apply(AddTags(["review", "later"]), library.search(View()).ids())
    LibraryFiles(db_path).compact()  # the state in the library file, not the journal
    shared_from_any_size.clear()
    shared = LibraryFiles(db_path)
    assert shared_from_any_size == ["for_catalog", "for_state"]
    alone = LibraryFiles(db_path, share_values=False)
    assert shared_from_any_size == ["for_catalog", "for_state"]
    assert orjson.dumps(alone.catalog.papers) == orjson.dumps(shared.catalog.papers)
    assert orjson.dumps(dict(alone.state.states)) == orjson.dumps(dict(shared.state.states))
    first, second = alone.catalog.papers[1:3]
    assert first["added_at"] == second["added_at"] and first["added_at"] is not second["added_at"]


def test_a_command_reads_without_sharing(
    library: Library, db_path: Path, shared_from_any_size: list[str]
) -> None:
    library.close()
    shared_from_any_size.clear()
    status, out, _ = cli("--db", str(db_path), "list")
    assert status == 0 and out.count("\n") == len(library.search(View(include_reports=True)))
    assert shared_from_any_size == []
    Library(db_path).close()  # the app's way, by default
    assert shared_from_any_size == ["for_catalog", "for_state"]
