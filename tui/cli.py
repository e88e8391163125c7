"""The `papershelf` command line: the app's jobs for scripts, with clear exits.

Exit status: 0 success, 1 bad input (a broken document, an unknown id, a malformed
query, bad arguments), 2 an unusable library file. Messages go to stderr; no traceback.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, NoReturn, TextIO, cast

from storage import (
    BadInputError,
    Entry,
    EntryList,
    Library,
    LibraryError,
    SortOrder,
    UnknownPaperError,
    View,
    library_location,
    open_library,
    plural,
)
from storage.text import visible

from . import collector
from .cli_parser import UsageError, build_parser, command_word
from .cli_progress import is_terminal, progress_on
from .cli_rows import entries_json, row_pieces
from .cli_views import saved_views_command
from .sync_commands import WITHOUT_LIBRARY, merge

if TYPE_CHECKING:
    from storage import ExportFormat
    from storage.first_page import FirstPage

    from .app import PapershelfApp
    from .cli_changes import Command

EXIT_OK, EXIT_BAD_INPUT, EXIT_BAD_LIBRARY = 0, 1, 2


def run(
    argv: Sequence[str],
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    kept: list[object] | None = None,
) -> int:
    """Run one command line and return its exit status; a command's library is left in
    `kept` if given, for a process about to end (see `tui.__main__`)."""
    out = _terminal_safe(stdout or sys.stdout)
    err = _terminal_safe(stderr or sys.stderr)
    try:
        args = _parse(list(argv))
    except UsageError as error:
        print(error, file=err)
        return EXIT_BAD_INPUT
    if args.version:
        print(f"papershelf {_version()}", file=out)
        return EXIT_OK
    if args.command == "config":  # the settings need no library
        from .cli_settings import print_config

        return print_config(args, out, err)
    if args.command == "completion":
        from .completion import completion_script

        out.write(completion_script(build_parser(), args.shell))
        return EXIT_OK
    if args.command in WITHOUT_LIBRARY:
        return _without_library(args, out, err)
    if args.command is None and (started := _start_from_first_page(args, out, err)) is not None:
        return started
    try:
        with collector.loading(for_app=args.command is None):
            library, first_import = open_library(
                library_location(getattr(args, "db", None)),
                on_lock_wait=lambda holder: print(f"papershelf: waiting for {holder} …", file=err),
                share_values=args.command is None,  # a command's process ends soon
            )
            if args.command is not None:
                # Out of the collector until the command ends (then back, for a caller
                # in the same process): the documents form no cycles, yet each full
                # collection walked all of them while `list --json` or `export` made
                # their output, a tenth of their CPU at 100,000 papers.
                gc.freeze()
    except LibraryError as error:
        if args.command is None and is_terminal(out):
            _show_library_error(error)
        print(f"papershelf: unusable library {error}", file=err)
        return EXIT_BAD_LIBRARY
    created = (
        [] if first_import is None else [f"Created {library.path} with the bundled seed documents."]
    )
    if created and args.command is not None:
        print(created[0], file=err)
    _merge_conflict_copies(library, err)
    try:
        if args.command is None:  # the app says it on screen, not after it quits
            return _start_app(library, args, created).exit_status
        return _command(args.command)(library, args, out, err)
    except BadInputError as error:
        print(f"papershelf: {error}", file=err)
        return EXIT_BAD_INPUT
    except LibraryError as error:
        print(f"papershelf: {error}", file=err)
        return EXIT_BAD_LIBRARY
    finally:
        library.close()
        if args.command is not None:
            gc.unfreeze()
            if kept is not None:
                kept.append(library)


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


_QUERY_COMMANDS: Final = ("list", "tags", "views")
_WORD_COMMANDS: Final = ("cite", "export", "status", "prio")

_AS_WORD: Final = "\0"
"""Marks a word that looks like an option but is a query term while argparse reads it."""


def _parse(argv: list[str]) -> argparse.Namespace:
    """Parse arguments; for `list` and the like, words like -tag:x are query terms, not
    options, and so are words like -hair, which argparse would read as -h with a value
    (-h takes none, so such a word can only be a term)."""
    parser = build_parser(command_word(argv))
    marked = [_AS_WORD + word if _HELP_AND_MORE.fullmatch(word) else word for word in argv]
    args, extra = parser.parse_known_args(marked)
    if marked != argv and args.command not in (*_QUERY_COMMANDS, *_WORD_COMMANDS):
        args, extra = parser.parse_known_args(argv)  # a value, not a term: as typed
    if extra and args.command in _QUERY_COMMANDS:
        args.query = [*args.query, *extra]
    elif extra and args.command in _WORD_COMMANDS:
        args.words = [*args.words, *extra]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    for name in ("query", "words"):
        if isinstance(words := getattr(args, name, None), list):
            setattr(args, name, [word.removeprefix(_AS_WORD) for word in words])
    return args


_HELP_AND_MORE: Final = re.compile(r"-h[^-].*", re.DOTALL)


class _TerminalText(io.TextIOBase):
    """A terminal's stream that never receives a control character from data.

    Tried, escape sequences in a summary or a note set the terminal's title, wrote its
    clipboard and cleared it through `list`, `note` and `export`. To a terminal every
    control character but tab and newline is written as a picture of itself (`␛`);
    to a pipe or a file the text goes as it is, so `note > file` keeps the note.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.terminal = stream
        """The terminal itself, for the progress bar's own escape sequences."""

    def write(self, text: str) -> int:
        return self.terminal.write(visible(text))

    def flush(self) -> None:
        self.terminal.flush()

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.terminal.fileno()


def _terminal_safe(stream: TextIO) -> TextIO:
    return cast(TextIO, _TerminalText(stream)) if is_terminal(stream) else stream


def _version() -> str:
    """The installed version (a source checkout that was never installed: unknown)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("papershelf")
    except PackageNotFoundError:
        return "(not installed)"


def _show_library_error(error: LibraryError) -> None:
    """In a terminal, explain the problem on a screen before exiting (never a traceback)."""
    from .error_app import LibraryErrorApp

    LibraryErrorApp(error).run()


def _start_app(
    library: Library | None,
    args: argparse.Namespace,
    notices: list[str],
    first_page: FirstPage | None = None,
    opening: Callable[[], Library] | None = None,
) -> PapershelfApp:
    """Run the app on `library`, or on a first page while `opening` opens it."""
    from .app import PapershelfApp  # Textual loads only when the app is wanted
    from .cli_settings import load_for
    from .view_memory import ViewMemory

    loaded = load_for(args)
    tuning = collector.AppCollector()
    tuning.start()
    app = PapershelfApp(
        library,
        first_page=first_page,
        opening=opening,
        collector=tuning,
        settings=loaded.settings,
        settings_file=loaded.path,
        memory=ViewMemory(),
        notices=[*notices, *loaded.problems],
    )
    app.run()
    return app


def _start_from_first_page(args: argparse.Namespace, out: TextIO, err: TextIO) -> int | None:
    """Run the app from the first page kept beside the library, reading the library after
    the first frame (see `storage.first_page`); None, having done nothing, when there is
    none for the remembered view and the files as they are now."""
    from storage.first_page import first_page_of

    from .view_memory import ViewMemory

    path = Path(os.path.realpath(library_location(getattr(args, "db", None)).path))
    view = ViewMemory().recall(path)
    page = None if view is None else first_page_of(path, view)
    if page is None:
        return None

    def opening() -> Library:
        with collector.loading(for_app=True):
            return Library(path)

    app = _start_app(None, args, [], page, opening)
    if app.open_error is not None:
        if is_terminal(out):
            _show_library_error(app.open_error)
        print(f"papershelf: unusable library {app.open_error}", file=err)
        return EXIT_BAD_LIBRARY
    if app.opened_after_first_page:
        app.library.close()
    return app.exit_status


def _import(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with progress_on(err) as shown:
        report = library.import_files(args.files, shown.progress())
    for item in report.files:
        print(item.describe(), file=err if item.error is not None else out)
    return EXIT_BAD_INPUT if report.failed else EXIT_OK


def _list(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`list QUERY` or `list @name` (a saved search: its seed, filters and sort too)."""
    if len(args.query) == 1 and args.query[0].startswith("@"):
        view = library.saved_view(args.query[0][1:]).view.but(include_reports=True)
    else:
        view = View(" ".join(args.query), include_reports=True)
    if args.sort is not None:
        view = view.but(sort=SortOrder(args.sort))
    return _print_entries(library.search(view, once=True), args.json, out, err)


def _trash(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    entries = library.search(View(trash=True, include_reports=True, sort=SortOrder.ADDED))
    return _print_entries(entries, args.json, out, err)


def _print_entries(entries: EntryList, as_json: bool, out: TextIO, err: TextIO) -> int:
    if as_json:
        _write_bytes(out, entries_json(entries))
        return EXIT_OK
    width = shutil.get_terminal_size((10_000, 24)).columns if is_terminal(out) else 10_000
    for piece in row_pieces(entries, width, _ROWS_PER_WRITE):
        out.write(piece)
    if is_terminal(out):
        print(f"{len(entries):,} papers", file=err)
    return EXIT_OK


def _write_bytes(out: TextIO, pieces: Iterable[bytes]) -> None:
    """Write UTF-8 text as it comes: straight to the bytes under a pipe or a file (not
    decoded and encoded again), as text to a terminal (which shows control characters
    as pictures) or to a stream that has no bytes under it."""
    binary = None if is_terminal(out) else getattr(out, "buffer", None)
    out.flush()  # what was written as text goes first
    for piece in pieces:
        if binary is not None:
            binary.write(piece)
        else:
            out.write(piece.decode())


def _export(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`export --format F`: papers named by ids or keys, else a query (all by default)."""
    from storage import ExportFormat  # the formats load for the commands using them

    if args.words and args.query is not None:
        raise UsageError("give paper ids, keys or a query, or --query, not both")
    format = ExportFormat(args.format)
    named = _named(library, args.words) if args.words else None
    papers: View | list[str]
    if named is not None:
        papers = [entry.id for entry in named]
    else:  # papers, not the case reports
        query = args.query if args.query is not None else " ".join(args.words)
        papers = View(query, sort=SortOrder.ADDED)
        if args.words and not library.search(papers, first=1):
            _refuse_unnamed(library, args.words, " (--query exports a search, even an empty one)")
    if args.output is None:
        _export_out(library, format, papers, out, err)
        return EXIT_OK
    with progress_on(err) as shown:
        exported = library.export_to(args.output, format, papers, shown.progress(), once=True)
    what = plural(exported.count, "paper")
    if isinstance(papers, View):  # chosen papers are said by their count
        what += f" ({exported.description})"
    print(f"Exported {what} to {args.output}", file=err)
    return EXIT_OK


def _export_out(
    library: Library, format: ExportFormat, papers: View | list[str], out: TextIO, err: TextIO
) -> None:
    """Write an export to `out` a piece at a time as it is made (`| head` has its first
    entries at once): under the progress bar to a pipe or a file, after it to a terminal
    (where the two would share the screen)."""
    with progress_on(err) as shown:
        stream = library.export_stream(format, papers, shown.progress(), once=True)
        if not is_terminal(out):
            out.writelines(stream.pieces)
    for piece in stream.pieces:  # what is left: all of it for a terminal
        out.write(piece)


_ROWS_PER_WRITE: Final = 256
"""Rows written at once: a write per row cost a tenth of `list`, one write for 100,000
rows would hold back the first line."""

_ID_LIKE = re.compile(r"[0-9a-f]{4,16}")


def _named(library: Library, words: Sequence[str]) -> list[Entry] | None:
    """The papers the words name when every word is a citation key or an id (prefix of
    four or more hex digits); None when any word is not (the words are then a query)."""
    named: list[Entry] = []
    for word in words:
        entry = _entry_named(library, word)
        if entry is None:
            return None
        named.append(entry)
    return named


def _entry_named(library: Library, word: str) -> Entry | None:
    """The paper whose citation key or id (prefix) `word` is, if any."""
    entry = library.find_key(word)
    if entry is None and _ID_LIKE.fullmatch(word.lower()):
        try:
            entry = library.entry(word)
        except UnknownPaperError:
            entry = None
    return entry


def _refuse_unnamed(library: Library, words: Sequence[str], hint: str = "") -> NoReturn:
    """Words that name no paper and, as a query, match none: most likely a key mistyped
    among keys, which must not give an empty export that looks like success."""
    unknown = ", ".join(repr(word) for word in words if _entry_named(library, word) is None)
    raise UsageError(
        f"no paper has the id or citation key {unknown}, and no paper matches "
        f"{' '.join(words)!r}{hint}"
    )


def _cited(library: Library, words: Sequence[str]) -> list[Entry]:
    """The papers `cite` names: every word a citation key or id (prefix), or else all
    the words one query."""
    if not words:
        raise UsageError("name the papers: ids, citation keys, or a query")
    named = _named(library, words)
    if named is not None:
        return named
    found = list(library.search(View(" ".join(words), include_reports=True), once=True))
    if not found:
        _refuse_unnamed(library, words)
    return found


def _cite(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from storage.citations import STYLE_ALIASES, format_bibliography, resolve_style, style_names

    from .cli_settings import load_for

    if args.list_styles:
        for alias, name in STYLE_ALIASES.items():
            print(f"{alias:<10} = {name}", file=out)
        print("\n".join(style_names()), file=out)
        return EXIT_OK
    style = args.style or load_for(args).settings.citation_style  # as y c copies it
    resolve_style(style)  # an unknown style is refused before any paper is read
    entries = _cited(library, args.words)
    with progress_on(err) as shown:
        shown(f"Formatting {plural(len(entries), 'citation')} ({style})")
        cited = format_bibliography([entry.paper for entry in entries], style)
    for text in cited:
        print(text, file=out)
    return EXIT_OK


def _paper_id(library: Library, word: str) -> str:
    """The paper a word names: its citation key, else its id or a unique prefix of it."""
    named = library.find_key(word)
    return named.id if named is not None else library.resolve_id(word)


def _key(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`key ID [NEWKEY]`: the paper may also be named by its current key."""
    paper_id = _paper_id(library, args.id)
    if args.key is None:
        print(library.entry(paper_id).paper.key, file=out)
        return EXIT_OK
    print(library.set_key(paper_id, args.key).describe(), file=out)
    return EXIT_OK


def _set(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`set ID doi|url VALUE`: where the paper can be read."""
    print(
        library.set_link(_paper_id(library, args.id), args.field, args.value).describe(), file=out
    )
    return EXIT_OK


def _history(verb: str) -> Command:
    def command(library: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
        applied = library.undo() if verb == "undo" else library.redo()
        if applied is None:
            print(f"nothing to {verb}", file=err)
            return EXIT_BAD_INPUT
        print(applied.describe("Undone" if verb == "undo" else "Redone"), file=out)
        return EXIT_OK

    return command


_COMMANDS: dict[str, Command] = {
    "cite": _cite,
    "export": _export,
    "import": _import,
    "key": _key,
    "list": _list,
    "merge": merge,
    "redo": _history("redo"),
    "set": _set,
    "views": saved_views_command,
    "trash": _trash,
    "undo": _history("undo"),
}
"""The commands that read papers or keep their own code here; those changing papers are
tui/cli_changes.py's."""


def _command(name: str) -> Command:
    """The function running a command. The settings (TOML, citation styles) and the
    commands changing papers load only for the commands using them: `list` runs none of
    them, and every module is a few milliseconds of a command's 0.1 s floor."""
    if name in _COMMANDS:
        return _COMMANDS[name]
    from .cli_changes import COMMANDS

    return COMMANDS[name]
