"""A command's process ends soon after its library is read: it reads a large library
without sharing its repeated values (memory it would not keep for long, at 0.2-0.3 s of
CPU at 100,000 papers), and reads it the same; the app shares them."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import orjson
import pytest
from cli_runner import cli

from storage import AddTags, Library, View, library_files
from storage.finder import Finder
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


WITH_REPORT: Final = 5
"""The papers of the first seed with "hair" somewhere, its case report among them."""


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["list", "hair"], f"{WITH_REPORT} rows"),
        (["read", "--query", "hair"], f"marked {WITH_REPORT} papers read\n"),
        (["tag", "--query", "hair", "+looked-at"], f"tagged {WITH_REPORT} papers +looked-at\n"),
        (["restore", "--query", "hair"], f"restored {WITH_REPORT} papers\n"),
        (["cite", "hair"], f"{WITH_REPORT} rows"),
        (["export", "--format", "ris", "hair"], f"{WITH_REPORT - 1} entries"),
        (["export", "--format", "csv", "--query", "hair", "-o", "{out}"], "a file"),
        (["tags", "hair"], f"{WITH_REPORT}  looked-at\n"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_a_command_s_query_builds_no_index_of_the_whole_library(
    library: Library,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    said: str,
) -> None:
    """A command searches once: building the whole library's index for it cost `tag
    --query`, `export QUERY` or `tags` most of their time at 100,000 papers (see
    `find_once`)."""
    assert len(library.search(View("hair", include_reports=True))) == WITH_REPORT
    library.close()
    if command[0] == "restore":
        assert cli("--db", str(db_path), "delete", "--query", "hair")[0] == 0
    if command[0] == "tags":
        assert cli("--db", str(db_path), "tag", "--query", "hair", "+looked-at")[0] == 0

    def whole_index(*_: object) -> None:
        raise AssertionError("the whole library's search index was built for one query")

    monkeypatch.setattr(Finder, "_search_index", whole_index)
    out_file = tmp_path / "out.csv"
    argv = [word.replace("{out}", str(out_file)) for word in command]
    status, out, err = cli("--db", str(db_path), *argv)
    assert status == 0, err
    if said.endswith(" rows"):
        assert out.count("\n") == int(said.split()[0])
    elif said.endswith(" entries"):
        assert out.count("TY  - ") == int(said.split()[0])
    elif said == "a file":
        assert err.startswith(f"Exported {WITH_REPORT - 1} papers")
        assert out_file.read_text().count("\n") == WITH_REPORT  # a header, then the papers
    else:
        assert out == said
