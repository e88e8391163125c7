"""One library in git on two machines: real repositories, real pulls, papershelf's driver.

Two clones of a repository holding a library are edited apart in every way (papers
marked read, tags added and removed on the same paper, the same note edited in two
places, another note written on both, a paper deleted on one and tagged later on the
other, a different import on each), then merged both ways: each machine pulls the
other's commit. Both merges finish with no conflict, and give the same library.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cli_runner import cli
from support import FIRST_SEED, FIXTURES, SEED_FIXTURES

from storage import (
    AddTags,
    Delete,
    Library,
    MarkRead,
    RemoveTags,
    SetNote,
    SortOrder,
    View,
)
from storage.library_files import LibraryFiles
from storage.note_versions import KEPT_HEADING

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PROJECT = Path(__file__).resolve().parents[2]
NOTE_BASE = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."


@dataclass
class Machine:
    """One clone of the repository, on a machine of its own (its own device id)."""

    name: str
    repo: Path
    env: dict[str, str]

    @property
    def db(self) -> Path:
        return self.repo / "lib" / "library.json"

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args], cwd=self.repo, env=self.env, capture_output=True, text=True, check=check
        )

    def library(self) -> Library:
        return Library(self.db, device=self.name)

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").stdout.strip()


def _machine(tmp_path: Path, name: str) -> Machine:
    data = tmp_path / f"{name}-data"  # the device id lives here, one per machine
    env = {**os.environ, "XDG_DATA_HOME": str(data), "GIT_CONFIG_NOSYSTEM": "1"}
    env |= {"HOME": str(tmp_path / f"{name}-home"), "GIT_TERMINAL_PROMPT": "0"}
    env["PYTHONPATH"] = str(PROJECT)  # the driver git runs is this checkout's papershelf
    return Machine(name, tmp_path / name, env)


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """A bare repository holding a library of the first seed, with one note."""
    bare = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    first = _machine(tmp_path, "first")
    subprocess.run(["git", "clone", "-q", str(bare), str(first.repo)], check=True, env=first.env)
    _identify(first)
    first.db.parent.mkdir()
    library = Library(first.db, device="first")
    library.import_files([FIRST_SEED])
    library.apply(SetNote(NOTE_BASE), [_ids(library)[3]])
    _git_setup(first)
    first.commit("a library")
    first.git("push", "-q", "origin", "main")
    return bare


def _identify(machine: Machine) -> None:
    machine.git("config", "user.email", f"{machine.name}@example.org")
    machine.git("config", "user.name", machine.name)


def _git_setup(machine: Machine) -> None:
    """`papershelf git-setup`, as the reader runs it in each clone."""
    status, out, err = cli("--db", str(machine.db), "git-setup")
    assert status == 0, err
    assert "set merge.papershelf.driver in this clone's git config" in out


def _clone(origin: Path, tmp_path: Path, name: str) -> Machine:
    machine = _machine(tmp_path, name)
    subprocess.run(
        ["git", "clone", "-q", str(origin), str(machine.repo)], check=True, env=machine.env
    )
    _identify(machine)
    _git_setup(machine)
    return machine


def _ids(library: Library) -> list[str]:
    return library.search(View()).ids()


def home_edits(library: Library) -> None:
    p = _ids(library)
    library.apply(MarkRead(True), [p[0], p[1]])
    library.apply(AddTags(["home", "both"]), [p[2]])
    library.apply(SetNote(NOTE_BASE.replace("First paragraph.", "First, edited at home.")), [p[3]])
    library.apply(SetNote("Written at home."), [p[4]])
    library.apply(Delete(), [p[5]])
    library.apply(AddTags(["x"]), [p[6]])
    library.import_files([SEED_FIXTURES / "basic.txt"])


def work_edits(library: Library) -> None:
    p = _ids(library)
    library.apply(MarkRead(True), [p[1], p[7]])
    library.apply(AddTags(["work", "both"]), [p[2]])
    library.apply(SetNote(NOTE_BASE.replace("Third paragraph.", "Third, edited at work.")), [p[3]])
    library.apply(SetNote("Written at work."), [p[4]])
    library.apply(AddTags(["after the delete"]), [p[5]])  # later than home's delete
    library.apply(AddTags(["x"]), [p[6]])
    library.apply(RemoveTags(["x"]), [p[6]])  # taken off after home added it
    library.import_files([FIXTURES / "bibliographies" / "zotero.bib"])


def expected(library: Library, ids: list[str]) -> None:
    """Everything both machines did is in the merged library."""
    state = {pid: library.entry(pid).state for pid in ids}
    p = ids
    assert state[p[0]].read and state[p[1]].read and state[p[7]].read
    assert set(state[p[2]].tags) == {"home", "both", "work"}
    assert state[p[3]].note == NOTE_BASE.replace(
        "First paragraph.", "First, edited at home."
    ).replace("Third paragraph.", "Third, edited at work.")
    kept = state[p[4]].note
    assert "Written at home." in kept and "Written at work." in kept and KEPT_HEADING in kept
    assert not state[p[5]].deleted and state[p[5]].tags == ("after the delete",)
    assert state[p[6]].tags == ()
    titles = {entry.paper.title or entry.paper.summary for entry in library.search(View())}
    assert len(library.sources()) == 2 and len(titles) > len(ids)


def visible(library: Library) -> dict[str, Any]:
    """What the reader sees of a library: every paper's record and reading state."""
    catalog = library.snapshot.catalog
    papers = {pid: catalog.docs[catalog.number(pid)] for pid in catalog}
    states = {pid: library.entry(pid).state for pid in catalog}
    return {"papers": papers, "states": states, "sources": {s.id for s in library.sources()}}


def listed(machine: Machine) -> list[str]:
    """`list --json` in every sort order, as printed: the order of tied papers too."""
    printed = []
    for order in SortOrder:
        status, out, err = cli("--db", str(machine.db), "list", "--sort", order.value, "--json")
        assert status == 0, err
        printed.append(out)
    return printed


def _edited_apart(origin: Path, tmp_path: Path, compact: str) -> tuple[Machine, Machine, str, str]:
    """Two clones, each with its own edits committed (and compacted where asked)."""
    home, work = _clone(origin, tmp_path, "home"), _clone(origin, tmp_path, "work")
    for machine, edits in ((home, home_edits), (work, work_edits)):
        library = machine.library()
        edits(library)
        if compact in (machine.name, "both"):
            LibraryFiles(machine.db).compact()
    home_commit, work_commit = home.commit("home's edits"), work.commit("work's edits")
    home.git("push", "-q", "origin", "main")
    return home, work, home_commit, work_commit


def origin_library(origin: Path, tmp_path: Path) -> Path:
    """The library as both clones started from it."""
    start = _machine(tmp_path, "start")
    subprocess.run(["git", "clone", "-q", str(origin), str(start.repo)], check=True)
    return start.db


PULLS: dict[str, Callable[[Machine], subprocess.CompletedProcess[str]]] = {
    "merge": lambda machine: machine.git("pull", "--no-rebase", "--no-edit", "-q", check=False),
    "rebase": lambda machine: machine.git("pull", "--rebase", "-q", check=False),
}


@pytest.mark.parametrize("compact", ["neither", "home", "work", "both"])
@pytest.mark.parametrize("pull", list(PULLS))
def test_two_clones_edited_apart_merge_both_ways_to_one_library(
    origin: Path, tmp_path: Path, compact: str, pull: str
) -> None:
    """work pulls home's commit, home merges work's: no conflict, nothing lost, and both
    hold the same library (compacted on either side or both, by merge or by rebase)."""
    ids = _ids(Library(origin_library(origin, tmp_path), device="judge"))
    home, work, _, work_commit = _edited_apart(origin, tmp_path, compact)
    pulled = PULLS[pull](work)
    assert pulled.returncode == 0, pulled.stderr
    home.git("fetch", "-q", str(work.repo), work_commit)
    merged_home = home.git("merge", "--no-edit", "-q", work_commit, check=False)
    assert merged_home.returncode == 0, merged_home.stderr
    for machine in (home, work):
        assert "papershelf: merged" in (pulled.stderr + merged_home.stderr)
        assert not machine.git("diff", "--name-only", "--diff-filter=U").stdout
        for path in machine.db.parent.iterdir():
            assert b"<<<<<<<" not in path.read_bytes()
    at_home, at_work = Library(home.db, device="judge"), Library(work.db, device="judge")
    expected(at_home, ids)
    expected(at_work, ids)
    assert visible(at_home) == visible(at_work)
    assert listed(home) == listed(work)


def test_the_merged_clones_merge_again_with_nothing_new(origin: Path, tmp_path: Path) -> None:
    """After both merged, pulling each other's merge changes no one's reading state."""
    home, work, _, work_commit = _edited_apart(origin, tmp_path, "neither")
    assert PULLS["merge"](work).returncode == 0
    home.git("fetch", "-q", str(work.repo), "main")
    home.git("merge", "--no-edit", "-q", work_commit)
    before = visible(Library(home.db, device="judge"))
    home.git("fetch", "-q", str(work.repo), "main")
    again = home.git("merge", "--no-edit", "-q", "FETCH_HEAD", check=False)
    assert again.returncode == 0, again.stderr
    assert visible(Library(home.db, device="judge")) == before


@pytest.mark.parametrize("pull", list(PULLS))
def test_the_undo_history_after_a_pull_is_this_machines(
    origin: Path, tmp_path: Path, pull: str
) -> None:
    """Undo after the pull takes back this machine's last change (its .bib import of three
    papers), not the other's (a seed document of two), by merge or by rebase."""
    home, work, _, _ = _edited_apart(origin, tmp_path, "home")
    assert PULLS[pull](work).returncode == 0
    undone = work.library().undo()
    assert undone is not None and undone.words == "imported 1 file: 3 new papers"


def test_undo_after_a_fast_forward_pull_passes_over_the_other_machines_steps(
    origin: Path, tmp_path: Path
) -> None:
    """git runs no driver on a fast-forward: the files, undo steps and all, are the other
    machine's. Undo takes back only this machine's changes, none of the other's."""
    home, work = _clone(origin, tmp_path, "home"), _clone(origin, tmp_path, "work")
    home_edits(home.library())
    home.commit("home's edits")
    home.git("push", "-q", "origin", "main")
    assert PULLS["merge"](work).returncode == 0
    assert work.git("rev-parse", "HEAD").stdout == home.git("rev-parse", "HEAD").stdout
    at_work = work.library()
    assert at_work.undo() is None
    paper = _ids(at_work)[0]
    at_work.apply(AddTags(["work"]), [paper])
    undone = at_work.undo()
    assert undone is not None and undone.words == "tagged 1 paper +work"
    assert at_work.undo() is None
    assert len(_ids(at_work)) == len(_ids(home.library()))  # home's import stays
    undone = home.library().undo()
    assert undone is not None and undone.words.startswith("imported 1 file")


def test_the_driver_leaves_gits_conflict_for_a_file_that_is_not_a_library(
    origin: Path, tmp_path: Path
) -> None:
    """A file the attributes send to papershelf that is not a library: git's markers stay,
    and the driver says why."""
    home, work = _clone(origin, tmp_path, "home"), _clone(origin, tmp_path, "work")
    stranger = "lib/library.json"
    for machine, text in ((home, "home's text\n"), (work, "work's text\n")):
        (machine.repo / stranger).write_text(text)
        machine.commit("not a library")
    home.git("push", "-q", "origin", "main")
    pulled = PULLS["merge"](work)
    assert pulled.returncode != 0
    assert "not a papershelf library" in pulled.stderr + pulled.stdout
    text = (work.repo / stranger).read_text()
    assert "<<<<<<< ours" in text and "home's text" in text and "work's text" in text
    assert stranger in work.git("diff", "--name-only", "--diff-filter=U").stdout


def test_git_setup_outside_a_repository_says_so(tmp_path: Path) -> None:
    status, _, err = cli("--db", str(tmp_path / "library.json"), "git-setup")
    assert status == 1 and "not in a git repository" in err


def test_git_setup_for_a_folder_that_does_not_exist_says_so(tmp_path: Path) -> None:
    """Not "git is not installed": git is there, the library's folder is not."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    missing = tmp_path / "nofolder"
    status, _, err = cli("--db", str(missing / "library.json"), "git-setup")
    assert status == 1 and f"no folder {missing}" in err, err
    assert not missing.exists() and not (tmp_path / ".gitattributes").exists()


def test_git_setup_twice_writes_nothing_twice(origin: Path, tmp_path: Path) -> None:
    home = _clone(origin, tmp_path, "home")
    attributes = (home.repo / ".gitattributes").read_text()
    _git_setup(home)
    assert (home.repo / ".gitattributes").read_text() == attributes
    assert attributes.count("merge=papershelf") == 3
    assert home.git("check-ignore", "lib/.~lock.library.json#").returncode == 0
