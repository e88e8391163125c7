"""The README says what the code does: its key table and search table come from it."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding
from textual.keys import format_key
from textual.screen import Screen

from storage import SEARCH_SYNTAX
from tui.app import PapershelfApp
from tui.commands import APP_BINDINGS, COMMANDS
from tui.keys import keys_text
from tui.screens import MainScreen
from tui.widgets import PaperList
from tui.widgets.paper_detail import PaperDetail
from tui.widgets.source_pane import SourcePane
from tui.widgets.tag_pane import TagPane

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def _table_after(heading: str) -> str:
    """The first Markdown table after a heading, as text."""
    section = README[README.index(heading) :]
    start = section.index("\n|")
    end = section.find("\n\n", start)
    return section[start:end]


def test_every_command_key_is_in_the_readme_key_table() -> None:
    """Each command's keys appear in the README's key table, written as the footer does."""
    table = _table_after("## The app")
    rows = {line.split("|")[1] for line in table.splitlines()[3:]}
    for command in COMMANDS:
        row = next(
            (r for r in rows if all(f"`{format_key(k)}`" in r for k in command.keys.split(","))),
            None,
        )
        assert row is not None, f"{command.id}: {command.keys_text} is not in the README"


def test_every_key_in_the_readme_table_is_bound() -> None:
    """The README lists no key that does nothing (or that another key replaced)."""
    table = _table_after("## The app")
    written = set(
        re.findall(r"`([^`]+)`", "".join(line.split("|")[1] for line in table.splitlines()[3:]))
    )
    bindings = [*PaperList.BINDINGS, *MainScreen.BINDINGS, *PapershelfApp.BINDINGS]
    bindings += Screen.BINDINGS  # Textual's own tab and shift+tab
    bound = {
        format_key(key) for binding in bindings for key in getattr(binding, "key", "").split(",")
    } | {"ctrl+p"}
    assert written <= bound, f"not bound: {sorted(written - bound)}"


def test_no_key_is_in_two_rows_of_the_readme_table() -> None:
    """A key listed twice is one row left behind when the other was written."""
    table = _table_after("## The app")
    rows = [re.findall(r"`([^`]+)`", line.split("|")[1]) for line in table.splitlines()[3:]]
    keys = [key for row in rows for key in set(row)]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    assert not twice, f"in two rows: {twice}"


def test_the_readme_search_table_is_the_search_language() -> None:
    """Every example of the search language is in the README's search table."""
    table = _table_after("### Search language")
    for example, what in SEARCH_SYNTAX:
        assert all(f"`{part.strip()}`" in table for part in example.split(", ")), example
        assert what in table, what


def test_the_panes_help_names_only_keys_that_are_bound() -> None:
    """A pane's HELP writes its keys from the bindings, its sentences too: every key it
    names in backticks is one some binding has, so a moved key cannot leave it stale."""
    bindings = [
        *(command.binding for command in COMMANDS),
        *APP_BINDINGS,
        *(
            binding
            for pane in (PaperList, PaperDetail, SourcePane, TagPane)
            for binding in pane.BINDINGS
            if isinstance(binding, Binding)
        ),
    ]
    bound = {keys_text(binding.key) for binding in bindings}
    bound |= {format_key(key) for binding in bindings for key in binding.key.split(",")}
    for pane in (PaperList, PaperDetail, SourcePane, TagPane):
        named = re.findall(r"`([^`]+)`", pane.HELP)
        assert named, f"{pane.__name__}: no keys in its help"
        unbound = [key for key in named if key not in bound]
        assert not unbound, f"{pane.__name__}'s help names unbound keys {unbound}"
