"""The library's files: one journal line a change, torn lines, compaction, hand edits."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path

import pytest
from support import (
    FIRST_SEED,
    FIXTURES,
    SEED_FIXTURES,
    MakeLibrary,
    another_process_holding_the_lock,
)
from tinydb import TinyDB

from storage import AddTags, Library, LibraryCorruptError, MarkRead, View
from storage.library_files import (
    Delta,
    LibraryFiles,
    catalog_path_for,
    journal_path_for,
    lock_path_for,
)


def _journal_lines(library: Library) -> list[str]:
    return journal_path_for(library.path).read_text().splitlines()


def test_a_change_appends_one_line_and_leaves_the_other_files_alone(library: Library) -> None:
    """Marking a paper read writes one journal line; library file and catalog stay as they are."""
    before = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in _files(library)]
    lines = len(_journal_lines(library))
    library.apply(MarkRead(True), [library.search(View())[0].id])
    assert len(_journal_lines(library)) == lines + 1
    assert [(p.stat().st_ino, p.stat().st_mtime_ns) for p in _files(library)] == before


def _files(library: Library) -> list[Path]:
    return [library.path, catalog_path_for(library.path)]


def test_a_torn_last_line_is_ignored_then_cut_off(
    library: Library, make_library: MakeLibrary
) -> None:
    """A writer killed mid-append leaves half a line: readers skip it, the next writer cuts it."""
    pid = library.search(View())[0].id
    journal = journal_path_for(library.path)
    with journal.open("ab") as handle:
        handle.write(b'{"seq": 99, "stamp": 1, "put": {"')
    reader = make_library()
    assert reader.entry(pid).state.tags == ()
    library.apply(AddTags(["after the tear"]), [pid])
    assert journal.read_bytes().endswith(b"\n")
    assert b'"seq": 99' not in journal.read_bytes()
    assert reader.check_for_changes() is not None
    assert reader.entry(pid).state.tags == ("after the tear",)
    assert make_library().entry(pid).state.tags == ("after the tear",)


def test_compaction_folds_the_journal_into_the_library_file(
    library: Library, make_library: MakeLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the size limit the next write compacts: a one-line journal, the same library."""
    monkeypatch.setattr("storage.library_files.COMPACT_AFTER_BYTES", 2_000)
    ids = library.search(View()).ids()
    for n in range(12):
        library.apply(AddTags([f"t{n}"]), [ids[n % len(ids)]])
    assert len(_journal_lines(library)) < 12
    stored = json.loads(library.path.read_text())
    assert stored["meta"]["1"]["journal_seq"] > 0
    expected = {entry.id: entry.state for entry in library.search(View())}
    assert {entry.id: entry.state for entry in make_library().search(View())} == expected
    assert library.undo() is not None, "the history survives compaction"


def test_tidying_compacts_a_long_journal_unless_another_process_holds_the_lock(
    library: Library, make_library: MakeLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app tidies once its writes are done, so that its next change does not pay
    for the compaction; it never waits for another process to do it."""
    monkeypatch.setattr("storage.library_files.COMPACT_AFTER_BYTES", 2_000)
    ids = library.search(View()).ids()
    library.apply(AddTags(["one"]), ids[:1])
    short = len(_journal_lines(library))
    library.tidy()
    assert len(_journal_lines(library)) == short, "a short journal is left alone"
    library.apply(AddTags([f"tag {n}" for n in range(100)]), ids)
    lines = len(_journal_lines(library))
    with another_process_holding_the_lock(library.path):
        library.tidy()  # returns at once
        assert len(_journal_lines(library)) == lines
    library.tidy()
    assert len(_journal_lines(library)) == 1, "only the header"
    expected = {entry.id: entry.state for entry in library.search(View())}
    assert {entry.id: entry.state for entry in make_library().search(View())} == expected
    assert library.undo() is not None


def test_what_a_writer_takes_in_is_what_a_reader_reads(library: Library) -> None:
    """A writer does not parse its own journal line back: what it holds afterwards is
    what a fresh read of the files gives, document for document."""
    ids = library.search(View()).ids()
    library.apply(AddTags(["a", "b"]), ids)
    library.apply(MarkRead(True), ids[:3])
    assert library.undo() is not None
    library.apply(AddTags(["c"]), ids[4:6])
    held = library._files.state
    read = LibraryFiles(library.path).state
    assert dict(held.states.items()) == dict(read.states.items())
    assert (held.history, held.seq, held.last_stamp) == (read.history, read.seq, read.last_stamp)


def test_a_poll_reading_the_line_back_mid_write_is_not_counted_twice(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A poll on another thread that reads a writer's line right after it lands: the
    writer then takes nothing in again, and the next change goes after that line."""
    files = library._files
    append_line = files._append_line

    def then_a_poll(line: bytes) -> bool:
        went = append_line(line)
        files.reload()
        return went

    ids = library.search(View()).ids()
    library.apply(AddTags(["first"]), ids[:1])
    monkeypatch.setattr(files, "_append_line", then_a_poll)
    library.apply(AddTags(["polled"]), ids[:2])
    assert files._journal_end == journal_path_for(library.path).stat().st_size
    monkeypatch.undo()
    library.apply(AddTags(["after"]), ids[:1])
    read = LibraryFiles(library.path).state
    assert dict(files.state.states.items()) == dict(read.states.items())
    assert read.seq == files.state.seq


def test_a_poll_meeting_this_process_s_own_write_reads_nothing_back(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app polls for other processes' changes on one thread while its writes go on
    another: a poll that meets a write halfway (here, right after its line landed, and
    right after a compaction replaced the files) leaves the write to report itself
    instead of reading back a line that, for a change to 100,000 papers, is 25 MB."""
    files = library._files
    polls: list[Delta] = []

    def poll_meanwhile() -> None:
        thread = threading.Thread(target=lambda: polls.append(files.poll()))
        thread.start()
        thread.join()

    append_line, write_file = files._append_line, files._write_file

    def append_then_poll(line: bytes) -> bool:
        went = append_line(line)
        poll_meanwhile()
        return went

    def write_then_poll(path: Path, data: bytes) -> None:
        write_file(path, data)
        poll_meanwhile()

    monkeypatch.setattr(files, "_append_line", append_then_poll)
    monkeypatch.setattr(files, "_write_file", write_then_poll)
    ids = library.search(View()).ids()
    library.apply(AddTags(["mine"]), ids[:3])
    files.compact()
    assert len(polls) == 3 and not any(polls)
    assert files._journal_end == journal_path_for(library.path).stat().st_size
    assert all("mine" in library.entry(pid).state.tags for pid in ids[:3])


def test_tinydb_itself_reads_both_files(library: Library) -> None:
    """The files are TinyDB databases: TinyDB lists the same papers and reading state."""
    pid = library.search(View())[0].id
    library.apply(AddTags(["tinydb"]), [pid])
    LibraryFiles(library.path).compact()
    with TinyDB(catalog_path_for(library.path), access_mode="r") as catalog:
        assert len(catalog.table("papers").all()) == 10
        assert {doc["file_name"] for doc in catalog.table("sources").all()} == {FIRST_SEED.name}
    with TinyDB(library.path, access_mode="r") as state:
        (doc,) = state.table("state").all()
        assert doc["paper_id"] == pid and doc["tags"][0] == "tinydb"
        assert doc.doc_id == int(pid, 16)


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda docs, key: docs.update({"x12": docs.pop(key)}), "its key should be"),
        (lambda docs, key: docs[key].update(paper_id="not-hex"), "not a 16-digit hex paper id"),
        (lambda docs, key: docs[key].update(tags="hair"), "tags is not a list"),
        (lambda docs, key: docs[key].update(tags=["hair", "stamp"]), "tags is not a list"),
        (lambda docs, key: docs[key].update(note=5), "note is not text"),
        (lambda docs, key: docs[key].update(status_at="yesterday"), "status_at is not a change"),
        (lambda docs, key: docs[key].update(status="later"), "status 'later' is not one of"),
        (lambda docs, key: docs[key].update(priority="high"), "priority is not a number"),
        (lambda docs, key: docs[key].update(priority=True), "priority is not a number"),
        (lambda docs, key: docs[key].update(priority=4), "priority 4 is not 1, 2 or 3"),
        (lambda docs, key: docs[key].update(priority_at=1.5), "priority_at is not a change"),
        (lambda docs, key: docs[key].update(deleted="yes"), "deleted is not true or false"),
    ],
)
def test_a_hand_edited_state_document_is_refused_by_name(
    library: Library,
    make_library: MakeLibrary,
    edit: Callable[[dict[str, dict[str, object]], str], None],
    problem: str,
) -> None:
    """A broken document would hide or garble a paper's state: the file, the document and
    the problem are named, and the file is left as it is."""
    library.apply(AddTags(["hair"]), [library.search(View())[0].id])
    LibraryFiles(library.path).compact()
    data = json.loads(library.path.read_text())
    edit(data["state"], next(iter(data["state"])))
    library.path.write_text(json.dumps(data))
    before = library.path.read_bytes()
    with pytest.raises(LibraryCorruptError, match=problem) as caught:
        make_library()
    assert caught.value.path == str(library.path) and "state document" in caught.value.reason
    assert library.path.read_bytes() == before


def test_a_broken_journal_line_is_named(library: Library, make_library: MakeLibrary) -> None:
    """A complete journal line that is no papershelf change: the journal and line are named."""
    journal = journal_path_for(library.path)
    with journal.open("a") as handle:
        handle.write('{"seq": 2, "stamp": 1, "put": {"2332ed7af9cee891": {"tags": 1}}}\n')
    with pytest.raises(LibraryCorruptError, match=r"journal line \d+, paper '2332ed7af9cee891'"):
        make_library()


def test_a_missing_journal_starts_afresh(library: Library, make_library: MakeLibrary) -> None:
    """A library file without its journal (an older papershelf's) opens and takes changes."""
    journal_path_for(library.path).unlink()
    reopened = make_library()
    pid = reopened.search(View())[0].id
    reopened.apply(AddTags(["fresh"]), [pid])
    assert make_library().entry(pid).state.tags == ("fresh",)


def test_a_reader_never_sees_changes_go_missing_while_the_journal_is_compacted(
    library: Library,
) -> None:
    """Another process adds 300 tags and compacts every few writes; a reader polling all
    the while sees the number of tags only grow, and all 300 at the end."""
    context = multiprocessing.get_context("spawn")
    writer = context.Process(target=_compacting_tagger, args=(str(library.path),))
    writer.start()
    seen = [0]
    while writer.is_alive():
        library.check_for_changes()
        seen.append(_tag_count(library))
        assert seen[-1] >= seen[-2], "a reload lost changes it had seen"
    writer.join()
    assert writer.exitcode == 0
    library.check_for_changes()
    assert _tag_count(library) == 300
    assert len(set(seen)) > 3, "the reader saw the writer at work"
    assert json.loads(library.path.read_text())["meta"]["1"]["journal_seq"] > 200, "compacted"


def _compacting_tagger(db: str) -> None:
    import storage.library_files

    # A test's own threshold, in the writer's own process: compact every few writes.
    setattr(storage.library_files, "COMPACT_AFTER_BYTES", 3_000)  # noqa: B010
    library = Library(Path(db))
    ids = library.search(View()).ids()
    for n in range(300):
        library.apply(AddTags([f"n{n}"]), [ids[n % len(ids)]])


def _tag_count(library: Library) -> int:
    return sum(len(entry.state.tags) for entry in library.search(View()))


def test_an_edited_journal_line_loses_its_seal_and_is_checked(
    library: Library, make_library: MakeLibrary
) -> None:
    """papershelf's own lines carry a CRC and are trusted; change one by hand and it is
    checked document by document, and refused when it would garble a paper."""
    pid = library.search(View())[0].id
    library.apply(AddTags(["sealed"]), [pid])
    journal = journal_path_for(library.path)
    assert journal.read_text().splitlines()[-1].endswith("}") and '"crc32":' in journal.read_text()
    edited = journal.read_text().replace('"tags":["sealed",', '"tags":[5,')
    journal.write_text(edited)
    with pytest.raises(LibraryCorruptError, match="tags is not a list of tag names"):
        make_library()


def test_the_catalog_kept_after_a_write_is_what_a_read_of_the_file_gives(
    library: Library,
) -> None:
    """A catalog write keeps the documents it wrote instead of reading the file back, so
    they must be the JSON values a read gives (lists, not tuples), through every kind of
    catalog write: imports of each format, undo and redo of one, a key and a link set."""
    bibliographies = FIXTURES / "bibliographies"

    def same_as_read(what: str) -> None:
        kept = library._files.catalog
        read = LibraryFiles(library.path).catalog
        assert list(kept.papers) == list(read.papers), what
        assert list(kept.sources) == list(read.sources), what
        assert dict(kept.redo) == dict(read.redo), what

    for name in ("zotero_full.bib", "biblatex.bib", "pubmed.ris", "endnote_full.ris"):
        library.import_files([bibliographies / name])
        same_as_read(name)
    library.undo()
    same_as_read("undo of an import")
    library.redo()
    same_as_read("redo of an import")
    pid = library.search(View("type:book"))[0].id
    library.set_key(pid, "kept2024")
    library.set_link(pid, "doi", "10.1000/kept")
    same_as_read("a key and a DOI")


def test_the_lock_and_temporary_files_match_the_one_line_sync_tools_are_given(
    make_library: MakeLibrary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every name papershelf writes beside the library but its three files matches `.~*`,
    the line the README gives for `.stignore` and `rules.dropboxignore` (and a hidden
    name, which Nextcloud skips): a lock or temporary file named otherwise would travel
    to the other machine."""
    renamed: list[str] = []
    replace = os.replace

    def spying(source: str, target: str) -> None:
        renamed.append(Path(source).name)  # a temporary file, seen just before its rename
        replace(source, target)

    monkeypatch.setattr(os, "replace", spying)
    (tmp_path / "synced").mkdir()  # a folder of its own, as a synced one is
    library = make_library(tmp_path / "synced" / "library.json")
    library.import_files([FIRST_SEED])
    library.apply(AddTags(["synced"]), [library.search(View())[0].id])
    library.import_files([SEED_FIXTURES / "basic.txt"])  # the catalog, by a temporary file
    LibraryFiles(library.path).compact()  # the library file, likewise
    own = {library.path, journal_path_for(library.path), catalog_path_for(library.path)}
    beside = [path.name for path in library.path.parent.iterdir() if path not in own]
    assert renamed and lock_path_for(library.path).name in beside
    for name in [*renamed, *beside]:
        assert fnmatch(name, ".~*"), name
    assert not any(fnmatch(path.name, ".~*") for path in own)
