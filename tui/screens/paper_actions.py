"""What the reader does to papers: each action acts on the marked papers when there are
some, else on the highlighted one, as one change (one write, one undo step).

The marks are the screen's, not the library's: a set of paper ids that survives a new
search, so that papers found by several queries can be collected and then tagged,
queued or exported at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.reactive import var
from textual.screen import Screen

from storage import (
    AddTags,
    AppendNote,
    Applied,
    Change,
    Delete,
    EntryList,
    Exported,
    ImportProgress,
    Library,
    MarkRead,
    ReadingState,
    RemoveTags,
    Restore,
    SetNote,
    SetPriority,
    SetStatus,
    StorageError,
    View,
    plural,
    split_tags,
)

from ..collector import AppCollector
from ..telling import tell
from ..widgets import PaperList
from ..writer import WriteQueue
from .dialog import WAITS_FOR_READER

if TYPE_CHECKING:
    from .file_dialogs import ExportRequest

MANY_PAPERS = 1000
"""A change to more papers than this runs with the collector held (see `AppCollector`)."""


class PaperActions(Screen[None]):
    """The main screen's actions on papers, and the marks they act on."""

    view: var[View] = var(View(), init=False)
    """Which papers the list shows, in which order: the query, seed, filters and sort."""

    def __init__(self, library: Library, *, collector: AppCollector | None = None) -> None:
        super().__init__()
        self.library = library
        self._collector = collector
        """The app's collector tuning (None outside the app's own process)."""
        self._writes = WriteQueue(self, when_idle=library.tidy, chore_due=lambda: library.tidy_due)
        self._selected: dict[str, None] = {}
        """The marked papers' ids, in the order they were marked (exports keep it)."""

    @property
    def paper_list(self) -> PaperList:
        return self.query_one("#paper-list", PaperList)

    @property
    def selected(self) -> tuple[str, ...]:
        """The marked papers, in the order they were marked."""
        return tuple(self._selected)

    def show_status(self) -> None:
        """Redraw the status line (the number of marked papers is on it)."""
        raise NotImplementedError  # the main screen's, which knows the view

    # Marks ------------------------------------------------------------------------------

    def _mark(self, selected: dict[str, None]) -> None:
        self._selected = selected
        self.paper_list.show_selection(selected.keys())
        self.show_status()

    def unmark_all(self) -> bool:
        """Unmark every paper; False when none was marked."""
        if not self._selected:
            return False
        self._mark({})
        return True

    def action_toggle_mark(self) -> None:
        """v: mark or unmark the highlighted paper, and go down."""
        entry = self.paper_list.highlighted
        if entry is None:
            return
        selected = dict(self._selected)
        if selected.pop(entry.id, False) is False:
            selected[entry.id] = None
        self._mark(selected)
        self.paper_list.cursor += 1

    def action_mark_all(self) -> None:
        """V: mark every paper shown; when they all are, unmark them."""
        self._mark(marked_all(self._selected, self._shown().ids()))

    def _shown(self) -> EntryList:
        """Every paper the view shows: while the index is built the list may hold only its
        first rows, and an action on "the papers shown" must not stop at them."""
        entries = self.paper_list.entries
        return entries if entries.complete else self.library.search(self.view)

    def _targets(self) -> list[str]:
        """The papers an action acts on: the marked ones, else the highlighted one (or
        none, with a warning)."""
        if self._selected:
            return list(self._selected)
        entry = self.paper_list.highlighted
        if entry is None:
            self.notify("No paper is highlighted.", severity="warning")
            return []
        return [entry.id]

    def _all(self, paper_ids: Sequence[str], test: Callable[[ReadingState], bool]) -> bool:
        """Whether every one of the papers passes `test` (stops at the first that fails)."""
        state = self.library.snapshot.state
        return all(test(state(paper_id)) for paper_id in paper_ids)

    # Writing ----------------------------------------------------------------------------

    def _report(self, error: StorageError) -> None:
        """A storage error becomes a notification, never a crash (data shown as text)."""
        tell(self, str(error), title="papershelf", severity="error", timeout=8)

    def _write(
        self, job: Callable[[], Any], done: Callable[[Any], None], *, many: bool = False
    ) -> None:
        """Run a library write off the event loop; `done` gets its result. `many`: it
        may change many papers (an undo, a rename, a change to the marked papers)."""
        self._writes.submit(self._held(job) if many else job, done, self._report)

    def _held(self, job: Callable[[], Any]) -> Callable[[], Any]:
        """`job` with the app's collector held (see `AppCollector.changing_many`): for a
        write that makes many documents, a change to many papers or an import."""
        return job if self._collector is None else partial(_collector_held, self._collector, job)

    def _change(self, change: Change, paper_ids: Sequence[str]) -> None:
        """Apply a change to papers and say what it did, where the rows do not show it
        already: a toast for every toggle would re-lay out the screen each time. A change
        to marked papers always says how many it touched."""
        marked = bool(self._selected)

        def done(applied: Applied) -> None:
            if applied.count == 0:
                self._say("Nothing to change.")
            elif marked or applied.count > 1 or isinstance(change, Delete | Restore):
                self._say(applied.describe().capitalize())

        many = len(paper_ids) > MANY_PAPERS
        self._write(lambda: self.library.apply(change, paper_ids), done, many=many)

    def _say(self, message: str, *, timeout: float = 3) -> None:
        tell(self, message, timeout=timeout)

    # Reading status and priority ----------------------------------------------------------

    def action_toggle_read(self) -> None:
        if targets := self._targets():
            read = not self._all(targets, lambda state: state.read)
            self._change(MarkRead(read), targets)

    def action_read_and_next(self) -> None:
        """a: mark read, then on to the next paper still to read."""
        if targets := self._targets():
            self._change(MarkRead(True), targets)
            self.action_next_unread()

    def action_next_unread(self) -> None:
        if not self.paper_list.go_to_unread(+1):
            self._say("No paper below is still to read.", timeout=2)

    def action_previous_unread(self) -> None:
        if not self.paper_list.go_to_unread(-1):
            self._say("No paper above is still to read.", timeout=2)

    def action_set_status(self, status: str) -> None:
        """Give the papers `status`; if they all have it already, make them new again."""
        if targets := self._targets():
            has_it = self._all(targets, lambda state: state.status == status)
            self._change(SetStatus("new" if has_it else status), targets)

    def action_set_priority(self, priority: int) -> None:
        """Give the papers a priority (0: none); if they all have it already, take it away."""
        if targets := self._targets():
            wanted = priority or None
            has_it = self._all(targets, lambda state: state.priority == wanted)
            self._change(SetPriority(None if has_it else wanted), targets)

    # Tags and notes ---------------------------------------------------------------------

    def _title(self, targets: Sequence[str]) -> str:
        """What a dialog acts on: the paper's title, or how many are marked."""
        if len(targets) == 1 and not self._selected:
            return self.library.entry(targets[0]).paper.display_title
        return f"{plural(len(targets), 'marked paper')}"

    def action_add_tags(self) -> None:
        from .tag_editor import TagEditor  # dialogs load on first use (see screens/__init__)

        if not (targets := self._targets()):
            return

        def save(text: str | None) -> None:
            if text and (tags := split_tags(text)):
                self._change(AddTags(tags), targets)

        current = tuple(self.library.tags(targets))
        self.app.push_screen(TagEditor(self._title(targets), current, self.library.tags()), save)

    def action_remove_tag(self) -> None:
        from .tag_editor import TagRemover

        if not (targets := self._targets()):
            return
        tags = tuple(self.library.tags(targets))
        if not tags:
            self.notify(f"{'These papers have' if self._selected else 'This paper has'} no tags.")
            return

        def remove(tag: str | None) -> None:
            if tag:
                self._change(RemoveTags([tag]), targets)

        self.app.push_screen(TagRemover(self._title(targets), tags), remove)

    def action_edit_note(self) -> None:
        """n: edit the paper's note; with papers marked, add a paragraph to each note."""
        from .note_editor import NoteEditor  # loaded on first use (see screens/__init__)

        if not (targets := self._targets()):
            return
        adding = bool(self._selected)

        async def save(note: str, replacing: str) -> object:
            """Compare-and-set: a note changed elsewhere since the editor opened is never
            overwritten (the editor asks); a paragraph added to many notes just appends."""
            change = AppendNote(note) if adding else SetNote(note, expected=replacing)
            applied = await self._writes.run(lambda: self.library.apply(change, targets))
            if adding:  # a change to marked papers says how many it touched
                self._say(applied.describe().capitalize())
            return applied

        title = self._title(targets)
        if adding:
            heading = f"Add a paragraph to the notes of {title}"
            editor = NoteEditor(title, "", save, heading=heading)
        else:
            editor = NoteEditor(title, self.library.entry(targets[0]).state.note, save)
        self.app.push_screen(editor)

    # Trash and export -------------------------------------------------------------------

    @work(group=WAITS_FOR_READER)
    async def action_delete(self) -> None:
        """Delete the papers after asking; in the trash, restore them."""
        from .confirm import ConfirmDialog

        if not (targets := self._targets()):
            return
        if self.view.trash:
            self._change(Restore(), targets)
            return
        what = plural(len(targets), "paper")
        question = f"Delete {what}? They go to the trash (D shows it); z undoes."
        if await self.app.push_screen_wait(ConfirmDialog(question, "Delete", "Keep")):
            self._change(Delete(), targets)
            if self._selected:
                self.unmark_all()  # they left the list

    def action_export(self) -> None:
        """e: export the marked papers, else the papers shown."""
        from .file_dialogs import ExportDialog

        marked = self.selected
        if marked:
            dialog = ExportDialog(len(marked), "marked")
        else:
            dialog = ExportDialog(len(self._shown()), self.library.describe(self.view))
        view = self.view

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self._export(request, marked or view)

        self.app.push_screen(dialog, chosen)

    def _export(self, request: ExportRequest, papers: View | tuple[str, ...]) -> None:
        """Export on a worker thread (100,000 papers take a while), showing how far it
        is; Esc cancels, and then no file is written."""
        from .import_progress import ExportProgressDialog

        def start(progress: ImportProgress) -> asyncio.Future[Exported]:
            job = partial(self.library.export_to, request.path, request.format, papers, progress)
            return asyncio.ensure_future(asyncio.to_thread(job))

        def exported(done: Exported | None) -> None:
            if done is not None:
                what = plural(done.count, "paper")
                if isinstance(papers, View):  # marked papers are said by their count
                    what += f" ({done.description})"
                message = f"{what} to {request.path}"
                tell(self, message, title="Exported")

        title = f"Exporting to {request.path.name}"
        self.app.push_screen(ExportProgressDialog(title, start), exported)


def marked_all(selected: dict[str, None], shown: Sequence[str]) -> dict[str, None]:
    """The marks after V over the papers `shown` (no repeats): all of them marked after
    the ones marked already, or, when every one of them is marked, those unmarked. Each
    case is a pass in C: paper by paper, V over 100,000 papers took 60 ms."""
    if not selected:
        return dict.fromkeys(shown)
    if not all(map(selected.__contains__, shown)):
        return {**selected, **dict.fromkeys(shown)}
    if len(shown) == len(selected):  # every mark is on a paper shown
        return {}
    gone = set(shown)
    return {paper_id: None for paper_id in selected if paper_id not in gone}


def _collector_held(collector: AppCollector, job: Callable[[], Any]) -> Any:
    """Run a write that may change many papers with the app's collector held."""
    with collector.changing_many():
        return job()
