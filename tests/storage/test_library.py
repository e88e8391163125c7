"""The library over real files: imports, reading state, atomic writes, broken files."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from support import FIRST_SEED, SEED_FIXTURES

from storage import (
    AmbiguousIdError,
    Library,
    LibraryChange,
    LibraryCorruptError,
    LibraryVersionError,
    LibraryWriteError,
    SortOrder,
    UnknownPaperError,
)
from storage.repository import catalog_path_for

MakeLibrary = Callable[..., Library]


def _write_seed(folder: Path, name: str, related: list[str]) -> Path:
    path = folder / name
    lines = [f"TLDR Source {name}.", "Abstract."] + related
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_creates_report_and_related_papers(library: Library) -> None:
    """The first seed gives one source, its report paper and nine related papers."""
    (source,) = library.sources()
    assert source.file_name == FIRST_SEED.name
    assert len(library.entries()) == 9
    report = library.entry(source.report_id)
    assert report.paper.kind == "report"
    assert report.paper.summary == source.tldr
    assert len(library.entries(include_reports=True)) == 10


def test_reimport_is_a_no_op_and_keeps_reading_state(library: Library) -> None:
    """Importing the same document again changes nothing, least of all the reader's data."""
    pid = library.entries()[0].id
    library.set_read(pid, True)
    library.add_tags(pid, ["keep"])
    library.set_note(pid, "my note")
    before = Path(library.path).read_bytes(), catalog_path_for(library.path).read_bytes()
    report = library.import_files([FIRST_SEED])
    assert report.files[0].already_imported
    entry = library.entry(pid)
    assert (entry.state.read, entry.state.tags, entry.state.note) == (True, ("keep",), "my note")
    assert (library.path.read_bytes(), catalog_path_for(library.path).read_bytes()) == before
    assert len(library.entries()) == 9


def test_paper_listed_by_two_documents_is_one_paper_with_two_sources(
    make_library: MakeLibrary, tmp_path: Path
) -> None:
    """Two documents listing the same paper share it; its state survives the second import."""
    shared = "7 citations,\nMay 2020 in “Nature” A shared finding."
    first = _write_seed(tmp_path, "one.txt", [shared])
    second = _write_seed(
        tmp_path, "two.txt", ["50 citations,\nMay 2020 in “NATURE”  A shared finding."]
    )
    library = make_library()
    library.import_files([first])
    (entry,) = library.entries()
    library.set_read(entry.id, True)
    report = library.import_files([second])
    assert (report.files[0].new_papers, report.files[0].known_papers) == (0, 1)
    (merged,) = library.entries()
    assert merged.id == entry.id
    assert len(merged.paper.sources) == 2
    assert merged.paper.citations == 50
    assert merged.state.read
    assert library.source_names(merged.paper) == ["one.txt", "two.txt"]
    assert len(library.entries(library.sources()[1].id)) == 1


def test_broken_document_imports_nothing_and_others_still_do(
    make_library: MakeLibrary, tmp_path: Path
) -> None:
    """A refused file leaves the library untouched; valid files in the same call import."""
    broken = tmp_path / "broken.txt"
    broken.write_text("TLDR ok.\nAbstract.\n3 citations,\nMay 2020 in “J” fine.\nnonsense\n")
    library = make_library()
    report = library.import_files([broken, SEED_FIXTURES / "basic.txt"])
    assert len(report.failed) == 1
    assert "broken.txt:5" in (report.failed[0].error or "")
    assert [s.file_name for s in library.sources()] == ["basic.txt"]
    assert len(library.entries()) == 1


def test_changes_survive_reopening(library: Library, make_library: MakeLibrary) -> None:
    """Everything acknowledged is on disk: a fresh Library sees it."""
    pid = library.entries()[2].id
    library.toggle_read(pid)
    library.set_tags(pid, ["b", "A", "a"])
    library.set_note(pid, "# Heading\n\ntext")
    reopened = make_library().entry(pid)
    assert reopened.state.read
    assert reopened.state.tags == ("b", "A")
    assert reopened.state.note == "# Heading\n\ntext"


def test_tags_are_case_insensitive_unique_and_ordered(library: Library) -> None:
    """Adding keeps order and skips case-duplicates; removing ignores case."""
    pid = library.entries()[0].id
    library.add_tags(pid, ["Hair", " stem  cells ", "hair"])
    assert library.entry(pid).state.tags == ("Hair", "stem cells")
    library.add_tags(pid, ["HAIR", "ev"])
    assert library.entry(pid).state.tags == ("Hair", "stem cells", "ev")
    library.remove_tags(pid, ["STEM CELLS", "missing"])
    assert library.entry(pid).state.tags == ("Hair", "ev")
    assert library.tags() == ["ev", "Hair"]


def test_id_prefixes(library: Library) -> None:
    """A unique prefix names a paper; an ambiguous or unknown one is refused."""
    pid = library.entries()[0].id
    assert library.resolve_id(pid[:6]) == pid
    assert library.resolve_id(pid.upper()) == pid
    with pytest.raises(UnknownPaperError):
        library.resolve_id("zzzz")
    with pytest.raises(UnknownPaperError):
        library.resolve_id("")
    firsts = [e.id[0] for e in library.entries(include_reports=True)]
    shared = next(c for c in firsts if firsts.count(c) > 1)
    with pytest.raises(AmbiguousIdError) as caught:
        library.resolve_id(shared)
    assert len(caught.value.matches) == firsts.count(shared)


def test_undo_restores_previous_states_in_order(
    library: Library, make_library: MakeLibrary
) -> None:
    """Undo steps back through read, tags and note changes, each persisted."""
    pid = library.entries()[0].id
    library.toggle_read(pid)
    library.add_tags(pid, ["x"])
    library.set_note(pid, "n")
    assert library.undo() is not None
    assert make_library().entry(pid).state.note == ""
    library.undo()
    assert library.entry(pid).state.tags == ()
    library.undo()
    assert not make_library().entry(pid).state.read
    assert library.undo() is None
    assert not library.can_undo


def test_unchanged_state_is_not_written_or_undoable(library: Library) -> None:
    """Setting what is already there does not rewrite the file or add an undo step."""
    pid = library.entries()[0].id
    before = library.path.stat().st_mtime_ns
    library.set_read(pid, False)
    assert library.path.stat().st_mtime_ns == before
    assert not library.can_undo


def test_search_scopes_and_sorts(library: Library) -> None:
    """Search respects the source scope, reports flag, query and sort order."""
    source = library.sources()[0]
    assert len(library.search("", source_id=source.id)) == 9
    assert len(library.search("", include_reports=True)) == 10
    by_date = library.search("", sort=SortOrder.DATE)
    assert [e.paper.year for e in by_date][:2] == [2024, 2023]
    by_cites = library.search("", sort=SortOrder.CITATIONS)
    assert by_cites[0].paper.citations == 113
    assert by_cites[-1].paper.citations is None
    assert [e.paper.journal for e in library.search("", sort=SortOrder.JOURNAL)][0] == (
        "British journal of dermatology/British journal of dermatology, Supplement"
    )
    assert len(library.search("hair -chemotherapy")) == 2


def test_counts(library: Library) -> None:
    """Read / total counts cover the related papers of a source or of everything."""
    pids = [e.id for e in library.entries()]
    library.set_read(pids[0], True)
    library.set_read(pids[1], True)
    assert library.counts() == (2, 9)
    assert library.counts(library.sources()[0].id) == (2, 9)


def test_listeners_hear_changes_from_this_and_other_processes(
    library: Library, make_library: MakeLibrary
) -> None:
    """Own writes notify at once; another writer's are noticed by refresh()."""
    heard: list[LibraryChange] = []
    library.subscribe(heard.append)
    pid, other = (e.id for e in library.entries()[:2])
    library.toggle_read(pid)
    assert heard[-1].paper_ids == {pid}
    make_library().add_tags(other, ["from-elsewhere"])
    change = library.refresh()
    assert change is not None and change.paper_ids == {other}
    assert library.entry(other).state.tags == ("from-elsewhere",)
    assert library.refresh() is None


def test_write_keeps_file_permissions(library: Library) -> None:
    """The atomic rename must not leave the library 0600 like a mkstemp file."""
    os.chmod(library.path, 0o640)
    library.toggle_read(library.entries()[0].id)
    assert stat.S_IMODE(library.path.stat().st_mode) == 0o640


def test_new_library_uses_the_umask(db_path: Path, make_library: MakeLibrary) -> None:
    """A new library file is created with normal permissions, not 0600."""
    old = os.umask(0o022)
    try:
        make_library()
    finally:
        os.umask(old)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o644


def test_failed_write_leaves_old_file_and_no_temp(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the disk fills mid-write, the old file stays intact and the temp file goes."""
    before = library.path.read_bytes()
    pid = library.entries()[0].id

    def no_space(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(LibraryWriteError, match="No space left"):
        library.toggle_read(pid)
    monkeypatch.undo()
    assert library.path.read_bytes() == before
    assert not [p for p in library.path.parent.iterdir() if p.name.endswith(".tmp")]
    assert not library.entry(pid).state.read
    library.toggle_read(pid)
    assert library.entry(pid).state.read


def test_stale_temp_files_are_removed_on_open(library: Library, make_library: MakeLibrary) -> None:
    """Leftovers of a killed writer are cleaned when the library is next opened."""
    leftover = library.path.parent / f".{library.path.name}.abc123.tmp"
    leftover.write_text("{half a")
    make_library()
    assert not leftover.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b'{"meta": {"1": {"schema_version": 1}}, "state": {', "not valid JSON"),
        (b"[1, 2, 3]", "expected a JSON object of tables, found list"),
        (b'{"meta": [], "state": {}}', "table 'meta' is not an object"),
        (b'{"meta": {"1": {"schema_version": 1}}}', "missing table(s) state"),
        (b'{"meta": {}, "state": {}}', "no valid schema_version"),
    ],
)
def test_broken_library_files_are_reported_and_left_alone(
    db_path: Path, make_library: MakeLibrary, content: bytes, reason: str
) -> None:
    """A broken file raises LibraryCorruptError naming path and reason; it is not touched."""
    make_library()
    db_path.write_bytes(content)
    with pytest.raises(LibraryCorruptError) as caught:
        make_library()
    assert caught.value.path == str(db_path)
    assert reason in caught.value.reason
    assert db_path.read_bytes() == content


def test_newer_schema_is_refused(db_path: Path, make_library: MakeLibrary) -> None:
    """A file from a future papershelf is not opened (and so never downgraded)."""
    make_library()
    data = json.loads(db_path.read_text())
    data["meta"]["1"]["schema_version"] = 99
    db_path.write_text(json.dumps(data))
    with pytest.raises(LibraryVersionError, match="newer papershelf"):
        make_library()


def test_missing_catalog_is_reported(db_path: Path, make_library: MakeLibrary) -> None:
    """The state file without its catalog is an error, not an empty library."""
    make_library()
    catalog_path_for(db_path).unlink()
    with pytest.raises(LibraryCorruptError, match="catalog"):
        make_library()


def test_read_only_file_is_reported(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only library is refused, even for root (who could rename over it)."""
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == library.path else real_access(p, mode)
    )
    before = library.path.read_bytes()
    with pytest.raises(LibraryWriteError, match="read-only"):
        library.toggle_read(library.entries()[0].id)
    assert library.path.read_bytes() == before


def test_catalog_with_a_repeated_paper_id_is_reported(
    db_path: Path, make_library: MakeLibrary
) -> None:
    """Two stored papers claiming one id: the catalog is refused by name, not half read."""
    make_library().import_files([FIRST_SEED])
    catalog = catalog_path_for(db_path)
    data = json.loads(catalog.read_text())
    papers = data["papers"]
    first, second = list(papers)[:2]
    papers[second]["id"] = papers[first]["id"]
    catalog.write_text(json.dumps(data))
    with pytest.raises(LibraryCorruptError, match="missing or repeated id") as caught:
        make_library()
    assert caught.value.path == str(catalog)
