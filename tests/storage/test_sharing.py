"""Repeated values shared as the library's files are read: every document reads exactly
as one parse of the file gives it (types too: `True == 1 == 1.0`), and equal values of
the shared fields are one object."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage import AddTags, Library, View, json_lines, library_files
from storage.library_files import LibraryFiles
from storage.sharing import (
    CATALOG_LISTS,
    CATALOG_VALUES,
    STATE_LISTS,
    STATE_VALUES,
    PaperIds,
    Sharing,
)

SCALAR = st.one_of(
    st.sampled_from(["", "a", "Nature", "2026-12-02T01:09:22+00:00"]),
    st.integers(-2, 2),
    st.sampled_from([2**40, 2**62]),
    st.booleans(),
    st.floats(-2, 2, allow_nan=False),
    st.none(),
)
"""Few values, so that documents repeat them; of types JSON tells apart but `==` not."""
VALUE = st.one_of(SCALAR, st.lists(SCALAR, max_size=4), st.dictionaries(st.just("x"), SCALAR))
FIELDS = st.sampled_from([*CATALOG_VALUES, *CATALOG_LISTS, *STATE_VALUES, *STATE_LISTS, "id"])
DOCUMENT = st.dictionaries(FIELDS, VALUE, max_size=6)
TABLE = st.dictionaries(st.integers(1, 10**6).map(str), DOCUMENT, max_size=20)


def _strict(value: Any) -> bytes:
    """A value as JSON: equal only if each part is of the same type too."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


@pytest.mark.parametrize("sharing", [Sharing.for_catalog, Sharing.for_state])
@given(bulk=TABLE, per_line=st.integers(1, 5))
def test_shared_documents_read_as_one_parse_gives_them(
    sharing: Any, bulk: dict[str, Any], per_line: int
) -> None:
    tables = {"meta": {"1": {}}, "papers": bulk}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_lines, "DOCUMENTS_PER_LINE", per_line)
        raw = json_lines.dumps(tables, "papers")
    shared = json_lines.loads(raw, "papers", sharing())
    assert _strict(shared) == _strict(orjson.loads(raw))
    assert list(shared["papers"]) == list(bulk)  # in stored order
    assert [list(doc) for doc in shared["papers"].values()] == [list(doc) for doc in bulk.values()]


@given(TABLE)
def test_equal_values_of_a_shared_field_are_one_object(bulk: dict[str, Any]) -> None:
    raw = json_lines.dumps({"papers": bulk}, "papers")
    docs = list(json_lines.loads(raw, "papers", Sharing.for_catalog())["papers"].values())
    for name, kinds in [
        *((name, (str, int, type(None))) for name in CATALOG_VALUES),
        *((name, (list, type(None))) for name in CATALOG_LISTS),
    ]:
        values = [doc.get(name) for doc in docs]
        if not all(type(value) in kinds for value in values):
            continue  # a field of other types stays as parsed
        if any(type(value) is list and not _texts_and_ints(value) for value in values):
            continue
        for one, other in combinations([value for value in values if value], 2):
            assert (one is other) == (_strict(one) == _strict(other)), name


def _texts_and_ints(items: list[Any]) -> bool:
    return all(type(item) in (str, int) for item in items)


def test_a_table_of_other_things_than_documents_is_left_as_it_is() -> None:
    table: dict[str, Any] = {"1": {"journal": "A"}, "2": ["journal", "A"], "3": {"journal": "A"}}
    Sharing.for_catalog()(table)
    assert table["1"]["journal"] == table["3"]["journal"] == "A"
    assert table["2"] == ["journal", "A"]


def test_a_large_library_is_read_with_its_values_shared(
    library: Library, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.apply(AddTags(["review", "later"]), library.search(View()).ids())
    LibraryFiles(db_path).compact()  # the state in the library file, not the journal
    fresh = LibraryFiles(db_path)
    monkeypatch.setattr(library_files, "SHARE_ABOVE_BYTES", 0)  # as from 20,000 papers
    shared = LibraryFiles(db_path)
    assert _strict(shared.catalog.papers) == _strict(fresh.catalog.papers)
    assert _strict(dict(shared.state.states)) == _strict(dict(fresh.state.states))
    first, second = shared.catalog.papers[1:3]
    assert first["added_at"] is second["added_at"] and first["sources"] is second["sources"]
    tags = [doc["tags"] for doc in shared.state.states.values()]
    assert len(tags) > 1 and all(same is tags[0] for same in tags)
    assert fresh.catalog.papers[1]["added_at"] is not fresh.catalog.papers[2]["added_at"]


def test_a_large_library_s_paper_ids_are_the_catalog_s_objects(
    library: Library, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.apply(AddTags(["review"]), library.search(View()).ids())
    LibraryFiles(db_path).compact()  # the state and the import's undo step in the file
    fresh = LibraryFiles(db_path)
    monkeypatch.setattr(library_files, "SHARE_ABOVE_BYTES", 0)  # as from 20,000 papers
    shared = LibraryFiles(db_path)
    assert _strict(shared.state.history) == _strict(fresh.state.history)
    assert _strict([*shared.catalog.sources]) == _strict([*fresh.catalog.sources])
    own = {doc["id"]: doc["id"] for doc in shared.catalog.papers}

    def all_own(ids: list[str]) -> bool:
        return len(ids) > 0 and all(own[pid] is pid for pid in ids)

    assert all_own([doc["paper_id"] for doc in shared.state.states.values()])
    assert all_own([pid for source in shared.catalog.sources for pid in source["paper_ids"]])
    (imported,) = [s for s in shared.state.history["undo"] if "catalog" in s]
    assert all_own(imported["catalog"]["papers_added"])
    own_unshared = {doc["id"]: doc["id"] for doc in fresh.catalog.papers}
    unshared = [doc["paper_id"] for doc in fresh.state.states.values()]
    assert not any(own_unshared[pid] is pid for pid in unshared)  # a small file: as parsed


@given(
    papers=st.lists(st.sampled_from("abcdefgh"), max_size=12),
    lists=st.lists(st.one_of(st.lists(st.sampled_from("abcdefghxy"), max_size=6), SCALAR)),
)
def test_a_list_of_paper_ids_reads_the_same_with_the_catalog_s_objects(
    papers: list[str], lists: list[Any]
) -> None:
    """In the catalog's order or not, with ids it lacks or repeats: each list reads as
    parsed, every id the catalog has being the catalog's object."""
    catalog = [f"{letter}"[:1] * 16 for letter in papers]  # new objects each
    ids = PaperIds([{"id": pid} for pid in catalog])
    own: dict[str, list[str]] = {}  # a catalog may repeat an id: any of its objects
    for pid in catalog:
        own.setdefault(pid, []).append(pid)
    for values in lists:
        parsed = [f"{pid}"[:1] * 16 for pid in values] if isinstance(values, list) else values
        shared = ids.share(parsed)
        assert _strict(shared) == _strict(parsed)
        if isinstance(parsed, list):
            for pid, got in zip(parsed, shared, strict=True):
                assert any(got is mine for mine in own.get(pid, [pid]))
