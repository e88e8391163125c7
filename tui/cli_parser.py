"""The `papershelf` command line's arguments: every command and option, defined once."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, NoReturn

from storage import PRIORITIES, STATUSES, BadInputError, SortOrder

from .completion import SHELLS
from .sync_commands import add_sync_commands


class UsageError(BadInputError):
    """Arguments that do not make a valid command (exit status 1)."""


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on bad arguments; here 2 means a broken library file."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}\n{self.format_usage().strip()}")


if TYPE_CHECKING:
    _Commands = argparse._SubParsersAction[_Parser]
    _Adder = Callable[[_Commands, _Parser], None]

TARGETS_HELP = "every paper the query finds (search language)"
DRY_RUN_HELP = "print what would change, and change nothing"


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; `--db` is accepted before or after the subcommand.

    With `command`, the parser has that subcommand alone (with those `_SUBCOMMANDS` adds
    with it), and parses its command lines as the whole parser does: every subcommand's
    parser was a third of the time `argparse` took, run for one of them.
    """
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="library file (default: $PAPERSHELF_DB, else the user data directory)",
    )
    common.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="settings file (default: $PAPERSHELF_CONFIG, else config.toml in the user "
        "config directory)",
    )
    parser = _Parser(
        prog="papershelf",
        description="A keyboard-driven reading list for scientific papers.",
        parents=[common],
        epilog="With no command, starts the app.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for names, add in _SUBCOMMANDS:
        if command is None or command in names:
            add(commands, common)
    return parser


def _add_import(commands: _Commands, common: _Parser) -> None:
    formats = "seed documents (.txt), BibTeX (.bib) and RIS (.ris)"
    add = commands.add_parser(
        "import",
        parents=[common],
        help=f"import {formats}",
        description=f"Import {formats}: from Zotero, Mendeley, JabRef, EndNote or DBLP. "
        "The format is told by the extension, else by the content. Papers already in the "
        "library are merged; a broken file is refused whole and the others still import.",
    )
    add.add_argument(
        "files", nargs="+", metavar="FILE", type=Path, help="seed document, .bib or .ris file"
    )


def _add_list(commands: _Commands, common: _Parser) -> None:
    show = commands.add_parser(
        "list", parents=[common], help="list papers matching a query, or a saved search (@name)"
    )
    show.add_argument(
        "query", nargs="*", metavar="QUERY|@NAME", help="search language, as in the app"
    )
    show.add_argument("--json", action="store_true", help="print one JSON array")
    show.add_argument(
        "--sort",
        choices=[order.value for order in SortOrder],
        help="default: the saved search's, else citations",
    )


def _add_views(commands: _Commands, common: _Parser) -> None:
    views = commands.add_parser(
        "views", parents=[common], help="list the saved searches with their unread counts"
    )
    views.add_argument("--save", metavar="NAME", help="save the QUERY (and --sort) as NAME")
    views.add_argument("--remove", metavar="NAME", help="forget the saved search NAME")
    views.add_argument(
        "--sort", choices=[order.value for order in SortOrder], default=SortOrder.CITATIONS.value
    )
    views.add_argument("query", nargs="*", metavar="QUERY", help="with --save: the search")
    views.add_argument("--json", action="store_true", help="print one JSON array")


def _add_trash(commands: _Commands, common: _Parser) -> None:
    trash = commands.add_parser("trash", parents=[common], help="list the deleted papers")
    trash.add_argument("--json", action="store_true", help="print one JSON array")


def _add_marks(commands: _Commands, common: _Parser) -> None:
    for name, summary in (
        ("read", "mark papers read"),
        ("unread", "mark papers unread (a read, skimmed or dropped paper becomes new)"),
        ("delete", "move papers to the trash"),
        ("restore", "bring papers back from the trash"),
    ):
        mark = commands.add_parser(name, parents=[common], help=summary)
        mark.add_argument("ids", nargs="*", metavar="ID", help="paper id or unique prefix")
        _add_query(mark)


def _add_status(commands: _Commands, common: _Parser) -> None:
    status = commands.add_parser(
        "status",
        parents=[common],
        help=f"set the reading status of papers ({', '.join(STATUSES)}); one id: print it",
    )
    status.add_argument("words", nargs="*", metavar="ID... STATUS")
    _add_query(status)


def _add_prio(commands: _Commands, common: _Parser) -> None:
    prio = commands.add_parser(
        "prio",
        parents=[common],
        help="set the priority of papers: 1 (high), 2, 3 (low) or none; one id: print it",
    )
    prio.add_argument("words", nargs="*", metavar="ID... 1|2|3|none")
    _add_query(prio)


def _add_tag(commands: _Commands, common: _Parser) -> None:
    tag = commands.add_parser(
        "tag",
        parents=[common],
        help="add (+tag) or remove (-tag) tags; with one id and no changes, print its tags",
    )
    _add_query(tag)
    # REMAINDER, so that "-tag" reaches us as a value instead of an unknown option.
    tag.add_argument("words", nargs=argparse.REMAINDER, metavar="ID|+TAG|-TAG")


def _add_tags(commands: _Commands, common: _Parser) -> None:
    tags = commands.add_parser(
        "tags", parents=[common], help="list the tags in use with their counts, or rename one"
    )
    tags.add_argument("query", nargs="*", metavar="QUERY", help="count only these papers")
    tags.add_argument("--json", action="store_true", help="print one JSON array")
    tags.add_argument(
        "--rename",
        nargs=2,
        metavar=("OLD", "NEW"),
        help="rename a tag on every paper, trash included (to a tag in use: merge them)",
    )
    tags.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)


def _add_export(commands: _Commands, common: _Parser) -> None:
    from storage import ExportFormat  # the formats load for `export` (and the help) alone

    out = commands.add_parser(
        "export", parents=[common], help="export papers: ids or keys, or a query (all by default)"
    )
    out.add_argument(
        "--format", required=True, choices=[f.value for f in ExportFormat], help="output format"
    )
    out.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here, not stdout")
    out.add_argument("--query", metavar="QUERY", help=TARGETS_HELP)
    out.add_argument("words", nargs="*", metavar="ID|KEY|QUERY", help="ids or keys, else a query")


def _add_note(commands: _Commands, common: _Parser) -> None:
    note = commands.add_parser(
        "note", parents=[common], help="print a paper's note, or set or add to notes"
    )
    note.add_argument("ids", nargs="*", metavar="ID", help="paper id or unique prefix")
    text = note.add_mutually_exclusive_group()
    text.add_argument("--set", dest="text", metavar="TEXT", help="new note ('-' reads stdin)")
    text.add_argument(
        "--append", metavar="TEXT", help="add a paragraph to each note ('-' reads stdin)"
    )
    _add_query(note)


def _add_cite(commands: _Commands, common: _Parser) -> None:
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
        metavar="STYLE",
        help="apa (default, unless the settings' citation_style says otherwise), vancouver, "
        "harvard, chicago, ieee, mla, nature, or a CSL style name",
    )
    cite.add_argument("--list-styles", action="store_true", help="print every style name")


def _add_key(commands: _Commands, common: _Parser) -> None:
    key = commands.add_parser(
        "key", parents=[common], help="print a paper's citation key, or change it"
    )
    key.add_argument("id", metavar="ID")
    key.add_argument("key", nargs="?", metavar="NEWKEY", help="the new key (refused if taken)")


def _add_set(commands: _Commands, common: _Parser) -> None:
    link = commands.add_parser(
        "set", parents=[common], help="give a paper its DOI or URL (`o` in the app opens it)"
    )
    link.add_argument("id", metavar="ID", help="paper id, unique prefix or citation key")
    link.add_argument("field", choices=["doi", "url"])
    link.add_argument("value", metavar="VALUE", help="10.NNNN/... or https://...; '' removes it")


def _add_config(commands: _Commands, common: _Parser) -> None:
    commands.add_parser(
        "config", parents=[common], help="print the settings in effect and where each came from"
    )


def _add_completion(commands: _Commands, common: _Parser) -> None:
    complete = commands.add_parser(
        "completion", help="print a shell completion script (bash, zsh or fish)"
    )
    complete.add_argument("shell", choices=SHELLS)


def _add_history(commands: _Commands, common: _Parser) -> None:
    commands.add_parser("undo", parents=[common], help="undo the library's last change")
    commands.add_parser("redo", parents=[common], help="redo the last undone change")


_SUBCOMMANDS: Final[tuple[tuple[tuple[str, ...], _Adder], ...]] = (
    (("import",), _add_import),
    (("list",), _add_list),
    (("views",), _add_views),
    (("trash",), _add_trash),
    (("read", "unread", "delete", "restore"), _add_marks),
    (("status",), _add_status),
    (("prio",), _add_prio),
    (("tag",), _add_tag),
    (("tags",), _add_tags),
    (("export",), _add_export),
    (("note",), _add_note),
    (("cite",), _add_cite),
    (("key",), _add_key),
    (("set",), _add_set),
    (("config",), _add_config),
    (("completion",), _add_completion),
    (("undo", "redo"), _add_history),
    (("merge", "git-setup", "git-merge-driver"), add_sync_commands),
)
"""Every subcommand, with the function adding it to the parser (some add several), in
the order the help lists them."""


def command_word(argv: Sequence[str]) -> str | None:
    """The subcommand a command line names, where nothing before it but `--db` and
    `--config` with their values could change how it parses; else None (the whole
    parser is needed: for the help, an abbreviated option, an unknown command...)."""
    at = 0
    while at < len(argv):
        if argv[at] in ("--db", "--config"):
            at += 2
        elif argv[at].startswith(("--db=", "--config=")):
            at += 1
        else:
            break
    if at < len(argv) and any(argv[at] in names for names, _ in _SUBCOMMANDS):
        return argv[at]
    return None


def _add_query(command: argparse.ArgumentParser) -> None:
    """--query and --dry-run, which every command that changes papers takes."""
    command.add_argument("--query", metavar="QUERY", help=TARGETS_HELP)
    command.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)


PRIORITY_WORDS = {str(priority): priority for priority in PRIORITIES} | {"none": None, "0": None}
"""What `prio` takes: 1-3, and `none` (or 0) to take a priority away."""
