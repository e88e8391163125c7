"""Getting from the list to the paper: open it (`o`), copy it (`y`), give it a link.

`o` opens the paper's DOI or URL with the app's `open_url` (which honours $BROWSER);
for a paper with neither, as every seed paper is, a literature search built from its
summary, journal and year. Copies go through `copy_to_clipboard` (OSC 52, which works
over SSH) and act on the marked papers when there are some.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import work

from storage import Applied, BadInputError, StorageError
from storage.library import LinkField
from storage.links import open_target

from ..commands import key_of
from ..copying import copied_words, copy_text
from ..settings import Settings
from .paper_actions import PaperActions

if TYPE_CHECKING:
    from ..app import PapershelfApp


class LinkActions(PaperActions):
    """The main screen's ways from a paper to the paper itself."""

    @property
    def settings(self) -> Settings:
        """The reader's settings, which the app holds."""
        return cast("PapershelfApp", self.app).settings

    def action_open_paper(self) -> None:
        """o: open the highlighted paper's DOI or URL, else search the literature for it."""
        entry = self.paper_list.highlighted
        if entry is None:
            self.notify("No paper is highlighted.", severity="warning")
            return
        try:
            url, searching = open_target(entry.paper, self.settings.search)
        except BadInputError as error:  # a template the settings check let through
            self._report(error)
            return
        self._open(url)
        search = f"a literature search for it (no DOI or URL yet: {key_of('edit-link')} adds one)"
        what = search if searching else url
        self._say(f"Opening {what}", timeout=4)

    @work(thread=True, group="open")
    def _open(self, url: str) -> None:
        """Off the event loop: the browser command may take its time to return."""
        self.app.open_url(url)

    def action_edit_link(self) -> None:
        """O: give the highlighted paper its DOI or URL (empty: remove the one shown)."""
        from .link_editor import LinkEditor  # dialogs load on first use (see screens/__init__)

        entry = self.paper_list.highlighted
        if entry is None:
            self.notify("No paper is highlighted.", severity="warning")
            return
        paper = entry.paper
        shown = "doi" if paper.doi else "url"

        def save(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            typed, value = answer
            field: LinkField = "doi" if (typed or shown) == "doi" else "url"
            self._write(lambda: self.library.set_link(entry.id, field, value), self._linked)

        self.app.push_screen(LinkEditor(paper.display_title, paper.doi or paper.url), save)

    def _linked(self, applied: Applied) -> None:
        self._say(applied.describe().capitalize(), timeout=4)

    def action_copy(self) -> None:
        """y: ask what to copy of the marked papers, else of the highlighted one."""
        from .copy_menu import CopyMenu

        if not (targets := self._targets()):
            return
        what = self._title(targets) if self.selected else "the highlighted paper"

        def chosen(choice: str | None) -> None:
            if choice is not None:
                self.copy(choice, targets)

        self.app.push_screen(CopyMenu(what), chosen)

    def copy(self, choice: str, paper_ids: list[str]) -> None:
        """Put the papers' key, link, citation, BibTeX or note on the clipboard."""
        try:
            text = copy_text(self.library, choice, paper_ids, self.settings.citation_style)
        except StorageError as error:
            self.notify(str(error), title="Nothing copied", severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(text)
        self._say(copied_words(choice, text, len(paper_ids)), timeout=4)

    def action_toggle_read(self) -> None:
        """space / r; with "mark read and advance" set, a paper marked read is left for
        the next one."""
        before = self.paper_list.highlighted
        super().action_toggle_read()
        marked_read = before is not None and not before.state.read and not self.selected
        if self.settings.read_and_advance and marked_read:
            self.paper_list.cursor += 1
