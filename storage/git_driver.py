"""git's merge driver for a library's three files (`papershelf git-setup` registers it).

git merges one path at a time and hands the driver three versions of it: the base
(%O), ours (%A, where the result goes) and theirs (%B). The catalog merges on its own.
The reader's state is two files, though: the library file as of its last compaction,
and the journal of every change since; neither means anything without the other. So
for each version of one, the driver finds the other as it was in the same commit
(ours is HEAD; theirs is the commit git is merging, rebasing or picking, found by
looking for the one whose file is exactly the version git handed over; the base is
their merge base), or the library file the journal's header names by size and CRC.

Then both copies are merged (see `merging`), and the result is written the way git
will put the pair together: when the library file stays the one of one side, the
journal gets that side's records plus one record that brings it to the merged state;
when both sides compacted, both files become the merged state compacted. The undo
history kept is this machine's: ours in a merge, theirs in a rebase (where git swaps
them). The result does not depend on which side is which, so pulling both ways gives
the same library.

When the driver cannot do that (a file that is not a papershelf library, a version
whose other half is nowhere to be found) it says why and leaves git's own conflict.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Final, Literal, cast

from .copies import Copy, copy_of, identity, journal_continues, opened
from .device import device_id
from .errors import LibraryError
from .history import HistoryDoc, HistoryOp
from .library_files import LibraryFiles
from .merging import plan_merge
from .stamps import HybridClock

Role = Literal["library", "journal", "catalog"]
Side = Literal["base", "ours", "theirs"]


class MergeRefused(Exception):
    """The driver will not merge these versions; git's own conflict stays."""


def role_of(path: str) -> Role:
    """Which of a library's files `path` is, by its name.

    Raises:
        MergeRefused: the name is none of them.
    """
    name = PurePosixPath(path).name
    if name.endswith(".catalog.json"):
        return "catalog"
    if name.endswith(".journal"):
        return "journal"
    if name.endswith(".json"):
        return "library"
    raise MergeRefused(f"{path} is not a papershelf library's file (by its name)")


def companion_paths(path: str, role: Role) -> tuple[str, str]:
    """The (library file, journal) paths of the library that `path` belongs to."""
    pure = PurePosixPath(path)
    stem = pure.name.removesuffix(".json").removesuffix(".journal")
    library = str(pure.with_name(stem + ".json"))
    return library, str(pure.with_name(stem + ".journal"))


def merge_file(base: Path, ours: Path, theirs: Path, path: str, root: Path) -> str:
    """Merge the three versions of `path` (relative to the repository at `root`) and
    write the result over `ours`; returns what was merged, in words.

    Raises:
        MergeRefused: why the driver leaves these versions to git.
    """
    role = role_of(path)
    versions: dict[Side, bytes] = {
        "base": _read(base),
        "ours": _read(ours),
        "theirs": _read(theirs),
    }
    if role == "catalog":
        result, words = _merged_catalog(path, versions)
    else:
        result, words = _merged_state(path, role, versions, _Repository(root))
    ours.write_bytes(result)
    return words


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise MergeRefused(f"cannot read {path}: {error.strerror}") from None


def _merged_catalog(path: str, versions: dict[Side, bytes]) -> tuple[bytes, str]:
    theirs = _copy(f"{path} (theirs)", None, None, versions["theirs"])
    with _opened(f"{path} (ours)", None, None, versions["ours"]) as files:
        plan = plan_merge(path, {}, files.catalog.papers, files.catalog.sources, [theirs])
        if plan.catalog is not None:
            with files.writing():
                catalog = plan.catalog
                files.write_catalog(catalog.papers, catalog.sources, files.catalog.redo)
        return files.catalog_path.read_bytes(), plan.report.describe()


@dataclass(frozen=True, slots=True)
class _Pair:
    """One side's library file and journal (None: that file was not in its commit)."""

    library: bytes | None
    journal: bytes | None

    @property
    def continues(self) -> tuple[int, int] | None:
        """The library file the journal continues, by its header."""
        return journal_continues(self.journal) if self.journal else None

    @property
    def identity(self) -> tuple[int, int] | None:
        if self.library is not None:
            return identity(self.library)
        return self.continues


def _merged_state(
    path: str, role: Role, versions: dict[Side, bytes], repository: _Repository
) -> tuple[bytes, str]:
    library_path, journal_path = companion_paths(path, role)
    pairs = repository.pairs(role, versions, library_path, journal_path)
    ours, theirs = pairs["ours"], pairs["theirs"]
    copies = {side: _state_copy(f"{path} ({side})", pair) for side, pair in pairs.items()}
    keep: Side = "theirs" if repository.rebasing() else "ours"
    kept = _history(pairs[keep], f"{path} ({keep})")
    result_side = _result_side(pairs, role)
    work = theirs if result_side == "theirs" else ours
    other = copies["ours"] if result_side == "theirs" else copies["theirs"]
    clock = HybridClock(
        lambda: datetime.now(UTC), lambda: f"{device_id()}:{repository.root / path}"
    )
    for copy in copies.values():
        if copy is not None:
            clock.observe(copy.last_stamp)
    with _opened(f"{path} (result)", work.library, work.journal, None) as files:
        base = copies.get("base")
        plan = plan_merge(
            path,
            files.state.states,
            [],
            [],
            [other] if other else [],
            views=files.state.views,
            base=base,
            stamp=clock.next,
        )
        with files.writing():
            clock.observe(plan.last_stamp)
            history: tuple[HistoryOp, HistoryDoc] | None = None
            if files.state.history != kept:
                history = ("kept", kept)
            if plan.puts or history or plan.views:
                files.append(plan.puts, clock.next(), history, views=plan.views)
        if result_side == "merged":
            files.compact()
        out = files.path if role == "library" else files.journal_path
        return out.read_bytes(), plan.report.describe()


def _result_side(pairs: dict[Side, _Pair], role: Role) -> Side | Literal["merged"]:
    """Whose library file the merged commit will hold: git keeps a side's when only that
    side changed it (or both made it the same); when both changed it, this driver is
    called for it too and writes the merged one."""
    if role == "library":
        return "merged"
    base, ours, theirs = (pairs[side].identity for side in ("base", "ours", "theirs"))
    if ours == theirs or theirs == base:
        return "ours"
    if ours == base:
        return "theirs"
    return "merged"


def _state_copy(name: str, pair: _Pair) -> Copy | None:
    if pair.library is None and pair.journal is None:
        return None
    return _copy(name, pair.library, pair.journal, None)


def _history(pair: _Pair, name: str) -> HistoryDoc:
    with _opened(name, pair.library, pair.journal, None) as files:
        return files.state.history


def _copy(name: str, library: bytes | None, journal: bytes | None, catalog: bytes | None) -> Copy:
    try:
        return copy_of(name, library, journal, catalog)
    except LibraryError as error:
        raise MergeRefused(f"not a papershelf library: {error}") from None


@contextmanager
def _opened(
    name: str, library: bytes | None, journal: bytes | None, catalog: bytes | None
) -> Iterator[LibraryFiles]:
    try:
        with opened(name, library, journal, catalog) as files:
            yield files
    except LibraryError as error:
        raise MergeRefused(f"not a papershelf library: {error}") from None


class _Repository:
    """The few questions the driver asks git about the repository it runs in."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._blobs: dict[str, bytes | None] = {}

    def pairs(
        self, role: Role, versions: dict[Side, bytes], library_path: str, journal_path: str
    ) -> dict[Side, _Pair]:
        """Each side's library file and journal: the version git gave, and the other
        half from the same commit (or, for a journal, the library file it names)."""
        given, other = (
            (journal_path, library_path) if role == "journal" else (library_path, journal_path)
        )
        ours_commit = self.commit("HEAD")
        theirs_commits = self.theirs()
        candidates: dict[Side, list[str]] = {
            "ours": [c for c in [ours_commit] if c],
            "theirs": theirs_commits,
            "base": self.bases(ours_commit, theirs_commits),
        }
        known = [c for commits in candidates.values() for c in commits]
        pairs: dict[Side, _Pair] = {}
        for side in ("ours", "theirs", "base"):
            data = versions[side]
            if side == "base" and not data:
                pairs[side] = _Pair(None, None)  # added on both sides: no base
                continue
            found = self.other_half(data, given, other, candidates[side] + known, role)
            if found is _MISSING:
                if side == "base":
                    found = None  # the journal's records alone are base enough for notes
                else:
                    raise MergeRefused(
                        f"cannot find the {'library file' if role == 'journal' else 'journal'} "
                        f"that goes with {side} version of {given} in this repository"
                    )
            half = cast(bytes | None, found)
            pairs[side] = _Pair(half, data) if role == "journal" else _Pair(data, half)
        return pairs

    def other_half(
        self, data: bytes, given: str, other: str, commits: list[str], role: Role
    ) -> bytes | None | object:
        wanted = self.hash_of(data)
        for commit in dict.fromkeys(commits):
            if self.blob_id(commit, given) == wanted:
                return self.blob(commit, other)
        if role == "journal":
            pin = journal_continues(data)
            for commit in dict.fromkeys(commits):
                library = self.blob(commit, other)
                if pin is not None and library is not None and identity(library) == pin:
                    return library
        return _MISSING

    def theirs(self) -> list[str]:
        """The commits git may be merging in, most likely first."""
        names = [key.removeprefix("GITHEAD_") for key in os.environ if key.startswith("GITHEAD_")]
        names += ["MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "REBASE_HEAD"]
        done = self.git_dir() / "rebase-merge" / "done"
        if done.exists():
            names += [
                line.split()[1]
                for line in reversed(done.read_text().splitlines())
                if len(line.split()) > 1
            ]
        names += ["FETCH_HEAD", "ORIG_HEAD"]
        refs = self._git("for-each-ref", "--format=%(objectname)", *_REFS)
        names += (refs or b"").decode().split()
        return list(dict.fromkeys(c for name in names if (c := self.commit(name))))

    def bases(self, ours: str | None, theirs: list[str]) -> list[str]:
        found: list[str] = []
        for commit in theirs[:3]:
            if ours:
                found += (self._git("merge-base", "--all", ours, commit) or b"").decode().split()
            found += (self._git("rev-parse", f"{commit}^@") or b"").decode().split()
        return list(dict.fromkeys(found))

    def rebasing(self) -> bool:
        """In a rebase, git's "ours" is the upstream and this machine's work is theirs."""
        folder = self.git_dir()
        return (folder / "rebase-merge").exists() or (folder / "rebase-apply").exists()

    def git_dir(self) -> Path:
        output = self._git("rev-parse", "--git-dir")
        return self.root / (output or b".git").decode().strip()

    def commit(self, name: str) -> str | None:
        output = self._git("rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
        return output.decode().strip() if output else None

    def blob_id(self, commit: str, path: str) -> str | None:
        output = self._git("rev-parse", "--verify", "--quiet", f"{commit}:{path}")
        return output.decode().strip() if output else None

    def blob(self, commit: str, path: str) -> bytes | None:
        key = f"{commit}:{path}"
        if key not in self._blobs:
            self._blobs[key] = (
                self._git("cat-file", "blob", key) if self.blob_id(commit, path) else None
            )
        return self._blobs[key]

    def hash_of(self, data: bytes) -> str:
        output = self._git("hash-object", "--no-filters", "--stdin", stdin=data)
        return (output or b"").decode().strip()

    def _git(self, *args: str, stdin: bytes | None = None) -> bytes | None:
        done = subprocess.run(
            ["git", *args], cwd=self.root, input=stdin, capture_output=True, check=False
        )
        return done.stdout if done.returncode == 0 else None


_MISSING: Final = object()
_REFS: Final = ("refs/heads", "refs/remotes", "refs/stash")
"""Where a commit being merged in may be found when git names none."""
