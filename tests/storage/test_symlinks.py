"""Libraries reached through symlinks (a library kept in a synced folder and linked from
the data directory): writes go to the link's target and the link stays a link.

Before, the first write put a regular file where the link was, and the real file (the
one the other machine syncs) silently stopped being updated.
"""

from __future__ import annotations

from pathlib import Path

from support import FIRST_SEED, FIXTURES

from storage import AddTags, ExportFormat, Library, View
from storage.library_files import catalog_path_for, journal_path_for


def test_a_linked_library_file_is_written_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "library.json"
    real.parent.mkdir()
    assert not Library(real).import_files([FIRST_SEED]).failed
    link = tmp_path / "data" / "library.json"
    link.parent.mkdir()
    link.symlink_to(real)
    through_link = Library(link)
    through_link.apply(AddTags(["linked"]), ["2332ed7af9cee891"])
    through_link.import_files([FIXTURES / "bibliographies" / "zotero.bib"])
    assert link.is_symlink() and link.resolve() == real
    assert not catalog_path_for(link).exists() and not journal_path_for(link).exists()
    again = Library(real)
    assert again.entry("2332ed7af9cee891").state.tags == ("linked",)
    assert len(again.search(View(""))) == 12


def test_a_linked_catalog_stays_a_link(db_path: Path, tmp_path: Path) -> None:
    Library(db_path)  # creates the files
    catalog = catalog_path_for(db_path)
    elsewhere = tmp_path / "elsewhere.catalog.json"
    catalog.rename(elsewhere)
    catalog.symlink_to(elsewhere)
    assert not Library(db_path).import_files([FIRST_SEED]).failed
    assert catalog.is_symlink()
    assert b"2332ed7af9cee891" in elsewhere.read_bytes()


def test_an_export_onto_a_link_replaces_its_target(library: Library, tmp_path: Path) -> None:
    target = tmp_path / "papers" / "reading.bib"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "reading.bib"
    link.symlink_to(target)
    library.export_to(link, ExportFormat.BIBTEX, View(""))
    assert link.is_symlink()
    assert target.read_text().count("@article{") == 9
