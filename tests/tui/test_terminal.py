"""The real app in a real terminal (tmux): what a person typing fast gets.

tmux is a Debian package; CI installs it (.ci/run). Where it is missing these tests are
skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import FIRST_SEED

from storage import Library, SetNote, View
from storage.first_page import first_page_of
from tui.view_memory import ViewMemory

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)"
)
BURNER = "import time\nend = time.time() + 60\nwhile time.time() < end: pass"


class Terminal:
    """One tmux session running the app, on a socket of its own."""

    def __init__(self, db: Path, size: tuple[int, int] = (120, 35)) -> None:
        self.socket = f"papershelf-test-{uuid.uuid4().hex[:8]}"
        command = f"{sys.executable} -m tui --db {db}"
        width, height = str(size[0]), str(size[1])
        self._tmux("new-session", "-d", "-x", width, "-y", height, command)

    def _tmux(self, *args: str) -> str:
        # The test runner exports COLUMNS and LINES (80x24); the app would take them over
        # the pane's own size, so the server starts without them.
        environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            env=environment,
        )
        return done.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = 20) -> str:
        """Poll the screen until `text` shows (the app draws when it is ready)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen()}")

    def title(self) -> str:
        """The terminal's title (an OSC 0 sequence the app let through would set it)."""
        return self._tmux("display-message", "-p", "#{pane_title}").strip()

    def send(self, *keys: str) -> None:
        """One send-keys call: tmux writes the keys to the app in one go."""
        self._tmux("send-keys", *keys)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture(params=["quiet", "busy"])
def terminal(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Terminal]:
    """The app in tmux over the first seed's library, on a quiet or a busy machine."""
    Library(db_path).import_files([FIRST_SEED])
    burners = []
    if request.param == "busy":
        burners = [
            subprocess.Popen([sys.executable, "-c", BURNER]) for _ in range(os.cpu_count() or 2)
        ]
    running = Terminal(db_path)
    try:
        running.wait_for("9 / 9")
        yield running
    finally:
        running.close()
        for burner in burners:
            burner.kill()
            burner.wait()


def _state_of_first(db_path: Path) -> tuple[str, tuple[str, ...]]:
    library = Library(db_path)
    state = library.entry(library.search(View())[0].id).state
    return state.note, state.tags


def _wait_until(check: object, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(check) and check():
            return
        time.sleep(0.05)
    raise AssertionError("the library never got the change")


def test_a_note_typed_at_once_in_a_terminal_is_saved_whole(
    terminal: Terminal, db_path: Path
) -> None:
    """n, the note and ctrl+s in one write to the terminal: the whole note is saved."""
    terminal.send("n", "Check the dose", "C-s")
    _wait_until(lambda: _state_of_first(db_path)[0] != "")
    assert _state_of_first(db_path) == ("Check the dose", ())
    _wait_until(lambda: "Note:" not in terminal.screen())  # the editor has closed


def test_tags_typed_at_once_in_a_terminal_are_all_added(terminal: Terminal, db_path: Path) -> None:
    """t, the tags and Enter in one write to the terminal."""
    terminal.send("t", "hair, stem cells", "Enter")
    _wait_until(lambda: _state_of_first(db_path)[1] != ())
    assert _state_of_first(db_path) == ("", ("hair", "stem cells"))


def test_an_import_typed_at_once_in_a_terminal_imports(
    terminal: Terminal, db_path: Path, tmp_path: Path
) -> None:
    """I, a path and Enter in one write to the terminal."""
    path = tmp_path / "more.bib"
    path.write_text("@article{more, title = {Typed at once}, year = 2021}\n")
    terminal.send("I", str(path), "Enter")
    _wait_until(lambda: len(Library(db_path).search(View("typed"))) == 1)


def test_an_export_typed_at_once_in_a_terminal_exports(terminal: Terminal, tmp_path: Path) -> None:
    """e, a path and Enter in one write: the path typed replaces the suggested one."""
    target = tmp_path / "typed.md"
    terminal.send("e", str(target), "Enter")
    _wait_until(target.exists)


def test_a_note_s_escape_sequences_do_not_reach_the_terminal(db_path: Path, tmp_path: Path) -> None:
    """A note that sets the terminal's title and clears the screen, shown in the detail
    pane and then in the note editor (`n`): the title stays, the text shows, as
    pictures of its escape characters."""
    library = Library(db_path)
    library.import_files([FIRST_SEED])
    first = library.search(View())[0].id
    library.apply(SetNote("Read \x1b]0;PWNED\x07 this \x1b[2J now"), [first])
    running = Terminal(db_path, size=(200, 60))  # room for the note in the detail pane
    try:
        shown = "Read ␛]0;PWNED␇ this ␛[2J now"
        running.wait_for(shown)
        assert shown in running.wait_for("9 / 9")  # the whole frame drawn, nothing cleared
        assert running.title() != "PWNED"
        running.send("n")
        editing = running.wait_for("ctrl+s save")
        assert shown in editing and "9 / 9" in editing and "Note: " in editing
        assert running.title() != "PWNED"
    finally:
        running.close()


def _ended(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("closing", ["window", "SIGTERM"])
def test_closing_the_terminal_keeps_what_quitting_keeps(db_path: Path, closing: str) -> None:
    """A reader who closes the terminal window (the app gets SIGHUP) or whose session
    ends (SIGTERM) finds the view they left at the next start, painted from its first
    page as after `q`; and the app is gone, not hung writing to a terminal that is not
    there (as it was once it quit through Textual after a SIGHUP)."""
    Library(db_path).import_files([FIRST_SEED])
    running = Terminal(db_path)
    try:
        running.wait_for("9 / 9")
        app = int(running._tmux("display-message", "-p", "#{pane_pid}").strip())
        running.send("/", "hair", "Enter")
        _wait_until(lambda: " / 9" in running.screen() and "9 / 9" not in running.screen())
        if closing == "SIGTERM":
            os.kill(app, signal.SIGTERM)
            _wait_until(lambda: _ended(app))  # with its terminal still there
    finally:
        running.close()  # kill-server: the pane's terminal goes, as when a window closes
    _wait_until(lambda: _ended(app), timeout=5)
    memory, library = ViewMemory(), db_path.resolve()
    view = memory.recall(library)
    assert view is not None and view.query == "hair"
    assert first_page_of(library, view) is not None


def test_a_note_being_edited_when_the_window_closes_is_saved(db_path: Path) -> None:
    """n, half a thought, and the window closes: the note is saved, as nano keeps its
    buffer (nobody is left to be asked whether to discard it), and z undoes it."""
    Library(db_path).import_files([FIRST_SEED])
    running = Terminal(db_path)
    try:
        running.wait_for("9 / 9")
        app = int(running._tmux("display-message", "-p", "#{pane_pid}").strip())
        running.send("n")
        running.wait_for("ctrl+s save")
        running.send("half a thought")
        running.wait_for("half a thought")
    finally:
        running.close()
    _wait_until(lambda: _ended(app), timeout=5)
    library = Library(db_path)
    first = library.search(View())[0].id
    assert library.entry(first).state.note == "half a thought"
    library.undo()
    assert library.entry(first).state.note == ""
