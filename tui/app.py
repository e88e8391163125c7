"""The papershelf Textual app: global keys, the command palette, and start-up."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Final

from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, TextArea
from textual.worker import get_current_worker

from storage import Library, LibraryError, StorageError
from storage.text import visible

if TYPE_CHECKING:
    from storage.first_page import FirstPage

from .allocator import one_arena
from .collector import AppCollector
from .commands import APP_BINDINGS, COMMANDS, dialog_keys
from .keys import keys_text
from .screens import MainScreen
from .screens.dialog import Dialog
from .settings import Settings, save_theme
from .view_memory import ViewMemory

RELEASE_STEP_SECONDS, RELEASE_ATTEMPTS = 0.02, 50
"""How often, and how many times, to look for a dialog after its key was handled before
the keys held for it are dropped (the key opened none: `T` on a paper without tags), or
go on to the list (its dialog came and went): a second in all, since a dialog opened by
a worker (`d` asks first) comes later."""

HANG_UPS: Final = (signal.SIGHUP, signal.SIGTERM)
"""The terminal window closed, or the session ended: the app quits as with `q`, so that
what quitting keeps (the view, the first page of the next start) is kept, and a note
being edited is saved."""

EDIT_HOLD_SECONDS = 1.0
"""How long keys wait behind a key that edits a text field by a binding: a key that some
pane stops on its way never reaches the app, and typing must not stall for it."""

SHUTDOWN_SECONDS: Final = 3.0
"""How long the app may take to leave the terminal as it found it after SIGTERM."""

HOLD_LIMIT_SECONDS = 10.0
"""How long keys wait for a dialog key to be handled, or for a dialog that is up to take
focus, however busy the machine: only a key that never reaches the app waits this out."""


class PapershelfApp(App[int]):
    """A reading list for papers; the Library is injected so tests can pass their own."""

    CSS_PATH = "app.tcss"
    TITLE = "papershelf"

    BINDINGS: ClassVar[list[BindingType]] = list(APP_BINDINGS)

    def __init__(
        self,
        library: Library | None,
        *,
        first_page: FirstPage | None = None,
        opening: Callable[[], Library] | None = None,
        collector: AppCollector | None = None,
        settings: Settings | None = None,
        settings_file: Path | None = None,
        memory: ViewMemory | None = None,
        notices: Sequence[str] = (),
    ) -> None:
        super().__init__()
        one_arena()  # before any thread: see `allocator`
        self._library = library
        self._first_page = first_page
        """What the first frame shows while `opening` opens the library, if it is None."""
        self._opening = opening
        self.opened_after_first_page = False
        """Whether the first frame came from a first page (for the benchmark)."""
        self.open_error: LibraryError | None = None
        """Why the library opened after the first page could not be (the app exits)."""
        self.settings = settings or Settings()
        """The reader's settings (the defaults when none were given)."""
        self._settings_file = settings_file
        """Where a theme chosen in the app is saved (None: it is not)."""
        self._memory = memory
        """Where the last view is remembered (None: the app starts afresh each time)."""
        self._notices = notices
        """What the app says as it starts: problems in the settings, a first import."""
        self._saved_theme = self.settings.theme
        """The theme the settings file names (or will, once the reader picks one)."""
        self.collector = collector
        """The garbage-collector tuning, in the process that runs the app for real."""
        self._dialog_keys = dialog_keys(self.settings.keymap)
        """The keys after which typed keys are held (see `on_event`)."""
        self._held_keys: list[events.Key] | None = []
        """Keys typed after a key that opens a dialog, until it is up, and keys typed
        before the main screen is (see `on_event`)."""
        self._keys_routed = asyncio.Event()
        self._started = False
        """Whether the main screen has been ready (keys typed before: `typed_at_start`)."""
        self._unhandled_key: events.Key | None = None
        """The dialog key routed last, until the app has run its binding (see `on_key`)."""
        self._held_since = 0.0
        """When the keys now held began to wait (see `HOLD_LIMIT_SECONDS`)."""
        self._dialog_key = False
        """Whether the key routed last opens a dialog (else it edits a field): only then
        do the keys behind it wait for a dialog to take focus."""
        self._dialog_awaited = False
        """Whether the dialog key routed last has not shown its dialog yet: the keys held
        behind a key that opens none are dropped (see `_release_key`)."""

    @property
    def library(self) -> Library:
        """The one library this app shows (once open: see `first_page`)."""
        assert self._library is not None, "the library is still opening"
        return self._library

    def get_default_screen(self) -> Screen[None]:
        """The main screen is the first screen, composed with the app: pushed from
        `on_mount` instead, it was laid out and drawn once inside Textual's start-up
        batch, where no frame reaches the terminal, then again for the first frame.
        With a first page and no library yet, the first page's screen is."""
        if self._library is None and self._first_page is not None:
            from .screens.first_page import FirstPageScreen

            return FirstPageScreen(self._first_page)
        return self._main_screen()

    def _main_screen(self) -> MainScreen:
        start = self._memory.recall(self.library.path) if self._memory else None
        remember = partial(self._memory.remember, self.library.path) if self._memory else None
        return MainScreen(
            self.library,
            collector=self.collector,
            start=start,
            remember=remember,
            after_first_page=self._first_page is not None,
        )

    def _open_library(self) -> None:
        """After the first page's frame: open the library off the event loop (the keys
        typed meanwhile wait for the main screen)."""
        assert self._opening is not None
        self.run_worker(self._open_in_thread, thread=True, group="open")

    def _open_in_thread(self) -> None:
        assert self._opening is not None
        try:
            library = self._opening()
        except LibraryError as error:
            self.call_from_thread(self._open_failed, error)
            return
        if get_current_worker().is_cancelled:
            library.close()
            return
        self.call_from_thread(self._opened, library)

    def _opened(self, library: Library) -> None:
        """The library is open: the main screen takes the first page's place, showing
        the same rows, and the keys typed so far go to it."""
        self._library = library
        self.opened_after_first_page = True
        # Pushed over the first page's screen, not switched for it: Textual's switch
        # leaves the stack empty for a moment, and the search box's styling looks at it.
        self.push_screen(self._main_screen())

    def _open_failed(self, error: LibraryError) -> None:
        self.open_error = error
        self.exit()

    async def on_main_screen_ready(self) -> None:
        """Route the keys typed while the app started, in order: Textual reads the
        terminal from before the main screen is mounted, and a key routed before it is
        (`/`, then the query) went to a screen about to lose focus or be drawn over."""
        self._started = True
        await self._release_key(RELEASE_ATTEMPTS)

    def on_mount(self) -> None:
        if self._library is None:
            self.call_after_refresh(self._open_library)
        self.theme = self.settings.theme
        self.set_keymap(self.settings.keymap)
        for notice in self._notices:
            self.notify(notice, title="papershelf", timeout=12, markup=False)
        self.watch(self, "theme", self._save_theme, init=False)
        loop = asyncio.get_running_loop()
        for hang_up in HANG_UPS:
            loop.add_signal_handler(hang_up, self._hung_up, hang_up)

    @property
    def exit_status(self) -> int:
        """The process's exit status once the app has quit: 1 after a crash (Textual
        has shown its traceback), 128 + the signal after a hang-up, else 0."""
        return self.return_code or self.return_value or 0

    def _hung_up(self, signal_number: int) -> None:
        self.run_worker(self._quit_keeping(signal_number), name="hung up")

    async def _quit_keeping(self, signal_number: int) -> None:
        """Keep what quitting keeps, having saved a note being edited (nobody is left to
        be asked whether to discard it), then quit.

        Textual's own way out writes to the terminal, and a closed window's terminal
        takes no writes: after SIGHUP it hung for good. So the process ends at once
        after a hang-up, and within a few seconds after SIGTERM whatever the terminal."""
        from .screens.note_editor import NoteEditor  # dialogs load on first use

        status = 128 + signal_number
        for screen in self.screen_stack:
            if isinstance(screen, NoteEditor):
                try:
                    await screen.keep_unsaved()
                except StorageError as error:
                    lost = f"papershelf: the note being edited is lost: {error}"
                    with suppress(OSError):  # the terminal may be gone with the window
                        print(lost, file=sys.stderr)
            elif isinstance(screen, MainScreen):
                screen.keep_for_next_start()
        if signal_number == signal.SIGHUP:
            os._exit(status)
        deadline = threading.Timer(SHUTDOWN_SECONDS, os._exit, (status,))
        deadline.daemon = True
        deadline.start()
        self.exit(status)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for hang_up in HANG_UPS:
            loop.remove_signal_handler(hang_up)

    def _save_theme(self, theme: str) -> None:
        """A theme chosen from the palette is the reader's setting from now on."""
        if self._settings_file is None or theme == self._saved_theme:
            return
        try:
            save_theme(self._settings_file, theme)
            self._saved_theme = theme
        except OSError as error:
            message = f"The theme is not saved: {error}"
            self.notify(message, severity="warning", markup=False)

    async def on_event(self, event: events.Event) -> None:
        """Hold the keys typed right after a key that opens a dialog (`t` and a tag in
        one go) until the dialog has a focused field; then route them one at a time.

        Textual routes each key when it arrives, but runs the action of a key once the
        focused pane has passed it on: the keys behind `t` were routed to the list and
        reached the dialog, or nothing, after it opened. Held keys go on one a step, so
        that each is handled before the next is routed (an Esc closes the dialog before
        the key after it arrives, a `d` among them opens its dialog first). Keys typed
        after other keys are routed at once, as before. Keys typed before the main
        screen is mounted are held the same way, until it is (`on_main_screen_ready`).

        The keys behind a key that edits a text field by a binding (Backspace, the
        arrows, ctrl+u) wait too, until its binding has run: the letters after it are
        typed into the field at once while the binding runs only once the key has passed
        every pane above it, so a burst of Backspace and letters put the letters first.
        """
        if isinstance(event, events.MouseEvent) and self._library is None:
            return  # the first page's rows are not the library's (see `_opened`)
        if isinstance(event, events.Key) and not event.is_forwarded:  # from the terminal
            if self.collector is not None:
                self.collector.key_typed(asyncio.get_running_loop())
            if self._held_keys is not None:
                self._held_keys.append(event if self._started else typed_at_start(event))
                return
            opens = self._opens_dialog(event.key)
            if opens or self._edits_by_binding(event):
                self._held_keys = []
                self._keys_routed.clear()
                self._routing(event, opens_dialog=opens)
                self._release_soon(1 if opens else RELEASE_ATTEMPTS)
        await super().on_event(event)
        if event is self._unhandled_key and not event.is_forwarded:
            self._unhandled_key = None  # a priority binding ran it there and then

    def on_key(self, event: events.Key) -> None:
        """A key reaches the app last, just before the app runs its binding: once that has
        run, the keys held behind it may look for the dialog it opened."""
        if event is self._unhandled_key:
            self.call_next(self._handled, event)

    def _handled(self, event: events.Key) -> None:
        if event is self._unhandled_key:
            self._unhandled_key = None

    def _routing(self, key: events.Key, *, opens_dialog: bool) -> None:
        """`key` opens a dialog or edits a field: the keys behind it wait until it has
        been handled (and its dialog is up)."""
        self._unhandled_key = key
        self._held_since = time.monotonic()
        self._dialog_key = self._dialog_awaited = opens_dialog

    async def keys_routed(self) -> bool:
        """Wait until no typed key is held (for tests: see `on_event`); whether any was."""
        held = not self._keys_routed.is_set()
        await self._keys_routed.wait()
        return held

    def _release_soon(self, attempt: int) -> None:
        # A timer, not after a refresh: an idle app may not refresh again for a while.
        self.set_timer(RELEASE_STEP_SECONDS, partial(self._release_key, attempt))

    async def _release_key(self, attempt: int) -> None:
        """Route the next held key once the dialog opened before it has focus, or after a
        few tries anyway (the dialog may have closed: `t`, a tag, Enter, then `j`).

        Tries are counted only once the dialog key has been handled and no dialog is up: a
        busy machine may take longer than that to run the key's binding or to mount the
        dialog, and a held key that went on meanwhile reached the list instead. Keys held
        behind a dialog key that opened no dialog (`t` on an empty list, `T` on a paper
        without tags) were typed for it: they are dropped, not run as commands (`t bulk`
        would have saved a search called `ulk`)."""
        screen = self.screen
        dialog_up = isinstance(screen, Dialog)
        if dialog_up:
            self._dialog_awaited = False
        unfocused = self._dialog_key and isinstance(screen, Dialog) and screen.waiting_for_focus
        patient = self._unhandled_key is not None or unfocused
        limit = HOLD_LIMIT_SECONDS if self._dialog_key else EDIT_HOLD_SECONDS
        if patient and time.monotonic() - self._held_since < limit:
            self._release_soon(attempt)
            return
        if not dialog_up and attempt < RELEASE_ATTEMPTS:
            self._release_soon(attempt + 1)
            return
        if self._dialog_awaited:
            self._dialog_awaited = False
            self._held_keys = []
        if not self._held_keys:
            self._held_keys = None
            self._keys_routed.set()
            return
        key = self._held_keys.pop(0)
        opens = self._opens_dialog(key.key)
        if opens or self._edits_by_binding(key):
            self._routing(key, opens_dialog=opens)
        await super().on_event(key)
        if key is self._unhandled_key and not key.is_forwarded:
            self._unhandled_key = None  # a priority binding ran it there and then
        self._release_soon(1 if opens else RELEASE_ATTEMPTS)

    def _edits_by_binding(self, key: events.Key) -> bool:
        """Whether `key` goes to a text field that acts on it by a binding (not by typing
        it: letters, and Enter and Tab in a note, are typed at once)."""
        focused = self.focused
        if isinstance(focused, TextArea):
            return not key.is_printable and key.key not in ("enter", "tab")
        return isinstance(focused, Input) and not key.is_printable

    def _opens_dialog(self, key: str) -> bool:
        """Whether `key` runs a command that opens a dialog (not typed in the search box)."""
        screen = self.screen
        return (
            isinstance(screen, MainScreen)
            and key in self._dialog_keys
            and screen.focused is not screen.search_input
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In a dialog, q must not quit from under an unsaved note or tag edit.
        return not (action in {"quit", "help"} and isinstance(self.screen, ModalScreen))

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # loaded on first use (see screens/__init__)

        self.push_screen(HelpScreen(self.settings.keymap))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        for command in COMMANDS:
            title = f"{command.title} ({keys_text(command.keys_with(self.settings.keymap))})"
            yield SystemCommand(title, command.help, partial(screen.run_action, command.action))
        yield SystemCommand(
            "Show: all papers", "Papers from every seed", partial(screen.show_source, None)
        )
        for source in self.library.sources():
            # The palette reads titles and help as markup: data is escaped to show as written.
            name, tldr = escape(visible(source.file_name)), escape(visible(source.tldr))
            yield SystemCommand(f"Show: {name}", tldr, partial(screen.show_source, source.id))
        for saved in self.library.saved_views():
            name, about = escape(visible(saved.name)), escape(visible(saved.view.describe()))
            yield SystemCommand(f"Saved: {name}", about, partial(screen.show_saved, saved))
            yield SystemCommand(
                f"Forget saved search: {name}", about, partial(screen.remove_saved, saved)
            )
        yield SystemCommand("Help: keys", "Show every key", self.action_help)


def typed_at_start(key: events.Key) -> events.Key:
    """A key typed while the app started, as the reader typed it: until Textual puts the
    terminal in raw mode, the terminal turns Enter into a newline, which arrives as ctrl+j
    (`/`, a query and Enter typed at once left the query in the search box)."""
    return events.Key("enter", "\r") if key.key == "ctrl+j" else key
