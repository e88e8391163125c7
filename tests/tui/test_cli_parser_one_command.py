"""The parser built for the one subcommand a command line names parses it as the whole
parser does: the same namespace and leftover words, or the same error (the fast path of
`tui.cli._parse`, which saves building the other subcommands)."""

from __future__ import annotations

import argparse
from functools import cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.cli_parser import UsageError, build_parser, command_word
from tui.completion import _commands

FULL = build_parser()
NAMES = sorted(_commands(FULL))


@cache
def _parser_for(command: str | None) -> argparse.ArgumentParser:
    return build_parser(command)


def _outcome(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[Any, ...]:
    """What parsing `argv` gives: the namespace and leftover words, or the error."""
    try:
        args, extra = parser.parse_known_args(argv)
    except UsageError as error:
        return ("error", str(error))
    return ("parsed", vars(args), extra)


def _words_of(parser: argparse.ArgumentParser) -> set[str]:
    """Every option string and choice of every subcommand (without the help options,
    which print and exit)."""
    words: set[str] = set()
    for sub in _commands(parser).values():
        for action in sub._actions:
            words.update(s for s in action.option_strings if s not in ("-h", "--help"))
            words.update(str(choice) for choice in action.choices or ())
    return words


PREFIXES = st.lists(
    st.sampled_from(
        [
            ["--db", "lib.json"],
            ["--db=lib.json"],
            ["--config", "c.toml"],
            ["--config=c.toml"],
            ["--db"],
            ["--version"],
            ["--d", "x.json"],
            ["--db", "list"],
            ["--db", "-x"],
        ]
    ),
    max_size=3,
).map(lambda parts: [word for part in parts for word in part])
COMMANDS = st.sampled_from([*NAMES, "lst", "--json", "-tag:x", ""])
TAILS = st.lists(
    st.sampled_from(sorted(_words_of(FULL)))
    | st.sampled_from(["x", "+later", "-later", "--", "1", "none", "--bogus", "a b", "-"])
    | st.text(alphabet="ab-+:=1", max_size=4),
    max_size=6,
)


@given(PREFIXES, COMMANDS, TAILS)
def test_one_command_parser_parses_as_the_whole_parser(
    prefix: list[str], command: str, tail: list[str]
) -> None:
    argv = [*prefix, command, *tail]
    assert _outcome(_parser_for(command_word(argv)), argv) == _outcome(FULL, argv)


@pytest.mark.parametrize("command", NAMES)
def test_every_command_has_its_parser_and_help(command: str) -> None:
    """Each name finds its own subcommand (nothing is left out of `_SUBCOMMANDS`), whose
    help is the whole parser's."""
    assert command_word(["--db", "lib.json", command]) == command
    alone = _commands(build_parser(command))
    assert alone[command].format_help() == _commands(FULL)[command].format_help()


def test_a_line_the_fast_path_cannot_vouch_for_gets_the_whole_parser() -> None:
    for argv in (["--help", "list"], ["--d", "x", "list"], ["lst"], [], ["--db", "x"]):
        assert command_word(argv) is None, argv
