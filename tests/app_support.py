"""Helpers for tests that drive the real app: where things are, and waiting without sleeps."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widget import Widget

from tui.app import PapershelfApp
from tui.screens import MainScreen
from tui.screens.dialog import WAITS_FOR_READER
from tui.widgets import PaperList


def paper_list(app: PapershelfApp) -> PaperList:
    """The main screen's paper list."""
    return app.screen.query_one(PaperList)


def main_screen(app: PapershelfApp) -> MainScreen:
    """The screen on top, which must be the main screen."""
    assert isinstance(app.screen, MainScreen)
    return app.screen


def focused(app: PapershelfApp) -> Widget | None:
    """Where focus is now (a function, so that a check after a key press is not taken
    for one made before it)."""
    return app.focused


def screen_text(app: PapershelfApp) -> str:
    """The screen's text, line by line, as the compositor would send it now (Textual keeps
    that privately)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def notified(app: PapershelfApp) -> list[str]:
    """The messages of the notifications the app has shown (Textual keeps them privately)."""
    return [notification.message for notification in app._notifications]


async def settle(pilot: Pilot[int]) -> None:
    """Let held keys go on, every worker finish (library writes, the poll, the index,
    completions) and the messages they posted be handled: writes run on a worker
    thread, off the event loop. Workers waiting for the reader's answer to a dialog are
    not waited for."""
    app = pilot.app
    idle = 0
    for _ in range(40):  # a worker, or a dialog's answer, may start another (a write)
        await pilot.pause()
        # Keys typed after a dialog key go on one at a time, from the moment the app
        # handles that key, which may be only now (keys posted at once, a busy machine).
        if isinstance(app, PapershelfApp) and await app.keys_routed():
            idle = 0
            continue
        busy = [w for w in app.workers if w.group != WAITS_FOR_READER and not w.is_finished]
        if busy:  # an empty list would mean every worker to wait_for_complete
            idle = 0
            await app.workers.wait_for_complete(busy)
        else:
            idle += 1
            if idle == 3:
                break
    await pilot.pause()


async def index_built(pilot: Pilot[int]) -> None:
    """Build the search index as the screen does a moment after it is up (the tag
    counts wait for it, and on a loaded machine the timer may fire only after a
    `settle`), and let the screen take the counts."""
    app = pilot.app
    assert isinstance(app, PapershelfApp)
    main_screen(app)._prepare_search()
    await settle(pilot)


def pressing(*keys: str) -> Callable[[Pilot[int]], Awaitable[None]]:
    """For snapshots: press `keys`, then wait for what they started to finish."""

    async def run_before(pilot: Pilot[int]) -> None:
        await pilot.press(*keys)
        await settle(pilot)

    return run_before
