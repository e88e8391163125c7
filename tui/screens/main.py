"""The main screen: source, search + paper list, and detail panes over one Library."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.events import Resize
from textual.geometry import Size
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker

from storage import (
    Applied,
    Entry,
    EntryList,
    ImportProgress,
    Library,
    LibraryChange,
    QuerySyntaxError,
    RenameTag,
    Source,
    StorageError,
    View,
    bundled_seeds,
    parse_query,
    plural,
    tag_term,
)
from storage.text import fold, visible

from ..collector import AppCollector
from ..commands import COMMANDS, key_of
from ..messages import LibraryChanged
from ..telling import tell
from ..widgets import KeyFooter, PaperDetail, PaperList, SearchBar, SourcePane, SourceView, TagPane
from ..widgets.kept_lines import KeptHorizontal, KeptLines, KeptVertical
from .saved_searches import SavedSearchActions

if TYPE_CHECKING:
    from storage import ImportReport

NARROW_WIDTH = 110
"""Below this many columns the detail pane moves under the list."""
SHORT_HEIGHT = 20
"""Below this many rows the source pane (and, when narrow, the detail pane) step aside."""
TAGS_WIDTH, TAGS_HEIGHT = 140, 30
"""From this size on the tag pane is shown unless the reader hid it (`#`)."""
INDEX_DELAY_SECONDS = 0.3
"""How long after mounting the search index starts building in the background."""
POLL_SECONDS = 1.0
"""How often to look for changes made by other processes."""
DETAIL_PAUSE_SECONDS = 0.25
"""While the reader types a search, the detail pane shows the top paper once typing has
paused this long: the list narrows at every key, and drawing a paper's every field
(with its note's Markdown) at each key whose top paper changed cost more than the rest
of the keystroke (6-7 ms, and a repaint of the whole pane)."""

EMPTY_MESSAGE = """\
[b]This library is empty.[/b]

Press [b]{import_bundled}[/b] to import the seed documents bundled with papershelf,
or [b]{import_file}[/b] to import your own: a seed document, or a BibTeX or RIS file.

From a shell: papershelf --db {path} import FILE...
"""


class MainScreen(KeptLines, SavedSearchActions):
    """Holds the view (which papers, in which order) and sends changes to the library."""

    class Ready(Message):
        """The screen shows the library: keys typed before now can be routed to it."""

    ESCAPE_TO_MINIMIZE = False
    """Esc is the screen's own key (`back`), which also ends the full view."""

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
            tooltip="Unmark the marked papers; then clear the search and go back to the list",
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

    def __init__(
        self,
        library: Library,
        *,
        collector: AppCollector | None = None,
        start: View | None = None,
        remember: Callable[[View], None] | None = None,
        after_first_page: bool = False,
    ) -> None:
        super().__init__(library, collector=collector)
        self._start = start
        """The view to start on (the one remembered); None: the first seed, sorted as
        the settings say."""
        self._remember = remember
        self._citations: dict[str, str] | None = None
        """Formatted citations by paper id while the detail pane shows them (None: off)."""
        self._unsubscribe: Callable[[], None] | None = None
        self._tags_wanted: bool | None = None
        """Whether the reader showed (True) or hid (False) the tag pane; None: by size."""
        self._poll: Worker[None] | None = None
        """The last look for other processes' changes (one at a time)."""
        self._query_error: str | None = None
        """What is wrong with the view's query, while it is malformed."""
        self._detail_due: Timer | None = None
        """Shows the detail pane once typing pauses (see `DETAIL_PAUSE_SECONDS`)."""
        self._first_frame_out = after_first_page
        """Whether the first frame, with the list, has been drawn: the detail pane waits
        for it (see `on_mount`); after a first page it was, detail pane and all."""

    def compose(self) -> ComposeResult:
        return compose_panes()

    @property
    def tag_pane(self) -> TagPane:
        return self.query_one("#tag-pane", TagPane)

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
        first = sources[0].id if sources else None
        start = self._start or View(source_id=first, sort=self.settings.sort)
        self.set_reactive(MainScreen.view, start)
        self.library.keep_ready([start])
        # Laid out for the terminal now, as the first page is: the first frame can come
        # before the resize event, and a narrow terminal flashed the wide layout.
        lay_out(self, self.app.size)
        self._place_tag_pane(self.app.size)
        self.search_input.value = start.query
        self.show_everything()
        self.paper_list.focus()
        # Start indexing once the first frame has reached the terminal: the build holds
        # the GIL for a few tenths of a second at 100,000 papers, and the driver's writer
        # thread needs it to put that frame on screen.
        self.set_timer(INDEX_DELAY_SECONDS, self._prepare_search)
        # The detail pane's paper comes a frame later: its first note loads Markdown, its
        # first bibliography fields the LaTeX decoder, and its abstract is most of the
        # text to lay out. The list and the counts are on screen meanwhile.
        self.call_after_refresh(self._show_first_detail)
        self.post_message(self.Ready())

    def _show_first_detail(self) -> None:
        self._first_frame_out = True
        self._show_detail(now=True)

    @work(thread=True, exclusive=True, group="search-index")
    def _prepare_search(self) -> None:
        """Index the library once the first screen is up, before the reader types."""
        self.library.prepare_search(ready=lambda: self.app.call_from_thread(self._index_ready))
        if self._collector is not None:
            self._collector.settle()  # start-up is over: what it built lives on
        self.app.call_from_thread(self._show_tags)  # the counts waited for the index

    def _index_ready(self) -> None:
        """The search index is in use: a list of first rows is replaced by the whole
        result, counted (the cursor stays on its paper)."""
        try:
            if not self.paper_list.entries.complete:
                self.show_papers()
        except NoMatches:  # the build ended as the app quit: its panes are gone
            pass

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
        self.library.keep_ready([])
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.keep_for_next_start()

    def keep_for_next_start(self) -> None:
        """Remember the view, and keep its first page for the next start (a few ms)."""
        if self._remember is not None:
            self._remember(self.view)
        self.library.write_first_page(self.view)

    def on_resize(self, event: Resize) -> None:
        lay_out(self, event.size)
        self._place_tag_pane(event.size)

    def _place_tag_pane(self, size: Size | None = None) -> None:
        """Show the tag pane if the reader wants it, or by default on a screen of `size`
        (the screen's own, once it has one) that is large."""
        wanted = self._tags_wanted
        if wanted is None:
            wanted = tags_fit(size or self.size)
        if wanted != self.has_class("-tags"):
            self.set_class(wanted, "-tags")
            self._show_tags()

    @property
    def tags_shown(self) -> bool:
        """Whether the tag pane is on screen."""
        return self.has_class("-tags")

    def action_toggle_tags(self) -> None:
        """#: show the tag pane and go to it; in it, hide it and go back to the list."""
        if self.focused is self.tag_pane:
            self._tags_wanted = False
            self._place_tag_pane()
            self.set_focus(self.paper_list)
            return
        self._tags_wanted = True
        self._place_tag_pane()
        self.set_focus(self.tag_pane)

    # The view -> the panes --------------------------------------------------------------

    def watch_view(self, old: View, new: View) -> None:
        self.library.keep_ready([new])
        if (old.source_id, old.trash) != (new.source_id, new.trash):
            self._show_source()
        self.show_papers(from_top=old.query != new.query)

    def show_everything(self) -> None:
        """Draw every pane from the library (at start, and after the catalog changed)."""
        empty = self.library.is_empty
        self.set_class(empty, "-empty")
        if empty:
            message = EMPTY_MESSAGE.format(
                path=escape(visible(str(self.library.path))),
                import_bundled=escape(key_of("import-bundled")),
                import_file=escape(key_of("import-file")),
            )
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
        try:
            query = parse_query(view.query)
        except QuerySyntaxError as error:
            self._query_error = error.message
            self.show_status()
            return
        self._query_error = None
        # While the index is built, the rows on screen (and a screen more) come at once.
        entries = self.library.search(view, first=2 * max(self.paper_list.size.height, 20))
        empty = nothing(view, len(self._selected), entries.complete)
        self.paper_list.show(entries, query.highlights, from_top=from_top, empty=empty)
        self.show_status()
        self._show_detail()
        self._show_tags(entries)

    def show_status(self) -> None:
        """Redraw the status line for the list as it is (after marking papers, say); a
        malformed query's error takes the place of the view's words, not of the marks."""
        view = self.view
        total = self.library.trash_count() if view.trash else self.library.total(view.source_id)
        shown = len(self.paper_list.entries)
        error = self._query_error
        details = self._marks_words() if error else self._view_details()
        complete = self.paper_list.entries.complete
        self.query_one(SearchBar).show_status(shown, total, details, error, counting=not complete)
        if not shown:  # what Esc does next changed with the marks
            self.paper_list.show_empty(nothing(view, len(self._selected), complete))

    def _view_details(self) -> str:
        """The status line's words for the view (the query is in the box above), and how
        many papers are marked."""
        details = self.library.describe(self.view.but(query="", source_id=None))
        marks = self._marks_words()
        return f"{details} · {marks}" if marks else details

    def _marks_words(self) -> str:
        """How many papers are marked, and how to unmark them ("" when none is)."""
        return f"{len(self._selected):,} selected (Esc clears)" if self._selected else ""

    def _show_tags(self, entries: EntryList | None = None) -> None:
        """Count the tags of the papers shown, if the tag pane is; the count waits for
        the search index rather than build it here, on the event loop."""
        if self.tags_shown:
            shown = self.paper_list.entries if entries is None else entries
            self.tag_pane.show(self.library.tag_counts(shown, build=False))

    def _show_source(self) -> None:
        sources = self.library.sources()
        source_id = self.view.source_id
        read, total = self.library.counts(source_id)
        source = None if source_id is None else self.library.source(source_id)
        number = sources.index(source) + 1 if source else 0
        shown = source_view(
            self.view, source, number, len(sources), (read, total), self.library.trash_count()
        )
        self.query_one(SourcePane).show(shown)

    def _show_detail(self, *, now: bool = False) -> None:
        """Show the highlighted paper in the detail pane: at once, or, while the reader
        types in the search box, once typing pauses (an empty result says so at once)."""
        if self._detail_due is not None:
            self._detail_due.stop()
            self._detail_due = None
        if not self._first_frame_out:
            return  # see on_mount
        entry = self.paper_list.highlighted
        if entry is not None and not now and self.focused is self.search_input:
            self._detail_due = self.set_timer(DETAIL_PAUSE_SECONDS, self._show_detail_now)
            return
        names = self.library.source_names(entry) if entry else []
        citation = self._citation(entry) if entry and self._citations is not None else None
        self.query_one(PaperDetail).show(entry, names, citation)

    def _citation(self, entry: Entry) -> str:
        """The paper's citation in the settings' style, formatted once (citeproc takes a
        few milliseconds)."""
        assert self._citations is not None
        found = self._citations.get(entry.id)
        if found is None:
            from storage.citations import format_bibliography

            try:
                found = " ".join(format_bibliography([entry.paper], self.settings.citation_style))
            except Exception as error:  # citeproc-py fails on some items: say so, go on
                found = f"(no citation: {type(error).__name__}: {error})"
            if len(self._citations) > 1000:
                self._citations.clear()
            self._citations[entry.id] = found
        return found

    def _show_detail_now(self) -> None:
        self._show_detail(now=True)

    def action_toggle_citation(self) -> None:
        """c: show or hide the formatted citation in the detail pane."""
        self._citations = {} if self._citations is None else None
        self._show_detail()

    # Messages ---------------------------------------------------------------------------

    @on(PaperList.Highlighted)
    def show_highlighted(self, event: PaperList.Highlighted) -> None:
        event.stop()
        self._show_detail()

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
        if change.catalog_changed or change.trash_changed:
            self._drop_lost_marks()
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
            self._show_tags()
        self._show_source()

    def _drop_lost_marks(self) -> None:
        """Unmark papers that left the library or moved into or out of the trash (another
        process deleted one, say): the next action on the marks would change them unseen."""
        snapshot = self.library.snapshot
        catalog, trash = snapshot.catalog, snapshot.trash
        kept = {
            paper_id: None
            for paper_id in self._selected
            if (number := catalog.find_number(paper_id)) is not None
            and (number in trash) == self.view.trash
        }
        if len(kept) != len(self._selected):
            self._mark(kept)

    def poll_other_processes(self) -> None:
        """Look for changes other processes made (the app does this every second), unless
        the last look is still reading them."""
        if self._poll is not None and not self._poll.is_finished:
            return
        self._poll = self.run_worker(self._check_for_changes, thread=True, group="poll")

    def _check_for_changes(self) -> None:
        """Off the event loop: another process's import is read, indexed and searched for
        the view (see `Library.keep_ready`) on this thread; the loop only swaps it in."""
        held = self._collector.reading_changes() if self._collector else nullcontext()
        try:
            with held:
                self.library.check_for_changes()
        except StorageError as error:
            self.app.call_from_thread(self._report, error)

    # The tag pane ----------------------------------------------------------------------

    @on(TagPane.Chosen)
    def filter_by_tags(self, event: TagPane.Chosen) -> None:
        """Enter in the tag pane: add `tag:x` for each chosen tag to the query."""
        event.stop()
        terms = [tag_term(tag) for tag in event.tags]
        if None in terms:
            self.notify("A tag with a double quote in it cannot be searched for; rename it.")
            return
        query = self.search_input.value
        try:
            present = {t.value for t in parse_query(query).terms if t.field == "tag"}
        except QuerySyntaxError:
            present = set()
        added = [
            term for term, tag in zip(terms, event.tags, strict=True) if fold(tag) not in present
        ]
        self.search_input.value = " ".join([query.strip(), *(t for t in added if t)]).strip()
        self.tag_pane.clear_marks()
        self.set_focus(self.paper_list)

    @on(TagPane.RenameAsked)
    def rename_tag(self, event: TagPane.RenameAsked) -> None:
        """R in the tag pane: rename the tag on every paper, as one change."""
        from .tag_editor import TagRenamer  # dialogs load on first use (see screens/__init__)

        event.stop()
        old = event.tag
        count = dict(self.tag_pane.counts or ()).get(old, 0)

        def renamed(new: str | None) -> None:
            if new and new.strip() != old:
                change = RenameTag(old, new)
                self._write(lambda: self.library.apply_everywhere(change), self._renamed, many=True)

        self.app.push_screen(TagRenamer(old, count, self.library.tags()), renamed)

    def _renamed(self, applied: Applied) -> None:
        self._say(applied.describe().capitalize(), timeout=5)

    def action_toggle_trash(self) -> None:
        self.view = self.view.but(trash=not self.view.trash)

    def action_undo(self) -> None:
        self._write(
            self.library.undo,
            lambda applied: self._said_back(applied, "Undone", "undo"),
            many=True,
        )

    def action_redo(self) -> None:
        self._write(
            self.library.redo,
            lambda applied: self._said_back(applied, "Redone", "redo"),
            many=True,
        )

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
        # Nothing is focused before the screen is composed (pushed over a first page, it
        # is asked while it mounts).
        focused = self.focused
        in_search = focused is not None and focused is self.search_input
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
        self._show_detail()  # the paper found, without waiting for the pause

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
        from .file_dialogs import ImportDialog

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._import([path])

        self.app.push_screen(ImportDialog(), chosen)

    def _import(self, paths: Sequence[Path], *, show_first_seed: bool = False) -> None:
        """Import files, showing how far it is (Esc cancels), and say what happened to
        each; into an empty library, show the first seed afterwards, as a library that
        started with them would."""
        from .import_progress import ImportProgressDialog

        def imported(report: ImportReport | None) -> None:
            if report is None:
                return  # cancelled or failed: the dialog said so
            self._imported(report)
            if show_first_seed and (sources := self.library.sources()):
                self.show_source(sources[0].id)

        def start(progress: ImportProgress) -> asyncio.Future[Any]:
            return self._writes.run(self._held(lambda: self.library.import_files(paths, progress)))

        title = f"Importing {paths[0].name}" if len(paths) == 1 else f"Importing {len(paths)} files"
        self.app.push_screen(ImportProgressDialog(title, start), imported)

    def _imported(self, report: ImportReport) -> None:
        for item in report.files:
            if item.error is not None:
                tell(self, item.describe(), title="Not imported", severity="error", timeout=10)
            else:
                tell(self, item.describe() + ".", title="Imported")

    def action_toggle_full_detail(self) -> None:
        """f: the detail pane alone on the screen, to read a long abstract or note."""
        if self.maximized is not None:
            self.minimize()
            self.set_focus(self.paper_list)
            return
        detail = self.query_one(PaperDetail)
        self.maximize(detail, container=False)
        self.set_focus(detail)

    def action_back(self) -> None:
        """Esc, in any pane or the search box: back from the full view; unmark the marked
        papers; with none marked, clear the search and go to the list."""
        if self.maximized is not None:
            self.action_toggle_full_detail()
            return
        if self.unmark_all():
            return
        self.search_input.value = ""  # the watch on the input clears the view's query
        self.set_focus(self.paper_list)
        self._show_detail()


def compose_panes() -> ComposeResult:
    """The panes of the main screen (and of the first page drawn before it)."""
    with KeptHorizontal(id="panes"):
        with KeptVertical(id="reading-column"):
            yield SourcePane(id="source-pane")
            yield SearchBar(id="search-bar")
            yield PaperList(id="paper-list")
            yield Static(id="empty-state")
        yield PaperDetail(id="paper-detail")
        yield TagPane(id="tag-pane")
    yield KeyFooter()


def lay_out(screen: Screen[Any], size: Size) -> None:
    """Move the panes for a narrow or short screen."""
    screen.set_class(size.width < NARROW_WIDTH, "-narrow")
    screen.set_class(size.height < SHORT_HEIGHT, "-short")


def tags_fit(size: Size) -> bool:
    """Whether the tag pane is shown on a screen of this size, unless the reader chose."""
    return size.width >= TAGS_WIDTH and size.height >= TAGS_HEIGHT


def source_view(
    view: View,
    source: Source | None,
    number: int,
    sources: int,
    counts: tuple[int, int],
    trash_count: int,
) -> SourceView:
    """What the source pane shows for `view`: its seed (`number` of `sources`), with
    (read, total) `counts`, or the trash."""
    if view.trash:
        return SourceView(None, 0, trash_count, "trash", trash=True)
    read, total = counts
    if source is None:
        position = f"all {sources} seeds" if sources > 1 else "all papers"
        return SourceView(None, read, total, position)
    return SourceView(source, read, total, f"seed {number} of {sources}")


def nothing(view: View, marked: int, complete: bool = True) -> str:
    """What an empty list says, and how to see more (Esc unmarks before it clears)."""
    if not complete:
        return "Searching …"
    if view.trash:
        return "The trash is empty."
    if view.query.strip() and marked:
        return f"No papers match. Esc unmarks {plural(marked, 'paper')}, then clears the search."
    if view.query.strip():
        return "No papers match. Esc clears the search."
    if view.unread_only:
        return "No papers are still to read here. u shows them all."
    return "No papers here."
