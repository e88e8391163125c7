"""The `papershelf` command line: the app's jobs for scripts, with clear exits.

Exit status: 0 success, 1 bad input (a broken document, an unknown id, a malformed
query, bad arguments), 2 an unusable library file. Messages go to stderr; no traceback.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final, NoReturn, TextIO, cast

from storage import (
    BadInputError,
    Change,
    ChangeTags,
    Delete,
    Entry,
    ExportFormat,
    Library,
    LibraryError,
    MarkRead,
    Restore,
    SetNote,
    SortOrder,
    UnknownPaperError,
    View,
    library_location,
    open_library,
    plural,
    split_tags,
)
from storage.text import visible

from . import collector
from .sync_commands import WITHOUT_LIBRARY, add_sync_commands, merge

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

    add = commands.add_parser(
        "import", parents=[common], help="import seed documents, BibTeX (.bib) and RIS (.ris)"
    )
    add.add_argument("files", nargs="+", metavar="FILE", type=Path)

    show = commands.add_parser("list", parents=[common], help="list papers matching a query")
    show.add_argument("query", nargs="*", metavar="QUERY", help="search language, as in the app")
    show.add_argument("--json", action="store_true", help="print one JSON array")
    show.add_argument(
        "--sort", choices=[order.value for order in SortOrder], default=SortOrder.CITATIONS.value
    )

    trash = commands.add_parser("trash", parents=[common], help="list the deleted papers")
    trash.add_argument("--json", action="store_true", help="print one JSON array")

    for name, summary in (
        ("read", "mark papers read"),
        ("unread", "mark papers unread"),
        ("delete", "move papers to the trash"),
        ("restore", "bring papers back from the trash"),
    ):
        mark = commands.add_parser(name, parents=[common], help=summary)
        _add_targets(mark)

    tag = commands.add_parser(
        "tag",
        parents=[common],
        help="add (+tag) or remove (-tag) tags; with one id and no changes, print its tags",
    )
    tag.add_argument("--query", metavar="QUERY", help="every paper the query finds")
    # REMAINDER, so that "-tag" reaches us as a value instead of an unknown option.
    tag.add_argument("words", nargs=argparse.REMAINDER, metavar="ID|+TAG|-TAG")

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

    cite = commands.add_parser(
        "cite",
        parents=[common],
        help="print formatted citations of papers (ids, citation keys, or a query)",
    )
    cite.add_argument(
        "words", nargs="*", metavar="QUERY|ID", help="ids or keys, else a search-language query"
    )
    cite.add_argument(
        "--style",
        default="apa",
        metavar="STYLE",
        help="apa (default), vancouver, harvard, chicago, ieee, mla, nature, or a CSL style name",
    )
    cite.add_argument("--list-styles", action="store_true", help="print every style name")

    key = commands.add_parser(
        "key", parents=[common], help="print a paper's citation key, or change it"
    )
    key.add_argument("id", metavar="ID")
    key.add_argument("key", nargs="?", metavar="NEWKEY", help="the new key (refused if taken)")

    commands.add_parser("undo", parents=[common], help="undo the library's last change")
    commands.add_parser("redo", parents=[common], help="redo the last undone change")

    add_sync_commands(commands, common)
    return parser


def _add_targets(command: argparse.ArgumentParser) -> None:
    command.add_argument("ids", nargs="*", metavar="ID", help="paper id or unique prefix")
    command.add_argument(
        "--query", metavar="QUERY", help="every paper the query finds (search language)"
    )


def run(argv: Sequence[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run one command line and return its exit status."""
    out = _terminal_safe(stdout or sys.stdout)
    err = _terminal_safe(stderr or sys.stderr)
    try:
        args = _parse(list(argv))
    except UsageError as error:
        print(error, file=err)
        return EXIT_BAD_INPUT
    if args.command in WITHOUT_LIBRARY:
        return _without_library(args, out, err)
    try:
        with collector.loading(for_app=args.command is None):
            library, first_import = open_library(
                library_location(getattr(args, "db", None)),
                on_lock_wait=lambda holder: print(f"papershelf: waiting for {holder} …", file=err),
            )
    except LibraryError as error:
        if args.command is None and _is_terminal(out):
            _show_library_error(error)
        print(f"papershelf: unusable library {error}", file=err)
        return EXIT_BAD_LIBRARY
    if first_import is not None:
        print(f"Created {library.path} with the bundled seed documents.", file=err)
    _merge_conflict_copies(library, err)
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


def _merge_conflict_copies(library: Library, err: TextIO) -> None:
    """Merge in what a sync tool left beside the library, and say so on stderr."""
    try:
        change = library.check_for_changes()
    except LibraryError as error:
        print(f"papershelf: {error}", file=err)
        return
    for words in change.merged if change is not None else ():
        print(f"papershelf: {words}", file=err)


def _without_library(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The commands that must not open (or create) a library."""
    try:
        return WITHOUT_LIBRARY[args.command](args, out, err)
    except BadInputError as error:
        print(f"papershelf: {error}", file=err)
        return EXIT_BAD_INPUT


def _parse(argv: list[str]) -> argparse.Namespace:
    """Parse arguments; for `list`, words like -tag:x are query terms, not options."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command in ("list", "export"):
        args.query = [*args.query, *extra]
    elif extra and args.command == "cite":
        args.words = [*args.words, *extra]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


class _TerminalText(io.TextIOBase):
    """A terminal's stream that never receives a control character from data.

    Tried, escape sequences in a summary or a note set the terminal's title, wrote its
    clipboard and cleared it through `list`, `note` and `export`. To a terminal every
    control character but tab and newline is written as a picture of itself (`␛`);
    to a pipe or a file the text goes as it is, so `note > file` keeps the note.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(visible(text))

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._stream.fileno()


def _terminal_safe(stream: TextIO) -> TextIO:
    return cast(TextIO, _TerminalText(stream)) if _is_terminal(stream) else stream


def json_text(value: object) -> str:
    """JSON text with C1 control characters escaped too (the JSON encoder escapes only
    C0 ones): a terminal reading U+009B takes it for the start of an escape sequence."""
    return _C1.sub(lambda match: f"\\u{ord(match[0]):04x}", json.dumps(value, ensure_ascii=False))


_C1: Final = re.compile("[\x80-\x9f]")


def _is_terminal(stream: TextIO) -> bool:
    return hasattr(stream, "isatty") and stream.isatty()


def _show_library_error(error: LibraryError) -> None:
    """In a terminal, explain the problem on a screen before exiting (never a traceback)."""
    from .error_app import LibraryErrorApp

    LibraryErrorApp(error).run()


def _start_app(library: Library) -> int:
    from .app import PapershelfApp  # Textual loads only when the app is wanted

    tuning = collector.AppCollector()
    tuning.start()
    return PapershelfApp(library, collector=tuning).run() or EXIT_OK


def _import(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    report = library.import_files(args.files)
    for item in report.files:
        print(item.describe(), file=err if item.error is not None else out)
    return EXIT_BAD_INPUT if report.failed else EXIT_OK


def _list(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    view = View(" ".join(args.query), include_reports=True, sort=SortOrder(args.sort))
    return _print_entries(library, library.search(view), args.json, out, err)


def _trash(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    entries = library.search(View(trash=True, include_reports=True, sort=SortOrder.ADDED))
    return _print_entries(library, entries, args.json, out, err)


def _print_entries(
    library: Library, entries: Sequence[Entry], as_json: bool, out: TextIO, err: TextIO
) -> int:
    if as_json:
        out.write(json_text([entry_json(library, entry) for entry in entries]) + "\n")
        return EXIT_OK
    width = shutil.get_terminal_size((10_000, 24)).columns if _is_terminal(out) else 10_000
    for entry in entries:
        print(format_row(entry, width), file=out)
    if _is_terminal(out):
        print(f"{len(entries):,} papers", file=err)
    return EXIT_OK


def entry_json(library: Library, entry: Entry) -> dict[str, Any]:
    """The `list --json` form of a paper: the documented fields, and a few more."""
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
        "sources": library.source_names(entry),
        "read": state.read,
        "tags": list(state.tags),
        "note": state.note,
        "deleted": state.deleted,
        "title": paper.title,
        "authors": list(paper.authors),
        "doi": paper.doi,
        "url": paper.url,
        "key": paper.key,
        "type": paper.bibtex_type,
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
    row = visible(row)  # before cutting: never half an escape sequence
    return row if len(row) <= width else row[: width - 1] + "…"


def _targets(library: Library, ids: Sequence[str], query: str | None) -> list[str]:
    """The papers a state command acts on: ids (all checked first) or a query's finds."""
    if ids and query is not None:
        raise UsageError("give paper ids or --query, not both")
    if query is not None:
        return library.search(View(query, include_reports=True)).ids()
    if not ids:
        raise UsageError("name the papers: one or more ids, or --query QUERY")
    return library.resolve_ids(ids)


def _changer(
    change: Callable[[], Change], *, trash: bool = False
) -> Callable[[Library, argparse.Namespace, TextIO, TextIO], int]:
    """A command that makes one change to the papers named by ids or --query."""

    def command(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
        query = args.query
        if trash and query is not None:  # restore --query searches the trash
            ids = library.search(View(query, trash=True, include_reports=True)).ids()
        else:
            ids = _targets(library, args.ids, query)
        print(library.apply(change(), ids).describe(), file=out)
        return EXIT_OK

    return command


def _tag(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`tag ID... +a -b`: +/- words are changes, bare words are paper ids."""
    add: list[str] = []
    remove: list[str] = []
    ids: list[str] = []
    query: str | None = args.query
    words = iter(args.words)
    for word in words:
        if word == "--query":
            query = next(words, None)
            if query is None:
                raise UsageError("--query needs a query")
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
    targets = _targets(library, ids, query)
    if not (add or remove):
        if len(targets) != 1 or query is not None:
            raise UsageError("no tag changes given (write +tag to add, -tag to remove)")
        tags = library.entry(targets[0]).state.tags
        print(", ".join(tags) if tags else "(no tags)", file=out)
        return EXIT_OK
    print(library.apply(ChangeTags(add, remove), targets).describe(), file=out)
    return EXIT_OK


def _note(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    paper_id = library.resolve_id(args.id)
    if args.text is None:
        note = library.entry(paper_id).state.note
        if note:
            print(note, file=out)
        return EXIT_OK
    text = sys.stdin.read() if args.text == "-" else args.text
    library.apply(SetNote(text.rstrip("\n")), [paper_id])
    return EXIT_OK


def _export(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    view = View(" ".join(args.query), sort=SortOrder.ADDED)  # papers, not the case reports
    if args.output is None:
        out.write(library.export(ExportFormat(args.format), view).text)
        return EXIT_OK
    exported = library.export_to(args.output, ExportFormat(args.format), view)
    print(f"Exported {plural(exported.count, 'paper')} to {args.output}", file=err)
    return EXIT_OK


_ID_LIKE = re.compile(r"[0-9a-f]{4,16}")


def _cited(library: Library, words: Sequence[str]) -> list[Entry]:
    """The papers `cite` names: every word a citation key or id (prefix), or else all
    the words one query."""
    if not words:
        raise UsageError("name the papers: ids, citation keys, or a query")
    named: list[Entry] = []
    for word in words:
        entry = library.find_key(word)
        if entry is None and _ID_LIKE.fullmatch(word.lower()):
            try:
                entry = library.entry(word)
            except UnknownPaperError:
                entry = None
        if entry is None:
            break
        named.append(entry)
    else:
        return named
    query = " ".join(words)
    found = list(library.search(View(query, include_reports=True)))
    if not found:
        raise UsageError(f"no paper has that id or citation key, and no paper matches {query!r}")
    return found


def _cite(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from storage.citations import STYLE_ALIASES, format_bibliography, resolve_style, style_names

    if args.list_styles:
        for alias, name in STYLE_ALIASES.items():
            print(f"{alias:<10} = {name}", file=out)
        print("\n".join(style_names()), file=out)
        return EXIT_OK
    resolve_style(args.style)  # an unknown style is refused before any paper is read
    entries = _cited(library, args.words)
    for text in format_bibliography([entry.paper for entry in entries], args.style):
        print(text, file=out)
    return EXIT_OK


def _key(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`key ID [NEWKEY]`: the paper may also be named by its current key."""
    named = library.find_key(args.id)
    paper_id = named.id if named is not None else library.resolve_id(args.id)
    if args.key is None:
        print(library.entry(paper_id).paper.key, file=out)
        return EXIT_OK
    print(library.set_key(paper_id, args.key).describe(), file=out)
    return EXIT_OK


def _history(verb: str) -> Callable[[Library, argparse.Namespace, TextIO, TextIO], int]:
    def command(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
        applied = library.undo() if verb == "undo" else library.redo()
        if applied is None:
            print(f"nothing to {verb}", file=err)
            return EXIT_BAD_INPUT
        print(applied.describe("Undone" if verb == "undo" else "Redone"), file=out)
        return EXIT_OK

    return command


_COMMANDS: dict[str, Callable[[Library, argparse.Namespace, TextIO, TextIO], int]] = {
    "cite": _cite,
    "delete": _changer(Delete),
    "export": _export,
    "import": _import,
    "key": _key,
    "list": _list,
    "merge": merge,
    "note": _note,
    "read": _changer(lambda: MarkRead(True)),
    "redo": _history("redo"),
    "restore": _changer(Restore, trash=True),
    "tag": _tag,
    "trash": _trash,
    "undo": _history("undo"),
    "unread": _changer(lambda: MarkRead(False)),
}
