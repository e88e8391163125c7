"""Merging another copy of a library in: each rule, on two machines' real files."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import orjson
import pytest
from support import FIXTURES, SEED_FIXTURES, Clock

from storage import (
    AddTags,
    Delete,
    Library,
    LibraryCorruptError,
    MarkRead,
    RemoveTags,
    Restore,
    SetNote,
    View,
)
from storage.history import slot_of
from storage.library_files import LibraryFiles
from storage.note_versions import KEPT_HEADING
from storage.stamps import device_slot


def ids(library: Library) -> list[str]:
    return library.search(View()).ids()


def test_a_paper_deleted_on_one_copy_and_tagged_later_on_the_other_comes_back(
    home: Library, work: Library
) -> None:
    """The later edit is kept, and with it the paper: whichever way the merge goes, and
    merging the deleting copy in again does not delete it once more."""
    paper = ids(home)[0]
    home.apply(Delete(), [paper])
    work.apply(AddTags(["keep me"]), [paper])
    assert set(home.merge(work.path).states_changed[paper]) == {"+keep me", "restored"}
    work.merge(home.path)
    for library in (home, work):
        state = library.entry(paper).state
        assert not state.deleted and state.tags == ("keep me",)
    assert not work.merge(home.path).changed


def test_a_deletion_after_the_other_copys_edit_wins(home: Library, work: Library) -> None:
    """The later change wins: deleted after the tag was added, it stays deleted, tag kept."""
    paper = ids(home)[0]
    work.apply(AddTags(["old"]), [paper])
    home.apply(Delete(), [paper])
    home.merge(work.path)
    state = home.entry(paper).state
    assert state.deleted and state.tags == ("old",)


def test_a_paper_changed_in_the_trash_stays_deleted(home: Library, work: Library) -> None:
    """An edit made on the copy that deleted the paper is no reason to bring it back."""
    paper = ids(home)[0]
    work.apply(MarkRead(True), [paper])  # before the deletion: the merge joins the two
    home.apply(Delete(), [paper])
    home.apply(AddTags(["in the trash"]), [paper])
    work.merge(home.path)
    state = work.entry(paper).state
    assert state.deleted and state.read and state.tags == ("in the trash",)


def test_a_restore_after_the_deletion_wins(home: Library, work: Library) -> None:
    paper = ids(home)[0]
    home.apply(Delete(), [paper])
    work.merge(home.path)
    work.apply(Restore(), [paper])
    home.merge(work.path)
    assert not home.entry(paper).state.deleted


def test_tags_added_and_removed_apart_take_the_later_change_per_tag(
    home: Library, work: Library
) -> None:
    """Added on one machine and removed on the other: the later change wins, tag by tag."""
    paper = ids(home)[0]
    home.apply(AddTags(["a", "b"]), [paper])
    work.merge(home.path)
    home.apply(RemoveTags(["a"]), [paper])
    work.apply(RemoveTags(["a"]), [paper])
    work.apply(AddTags(["a"]), [paper])  # put back after home took it off: kept
    work.apply(RemoveTags(["b"]), [paper])
    home.apply(RemoveTags(["b"]), [paper])
    home.apply(AddTags(["b"]), [paper])  # put back after work took it off: kept
    home.apply(AddTags(["c"]), [paper])
    work.apply(AddTags(["c"]), [paper])
    work.apply(RemoveTags(["c"]), [paper])  # taken off after home added it: gone
    home.merge(work.path)
    work.merge(home.path)
    assert home.entry(paper).state.tags == work.entry(paper).state.tags == ("a", "b")


def test_a_note_edited_after_seeing_the_other_text_replaces_it(
    home: Library, work: Library
) -> None:
    """One text edited in turn on the two machines is no conflict: the newer replaces it."""
    paper = ids(home)[0]
    home.apply(SetNote("first draft"), [paper])
    work.merge(home.path)
    work.apply(SetNote("first draft, improved at work"), [paper])
    report = home.merge(work.path)
    assert home.entry(paper).state.note == "first draft, improved at work"
    assert not report.notes_kept


def test_a_note_written_on_both_copies_apart_keeps_both_texts_once(
    home: Library, work: Library
) -> None:
    """Neither text is dropped: the newer first, the other under a marked heading; merging
    again does not add the heading twice; the next edit settles it."""
    paper = ids(home)[0]
    work.apply(SetNote("written at work"), [paper])
    home.apply(SetNote("written at home"), [paper])
    report = home.merge(work.path)
    note = home.entry(paper).state.note
    assert note.startswith("written at home\n\n" + KEPT_HEADING)
    assert note.endswith("\n\nwritten at work")
    assert report.notes_kept == (paper,) and report.describe().endswith("1 note keeps both texts")
    work.merge(home.path)
    assert work.entry(paper).state.note == note
    assert not home.merge(work.path).changed and not work.merge(home.path).changed
    assert note.count(KEPT_HEADING) == 1
    home.apply(SetNote("both, settled"), [paper])
    work.merge(home.path)
    assert work.entry(paper).state.note == "both, settled"


def test_a_machine_whose_clock_is_behind_still_wins_with_a_later_change(
    tmp_path: Path, home: Library, world: Clock
) -> None:
    """Stamps never go below what a machine has seen, so a change made after seeing the
    other copy's wins, even from a clock an hour slow."""
    behind = Clock()
    behind.moment -= timedelta(hours=1)
    shutil.copytree(home.path.parent, tmp_path / "slow")
    slow = Library(tmp_path / "slow" / "library.json", now=behind, device="slow")
    paper = ids(home)[0]
    home.apply(MarkRead(True), [paper])
    slow.merge(home.path)
    slow.apply(MarkRead(False), [paper])
    home.merge(slow.path)
    assert not home.entry(paper).state.read


def test_imports_on_both_sides_are_a_union(home: Library, work: Library) -> None:
    """Papers and sources imported apart are all there after the merge, both ways."""
    home.import_files([SEED_FIXTURES / "basic.txt"])
    work.import_files([FIXTURES / "bibliographies" / "zotero.bib"])
    report = home.merge(work.path)
    work.merge(home.path)
    assert report.papers_added
    assert set(home.snapshot.catalog) == set(work.snapshot.catalog)
    assert {s.id for s in home.sources()} == {s.id for s in work.sources()}
    assert len(home.sources()) == 2


def test_a_paper_both_imported_keeps_the_richer_record(
    home: Library, work: Library, tmp_path: Path
) -> None:
    """The same paper from two bibliographies: the fields either had are all there."""
    home_bib, work_bib = tmp_path / "home.bib", tmp_path / "work.bib"
    home_bib.write_text("@article{k, title={Same}, doi={10.1/x}, year={2020}}")
    work_bib.write_text(
        "@article{k, title={Same}, doi={10.1/x}, year={2020}, abstract={Long abstract}}"
    )
    home.import_files([home_bib])
    work.import_files([work_bib])
    report = home.merge(work.path)
    paper = home.find_key("k")
    assert paper is not None and paper.paper.abstract == "Long abstract"
    assert report.papers_updated == (paper.id,)


def test_two_papers_given_one_citation_key_apart_are_told_apart(
    home: Library, work: Library, tmp_path: Path
) -> None:
    """Keys stay unique: the paper added first keeps its key, the other gets a suffix
    from its id, the same on both machines."""
    first, second = tmp_path / "one.bib", tmp_path / "two.bib"
    first.write_text("@article{smith2020, title={One}, doi={10.1/one}, year={2020}}")
    second.write_text("@article{smith2020, title={Two}, doi={10.1/two}, year={2020}}")
    home.import_files([first])
    work.import_files([second])
    report = home.merge(work.path)
    work.merge(home.path)
    keys = {entry.paper.title: entry.paper.key for entry in home.search(View("smith"))}
    assert len(report.keys_renamed) == 1
    renamed = report.keys_renamed[0]
    assert keys == {"One": "smith2020", "Two": f"smith2020-{renamed[0][:4]}"}
    assert {e.paper.key for e in work.search(View("smith"))} == set(keys.values())


def test_a_key_clash_is_settled_the_same_in_any_grouping_of_merges(
    home: Library, work: Library, tmp_path: Path, world: Clock
) -> None:
    """Which paper keeps a shared key depends on when each was first added, and a copy
    may learn of an earlier import only later: a key given a suffix in one merge is
    given back when the merge after it shows its paper to be the first."""
    shutil.copytree(home.path.parent, tmp_path / "away")
    away = Library(tmp_path / "away" / "library.json", now=world, device="away")
    one, two = tmp_path / "one.bib", tmp_path / "two.bib"
    one.write_text("@article{smith2020, title={One}, doi={10.1/one}, year={2020}}")
    two.write_text("@article{smith2020, title={Two}, doi={10.1/two}, year={2020}}")
    work.import_files([one])  # the first to import One...
    home.import_files([two])
    away.import_files([one])  # ...and the copy that imported it after Two
    away.merge(home.path)  # One is the later here: it gets the suffix
    away.merge(work.path)  # now One is the earlier: the suffix moves to Two
    home.merge(work.path)
    home.merge(away.path)
    for library in (home, away):
        keys = {entry.paper.title: entry.paper.key for entry in library.search(View("smith"))}
        two_id = next(
            entry.id for entry in library.search(View("smith")) if entry.paper.title == "Two"
        )
        assert keys == {"One": "smith2020", "Two": f"smith2020-{two_id[:4]}"}


def test_a_key_changed_by_hand_wins_over_the_old_one(home: Library, work: Library) -> None:
    paper = ids(home)[0]
    work.set_key(paper, "mykey2021")
    home.merge(work.path)
    assert home.entry(paper).paper.key == "mykey2021"


def test_the_undo_history_stays_this_machines(home: Library, work: Library) -> None:
    """Undo after a merge takes back this machine's last change, never the other's, and
    the merge itself is no undo step."""
    paper, other = ids(home)[:2]
    home.apply(AddTags(["home"]), [paper])
    work.apply(AddTags(["work"]), [other])
    home.merge(work.path)
    undone = home.undo()
    assert undone is not None and undone.words == "tagged 1 paper +home"
    assert home.entry(other).state.tags == ("work",)


def test_undo_and_redo_pass_over_the_steps_another_copys_files_brought(
    home: Library, world: Clock
) -> None:
    """Two machines sharing the files (a file sync with no conflict, a fast-forward pull):
    each undoes and redoes its own changes, whatever the other did since."""
    away = Library(home.path, now=world, device="away")
    paper, other = ids(home)[:2]
    home.apply(AddTags(["home"]), [paper])
    away.apply(AddTags(["away"]), [other])
    undone = home.undo()
    assert undone is not None and undone.words == "tagged 1 paper +home"
    assert home.entry(paper).state.tags == () and home.entry(other).state.tags == ("away",)
    redone = home.redo()
    assert redone is not None and redone.words == "tagged 1 paper +home"
    undone = away.undo()
    assert undone is not None and undone.words == "tagged 1 paper +away"
    assert away.entry(paper).state.tags == ("home",) and away.entry(other).state.tags == ()
    assert away.undo() is None and home.redo() is None
    redone = away.redo()
    assert redone is not None and redone.words == "tagged 1 paper +away"


def test_a_copy_that_shares_the_others_device_slot_does_not_undo_its_steps(
    home: Library, tmp_path: Path, world: Clock
) -> None:
    """A stamp has room for 1,000 device slots, so one copy in a thousand gets the slot of
    another: its undo must still pass over the other copy's steps (here the import, whose
    undo took every paper out of the library)."""
    slot = device_slot(f"home:{home.path.resolve()}")
    folder = next(
        folder
        for folder in (tmp_path / f"copy{n}" for n in range(100_000))
        if device_slot(f"home:{(folder / 'library.json').resolve()}") == slot
    )
    shutil.copytree(home.path.parent, folder)
    copy = Library(folder / "library.json", now=world, device="home")
    paper = ids(copy)[0]
    copy.apply(AddTags(["copy"]), [paper])
    steps = LibraryFiles(copy.path).state.history["undo"]
    assert [slot_of(step) for step in steps] == [slot, slot]  # the slots are one
    assert copy.undo() is not None and copy.undo() is None
    assert ids(copy) == ids(home) and copy.entry(paper).state.tags == ()
    assert copy.redo() is not None and copy.entry(paper).state.tags == ("copy",)
    assert home.undo() is not None and ids(home) == []  # home's own import is home's


def test_dry_run_says_what_would_change_and_changes_nothing(home: Library, work: Library) -> None:
    paper = ids(home)[0]
    work.apply(MarkRead(True), [paper])
    work.import_files([SEED_FIXTURES / "basic.txt"])
    before = [path.read_bytes() for path in sorted(home.path.parent.iterdir())]
    report = home.merge(work.path, dry_run=True)
    assert report.states_changed == {paper: ("read",)} and len(report.papers_added) == 2
    assert [path.read_bytes() for path in sorted(home.path.parent.iterdir())] == before
    assert not home.entry(paper).state.read


def test_a_file_that_is_not_a_library_is_refused_by_name(home: Library, tmp_path: Path) -> None:
    """Nothing is merged from a file that is not a papershelf library; it says which."""
    stranger = tmp_path / "notes.json"
    stranger.write_text('{"hello": "world"}')
    (tmp_path / "notes.catalog.json").write_text("{}")
    before = home.path.read_bytes()
    with pytest.raises(LibraryCorruptError) as refused:
        home.merge(stranger)
    assert str(stranger) in str(refused.value) and "not a papershelf library" in str(refused.value)
    assert home.path.read_bytes() == before
    with pytest.raises(LibraryCorruptError, match="no such library file"):
        home.merge(tmp_path / "missing.json")


def test_an_old_backup_of_an_older_schema_is_read_and_left_as_it_was(
    home: Library, tmp_path: Path
) -> None:
    """A schema-2 library from a backup merges in; its files are not upgraded or touched."""
    backup = tmp_path / "backup"
    shutil.copytree(FIXTURES / "libraries" / "schema2", backup)
    before = {path.name: path.read_bytes() for path in backup.iterdir()}
    report = home.merge(backup / "library.json")
    assert report.changed
    assert {path.name: path.read_bytes() for path in backup.iterdir()} == before


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("note_versions", [[1, "text"], ["2", "other"]], "note_versions is not a list"),
        ("note_versions", "text", "note_versions is not a list"),
        ("note_seen", [1, "2"], "note_seen is not a list of change stamps"),
    ],
)
def test_hand_edited_note_versions_are_refused_by_name(
    home: Library, field: str, value: object, problem: str
) -> None:
    """The fields a merge adds to a note are checked like every other stored field."""
    paper = ids(home)[0]
    tables = orjson.loads(home.path.read_bytes())
    key = str(int(paper, 16))
    tables["state"][key] = {"paper_id": paper, "note": "x", "note_at": 5, field: value}
    home.path.write_bytes(orjson.dumps(tables))
    with pytest.raises(LibraryCorruptError, match=problem):
        Library(home.path, device="home")


def _views(library: Library) -> dict[str, str]:
    return {saved.name: saved.view.query for saved in library.saved_views()}


def test_saved_searches_merge_by_name_the_later_change_winning(
    home: Library, work: Library
) -> None:
    """Each machine's new searches arrive; a search saved again later elsewhere replaces
    the older version, a later removal removes it, and both ways end the same."""
    home.save_view("alpha", View("hair"))
    home.save_view("gamma", View("mice"))
    work.save_view("beta", View("stem"))
    work.merge(home.path)
    work.save_view("alpha", View("hair -mice"))  # later than home's alpha
    work.remove_view("gamma")
    home.save_view("delta", View("vesicles"))
    report = home.merge(work.path)
    assert "saved searches changed" in report.describe()
    work.merge(home.path)
    expected = {"alpha": "hair -mice", "beta": "stem", "delta": "vesicles"}
    assert _views(home) == expected and _views(work) == expected
    assert not home.merge(work.path).changed, "merging again changes nothing"
