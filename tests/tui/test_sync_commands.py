"""`papershelf merge`, `config`: another copy merged by hand, and what a machine knows."""

from __future__ import annotations

import shutil
from pathlib import Path

from cli_runner import cli
from support import FIRST_SEED, SEED_FIXTURES

from storage import AddTags, Library, SetNote, View
from storage.device import device_id_path
from tui.cli_parser import build_parser


def two_copies(tmp_path: Path) -> tuple[Library, Library]:
    (tmp_path / "home").mkdir()
    home = Library(tmp_path / "home" / "library.json", device="home")
    home.import_files([FIRST_SEED])
    shutil.copytree(home.path.parent, tmp_path / "stick")
    return home, Library(tmp_path / "stick" / "library.json", device="stick")


def test_merge_brings_in_what_the_other_copy_has(tmp_path: Path) -> None:
    home, stick = two_copies(tmp_path)
    paper = stick.search(View()).ids()[0]
    stick.apply(AddTags(["from the stick"]), [paper])
    stick.import_files([SEED_FIXTURES / "basic.txt"])
    status, out, err = cli("--db", str(home.path), "merge", str(stick.path))
    assert status == 0, err
    assert out.startswith(f"Merged {stick.path}: 2 new papers, 1 new seed document, reading state")
    assert Library(home.path).entry(paper).state.tags == ("from the stick",)


def test_merge_dry_run_prints_what_would_change_and_changes_nothing(tmp_path: Path) -> None:
    """Papers added, states changed, notes that would keep both texts: one line each."""
    home, stick = two_copies(tmp_path)
    first, second = stick.search(View()).ids()[:2]
    stick.apply(AddTags(["later"]), [first])
    stick.apply(SetNote("on the stick"), [second])
    home.apply(SetNote("at home"), [second])
    stick.import_files([SEED_FIXTURES / "basic.txt"])
    before = {path.name: path.read_bytes() for path in home.path.parent.iterdir()}
    status, out, _ = cli("--db", str(home.path), "merge", "--dry-run", str(stick.path))
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"Would merge {stick.path}: 2 new papers")
    assert "1 note keeps both texts" in lines[0]
    assert sum(line.startswith("  new paper ") for line in lines) == 2
    assert any(line.startswith(f"  state       {first[:8]}  +later  (") for line in lines)
    assert any(line.startswith(f"  both notes  {second[:8]}") for line in lines)
    assert {path.name: path.read_bytes() for path in home.path.parent.iterdir()} == before


def test_merge_refuses_what_is_not_a_library_by_name(tmp_path: Path) -> None:
    """A seed or a .bib given to merge is named, and the import it was meant to be is
    offered; a lone library file says its catalog is missing."""
    home, _ = two_copies(tmp_path)
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{a, title = {A}}\n")
    for given in (FIRST_SEED, bib):
        status, _, err = cli("--db", str(home.path), "merge", str(given))
        assert status == 2
        assert str(given) in err and "papershelf import reads it" in err
    lone = tmp_path / "lone.json"
    lone.write_text("{}")
    status, _, err = cli("--db", str(home.path), "merge", str(lone))
    assert status == 2 and "catalog lone.catalog.json is missing" in err


def test_config_shows_this_machines_device_id_and_the_library(tmp_path: Path) -> None:
    """The id is made once, kept in the user data directory (not beside the library, which
    may be synced), and shown; config opens no library, so it creates none."""
    db = tmp_path / "synced" / "library.json"
    status, out, _ = cli("--db", str(db), "config")
    assert status == 0
    device = device_id_path().read_text().strip()
    assert out.splitlines()[:2] == [
        f"# library: {db}",
        f"# device id: {device} (this machine's, kept in {device_id_path()})",
    ]
    assert cli("--db", str(db), "config")[1] == out
    assert not db.parent.exists()


def test_the_help_lists_the_commands_for_several_machines() -> None:
    out = build_parser().format_help()
    for command in ("merge", "git-setup", "config"):
        assert f"    {command} " in out
