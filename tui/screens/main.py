"""The main screen: source, search + paper list, and detail panes over one Library."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.markup import escape
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, Static

from storage import (
    AddTags,
    Applied,
    Change,
    Delete,
    Entry,
    ImportReport,
    Library,
    LibraryChange,
    MarkRead,
    QuerySyntaxError,
    RemoveTags,
    Restore,
    SetNote,
    StorageError,
    View,
    bundled_seeds,
    parse_query,
    plural,
    split_tags,
)
from storage.text import visible

from ..collector import AppCollector
from ..commands import COMMANDS, DIALOG_ACTIONS
from ..messages import LibraryChanged
from ..telling import tell
from ..widgets import KeyFooter, PaperDetail, PaperList, SearchBar, SourcePane, SourceView
from ..writer import WriteQueue
from .confirm import ConfirmDialog
from .dialog import WAITS_FOR_READER
from .file_dialogs import ExportDialog, ExportRequest, ImportDialog
from .tag_editor import TagEditor, TagRemover

NARROW_WIDTH = 110
"""Below this many columns the detail pane moves under the list."""
SHORT_HEIGHT = 20
"""Below this many rows the source pane (and, when narrow, the detail pane) step aside."""
INDEX_DELAY_SECONDS = 0.3
"""How long after mounting the search index starts building in the background."""
POLL_SECONDS = 1.0
"""How often to look for changes made by other processes."""

EMPTY_MESSAGE = """\
[b]This library is empty.[/b]

Press [b]i[/b] to import the seed documents bundled with papershelf,
or [b]I[/b] to import your own: a seed document, or a BibTeX or RIS file.

From a shell: papershelf --db {path} import FILE...
"""


class MainScreen(Screen[None]):
    """Holds the view (which papers, in which order) and sends changes to the library."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(command.binding for command in COMMANDS),
        # Priority, like /: the keys typed right after them (often in the same read of
        # the terminal) must go where focus went. See check_action.
        Binding(
            "escape",
            "back",
            "Back",
            show=False,
            priority=True,
            tooltip="Clear the search and go back to the list",
        ),
        Binding(
            "enter,down",
            "to_list",
            "To list",
            show=False,
            priority=True,
            tooltip="In the search box: go to the list, keeping the filter",
        ),
    ]

    view: var[View] = var(View(), init=False)
    """Which papers the list shows, in which order: the query, seed, filters and sort."""

    def __init__(self, library: Library, *, collector: AppCollector | None = None) -> None:
        super().__init__()
        self.library = library
        self._collector = collector
        self._citations: dict[str, str] | None = None
        """Formatted citations by paper id while the detail pane shows them (None: off)."""
        self._unsubscribe: Callable[[], None] | None = None
        self._writes = WriteQueue(self)

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
        self.library.on_lock_wait = self._waiting_for
        self.set_interval(POLL_SECONDS, self.poll_other_processes)
        # A watch, not a message: the search runs while the key is handled, so the echoed
        # key and the narrowed list reach the screen in one frame. A message arrives a
        # frame later, and each extra frame cost more than the search (9-13 ms a key at
        # 10,000 papers with the message, 7 ms with the watch).
        self.watch(self.search_input, "value", self._query_typed, init=False)
        sources = self.library.sources()
        self.set_reactive(MainScreen.view, View(source_id=sources[0].id if sources else None))
        self.show_everything()
        self.paper_list.focus()
        # Start indexing once the first frame has reached the terminal: the build holds
        # the GIL for a few tenths of a second at 100,000 papers, and the driver's writer
        # thread needs it to put that frame on screen.
        self.set_timer(INDEX_DELAY_SECONDS, self._prepare_search)

    @work(thread=True, exclusive=True, group="search-index")
    def _prepare_search(self) -> None:
        """Index the library once the first screen is up, before the reader types."""
        self.library.prepare_search()
        if self._collector is not None:
            self._collector.settle()  # start-up is over: what it built lives on

    def _announce_change(self, change: LibraryChange) -> None:
        """Library listener (on whichever thread changed it): handled on the event loop."""
        self.post_message(LibraryChanged(change))

    def _waiting_for(self, holder: str) -> None:
        """Lock listener, on the writer thread (app writes never wait on the event loop):
        a stuck writer elsewhere is named while the keys go on working."""
        message = f"Waiting for {holder} to finish writing …"
        self.app.call_from_thread(tell, self, message, title="Library busy", timeout=6)

    def on_unmount(self) -> None:
        self.library.on_lock_wait = None
        if self._unsubscribe is not None:
            self._unsubscribe()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")

    # The view -> the panes --------------------------------------------------------------

    def watch_view(self, old: View, new: View) -> None:
        if (old.source_id, old.trash) != (new.source_id, new.trash):
            self._show_source()
        self.show_papers(from_top=old.query != new.query)

    def show_everything(self) -> None:
        """Draw every pane from the library (at start, and after the catalog changed)."""
        empty = self.library.is_empty
        self.set_class(empty, "-empty")
        if empty:
            message = EMPTY_MESSAGE.format(path=escape(visible(str(self.library.path))))
            self.query_one("#empty-state", Static).update(message)
        if self.view.source_id is not None and self.view.source_id not in {
            source.id for source in self.library.sources()
        }:
            self.view = self.view.but(source_id=None)  # its seed is gone (an undone import)
        self._show_source()
        self.show_papers()

    def show_papers(self, *, from_top: bool = False) -> None:
        """Run the view's search and show the result; a malformed query keeps the list.

        A new query starts at its best match (`from_top`); other changes (a sort, a
        filter, a change elsewhere) keep the cursor on the paper the reader was on.
        """
        view = self.view
        total = self.library.trash_count() if view.trash else self.library.total(view.source_id)
        search_bar = self.query_one(SearchBar)
        try:
            query = parse_query(view.query)
        except QuerySyntaxError as error:
            search_bar.show_status(len(self.paper_list.entries), total, "", error.message)
            return
        entries = self.library.search(view)
        self.paper_list.show(entries, query.highlights, from_top=from_top)
        search_bar.show_status(len(entries), total, self._view_details(), None)
        self._show_detail(self.paper_list.highlighted)

    def _view_details(self) -> str:
        """The status line's words for the view (the query is in the box above)."""
        return self.library.describe(self.view.but(query="", source_id=None))

    def _show_source(self) -> None:
        sources = self.library.sources()
        source_id = self.view.source_id
        read, total = self.library.counts(source_id)
        if self.view.trash:
            view = SourceView(None, 0, self.library.trash_count(), "trash", trash=True)
        elif source_id is None:
            position = f"all {len(sources)} seeds" if len(sources) > 1 else "all papers"
            view = SourceView(None, read, total, position)
        else:
            number = [source.id for source in sources].index(source_id) + 1
            position = f"seed {number} of {len(sources)}"
            view = SourceView(self.library.source(source_id), read, total, position)
        self.query_one(SourcePane).show(view)

    def _show_detail(self, entry: Entry | None) -> None:
        names = self.library.source_names(entry) if entry else []
        citation = self._citation(entry) if entry and self._citations is not None else None
        self.query_one(PaperDetail).show(entry, names, citation)

    def _citation(self, entry: Entry) -> str:
        """The paper's APA citation, formatted once (citeproc takes a few milliseconds)."""
        assert self._citations is not None
        found = self._citations.get(entry.id)
        if found is None:
            from storage.citations import format_bibliography

            try:
                found = " ".join(format_bibliography([entry.paper], "apa"))
            except Exception as error:  # citeproc-py fails on some items: say so, go on
                found = f"(no citation: {type(error).__name__}: {error})"
            if len(self._citations) > 1000:
                self._citations.clear()
            self._citations[entry.id] = found
        return found

    def action_toggle_citation(self) -> None:
        """c: show or hide the formatted citation in the detail pane."""
        self._citations = {} if self._citations is None else None
        self._show_detail(self.paper_list.highlighted)

    # Messages ---------------------------------------------------------------------------

    @on(PaperList.Highlighted)
    def show_highlighted(self, event: PaperList.Highlighted) -> None:
        event.stop()
        self._show_detail(event.entry)

    def _query_typed(self, query: str) -> None:
        self.view = self.view.but(query=query)

    @on(LibraryChanged)
    def show_change(self, event: LibraryChanged) -> None:
        """Swap in changed papers in place; rows do not jump while the reader works."""
        change = event.change
        for words in change.merged:  # a sync tool's conflict copy, merged in
            tell(self, words, title="Merged", timeout=10)
        if change.papers_gone:
            message = (
                f"{plural(change.papers_gone, 'paper')} left the library: another process "
                "undid an import, or the catalog file was replaced by a smaller one."
            )
            tell(self, message, title="Papers removed elsewhere", severity="warning", timeout=10)
        if change.catalog_changed:
            if self._citations:
                self._citations.clear()  # a key or a merged field may have changed
            self.show_everything()
            self._prepare_search()
            return
        if change.trash_changed:
            self.show_papers()
        else:
            current = self.library.current(self.paper_list.entries)
            self.paper_list.show_states(current, change.paper_ids)
        self._show_source()

    def poll_other_processes(self) -> None:
        """Look for changes other processes made (the app does this every second)."""
        self.run_worker(self._check_for_changes, thread=True, exclusive=True, group="poll")

    def _check_for_changes(self) -> None:
        """Off the event loop: reading another process's import can take a while."""
        try:
            self.library.check_for_changes()
        except StorageError as error:
            self.app.call_from_thread(self._report, error)

    # Writing ----------------------------------------------------------------------------

    def _report(self, error: StorageError) -> None:
        """A storage error becomes a notification, never a crash (data shown as text)."""
        tell(self, str(error), title="papershelf", severity="error", timeout=8)

    def _write(self, job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run a library write off the event loop; `done` gets its result."""
        self._writes.submit(job, done, self._report)

    def _change(self, change: Change, paper_ids: Sequence[str]) -> None:
        """Apply a change to papers and say what it did, where the rows do not show it
        already: a toast for every toggle would re-lay out the screen each time."""

        def done(applied: Applied) -> None:
            if applied.count == 0:
                self._say("Nothing to change.")
            elif applied.count > 1 or isinstance(change, Delete | Restore):
                self._say(applied.describe().capitalize())

        self._write(lambda: self.library.apply(change, paper_ids), done)

    def _say(self, message: str, *, timeout: float = 3) -> None:
        tell(self, message, timeout=timeout)

    def _targets(self) -> list[Entry]:
        """The papers an action acts on: the highlighted one (or none, with a warning)."""
        entry = self.paper_list.highlighted
        if entry is None:
            self.notify("No paper is highlighted.", severity="warning")
            return []
        return [entry]

    def action_toggle_read(self) -> None:
        if targets := self._targets():
            read = not all(entry.state.read for entry in targets)
            self._change(MarkRead(read), [entry.id for entry in targets])

    def action_add_tags(self) -> None:
        if not (targets := self._targets()):
            return

        def save(text: str | None) -> None:
            if text and (tags := split_tags(text)):
                self._change(AddTags(tags), [entry.id for entry in targets])

        entry = targets[0]
        editor = TagEditor(entry.paper.display_title, entry.state.tags, self.library.tags())
        self.app.push_screen(editor, save)

    def action_remove_tag(self) -> None:
        if not (targets := self._targets()):
            return
        entry = targets[0]
        if not entry.state.tags:
            self.notify("This paper has no tags.", severity="warning")
            return

        def remove(tag: str | None) -> None:
            if tag:
                self._change(RemoveTags([tag]), [entry.id])

        self.app.push_screen(TagRemover(entry.paper.display_title, entry.state.tags), remove)

    def action_edit_note(self) -> None:
        from .note_editor import NoteEditor  # loaded on first use (see screens/__init__)

        if not (targets := self._targets()):
            return
        entry = targets[0]

        async def save(note: str, replacing: str) -> object:
            return await self._writes.run(
                lambda: self.library.apply(SetNote(note, expected=replacing), [entry.id])
            )

        self.app.push_screen(NoteEditor(entry.paper.display_title, entry.state.note, save))

    @work(group=WAITS_FOR_READER)
    async def action_delete(self) -> None:
        """Delete the highlighted paper after asking; in the trash, restore it."""
        if not (targets := self._targets()):
            return
        ids = [entry.id for entry in targets]
        if self.view.trash:
            self._change(Restore(), ids)
            return
        what = plural(len(ids), "paper")
        question = f"Delete {what}? It goes to the trash (D shows it); z undoes."
        if await self.app.push_screen_wait(ConfirmDialog(question, "Delete", "Keep")):
            self._change(Delete(), ids)

    def action_toggle_trash(self) -> None:
        self.view = self.view.but(trash=not self.view.trash)

    def action_undo(self) -> None:
        self._write(self.library.undo, lambda applied: self._said_back(applied, "Undone", "undo"))

    def action_redo(self) -> None:
        self._write(self.library.redo, lambda applied: self._said_back(applied, "Redone", "redo"))

    def _said_back(self, applied: Applied | None, verb: str, what: str) -> None:
        if applied is None:
            self.notify(f"Nothing to {what}.", severity="warning", timeout=3)
        else:
            self._say(applied.describe(verb), timeout=5)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The priority keys apply on one side of the search box each: in it, / and the
        dialog keys are text (journal names have slashes); out of it, Enter and ↓
        belong to the pane."""
        # self.focused, not has_focus: that follows only once the Focus event is handled,
        # and a burst of keys is routed before then.
        in_search = self.focused is self.search_input
        if action == "focus_search" or action in DIALOG_ACTIONS:
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
        self.view = self.view.but(unread_only=not self.view.unread_only)

    def action_cycle_sort(self) -> None:
        self.view = self.view.but(sort=self.view.sort.next)
        self._say(f"Sorted by {self.view.sort.label}", timeout=2)

    def action_next_source(self) -> None:
        self._step_source(+1)

    def action_previous_source(self) -> None:
        self._step_source(-1)

    def _step_source(self, step: int) -> None:
        """Cycle through the seeds, with "all papers" between the last and the first."""
        choices: list[str | None] = [None, *(source.id for source in self.library.sources())]
        here = choices.index(self.view.source_id) if self.view.source_id in choices else 0
        self.show_source(choices[(here + step) % len(choices)])

    def show_source(self, source_id: str | None) -> None:
        """Switch to one seed's papers (None: all papers), out of the trash."""
        self.view = self.view.but(source_id=source_id, trash=False)

    def action_import_bundled(self) -> None:
        self._import(bundled_seeds(), show_first_seed=self.library.is_empty)

    def action_import_file(self) -> None:
        def chosen(path: Path | None) -> None:
            if path is not None:
                self._import([path])

        self.app.push_screen(ImportDialog(), chosen)

    def _import(self, paths: Sequence[Path], *, show_first_seed: bool = False) -> None:
        """Import files and say what happened to each; into an empty library, show the
        first seed afterwards, as a library that started with them would."""

        def imported(report: ImportReport) -> None:
            self._imported(report)
            if show_first_seed and (sources := self.library.sources()):
                self.show_source(sources[0].id)

        self._write(lambda: self.library.import_files(paths), imported)

    def _imported(self, report: ImportReport) -> None:
        for item in report.files:
            if item.error is not None:
                tell(self, item.describe(), title="Not imported", severity="error", timeout=10)
            else:
                tell(self, item.describe() + ".", title="Imported")

    def action_export(self) -> None:
        description = self.library.describe(self.view)
        dialog = ExportDialog(len(self.paper_list.entries), description)

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self._export(request, self.view)

        self.app.push_screen(dialog, chosen)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, request: ExportRequest, view: View) -> None:
        """Export the papers shown, off the event loop: 100,000 papers take a while."""
        try:
            exported = self.library.export_to(request.path, request.format, view)
        except StorageError as error:
            self.app.call_from_thread(
                tell, self, str(error), title="Not exported", severity="error", timeout=10
            )
            return
        message = f"{plural(exported.count, 'paper')} to {request.path}"
        self.app.call_from_thread(tell, self, message, title="Exported")

    def action_back(self) -> None:
        """Esc, in any pane or the search box: clear the search and go to the list."""
        self.search_input.value = ""  # the watch on the input clears the view's query
        self.set_focus(self.paper_list)
