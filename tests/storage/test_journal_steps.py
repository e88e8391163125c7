"""Journal lines that hold a change's step instead of its documents: every reader makes
the documents the writer made, and a line changed by hand is refused, not misread."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIRST_SEED, Clock

from storage import (
    AddTags,
    AppendNote,
    Change,
    ChangeTags,
    Delete,
    Library,
    LibraryCorruptError,
    MarkRead,
    RenameTag,
    Restore,
    SetNote,
    SetPriority,
    SetTags,
    View,
)
from storage.library_files import LibraryFiles, journal_path_for

TAG = st.sampled_from(["hair", "Hair", "EV", "review"])
TAGS = st.lists(TAG, max_size=3)
CHANGES: st.SearchStrategy[Change] = st.one_of(
    st.builds(MarkRead, st.booleans()),
    st.builds(SetPriority, st.sampled_from([None, 1, 3])),
    st.builds(ChangeTags, TAGS, TAGS),
    st.builds(SetTags, TAGS),
    st.builds(RenameTag, TAG, TAG),
    st.builds(SetNote, st.sampled_from(["", "a", "b\n\nc"])),
    st.builds(AppendNote, st.sampled_from(["a", "more"])),
    st.just(Delete()),
    st.just(Restore()),
)
PAPERS = st.sets(st.integers(min_value=0, max_value=9), min_size=1, max_size=10)
HISTORY = st.lists(st.tuples(CHANGES, PAPERS, st.booleans()), min_size=1, max_size=8)
"""Changes, the papers they go to, and an undo after each or not."""


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "library.json"
        Library(db, now=Clock(), device="test").import_files([FIRST_SEED])
        yield Path(folder)


def _copy(template: Path, folder: Path) -> Path:
    for path in template.iterdir():
        shutil.copy(path, folder / path.name)
    return folder / "library.json"


def _states(files: LibraryFiles) -> dict[str, object]:
    return dict(files.state.states.items())


def _lines(db: Path) -> list[dict[str, object]]:
    raw = journal_path_for(db).read_bytes().splitlines()[1:]
    return [orjson.loads(line) for line in raw]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(HISTORY)
def test_readers_make_the_documents_the_writer_made(
    template: Path, monkeypatch: pytest.MonkeyPatch, history: list[tuple[Change, set[int], bool]]
) -> None:
    """Each change written as its step (or, the second time, as documents), each undo as
    documents: another process reading along, and one opening the files afterwards,
    hold exactly the writer's state and history."""
    with tempfile.TemporaryDirectory() as steps, tempfile.TemporaryDirectory() as docs:
        for folder, after in ((steps, 1), (docs, 10**9)):
            monkeypatch.setattr("storage.library.FROM_STEP_AFTER", after)
            library = Library(_copy(template, Path(folder)), now=Clock(), device="test")
            reader = LibraryFiles(library.path)
            every = list(library.snapshot.catalog)
            for change, papers, undo in history:
                library.apply(change, [every[n] for n in sorted(papers)])
                if undo:
                    library.undo()
                reader.reload()
                assert _states(reader) == _states(library._files)
            opened = LibraryFiles(library.path)
            assert _states(opened) == _states(library._files)
            assert opened.state.history == library._files.state.history


def test_a_change_over_many_papers_is_journalled_as_its_step(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.library.FROM_STEP_AFTER", 3)
    db = _copy(template, tmp_path)
    library = Library(db, now=Clock(), device="test")
    ids = library.search(View()).ids()
    library.apply(AddTags(["few"]), ids[:2])
    library.apply(AddTags(["many"]), ids[:5])
    library.apply(AddTags(["two", "tags"]), ids[:5])  # their order is the change's own
    library.apply(MarkRead(True), ids[:5])
    kinds = [("put" in line, line.get("from_step")) for line in _lines(db)[-4:]]
    assert kinds == [(True, None), (False, True), (True, None), (False, True)]
    opened = Library(db)
    assert all(opened.entry(pid).state.tags == ("few", "many", "two", "tags") for pid in ids[:2])
    assert all(opened.entry(pid).state.read for pid in ids[:5])


@pytest.mark.parametrize(
    "fields",
    [
        [["tag:x", None, "x", "2332ed7af9cee89"]],  # an id cut short
        [["colour", None, "red", "2332ed7af9cee891"]],
        [["status", "new", "finished", "2332ed7af9cee891"]],
        "tag:x",
    ],
)
def test_a_step_line_changed_by_hand_is_refused(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fields: object
) -> None:
    monkeypatch.setattr("storage.library.FROM_STEP_AFTER", 1)
    db = _copy(template, tmp_path)
    library = Library(db, now=Clock(), device="test")
    library.apply(AddTags(["x"]), library.search(View()).ids()[:1])
    journal = journal_path_for(db)
    *before, line = journal.read_bytes().splitlines()
    record = orjson.loads(line)
    del record["crc32"]  # no longer papershelf's own line
    record["history"][1]["fields"] = fields
    journal.write_bytes(b"\n".join([*before, orjson.dumps(record)]) + b"\n")
    where = f"journal line {len(before) + 1}: unreadable fields"
    with pytest.raises(LibraryCorruptError, match=where):
        LibraryFiles(db)
