"""The floor for first paint: a Textual app that draws one line and does nothing else.

Started in the same pseudo-terminal as papershelf (`python -m benchmarks.floor_app DB`;
the library path is ignored), it costs what any Textual app costs to start on this
machine, this minute: the Python interpreter, importing Textual, the first frame.
"""

from __future__ import annotations

from typing import ClassVar, Final

from textual.app import App, ComposeResult
from textual.widgets import Static

FLOOR_TEXT: Final = "floor ready"


class FloorApp(App[None]):
    """One line of text; `q` quits, as papershelf's does."""

    BINDINGS: ClassVar = [("q", "quit")]

    def compose(self) -> ComposeResult:
        yield Static(FLOOR_TEXT)


if __name__ == "__main__":
    FloorApp().run()
