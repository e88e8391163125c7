"""The library over real files: imports, reading state, atomic writes, broken files."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from support import FIRST_SEED, SEED_FIXTURES, MakeLibrary

from storage import (
    AddTags,
    AmbiguousIdError,
    Delete,
    Library,
    LibraryChange,
    LibraryCorruptError,
    LibraryVersionError,
    LibraryWriteError,
    MarkRead,
    NoteChangedError,
    RemoveTags,
    Restore,
    SetNote,
    SetTags,
    SortOrder,
    UnknownPaperError,
    View,
)
from storage.history import UNDO_DEPTH
from storage.library_files import LibraryFiles, catalog_path_for, journal_path_for
from storage.state_fields import with_values


def _write_seed(folder: Path, name: str, related: list[str]) -> Path:
    path = folder / name
    lines = [f"TLDR Source {name}.", "Abstract."] + related
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_creates_report_and_related_papers(library: Library) -> None:
    """The first seed gives one source, its report paper and nine related papers."""
    (source,) = library.sources()
    assert source.file_name == FIRST_SEED.name
    assert len(library.search(View())) == 9
    report = library.entry(source.report_id)
    assert report.paper.kind == "report"
    assert report.paper.summary == source.tldr
    assert len(library.search(View(include_reports=True))) == 10


def test_reimport_is_a_no_op_and_keeps_reading_state(library: Library) -> None:
    """Importing the same document again changes nothing, least of all the reader's data."""
    pid = library.search(View())[0].id
    library.apply(MarkRead(True), [pid])
    library.apply(AddTags(["keep"]), [pid])
    library.apply(SetNote("my note"), [pid])
    before = Path(library.path).read_bytes(), catalog_path_for(library.path).read_bytes()
    report = library.import_files([FIRST_SEED])
    assert report.files[0].already_imported
    entry = library.entry(pid)
    assert (entry.state.read, entry.state.tags, entry.state.note) == (True, ("keep",), "my note")
    assert (library.path.read_bytes(), catalog_path_for(library.path).read_bytes()) == before
    assert len(library.search(View())) == 9


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
    (entry,) = library.search(View())
    library.apply(MarkRead(True), [entry.id])
    report = library.import_files([second])
    assert (report.files[0].new_papers, report.files[0].known_papers) == (0, 1)
    (merged,) = library.search(View())
    assert merged.id == entry.id
    assert len(merged.paper.sources) == 2
    assert merged.paper.citations == 50
    assert merged.state.read
    assert library.source_names(merged) == ["one.txt", "two.txt"]
    assert len(library.search(View(source_id=library.sources()[1].id))) == 1


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
    assert len(library.search(View())) == 1


def test_changes_survive_reopening(library: Library, make_library: MakeLibrary) -> None:
    """Everything acknowledged is on disk: a fresh Library sees it."""
    pid = library.search(View())[2].id
    library.apply(MarkRead(True), [pid])
    library.apply(SetTags(["b", "A", "a"]), [pid])
    library.apply(SetNote("# Heading\n\ntext"), [pid])
    reopened = make_library().entry(pid)
    assert reopened.state.read
    assert reopened.state.tags == ("b", "A")
    assert reopened.state.note == "# Heading\n\ntext"


def test_tags_are_case_insensitive_unique_and_ordered(library: Library) -> None:
    """Adding keeps order and skips case-duplicates; removing ignores case."""
    pid = library.search(View())[0].id
    library.apply(AddTags(["Hair", " stem  cells ", "hair"]), [pid])
    assert library.entry(pid).state.tags == ("Hair", "stem cells")
    library.apply(AddTags(["HAIR", "ev"]), [pid])
    assert library.entry(pid).state.tags == ("Hair", "stem cells", "ev")
    library.apply(RemoveTags(["STEM CELLS", "missing"]), [pid])
    assert library.entry(pid).state.tags == ("Hair", "ev")
    assert library.tags() == ["ev", "Hair"]


def test_id_prefixes(library: Library) -> None:
    """A unique prefix names a paper; an ambiguous or unknown one is refused."""
    pid = library.search(View())[0].id
    assert library.resolve_id(pid[:6]) == pid
    assert library.resolve_id(pid.upper()) == pid
    with pytest.raises(UnknownPaperError):
        library.resolve_id("zzzz")
    with pytest.raises(UnknownPaperError):
        library.resolve_id("")
    firsts = [e.id[0] for e in library.search(View(include_reports=True))]
    shared = next(c for c in firsts if firsts.count(c) > 1)
    with pytest.raises(AmbiguousIdError) as caught:
        library.resolve_id(shared)
    assert len(caught.value.matches) == firsts.count(shared)


def test_undo_restores_previous_states_in_order(
    library: Library, make_library: MakeLibrary
) -> None:
    """Undo steps back through note, tags, read and the import itself, each persisted."""
    pid = library.search(View())[0].id
    library.apply(MarkRead(True), [pid])
    library.apply(AddTags(["x"]), [pid])
    library.apply(SetNote("n"), [pid])
    undone = library.undo()
    assert undone is not None and undone.words == "edited the note of 1 paper"
    assert make_library().entry(pid).state.note == ""
    library.undo()
    assert library.entry(pid).state.tags == ()
    library.undo()
    assert not make_library().entry(pid).state.read
    imported = library.undo()
    assert imported is not None and imported.words == "imported 1 file: 9 new papers"
    assert make_library().is_empty
    assert library.undo() is None


def test_undo_keeps_the_last_hundred_steps(library: Library, make_library: MakeLibrary) -> None:
    """The history is bounded: after more changes than it keeps, exactly the last
    UNDO_DEPTH undo, here and in a library opened afresh; older ones are gone."""
    pid = library.search(View())[0].id
    for n in range(UNDO_DEPTH + 1):  # and the import before them
        library.apply(SetNote(f"note {n}"), [pid])
    reopened = make_library()
    for undoing in (library, reopened):
        for _ in range(UNDO_DEPTH):
            assert undoing.undo() is not None
        assert undoing.entry(pid).state.note == "note 0"
        assert undoing.undo() is None
        for _ in range(UNDO_DEPTH):
            assert undoing.redo() is not None
        assert undoing.redo() is None
    assert make_library().entry(pid).state.note == f"note {UNDO_DEPTH}"


def test_redo_makes_undone_changes_again(library: Library, make_library: MakeLibrary) -> None:
    """Redo walks forward again, imports included; a new change forgets what was undone."""
    pid = library.search(View())[0].id
    library.apply(AddTags(["x"]), [pid])
    library.undo()
    library.undo()
    assert library.is_empty
    library.redo()
    assert len(make_library().search(View())) == 9
    redone = library.redo()
    assert redone is not None and redone.describe("Redone") == "Redone: tagged 1 paper +x"
    assert make_library().entry(pid).state.tags == ("x",)
    library.undo()
    library.apply(SetNote("new"), [pid])
    assert library.redo() is None


def test_undo_and_redo_last_across_processes(library: Library, make_library: MakeLibrary) -> None:
    """The history is the library's: a second process undoes and redoes the first's change."""
    pid = library.search(View())[0].id
    library.apply(AddTags(["shared"]), [pid])
    other = make_library()
    undone = other.undo()
    assert undone is not None and undone.words == "tagged 1 paper +shared"
    library.check_for_changes()
    assert library.entry(pid).state.tags == ()
    assert library.redo() is not None
    assert other.entry(pid).state.tags == () and other.check_for_changes() is not None
    assert other.entry(pid).state.tags == ("shared",)


def test_undo_takes_back_the_library_s_last_change_whoever_made_it(
    library: Library, make_library: MakeLibrary
) -> None:
    """Undo is LIFO over the shared history: their note first, then my notes, whole."""
    first, second = library.search(View()).ids()[:2]
    library.apply(SetNote("mine"), [first, second])
    make_library().apply(SetNote("theirs"), [second])
    library.check_for_changes()
    undone = library.undo()
    assert undone is not None and library.entry(second).state.note == "mine"
    undone = library.undo()
    assert undone is not None and undone.kept == 0
    assert (library.entry(first).state.note, library.entry(second).state.note) == ("", "")


def test_undo_keeps_a_field_changed_outside_the_history(
    library: Library, make_library: MakeLibrary
) -> None:
    """A change that is no undo step (a merged copy writes these) is never undone by
    another step's undo: the field keeps the newer value, and the undo says so."""
    first, second = library.search(View()).ids()[:2]
    library.apply(SetNote("mine"), [first, second])
    files = LibraryFiles(library.path)
    with files.writing():
        doc = with_values(files.state.states[second], second, {"note": "merged"}, 1)
        files.append({second: doc}, stamp=1)
    library.check_for_changes()
    undone = library.undo()
    assert undone is not None and (undone.count, undone.kept) == (1, 1)
    assert undone.describe("Undone") == (
        "Undone: edited the note of 2 papers (kept 1 newer change made elsewhere)"
    )
    assert make_library().entry(first).state.note == ""
    assert make_library().entry(second).state.note == "merged"


def test_unchanged_state_is_not_written_or_undoable(library: Library) -> None:
    """Setting what is already there writes nothing and adds no undo step."""
    pid = library.search(View())[0].id
    before = library.path.stat().st_mtime_ns, library.snapshot
    applied = library.apply(MarkRead(False), [pid])
    assert applied.count == 0
    assert (library.path.stat().st_mtime_ns, library.snapshot) == before
    assert library.undo() is not None and library.is_empty  # only the import was undoable


def test_search_scopes_and_sorts(library: Library) -> None:
    """Search respects the source scope, reports flag, query and sort order."""
    source = library.sources()[0]
    assert len(library.search(View(source_id=source.id))) == 9
    assert len(library.search(View(include_reports=True))) == 10
    by_date = library.search(View(sort=SortOrder.DATE))
    assert [e.paper.year for e in by_date][:2] == [2024, 2023]
    by_cites = library.search(View(sort=SortOrder.CITATIONS))
    assert by_cites[0].paper.citations == 113
    assert by_cites[-1].paper.citations is None
    assert [e.paper.journal for e in library.search(View(sort=SortOrder.JOURNAL))][0] == (
        "British journal of dermatology/British journal of dermatology, Supplement"
    )
    assert len(library.search(View("hair -chemotherapy"))) == 2


def test_counts(library: Library) -> None:
    """Read / total counts cover the related papers of a source or of everything."""
    pids = [e.id for e in library.search(View())]
    library.apply(MarkRead(True), [pids[0]])
    library.apply(MarkRead(True), [pids[1]])
    assert library.counts() == (2, 9)
    assert library.counts(library.sources()[0].id) == (2, 9)


def test_listeners_hear_changes_from_this_and_other_processes(
    library: Library, make_library: MakeLibrary
) -> None:
    """Own writes notify at once; another writer's are noticed by refresh()."""
    heard: list[LibraryChange] = []
    library.subscribe(heard.append)
    pid, other = (e.id for e in library.search(View())[:2])
    library.apply(MarkRead(True), [pid])
    assert heard[-1].paper_ids == {pid}
    make_library().apply(AddTags(["from-elsewhere"]), [other])
    change = library.check_for_changes()
    assert change is not None and change.paper_ids == {other}
    assert library.entry(other).state.tags == ("from-elsewhere",)
    assert library.check_for_changes() is None


def test_write_keeps_file_permissions(library: Library) -> None:
    """The atomic rename must not leave the library 0600 like a mkstemp file."""
    os.chmod(library.path, 0o640)
    library.apply(MarkRead(True), [library.search(View())[0].id])
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
    """If the disk fills mid-write, the old files stay intact and the temp file goes."""
    before = library.path.read_bytes()
    journal = journal_path_for(library.path).read_bytes()
    pid = library.search(View())[0].id

    def no_space(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(LibraryWriteError, match="No space left"):
        library.apply(MarkRead(True), [pid])
    monkeypatch.undo()
    assert library.path.read_bytes() == before
    assert journal_path_for(library.path).read_bytes() == journal
    assert not [p for p in library.path.parent.iterdir() if p.name.endswith(".tmp")]
    assert not library.entry(pid).state.read
    assert not Library(library.path).entry(pid).state.read
    library.apply(MarkRead(True), [pid])
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
    """A library the process may not write (os.access says so) is refused, untouched."""
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == library.path else real_access(p, mode)
    )
    before = library.path.read_bytes()
    with pytest.raises(LibraryWriteError, match="read-only"):
        library.apply(MarkRead(True), [library.search(View())[0].id])
    assert library.path.read_bytes() == before


@pytest.mark.skipif(
    os.geteuid() != 0, reason="only root may write a 0444 file: this is root's case (CI's)"
)
@pytest.mark.parametrize("which", [0, 1, 2], ids=["library", "catalog", "journal"])
def test_root_respects_a_file_s_mode_bits(library: Library, which: int) -> None:
    """chmod 0444 on any of the three files: root could write it, but the write is
    refused as read-only and every file keeps its bytes."""
    first = library.search(View())[0].id
    library.apply(MarkRead(True), [first])  # the journal exists
    files = [library.path, catalog_path_for(library.path), journal_path_for(library.path)]
    before = [path.read_bytes() for path in files]
    files[which].chmod(0o444)
    try:
        with pytest.raises(LibraryWriteError, match="read-only"):
            library.apply(MarkRead(False), [first])
    finally:
        files[which].chmod(0o644)
    assert [path.read_bytes() for path in files] == before


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


def test_a_note_changed_elsewhere_is_not_overwritten(
    library: Library, make_library: MakeLibrary
) -> None:
    """Saving over the note one began with fails when another process changed it since,
    naming their note; nothing is written. Saving what is already there is no conflict."""
    pid = library.search(View())[0].id
    library.apply(SetNote("first"), [pid])
    make_library().apply(SetNote("theirs"), [pid])
    with pytest.raises(NoteChangedError) as caught:
        library.apply(SetNote("mine", expected="first"), [pid])
    assert caught.value.current == "theirs"
    assert make_library().entry(pid).state.note == "theirs"
    assert library.apply(SetNote("theirs", expected="first"), [pid]).count == 0
    library.apply(SetNote("mine", expected="theirs"), [pid])
    assert make_library().entry(pid).state.note == "mine"


def test_totals_past_the_trash_follow_every_delete_and_restore(
    library: Library, db_path: Path
) -> None:
    """The count past the trash is kept for a snapshot (the status line asks at every
    key): every change, this process's or another's, counts afresh."""
    (source,) = library.sources()
    ids = library.search(View()).ids()
    assert (library.total(), library.total(source.id)) == (9, 9)
    library.apply(Delete(), ids[:2])
    assert (library.total(), library.total(source.id)) == (7, 7)
    Library(db_path).apply(Delete(), ids[2:3])  # another process
    library.check_for_changes()
    assert (library.total(), library.total(source.id)) == (6, 6)
    library.apply(Restore(), ids[:3])
    assert (library.total(), library.total(source.id)) == (9, 9)
