"""Working through a stack in the library: statuses, priorities, tag counts and renames."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIXTURES, Clock, MakeLibrary, OnDisk

from storage import (
    STATUSES,
    AddTags,
    Delete,
    ExportFormat,
    Library,
    MarkRead,
    RenameTag,
    SetPriority,
    SetStatus,
    SetTags,
    SortOrder,
    View,
)

JABREF = FIXTURES / "bibliographies" / "jabref.bib"


def ids(library: Library, query: str = "") -> list[str]:
    return library.search(View(query)).ids()


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_is_kept_and_read_time_goes_with_read(
    library: Library, on_disk: OnDisk, status: str
) -> None:
    """A status reaches disk; only `read` has a read time, and leaving it drops the time."""
    pid = ids(library)[0]
    library.apply(MarkRead(True), [pid])
    library.apply(SetStatus(status), [pid])
    state = on_disk().entry(pid).state
    assert state.status == status
    assert (state.read_at is not None) == (status == "read")
    assert state.unread == (status in ("new", "queued", "reading"))


@pytest.mark.parametrize(
    ("before", "after"),
    [("new", "new"), ("queued", "queued"), ("reading", "reading")]
    + [("read", "new"), ("skimmed", "new"), ("dropped", "new")],
)
def test_marking_unread_makes_a_done_paper_new_and_leaves_the_others(
    library: Library, before: str, after: str
) -> None:
    """`unread` is for papers done with; one still to read keeps its status."""
    pid = ids(library)[0]
    library.apply(SetStatus(before), [pid])
    library.apply(MarkRead(False), [pid])
    assert library.entry(pid).state.status == after


def test_a_status_or_priority_the_paper_has_changes_nothing(library: Library) -> None:
    """Setting what is there already writes nothing and counts no paper."""
    first, second = ids(library)[:2]
    library.apply(SetStatus("queued"), [first])
    library.apply(SetPriority(2), [first])
    assert library.apply(SetStatus("queued"), [first, second]).count == 1
    assert library.apply(SetPriority(2), [first, second]).count == 1
    assert library.apply(SetPriority(None), [first]).words == "cleared the priority of 1 paper"


def test_unknown_statuses_and_priorities_are_refused() -> None:
    """A change can only give a status papershelf knows, and priorities 1-3."""
    with pytest.raises(ValueError, match="unknown status 'later'"):
        SetStatus("later")
    with pytest.raises(ValueError, match="priority 4 is not 1, 2 or 3"):
        SetPriority(4)


def test_search_by_status_and_priority(library: Library) -> None:
    """is:<status>, is:unread (new, queued, reading) and prio: comparisons, ranges, none."""
    papers = ids(library)
    statuses = ["queued", "reading", "skimmed", "read", "dropped"]
    for pid, status in zip(papers, statuses, strict=False):
        library.apply(SetStatus(status), [pid])
    library.apply(SetPriority(1), papers[5:6])
    library.apply(SetPriority(2), papers[6:7])
    library.apply(SetPriority(3), papers[7:8])
    for pid, status in zip(papers, statuses, strict=False):
        assert ids(library, f"is:{status}") == [pid]
    assert set(ids(library, "is:new")) == set(papers[5:])
    assert set(ids(library, "is:unread")) == {papers[0], papers[1], *papers[5:]}
    assert set(ids(library, "-is:unread")) == set(papers[2:5])
    assert ids(library, "prio:1") == papers[5:6]
    assert ids(library, "prio:<=2") == papers[5:7]
    assert set(ids(library, "prio:>=2")) == set(papers[6:8])
    assert set(ids(library, "prio:none")) == set(papers) - set(papers[5:8])
    assert set(ids(library, "-prio:none")) == set(papers[5:8])
    assert len(library.search(View(unread_only=True))) == 6


def test_sort_by_priority_puts_high_first_then_the_most_cited(library: Library) -> None:
    """P1, P2, P3, then the rest, each in the order of most cited; the sorted list
    follows a changed priority."""
    cited = ids(library)
    library.apply(SetPriority(3), [cited[0]])
    library.apply(SetPriority(1), [cited[5], cited[3]])
    by_priority = library.search(View(sort=SortOrder.PRIORITY)).ids()
    assert by_priority == [cited[3], cited[5], cited[0], *cited[1:3], cited[4], *cited[6:]]
    library.apply(SetPriority(None), [cited[3]])
    assert library.search(View(sort=SortOrder.PRIORITY)).ids()[:2] == [cited[5], cited[0]]
    assert library.search(View("prio:1", sort=SortOrder.PRIORITY)).ids() == [cited[5]]


def brute_force_counts(library: Library, view: View) -> dict[str, int]:
    """What the tag pane should show, counted the slow way."""
    counts: Counter[str] = Counter()
    for entry in library.search(view):
        counts.update(tag.casefold() for tag in entry.state.tags)
    return dict(counts)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    tagging=st.lists(
        st.tuples(
            st.sets(st.integers(0, 8), min_size=1),
            st.lists(st.sampled_from(["hair", "Hair", "EV", "stem cells", "x"]), max_size=3),
        ),
        max_size=6,
    ),
    query=st.sampled_from(["", "hair", "tag:ev", "-tag:x", "is:unread", "cites:>10"]),
)
def test_tag_counts_are_those_of_the_papers_shown(
    make_library: MakeLibrary,
    tmp_path_factory: pytest.TempPathFactory,
    tagging: list[tuple[set[int], list[str]]],
    query: str,
) -> None:
    """The counts the search index gives are the papers of the view that have each tag,
    tags differing in case counted as one, after any changes."""
    from support import FIRST_SEED

    library = make_library(tmp_path_factory.mktemp("counts") / "library.json")
    library.import_files([FIRST_SEED])
    papers = ids(library)
    library.search(View("warm the index"))
    for numbers, tags in tagging:
        library.apply(SetTags(tags), [papers[n] for n in numbers])
    view = View(query)
    counts = library.tag_counts(library.search(view))
    assert counts is not None
    assert {tag.casefold(): count for tag, count in counts} == brute_force_counts(library, view)
    assert [count for _, count in counts] == sorted((c for _, c in counts), reverse=True)


def test_tag_counts_wait_for_the_index_unless_asked_to_build_it(
    library: Library, make_library: MakeLibrary
) -> None:
    """The app does not build the index on the event loop for the tag pane: it gets None
    until the index is there, and then counts in the same spelling the papers have."""
    library.apply(AddTags(["Hair", "EV"]), ids(library)[:3])
    fresh = make_library()
    everything = fresh.search(View())
    assert fresh.tag_counts(everything, build=False) is None
    assert fresh.tag_counts(everything) == [("EV", 3), ("Hair", 3)]
    assert fresh.tag_counts(everything, build=False) == [("EV", 3), ("Hair", 3)]


def test_renaming_a_tag_is_one_step_across_the_library_trash_included(
    library: Library, on_disk: OnDisk
) -> None:
    """Every paper with the tag (any spelling, deleted ones too) gets the new name in one
    write and one undo step; a paper that had both keeps one."""
    papers = ids(library)
    library.apply(AddTags(["todo"]), papers[:4])
    library.apply(AddTags(["Later"]), papers[3:6])
    library.apply(AddTags(["TODO"]), papers[6:7])
    library.apply(Delete(), papers[:1])
    applied = library.apply_everywhere(RenameTag("todo", "later"))
    assert (applied.count, applied.words) == (5, "renamed the tag todo to later on 5 papers")
    disk = on_disk()
    for pid in papers[:7]:
        assert disk.entry(pid).state.tags in (("later",), ("Later",)), pid
    in_trash = disk.tag_counts(disk.search(View("", trash=True)))
    assert [(tag.casefold(), count) for tag, count in in_trash or []] == [("later", 1)]
    undone = library.undo()
    assert undone is not None and undone.count == 5
    disk = on_disk()
    assert [set(disk.entry(pid).state.tags) for pid in papers[2:5]] == [
        {"todo"},
        {"todo", "Later"},
        {"Later"},
    ]
    assert disk.entry(papers[6]).state.tags == ("TODO",)


def test_renaming_to_another_spelling_keeps_one_tag(library: Library) -> None:
    """`todo` to `ToDo` changes the spelling, not the tag."""
    papers = ids(library)
    library.apply(AddTags(["todo"]), papers[:2])
    assert library.apply_everywhere(RenameTag("TODO", "ToDo")).count == 2
    assert library.entry(papers[0]).state.tags == ("ToDo",)
    with pytest.raises(ValueError, match="cannot be empty"):
        RenameTag("todo", "  ")


def test_a_preview_says_what_would_change_and_writes_nothing(
    library: Library, db_path: Path
) -> None:
    """A dry run names the papers a change would touch; the files stay as they were."""
    papers = ids(library)
    library.apply(AddTags(["x"]), papers[:2])
    before = db_path.read_bytes(), db_path.with_suffix(".journal").read_bytes()
    preview = library.preview(AddTags(["x", "y"]), papers[:3])
    assert (preview.words, preview.paper_ids) == ("tagged 3 papers +x +y", tuple(papers[:3]))
    assert library.preview(AddTags(["x"]), papers[:3]).paper_ids == (papers[2],)
    assert library.preview(RenameTag("x", "z")).paper_ids == tuple(papers[:2])
    assert (db_path.read_bytes(), db_path.with_suffix(".journal").read_bytes()) == before
    assert library.undo() is not None
    assert library.entry(papers[0]).state.tags == ()  # the undo was the tagging, not a preview


def test_export_papers_in_the_order_given(library: Library) -> None:
    """Exporting chosen papers (a selection) writes those, in that order."""
    papers = ids(library)
    exported = library.export_papers(ExportFormat.CSV, [papers[4], papers[1][:8]])
    assert exported.count == 2 and exported.description == "2 chosen papers"
    rows = exported.text.splitlines()[1:]
    assert [row.split(",")[0] for row in rows] == [papers[4], papers[1]]


def test_jabref_read_status_and_priority_come_in_and_go_back_out(
    make_library: MakeLibrary, tmp_path: Path, clock: Clock
) -> None:
    """readstatus = {read|skimmed} and priority = {prio1..3} become the status and
    priority of a new paper; export writes them the way JabRef reads them, and keeps
    statuses JabRef lacks in papershelf's own field."""
    library = make_library()
    library.import_files([JABREF])
    (gentile,) = library.search(View("key:gentile2020"))
    assert (gentile.state.status, gentile.state.priority) == ("read", 1)
    assert gentile.state.read_at is not None
    kim = library.search(View("key:kim2019"))[0].id
    library.apply(SetStatus("skimmed"), [kim])
    library.apply(SetPriority(3), [kim])
    library.apply(SetStatus("queued"), [gentile.id])
    text = library.export(ExportFormat.BIBTEX, View("author:gentile OR author:kim")).text
    gentile_text, kim_text = text.split("@inproceedings")
    assert "readstatus" not in gentile_text and "papershelf-status = {queued}" in gentile_text
    assert "priority = {prio1}" in gentile_text  # as the file wrote it
    assert "readstatus = {skimmed}" in kim_text and "priority = {prio3}" in kim_text
    exported = tmp_path / "out.bib"
    exported.write_text(text)
    fresh = Library(tmp_path / "fresh.json", now=clock)
    fresh.import_files([exported])
    states = {e.paper.key: (e.state.status, e.state.priority) for e in fresh.search(View())}
    assert states == {"Gentile2020": ("queued", 1), "Kim2019": ("skimmed", 3)}


def test_an_import_never_changes_the_status_or_priority_of_a_paper_here(
    make_library: MakeLibrary,
) -> None:
    """The file's readstatus and priority count for papers new to the library only."""
    library = make_library()
    library.import_files([JABREF])
    pid = library.search(View("key:gentile2020"))[0].id
    library.apply(SetStatus("dropped"), [pid])
    library.apply(SetPriority(None), [pid])
    library.import_files([JABREF])
    state = library.entry(pid).state
    assert (state.status, state.priority) == ("dropped", None)
