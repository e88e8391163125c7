"""Every command of the main screen, defined once: bindings, footer, help and palette."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
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
    key_display: str | None = None
    """How the help screen writes the keys, when the key names are not readable."""
    priority: bool = False
    """Handled before the focused widget sees the key (see the search command)."""

    @property
    def binding(self) -> Binding:
        """The binding for the main screen."""
        return Binding(
            self.keys,
            self.action,
            self.title,
            show=self.show,
            key_display=(self.key_display or "").split(" ")[0] or None,
            priority=self.priority,
            tooltip=self.help,
            id=self.id,
        )

    @property
    def keys_text(self) -> str:
        """The keys as the help screen lists them."""
        return self.key_display or " ".join(self.keys.split(","))


COMMANDS: Final[tuple[Command, ...]] = (
    Command(
        "toggle-read",
        "space,r",
        "toggle_read",
        "Read",
        "Mark the highlighted paper read / unread.",
        True,
        "space r",
    ),
    Command(
        "add-tags", "t", "add_tags", "Tag", "Add tags (comma separated, with completion).", True
    ),
    Command(
        "remove-tag", "T", "remove_tag", "Untag", "Remove one of the paper's tags.", False, "T"
    ),
    Command(
        "edit-note",
        "n",
        "edit_note",
        "Note",
        "Edit the paper's note (Markdown; ctrl+s saves).",
        True,
    ),
    Command(
        "search",
        "slash",
        "focus_search",
        "Search",
        "Search: the list narrows as you type.",
        True,
        "/",
        # Keys that arrive with the / (typed fast, or sent by a macro) are the query: the
        # app must move focus before it routes them, and only priority keys run then.
        priority=True,
    ),
    Command(
        "unread-only",
        "u",
        "toggle_unread_only",
        "Unread",
        "Show unread papers only / all papers.",
        True,
    ),
    Command(
        "sort",
        "s",
        "cycle_sort",
        "Sort",
        "Cycle the sort: citations, date, journal, recently added.",
    ),
    Command("undo", "z", "undo", "Undo", "Undo the last change to reading state."),
    Command(
        "next-source",
        "right_square_bracket",
        "next_source",
        "Next source",
        "Show the next seed's papers (or all papers).",
        False,
        "]",
    ),
    Command(
        "previous-source",
        "left_square_bracket",
        "previous_source",
        "Previous source",
        "Show the previous seed's papers (or all papers).",
        False,
        "[",
    ),
    Command(
        "import-bundled",
        "i",
        "import_bundled",
        "Import seeds",
        "Import the bundled seed documents.",
    ),
    Command(
        "import-file",
        "I",
        "import_file",
        "Import file",
        "Import a seed document, BibTeX or RIS file (the path completes with →).",
    ),
    Command(
        "export",
        "e",
        "export",
        "Export",
        "Export the papers shown to BibTeX, RIS, CSL-JSON, Markdown or CSV.",
    ),
)
"""The main screen's commands, in the order the help screen lists them."""

NAVIGATION_HELP: Final[tuple[tuple[str, str], ...]] = (
    ("j k ↑ ↓", "Move in the focused pane"),
    ("PgUp PgDn", "Move a page"),
    ("g G Home End", "First / last"),
    ("Tab Shift+Tab", "Next / previous pane"),
    ("Enter ↓ (in search)", "Go to the list, keeping the filter"),
    ("Esc", "Clear the search / back out"),
    ("ctrl+p", "Command palette"),
    ("?", "This help"),
    ("q", "Quit"),
)
"""Keys handled by the widgets and the app, listed on the help screen."""
