"""The commands that change papers: ids or `--query`, one change, and `--dry-run`.

Each makes one `Change` over every paper it names (one write, one undo step), or with
`--dry-run` prints what that change would do, paper by paper, and writes nothing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TextIO, TypeVar

import storage
from storage import STATUSES, Change, Library, UnknownPaperError, View, split_tags

from .cli_parser import PRIORITY_WORDS, UsageError
from .cli_rows import rows

Command = Callable[[Library, argparse.Namespace, TextIO, TextIO], int]
T = TypeVar("T")
EXIT_OK = 0


def targets(library: Library, ids: Sequence[str], query: str | None) -> list[str]:
    """The papers a command acts on: ids (all checked first) or a query's finds."""
    if ids and query is not None:
        raise UsageError("give paper ids or --query, not both")
    if query is not None:
        return library.search(View(query, include_reports=True), once=True).ids()
    if not ids:
        raise UsageError("name the papers: one or more ids, or --query QUERY")
    return library.resolve_ids(ids)


def _make(
    library: Library, change: Change, ids: Sequence[str] | None, dry_run: bool, out: TextIO
) -> int:
    """Apply `change` to `ids` (None: wherever it applies) and say what it did, or with
    `dry_run` say what it would do and to which papers."""
    if not dry_run:
        applied = library.apply_everywhere(change) if ids is None else library.apply(change, ids)
        print(applied.describe(), file=out)
        return EXIT_OK
    preview = library.preview(change, ids)
    print(f"would have {preview.words} (dry run: nothing changed)", file=out)
    width = shutil.get_terminal_size((10_000, 24)).columns if out.isatty() else 10_000
    for row in rows(library.entries(preview.paper_ids), width - 2):
        print("  " + row, file=out)
    return EXIT_OK


def changer(change: Callable[[], Change], *, trash: bool = False) -> Command:
    """A command that makes one change to the papers named by ids or --query."""

    def command(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
        query = args.query
        if trash and query is not None:  # restore --query searches the trash
            ids = library.search(View(query, trash=True, include_reports=True), once=True).ids()
        else:
            ids = targets(library, args.ids, query)
        return _make(library, change(), ids, args.dry_run, out)

    return command


def _valued(
    name: str,
    values: Mapping[str, T],
    change: Callable[[T], Change],
    shown: Callable[[Library, str], str],
) -> Command:
    """`status ID... queued`, `prio ID... 2`: the last word is the value, the others ids;
    one id alone prints the paper's value."""
    choices = ", ".join(values)

    def command(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
        words: list[str] = args.words
        if words and words[-1].casefold() in values:
            ids = targets(library, words[:-1], args.query)
            return _make(library, change(values[words[-1].casefold()]), ids, args.dry_run, out)
        if len(words) == 1 and args.query is None:
            print(shown(library, library.resolve_id(words[0])), file=out)
            return EXIT_OK
        found = f"; {words[-1]!r} is none of them" if words else ""
        raise UsageError(f"give the {name} last, one of {choices}{found}")

    return command


def _status_of(library: Library, paper_id: str) -> str:
    return library.entry(paper_id).state.status


def _priority_of(library: Library, paper_id: str) -> str:
    return str(library.entry(paper_id).state.priority or "none")


def tag(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`tag ID... +a -b`: +/- words are changes, bare words are paper ids."""
    add: list[str] = []
    remove: list[str] = []
    ids: list[str] = []
    query: str | None = args.query
    dry_run: bool = args.dry_run
    words = iter(args.words)
    for word in words:
        if word == "--query":
            query = next(words, None)
            if query is None:
                raise UsageError("--query needs a query")
        elif word == "--dry-run":
            dry_run = True
        elif word in ("+", "-"):
            raise UsageError(f"{word} names no tag (write +tag to add, -tag to remove)")
        elif word.startswith("-"):
            remove.extend(split_tags(word[1:]))
        elif word.startswith("+"):
            add.extend(split_tags(word[1:]))
        else:
            ids.append(word)
    for word in ids:
        try:
            library.resolve_id(word)
        except UnknownPaperError:
            raise UsageError(f"unknown paper id {word!r} (to add the tag, write +{word})") from None
    papers = targets(library, ids, query)
    if not (add or remove):
        if len(papers) != 1 or query is not None:
            raise UsageError("no tag changes given (write +tag to add, -tag to remove)")
        tags = library.entry(papers[0]).state.tags
        print(", ".join(tags) if tags else "(no tags)", file=out)
        return EXIT_OK
    return _make(library, storage.ChangeTags(add, remove), papers, dry_run, out)


def tags(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`tags [QUERY]`: the tags in use with their counts; `--rename OLD NEW` everywhere."""
    if args.rename:
        if args.query:
            raise UsageError("--rename renames a tag on every paper: give no query")
        try:
            change = storage.RenameTag(*args.rename)
        except ValueError as error:
            raise UsageError(str(error)) from None
        renames = change.old.casefold() != change.new.casefold()
        if renames and not library.preview(change).paper_ids:
            raise UsageError(f"no paper has the tag {change.old!r}")
        return _make(library, change, None, args.dry_run, out)
    if args.dry_run:
        raise UsageError("--dry-run goes with --rename (listing tags changes nothing)")
    tagged = library.search(View(" ".join(args.query), include_reports=True), once=True)
    counts = library.tag_counts(tagged, once=True)
    assert counts is not None  # built when asked
    if args.json:
        json.dump([{"tag": tag, "count": count} for tag, count in counts], out, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    width = max((len(f"{count:,}") for _, count in counts), default=1)
    for tag, count in counts:
        print(f"{count:>{width},}  {tag}", file=out)
    return EXIT_OK


def note(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`note ID`: print it; `--set` or `--append TEXT` on ids or a query's papers."""
    if args.text is None and args.append is None:
        if len(args.ids) != 1 or args.query is not None:
            raise UsageError("name one paper to print its note (or give --set or --append)")
        text = library.entry(library.resolve_id(args.ids[0])).state.note
        if text:
            print(text, file=out)
        return EXIT_OK
    given = args.text if args.append is None else args.append
    text = (sys.stdin.read() if given == "-" else given).rstrip("\n")
    change = storage.SetNote(text) if args.append is None else storage.AppendNote(text)
    return _make(library, change, targets(library, args.ids, args.query), args.dry_run, out)


COMMANDS: dict[str, Command] = {
    "delete": changer(lambda: storage.Delete()),
    "note": note,
    "prio": _valued("priority", PRIORITY_WORDS, lambda p: storage.SetPriority(p), _priority_of),
    "read": changer(lambda: storage.MarkRead(True)),
    "restore": changer(lambda: storage.Restore(), trash=True),
    "status": _valued(
        "status",
        {status: status for status in STATUSES},
        lambda s: storage.SetStatus(s),
        _status_of,
    ),
    "tag": tag,
    "tags": tags,
    "unread": changer(lambda: storage.MarkRead(False)),
}
"""The commands that change papers, by name. Each names its change through the package at
run time, which loads that kind of change alone (see `storage.changes`): `tag` made the
dataclasses of every change, a tenth of its start."""
