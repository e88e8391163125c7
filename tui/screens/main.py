"""The main screen: source, search + paper list, and detail panes over one Library."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, Static

from storage import (
    Entry,
    Library,
    LibraryChange,
    QuerySyntaxError,
    SortOrder,
    StorageError,
    bundled_seeds,
    parse_query,
    plural,
    save_export,
    split_tags,
)

from .. import collector
from ..commands import COMMANDS
from ..messages import LibraryChanged
from ..widgets import KeyFooter, PaperDetail, PaperList, SearchBar, SourcePane, SourceView
from .file_dialogs import ExportDialog, ExportRequest, ImportDialog
from .tag_editor import TagEditor, TagRemover

T = TypeVar("T")

NARROW_WIDTH = 110
"""Below this many columns the detail pane moves under the list."""
SHORT_HEIGHT = 20
"""Below this many rows the source pane (and, when narrow, the detail pane) step aside."""
INDEX_DELAY_SECONDS = 0.3
"""How long after mounting the search index starts building in the background."""
REFRESH_SECONDS = 1.0
"""How often to look for changes made by other processes."""

EMPTY_MESSAGE = """\
[b]This library is empty.[/b]

Press [b]i[/b] to import the seed documents bundled with papershelf,
or [b]I[/b] to import your own: a seed document, or a BibTeX or RIS file.

From a shell: papershelf --db {path} import FILE...
"""


class MainScreen(Screen[None]):
    """Holds the view state (source, query, filters, sort) and talks to the library."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(command.binding for command in COMMANDS),
        # Priority, like /: the keys typed right after them (often in the same read of
        # the terminal) must go where focus went. See check_action.
        Binding("escape", "back", "Back", show=False, priority=True),
        Binding("enter,down", "to_list", "To list", show=False, priority=True),
    ]

    search_text: var[str] = var("", init=False)
    """The search text as typed."""
    source_index: var[int] = var(0, init=False)
    """0 shows all papers; n shows the n-th imported seed."""
    unread_only: var[bool] = var(False, init=False)
    sort: var[SortOrder] = var(SortOrder.CITATIONS, init=False)

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self._unsubscribe: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            with Vertical(id="reading-column"):
                yield SourcePane(id="source-pane")
                yield SearchBar(id="search-bar")
                yield PaperList(id="paper-list")
                yield Static(id="empty-state")
            yield PaperDetail(id="paper-detail")
        yield KeyFooter()

    @property
    def paper_list(self) -> PaperList:
        return self.query_one("#paper-list", PaperList)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search-input", Input)

    def on_mount(self) -> None:
        self._unsubscribe = self.library.subscribe(self._announce_change)
        self.set_interval(REFRESH_SECONDS, self._poll_other_processes)
        # A watch, not a message: the search runs while the key is handled, so the echoed
        # key and the narrowed list reach the screen in one frame. A message arrives a
        # frame later, and each extra frame cost more than the search (9-13 ms a key at
        # 10,000 papers with the message, 7 ms with the watch).
        self.watch(self.search_input, "value", self._query_typed, init=False)
        self.set_reactive(MainScreen.source_index, 1 if self.library.sources() else 0)
        self.refresh_all()
        self.paper_list.focus()
        # Start indexing once the first frame has reached the terminal: the build holds
        # the GIL for a few tenths of a second at 100,000 papers, and the driver's writer
        # thread needs it to put that frame on screen.
        self.set_timer(INDEX_DELAY_SECONDS, self._prepare_search)

    @work(thread=True, exclusive=True, group="search-index")
    def _prepare_search(self) -> None:
        """Index the library once the first screen is up, before the reader types."""
        self.library.prepare_search()
        collector.settle()  # start-up is over: what it built lives as long as the app

    def _announce_change(self, change: LibraryChange) -> None:
        """Library listener: the change becomes a message, handled on the event loop."""
        self.post_message(LibraryChanged(change))

    def on_unmount(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")

    # State -> panes --------------------------------------------------------------------

    @property
    def current_source_id(self) -> str | None:
        sources = self.library.sources()
        if 1 <= self.source_index <= len(sources):
            return sources[self.source_index - 1].id
        return None

    def watch_search_text(self) -> None:
        self.refresh_list(from_top=True)

    def watch_unread_only(self) -> None:
        self.refresh_list()

    def watch_sort(self) -> None:
        self.refresh_list()

    def watch_source_index(self) -> None:
        self.refresh_all()

    def refresh_all(self) -> None:
        """Redraw every pane from the library."""
        empty = self.library.is_empty
        self.set_class(empty, "-empty")
        if empty:
            message = EMPTY_MESSAGE.format(path=self.library.path)
            self.query_one("#empty-state", Static).update(message)
        self._show_source()
        self.refresh_list()

    def refresh_list(self, *, from_top: bool = False) -> None:
        """Re-run the search and show the result; a malformed query keeps the old list.

        A new query starts at its best match (`from_top`); other refreshes (a sort, a
        filter, a change elsewhere) keep the cursor on the paper the reader was on.
        """
        source_id = self.current_source_id
        total = self.library.total(source_id)
        search_bar = self.query_one(SearchBar)
        try:
            query = parse_query(self.search_text)
        except QuerySyntaxError as error:
            search_bar.show_status(len(self.paper_list.entries), total, "", error.message)
            return
        entries = self.library.search(
            query, source_id=source_id, sort=self.sort, unread_only=self.unread_only
        )
        self.paper_list.show(entries, query.highlights, from_top=from_top)
        details = [f"sort: {self.sort.label}"]
        if self.unread_only:
            details.append("unread only")
        search_bar.show_status(len(entries), total, " · ".join(details), None)
        self._show_detail(self.paper_list.highlighted)

    def _show_source(self) -> None:
        sources = self.library.sources()
        source_id = self.current_source_id
        read, total = self.library.counts(source_id)
        if source_id is None:
            position = f"all {len(sources)} seeds" if len(sources) > 1 else "all papers"
            view = SourceView(None, read, total, position)
        else:
            position = f"seed {self.source_index} of {len(sources)}"
            view = SourceView(self.library.source(source_id), read, total, position)
        self.query_one(SourcePane).show(view)

    def _show_detail(self, entry: Entry | None) -> None:
        names = self.library.source_names(entry.paper) if entry else []
        self.query_one(PaperDetail).show(entry, names)

    # Messages --------------------------------------------------------------------------

    @on(PaperList.Highlighted)
    def show_highlighted(self, event: PaperList.Highlighted) -> None:
        event.stop()
        self._show_detail(event.entry)

    def _query_typed(self, query: str) -> None:
        self.search_text = query

    @on(LibraryChanged)
    def apply_change(self, event: LibraryChanged) -> None:
        """Swap in changed papers in place; rows do not jump while the reader works."""
        if event.change.catalog_changed:
            self.refresh_all()
            return
        self.paper_list.refresh_papers(event.change.paper_ids)
        self._show_source()

    def _poll_other_processes(self) -> None:
        self._safely(self.library.refresh)

    # Actions ---------------------------------------------------------------------------

    def _safely(self, operation: Callable[[], T]) -> T | None:
        """Run a library call; a storage error becomes a notification, not a crash."""
        try:
            return operation()
        except StorageError as error:
            self.notify(str(error), title="papershelf", severity="error", timeout=8)
            return None

    def _target(self) -> Entry | None:
        entry = self.paper_list.highlighted
        if entry is None:
            self.notify("No paper is highlighted.", severity="warning")
        return entry

    def action_toggle_read(self) -> None:
        if entry := self._target():
            self._safely(lambda: self.library.toggle_read(entry.id))

    def action_add_tags(self) -> None:
        if not (entry := self._target()):
            return

        def save(text: str | None) -> None:
            if text and (tags := split_tags(text)):
                self._safely(lambda: self.library.add_tags(entry.id, tags))

        editor = TagEditor(entry.paper.display_title, entry.state.tags, self.library.tags())
        self.app.push_screen(editor, save)

    def action_remove_tag(self) -> None:
        if not (entry := self._target()):
            return
        if not entry.state.tags:
            self.notify("This paper has no tags.", severity="warning")
            return

        def remove(tag: str | None) -> None:
            if tag:
                self._safely(lambda: self.library.remove_tags(entry.id, [tag]))

        self.app.push_screen(TagRemover(entry.paper.display_title, entry.state.tags), remove)

    def action_edit_note(self) -> None:
        from .note_editor import NoteEditor  # loaded on first use (see screens/__init__)

        if not (entry := self._target()):
            return

        def save(note: str | None) -> None:
            if note is not None:
                self._safely(lambda: self.library.set_note(entry.id, note))

        self.app.push_screen(NoteEditor(entry.paper.display_title, entry.state.note), save)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The priority keys apply on one side of the search box each: in it, / is text
        (journal names have slashes); out of it, Enter and ↓ belong to the pane."""
        # self.focused, not has_focus: that follows only once the Focus event is handled,
        # and a burst of keys is routed before then.
        in_search = self.focused is self.search_input
        if action == "focus_search":
            return not in_search
        if action == "to_list":
            return in_search
        return True

    def action_focus_search(self) -> None:
        # At once, not after a refresh as focus() does: the keys the app routes next
        # are the query.
        self.set_focus(self.search_input)

    def action_to_list(self) -> None:
        """Enter or ↓ in the search box: to the list, keeping the query."""
        self.set_focus(self.paper_list)

    def action_toggle_unread_only(self) -> None:
        self.unread_only = not self.unread_only

    def action_cycle_sort(self) -> None:
        self.sort = self.sort.next
        self.notify(f"Sorted by {self.sort.label}", timeout=2)

    def action_undo(self) -> None:
        if not self.library.can_undo:
            self.notify("Nothing to undo.", severity="warning", timeout=3)
            return
        entry = self._safely(self.library.undo)
        if entry is not None:
            self.notify(f"Undone: {entry.paper.display_title[:60]}", timeout=3)

    def action_next_source(self) -> None:
        self.source_index = (self.source_index + 1) % (len(self.library.sources()) + 1)

    def action_previous_source(self) -> None:
        self.source_index = (self.source_index - 1) % (len(self.library.sources()) + 1)

    def show_source(self, source_id: str | None) -> None:
        """Switch to one seed's papers (None: all papers)."""
        ids = [source.id for source in self.library.sources()]
        self.source_index = ids.index(source_id) + 1 if source_id in ids else 0

    def action_import_bundled(self) -> None:
        if self._import(bundled_seeds()) and self.current_source_id is None:
            self.source_index = 1 if self.library.sources() else 0

    def action_import_file(self) -> None:
        def chosen(path: Path | None) -> None:
            if path is not None:
                self._import([path])

        self.app.push_screen(ImportDialog(), chosen)

    def _import(self, paths: Sequence[Path]) -> bool:
        """Import files and say what happened to each; True when any was accepted."""
        report = self._safely(lambda: self.library.import_files(paths))
        if report is None:
            return False
        for item in report.files:
            if item.error is not None:
                self.notify(item.error, title="Not imported", severity="error", timeout=10)
            elif item.already_imported:
                self.notify(f"{Path(item.path).name}: already imported, nothing changed.")
            else:
                known = f", {item.known_papers} already here" if item.known_papers else ""
                new = plural(item.new_papers, "new paper")
                self.notify(f"{Path(item.path).name}: {new}{known}.", title="Imported")
        return len(report.failed) < len(report.files)

    def action_export(self) -> None:
        details = [f"sort: {self.sort.label}"]
        if self.search_text.strip():
            details.insert(0, f"search: {self.search_text.strip()}")
        if self.unread_only:
            details.append("unread only")
        dialog = ExportDialog(len(self.paper_list.entries), " · ".join(details))

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self._export(request)

        self.app.push_screen(dialog, chosen)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, request: ExportRequest) -> None:
        """Export the papers shown, off the event loop: 100,000 papers take a while."""
        try:
            text, count = self.library.export(
                request.format,
                self.search_text,
                source_id=self.current_source_id,
                unread_only=self.unread_only,
                sort=self.sort,
            )
            save_export(request.path, text)
        except StorageError as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Not exported", severity="error", timeout=10
            )
            return
        message = f"{plural(count, 'paper')} to {request.path}"
        self.app.call_from_thread(self.notify, message, title="Exported")

    def action_back(self) -> None:
        """Esc, in any pane or the search box: clear the search and go to the list."""
        self.search_input.value = ""  # the watch on the input clears search_text
        self.set_focus(self.paper_list)
