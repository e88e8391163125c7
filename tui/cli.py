"""The `papershelf` command line: the app's jobs for scripts, with clear exits.

Exit status: 0 success, 1 bad input (a broken document, an unknown id, a malformed
query, bad arguments), 2 an unusable library file. Messages go to stderr; no traceback.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from storage import (
    BadInputError,
    Entry,
    ExportFormat,
    ImportReport,
    Library,
    LibraryError,
    SortOrder,
    library_location,
    open_library,
    plural,
    save_export,
    split_tags,
)

from . import collector

EXIT_OK, EXIT_BAD_INPUT, EXIT_BAD_LIBRARY = 0, 1, 2


class UsageError(BadInputError):
    """Arguments that do not make a valid command (exit status 1)."""


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on bad arguments; here 2 means a broken library file."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}\n{self.format_usage().strip()}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; `--db` is accepted before or after the subcommand."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="library file (default: $PAPERSHELF_DB, else the user data directory)",
    )
    parser = _Parser(
        prog="papershelf",
        description="A keyboard-driven reading list for scientific papers.",
        parents=[common],
        epilog="With no command, starts the app.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    add = commands.add_parser("import", parents=[common], help="import seed documents")
    add.add_argument("files", nargs="+", metavar="FILE", type=Path)

    show = commands.add_parser("list", parents=[common], help="list papers matching a query")
    show.add_argument("query", nargs="*", metavar="QUERY", help="search language, as in the app")
    show.add_argument("--json", action="store_true", help="print one JSON array")
    show.add_argument(
        "--sort", choices=[order.value for order in SortOrder], default=SortOrder.CITATIONS.value
    )

    for name, summary in (("read", "mark papers read"), ("unread", "mark papers unread")):
        mark = commands.add_parser(name, parents=[common], help=summary)
        mark.add_argument("ids", nargs="+", metavar="ID", help="paper id or unique prefix")

    tag = commands.add_parser(
        "tag", parents=[common], help="add (+tag) or remove (-tag) tags; no changes prints them"
    )
    tag.add_argument("id", metavar="ID")
    # REMAINDER, so that "-tag" reaches us as a value instead of an unknown option.
    tag.add_argument("changes", nargs=argparse.REMAINDER, metavar="+TAG|-TAG")

    out = commands.add_parser(
        "export", parents=[common], help="export papers matching a query (all by default)"
    )
    out.add_argument(
        "--format", required=True, choices=[f.value for f in ExportFormat], help="output format"
    )
    out.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here, not stdout")
    out.add_argument("query", nargs="*", metavar="QUERY", help="search language, as in the app")

    note = commands.add_parser("note", parents=[common], help="print or set a paper's note")
    note.add_argument("id", metavar="ID")
    note.add_argument("--set", dest="text", metavar="TEXT", help="new note ('-' reads stdin)")
    return parser


def run(argv: Sequence[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run one command line and return its exit status."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = _parse(list(argv))
    except UsageError as error:
        print(error, file=err)
        return EXIT_BAD_INPUT
    try:
        with collector.loading(for_app=args.command is None):
            library, first_import = open_library(library_location(getattr(args, "db", None)))
    except LibraryError as error:
        if args.command is None and _is_terminal(out):
            _show_library_error(error)
        print(f"papershelf: unusable library {error}", file=err)
        return EXIT_BAD_LIBRARY
    if first_import is not None:
        print(f"Created {library.path} with the bundled seed documents.", file=err)
    try:
        if args.command is None:
            return _start_app(library)
        return _COMMANDS[args.command](library, args, out, err)
    except BadInputError as error:
        print(f"papershelf: {error}", file=err)
        return EXIT_BAD_INPUT
    except LibraryError as error:
        print(f"papershelf: {error}", file=err)
        return EXIT_BAD_LIBRARY
    finally:
        library.close()


def _parse(argv: list[str]) -> argparse.Namespace:
    """Parse arguments; for `list`, words like -tag:x are query terms, not options."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command in ("list", "export"):
        args.query = [*args.query, *extra]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def _is_terminal(stream: TextIO) -> bool:
    return hasattr(stream, "isatty") and stream.isatty()


def _show_library_error(error: LibraryError) -> None:
    """In a terminal, explain the problem on a screen before exiting (never a traceback)."""
    from .error_app import LibraryErrorApp

    LibraryErrorApp(error).run()


def _start_app(library: Library) -> int:
    from .app import PapershelfApp  # Textual loads only when the app is wanted

    collector.start()
    return PapershelfApp(library).run() or EXIT_OK


def _import(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    report = library.import_files(args.files)
    print_import_report(report, out, err)
    return EXIT_BAD_INPUT if report.failed else EXIT_OK


def print_import_report(report: ImportReport, out: TextIO, err: TextIO) -> None:
    """One line per file: what was imported, or why it was refused."""
    for item in report.files:
        if item.error is not None:
            print(f"refused {item.error}; nothing imported from it", file=err)
        elif item.already_imported:
            print(f"{item.path}: already imported, nothing changed", file=out)
        else:
            known = f", {item.known_papers} already in the library" if item.known_papers else ""
            print(f"{item.path}: {plural(item.new_papers, 'new paper')}{known}", file=out)


def _list(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    query = " ".join(args.query)
    entries = library.search(query, include_reports=True, sort=SortOrder(args.sort))
    if args.json:
        json.dump([entry_json(library, entry) for entry in entries], out, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    width = shutil.get_terminal_size((10_000, 24)).columns if out.isatty() else 10_000
    for entry in entries:
        print(format_row(entry, width), file=out)
    if out.isatty():
        print(f"{len(entries)} of {len(library.entries(include_reports=True))} papers", file=err)
    return EXIT_OK


def entry_json(library: Library, entry: Entry) -> dict[str, Any]:
    """The `list --json` form of a paper: the fields PRODUCT §5 names, and a few more."""
    paper, state = entry.paper, entry.state
    return {
        "id": paper.id,
        "kind": paper.kind,
        "summary": paper.summary,
        "abstract": paper.abstract,
        "journal": paper.journal,
        "year": paper.year,
        "month": paper.month,
        "citations": paper.citations,
        "sources": library.source_names(paper),
        "read": state.read,
        "tags": list(state.tags),
        "note": state.note,
        "title": paper.title,
        "authors": list(paper.authors),
        "doi": paper.doi,
        "url": paper.url,
        "read_at": state.read_at.isoformat() if state.read_at else None,
        "added_at": paper.added_at.isoformat(),
    }


def format_row(entry: Entry, width: int) -> str:
    """A one-line summary of a paper, cut to `width` columns."""
    paper, state = entry.paper, entry.state
    mark = "[x]" if state.read else "[ ]"
    date = "report " if paper.kind == "report" else f"{paper.year or '':<4}   "
    if paper.month and paper.kind != "report":
        date = f"{paper.year}-{paper.month:02d}"
    cites = "" if paper.citations is None else f"{paper.citations:,}"
    journal = paper.journal if len(paper.journal) <= 28 else paper.journal[:27] + "…"
    tags = "  " + " ".join(f"#{tag}" for tag in state.tags) if state.tags else ""
    row = f"{paper.id[:8]}  {mark}  {date}  {cites:>6}  {journal:<28}  {paper.display_title}{tags}"
    return row if len(row) <= width else row[: width - 1] + "…"


def _mark(read: bool) -> Callable[[Library, argparse.Namespace, TextIO, TextIO], int]:
    def mark(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
        ids = [library.resolve_id(given) for given in args.ids]  # all valid before any change
        for paper_id in ids:
            entry = library.set_read(paper_id, read)
            print(format_row(entry, 10_000), file=out)
        return EXIT_OK

    return mark


def _tag(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    paper_id = library.resolve_id(args.id)
    add: list[str] = []
    remove: list[str] = []
    for change in args.changes:
        if change.startswith("-"):
            remove.extend(split_tags(change[1:]))
        else:
            add.extend(split_tags(change.removeprefix("+")))
    if not (add or remove) and args.changes:
        raise UsageError("no tag names given (write +tag to add, -tag to remove)")
    entry = library.entry(paper_id)
    if remove:
        entry = library.remove_tags(paper_id, remove)
    if add:
        entry = library.add_tags(paper_id, add)
    print(", ".join(entry.state.tags) if entry.state.tags else "(no tags)", file=out)
    return EXIT_OK


def _note(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    paper_id = library.resolve_id(args.id)
    if args.text is None:
        note = library.entry(paper_id).state.note
        if note:
            print(note, file=out)
        return EXIT_OK
    text = sys.stdin.read() if args.text == "-" else args.text
    library.set_note(paper_id, text.rstrip("\n"))
    return EXIT_OK


def _export(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    text, count = library.export(ExportFormat(args.format), " ".join(args.query))
    if args.output is None:
        out.write(text)
        return EXIT_OK
    save_export(args.output, text)
    print(f"Exported {plural(count, 'paper')} to {args.output}", file=err)
    return EXIT_OK


_COMMANDS: dict[str, Callable[[Library, argparse.Namespace, TextIO, TextIO], int]] = {
    "export": _export,
    "import": _import,
    "list": _list,
    "read": _mark(True),
    "unread": _mark(False),
    "tag": _tag,
    "note": _note,
}
