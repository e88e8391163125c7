"""`papershelf git-setup`: make git merge a library with papershelf's merge driver.

Three things, each said when written and left alone when already there:

- `.gitattributes` (committed, so every clone has it): the library's three files use
  the `papershelf` merge driver, and are never converted (`-text`: a journal header
  names the library file by its exact bytes);
- `.gitignore`: the lock and temporary files beside the library;
- the repository's own git config (`.git/config`, per clone): what the driver runs.
  git does not copy config with a clone, so each clone runs git-setup once.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Final

from .errors import BadInputError
from .library_files import catalog_path_for, journal_path_for

DRIVER: Final = "papershelf"
"""The merge driver's name in .gitattributes and the git config."""
_SPECIAL: Final = re.compile(r"([*?\[\\])")


class GitSetupError(BadInputError):
    """git-setup cannot be done here (no git, not a repository)."""


def set_up_git(library: Path) -> list[str]:
    """Register the merge driver for the library at `library`; returns what was written.

    Raises:
        GitSetupError: git is missing, or the library's folder is missing or not in a
            repository.
    """
    folder = library.parent.resolve()
    if not folder.is_dir():  # else git, run there, fails as if it were not installed
        raise GitSetupError(f"no folder {folder}: make it, or give --db the library's path")
    root = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    relative = PurePosixPath((folder / library.name).relative_to(root.resolve()).as_posix())
    files = [relative, *(PurePosixPath(p.as_posix()) for p in _siblings(Path(relative)))]
    said = []
    attributes = [f"/{_pattern(path)} merge={DRIVER} -text" for path in files]
    said += _add_lines(root / ".gitattributes", attributes)
    ignored = [f"/{_pattern(relative.parent / '.~')}*"]
    said += _add_lines(root / ".gitignore", ignored)
    command = f"{shlex.quote(sys.executable)} -m tui git-merge-driver %O %A %B %P"
    _git(root, "config", f"merge.{DRIVER}.name", "papershelf library merge")
    _git(root, "config", f"merge.{DRIVER}.driver", command)
    said.append(f"set merge.{DRIVER}.driver in this clone's git config: {command}")
    said.append("commit .gitattributes and .gitignore, and run papershelf git-setup in every clone")
    return said


def _siblings(library: Path) -> list[Path]:
    return [journal_path_for(library), catalog_path_for(library)]


def _pattern(path: PurePosixPath) -> str:
    """A path as a pattern of .gitattributes and .gitignore, matching only itself."""
    return _SPECIAL.sub(r"\\\1", str(path)).replace(" ", "[ ]")


def _add_lines(path: Path, lines: list[str]) -> list[str]:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    missing = [line for line in lines if line not in text.splitlines()]
    if not missing:
        return [f"{path.name} already has what papershelf needs"]
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "\n".join(missing) + "\n", encoding="utf-8")
    return [f"added to {path}: {line}" for line in missing]


def _git(folder: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise GitSetupError("git is not installed (or not on PATH)") from None
    if done.returncode != 0:
        problem = done.stderr.strip().splitlines()[-1:] or ["git failed"]
        raise GitSetupError(
            f"{folder} is not in a git repository ({problem[0]}); run git init there first"
        )
    return done.stdout
