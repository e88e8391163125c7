"""The command line's commands for one library on several machines: merge, git, config."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from storage import library_location

from .cli_progress import progress_on

if TYPE_CHECKING:  # loaded by the commands using them: every other command builds the
    # parser, which adds these commands, and never runs them
    from storage import Library, MergeReport

EXIT_OK, EXIT_CONFLICT = 0, 1


def add_sync_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add merge, git-setup and git-merge-driver to the parser's subcommands."""
    merging = commands.add_parser(
        "merge", parents=[common], help="merge another copy of this library into it"
    )
    merging.add_argument("other", type=Path, metavar="OTHER_LIBRARY", help="its library file")
    merging.add_argument(
        "--dry-run", action="store_true", help="say what would change; change nothing"
    )
    commands.add_parser(
        "git-setup",
        parents=[common],
        help="make git merge this library with papershelf (in the repository holding it)",
    )
    driver = commands.add_parser(
        "git-merge-driver", help="what git runs to merge a library's file (see git-setup)"
    )
    for name in ("base", "ours", "theirs", "path"):
        driver.add_argument(name, metavar=name.upper())


def merge(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`merge OTHER [--dry-run]`."""
    with progress_on(err) as shown:
        shown(f"Merging {args.other}")
        report = library.merge(args.other, dry_run=args.dry_run)
    verb = "Would merge" if args.dry_run else "Merged"
    print(f"{verb} {args.other}: {report.describe()}", file=out)
    if args.dry_run:
        for line in merge_details(report):
            print(line, file=out)
    return EXIT_OK


def merge_details(report: MergeReport) -> list[str]:
    """What a merge would change, one line a paper: what `merge --dry-run` prints."""
    title = report.titles.get
    lines = [f"  new paper   {pid[:8]}  {title(pid, '')}" for pid in report.papers_added]
    lines += [f"  filled in   {pid[:8]}  {title(pid, '')}" for pid in report.papers_updated]
    for pid, words in report.states_changed.items():
        lines.append(f"  state       {pid[:8]}  {', '.join(words)}  ({title(pid, '')})")
    lines += [f"  both notes  {pid[:8]}  {title(pid, '')}" for pid in report.notes_kept]
    lines += [f"  new key     {old} -> {new}" for _, old, new in report.keys_renamed]
    return lines


def _git_setup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from storage.git_setup import set_up_git

    for line in set_up_git(library_location(getattr(args, "db", None)).path):
        print(line, file=out)
    return EXIT_OK


def _git_merge_driver(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Merge one file for git; where it cannot, leave git's own conflict and say why."""
    import subprocess

    from storage.git_driver import MergeRefused, merge_file

    versions = (Path(args.base), Path(args.ours), Path(args.theirs))
    try:
        words = merge_file(*versions, args.path, Path.cwd())
    except Exception as error:  # never a traceback in the middle of git's own output
        reason = (
            str(error) if isinstance(error, MergeRefused) else f"{type(error).__name__}: {error}"
        )
        print(f"papershelf: {args.path}: {reason}; git's conflict is left as it is", file=err)
        labels = ("-L", "ours", "-L", "base", "-L", "theirs")
        command = ["git", "merge-file", *labels, args.ours, args.base, args.theirs]
        subprocess.run(command, check=False)
        return EXIT_CONFLICT
    print(f"papershelf: merged {args.path}: {words}", file=err)
    return EXIT_OK


def machine_lines(args: argparse.Namespace) -> list[str]:
    """What `config` says of this machine, as TOML comments: the library it opens and its
    device id, which is kept outside the (perhaps synced) library folder."""
    from storage.device import device_id, device_id_path

    location = library_location(getattr(args, "db", None))
    return [
        f"# library: {location.path}",
        f"# device id: {device_id()} (this machine's, kept in {device_id_path()})",
    ]


WITHOUT_LIBRARY: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "git-merge-driver": _git_merge_driver,
    "git-setup": _git_setup,
}
"""Commands that must not open (or create) a library."""
