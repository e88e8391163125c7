"""Notifications that carry data (titles, file names, error messages): shown as text.

A title with `[/b]` in it, parsed as Textual markup, crashed the app (MarkupError); an
escape sequence in a note would reach the terminal. Every notification with words
from the library goes through `tell`.
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from storage.text import visible


def tell(node: Widget, message: str, **options: Any) -> None:
    """`node.notify(message)`, the message shown as written and safe for the terminal."""
    title = options.pop("title", "")
    node.notify(visible(message), title=visible(title), markup=False, **options)
