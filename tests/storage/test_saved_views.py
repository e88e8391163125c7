"""Saved searches live in the library: another process sees them, they survive a
compaction and a reopening, and each change is one journal line."""

from __future__ import annotations

import pytest
from support import MakeLibrary, journal_lines

from storage import BadInputError, Library, LibraryChange, SortOrder, View
from storage.library_files import journal_path_for

HAIR = View(query="hair year:>=2015", unread_only=True, sort=SortOrder.DATE)


def test_a_saved_search_is_seen_by_another_process(
    library: Library, make_library: MakeLibrary
) -> None:
    other = make_library()
    heard: list[LibraryChange] = []
    other.subscribe(heard.append)
    lines = journal_lines(library.path)
    assert library.save_view("hair", HAIR).describe() == "saved the search hair"
    assert journal_lines(library.path) == lines + 1
    assert other.saved_views() == []
    other.check_for_changes()
    assert [(saved.name, saved.view) for saved in other.saved_views()] == [("hair", HAIR)]
    assert heard and heard[-1].views_changed


def test_saved_searches_survive_compaction_and_reopening(
    library: Library, make_library: MakeLibrary
) -> None:
    library.save_view("hair", HAIR)
    library.save_view("trash", View(trash=True))
    library._files.compact()
    assert "views" not in journal_path_for(library.path).read_text()
    again = make_library()
    assert [saved.name for saved in again.saved_views()] == ["hair", "trash"]
    assert again.saved_view("TRASH").view == View(trash=True)


def test_saving_a_name_again_replaces_it_and_removing_forgets_it(library: Library) -> None:
    library.save_view("hair", HAIR)
    library.save_view("later", View(query="is:queued"))
    assert library.save_view("Hair", View(query="alopecia")).describe() == (
        "replaced the search hair"
    )
    assert [(v.name, v.view.query) for v in library.saved_views()] == [
        ("later", "is:queued"),
        ("hair", "alopecia"),
    ]
    assert library.remove_view("HAIR").describe() == "removed the saved search hair"
    assert [v.name for v in library.saved_views()] == ["later"]
    with pytest.raises(BadInputError, match=r"no saved search is called 'hair' \(saved: later\)"):
        library.saved_view("hair")


@pytest.mark.parametrize("name", ["", "   ", "@hair", "a\x1bb", "x" * 41])
def test_a_bad_name_is_refused(library: Library, name: str) -> None:
    with pytest.raises(BadInputError, match="needs a name"):
        library.save_view(name, HAIR)
    assert library.saved_views() == []
