"""Every command of the main screen, defined once: bindings, footer, help and palette."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from textual.binding import Binding

from .keys import keys_text


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    """One thing the reader can do, with every way to reach it."""

    id: str
    """Stable id, usable in keymaps."""
    keys: str
    """Textual key names, comma separated (the first is the one shown)."""
    action: str
    """The action it runs on the main screen."""
    title: str
    """Short name for the footer and palette."""
    help: str
    """One sentence for the help screen and palette."""
    show: bool = False
    """Whether the footer shows it (only the frequent ones)."""
    priority: bool = False
    """Handled before the focused widget sees the key (see the search command)."""
    opens_dialog: bool = False
    """Whether it opens a dialog: the keys typed right after it go there (see the app)."""

    @property
    def binding(self) -> Binding:
        """The binding for the main screen."""
        return Binding(
            self.keys,
            self.action,
            self.title,
            show=self.show,
            priority=self.priority,
            tooltip=self.help,
            id=self.id,
        )

    @property
    def keys_text(self) -> str:
        """The built-in keys as the help screen and the palette list them."""
        return keys_text(self.keys)

    def keys_with(self, keymap: Mapping[str, str]) -> str:
        """The keys in effect: the keymap's for this command, else the built-in ones."""
        return keymap.get(self.id, self.keys)


COMMANDS: Final[tuple[Command, ...]] = (
    Command(
        id="toggle-read",
        keys="space,r",
        action="toggle_read",
        title="Read",
        help="Mark the papers read / unread (the marked ones, else the highlighted one).",
        show=True,
    ),
    Command(
        id="read-and-next",
        keys="a",
        action="read_and_next",
        title="Read, next",
        help="Mark read and go to the next unread paper (newsboat's habit).",
    ),
    Command(
        id="next-unread",
        keys="J",
        action="next_unread",
        title="Next unread",
        help="Go to the next paper still to read (new, queued or reading).",
    ),
    Command(
        id="previous-unread",
        keys="K",
        action="previous_unread",
        title="Previous unread",
        help="Go to the previous paper still to read.",
    ),
    Command(
        id="mark",
        keys="v",
        action="toggle_mark",
        title="Mark",
        help="Mark / unmark the highlighted paper and go down: actions then act on the marked.",
    ),
    Command(
        id="mark-all",
        keys="V",
        action="mark_all",
        title="Mark all",
        help="Mark every paper shown (again: unmark them); marks survive a new search.",
    ),
    Command(
        id="queued",
        keys="l",
        action="set_status('queued')",
        title="Later",
        help="Queue the papers to read later (again: back to new).",
    ),
    Command(
        id="reading",
        keys="R",
        action="set_status('reading')",
        title="Reading",
        help="Mark the papers as being read (again: back to new).",
    ),
    Command(
        id="skimmed",
        keys="S",
        action="set_status('skimmed')",
        title="Skimmed",
        help="Mark the papers skimmed, as JabRef does (again: back to new).",
    ),
    Command(
        id="dropped",
        keys="x",
        action="set_status('dropped')",
        title="Drop",
        help="Drop the papers: not worth reading (again: back to new).",
    ),
    *(
        Command(
            id=f"priority-{priority}",
            keys=str(priority),
            action=f"set_priority({priority})",
            title=f"Priority {priority}",
            help=f"Give the papers priority {priority} ({words}; again: none).",
        )
        for priority, words in ((1, "high"), (2, "medium"), (3, "low"))
    ),
    Command(
        id="no-priority",
        keys="0",
        action="set_priority(0)",
        title="No priority",
        help="Take the papers' priority away.",
    ),
    Command(
        id="add-tags",
        keys="t",
        action="add_tags",
        title="Tag",
        help="Add tags (comma separated, with completion).",
        show=True,
        opens_dialog=True,
    ),
    Command(
        id="remove-tag",
        keys="T",
        action="remove_tag",
        title="Untag",
        help="Remove one of the papers' tags.",
        opens_dialog=True,
    ),
    Command(
        id="edit-note",
        keys="n",
        action="edit_note",
        title="Note",
        help="Edit the paper's note (Markdown; ctrl+s saves); marked papers: add to their notes.",
        show=True,
        opens_dialog=True,
    ),
    Command(
        id="search",
        keys="slash",
        action="focus_search",
        title="Search",
        help="Search: the list narrows as you type.",
        show=True,
        # Keys that arrive with the / (typed fast, or sent by a macro) are the query: the
        # app must move focus before it routes them, and only priority keys run then.
        priority=True,
    ),
    Command(
        id="tags",
        keys="number_sign",
        action="toggle_tags",
        title="Tags",
        help="Go to the tag pane (the tags shown, with counts; Enter filters); in it: hide it.",
    ),
    Command(
        id="unread-only",
        keys="u",
        action="toggle_unread_only",
        title="Unread",
        help="Show unread papers only / all papers.",
        show=True,
    ),
    Command(
        id="citation",
        keys="c",
        action="toggle_citation",
        title="Citation",
        help="Show / hide the paper's formatted citation (APA, or the settings' style) in the "
        "detail pane.",
    ),
    Command(
        id="full-detail",
        keys="f",
        action="toggle_full_detail",
        title="Full view",
        help="Show the detail pane full screen (again, or Esc: back to the panes).",
    ),
    Command(
        id="open",
        keys="o",
        action="open_paper",
        title="Open",
        help="Open the paper's DOI or URL in the browser; without one, a literature search "
        "for it (PubMed unless the settings say otherwise).",
    ),
    Command(
        id="edit-link",
        keys="O",
        action="edit_link",
        title="Link",
        help="Give the paper its DOI or URL, which o then opens.",
        opens_dialog=True,
    ),
    Command(
        id="copy",
        keys="y",
        action="copy",
        title="Copy",
        help="Copy the papers' citation key, [@key], DOI / URL, citation, BibTeX or note.",
        opens_dialog=True,
    ),
    Command(
        id="sort",
        keys="s",
        action="cycle_sort",
        title="Sort",
        help="Cycle the sort: citations, date, journal, recently added, priority.",
    ),
    Command(
        id="undo",
        keys="z",
        action="undo",
        title="Undo",
        help="Undo the library's last change (also after a restart).",
    ),
    Command(
        id="redo",
        keys="Z",
        action="redo",
        title="Redo",
        help="Redo the last undone change.",
    ),
    Command(
        id="delete",
        keys="d",
        action="delete",
        title="Delete",
        help="Move the papers to the trash (in the trash: restore them).",
        opens_dialog=True,
    ),
    Command(
        id="trash",
        keys="D",
        action="toggle_trash",
        title="Trash",
        help="Show the deleted papers / back to the library.",
    ),
    Command(
        id="save-search",
        keys="b",
        action="save_search",
        title="Save search",
        help="Save the view (search, seed, filters, sort) under a name, in the library.",
        opens_dialog=True,
    ),
    Command(
        id="saved-searches",
        keys="apostrophe",
        action="pick_saved",
        title="Saved searches",
        help="List the saved searches with their unread counts: a digit 1-9 (or Enter) "
        "shows one, d forgets it; so ' 1 is the first.",
        opens_dialog=True,
    ),
    Command(
        id="next-source",
        keys="right_square_bracket",
        action="next_source",
        title="Next source",
        help="Show the next seed's papers (or all papers).",
    ),
    Command(
        id="previous-source",
        keys="left_square_bracket",
        action="previous_source",
        title="Previous source",
        help="Show the previous seed's papers (or all papers).",
    ),
    Command(
        id="import-bundled",
        keys="i",
        action="import_bundled",
        title="Import seeds",
        help="Import the bundled seed documents.",
    ),
    Command(
        id="import-file",
        keys="I",
        action="import_file",
        title="Import file",
        help="Import a seed document, BibTeX or RIS file (the path completes with →).",
        opens_dialog=True,
    ),
    Command(
        id="export",
        keys="e",
        action="export",
        title="Export",
        help="Export the marked papers, else those shown, to BibTeX, RIS, CSL-JSON, Markdown "
        "or CSV.",
        opens_dialog=True,
    ),
)
"""The main screen's commands, in the order the help screen lists them."""


def dialog_keys(keymap: Mapping[str, str]) -> frozenset[str]:
    """The keys of the commands that open a dialog, with a keymap's changes (the app
    holds the keys typed right after them until the dialog has focus)."""
    return frozenset(
        key
        for command in COMMANDS
        if command.opens_dialog
        for key in command.keys_with(keymap).split(",")
    )


APP_BINDINGS: Final = (
    Binding(
        "q", "quit", "Quit", tooltip="Quit papershelf (everything is already saved)", id="quit"
    ),
    Binding("question_mark", "help", "Help", tooltip="Show every key", id="help"),
    # In the search box ? is text; the footer then offers F1 (one key per action).
    Binding(
        "f1", "help", "Help", tooltip="Show every key (also in the search box)", id="help-anywhere"
    ),
)
"""The app's own bindings (quit, help), which a keymap may also name."""


def default_keys() -> Mapping[str, str]:
    """The built-in keys by every binding id a keymap may name."""
    keys = {command.id: command.keys for command in COMMANDS}
    keys.update({binding.id: binding.key for binding in APP_BINDINGS if binding.id})
    return MappingProxyType(keys)


def key_of(binding_id: str) -> str:
    """A command's (or the app's) first built-in key as the reader reads it, for the
    sentences of help texts and messages: they then never name a key that has moved."""
    return keys_text(default_keys()[binding_id].split(",")[0])


def binding_ids() -> frozenset[str]:
    """Every binding id a keymap may name."""
    return frozenset(default_keys())
