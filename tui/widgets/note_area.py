"""The note's text area: a note's control characters shown as pictures, kept as typed.

A note keeps what its reader put in it, escape sequences included (`note --set`, an
editor, another machine), but a TextArea would send them to the terminal as they are.
The area holds each one as a picture of itself (␛ for ESC), one character for one, so
the cursor and the wrapping count what is drawn; the note it gives back has them again.
"""

from __future__ import annotations

from typing import Final

from textual.widgets import TextArea

_PICTURES: Final = (
    {chr(code): chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\t\n"}
    | {"\x7f": "\u2421"}
    # C1 controls have no pictures: the private use area, at their own code points.
    | {chr(code): chr(0xE000 + code) for code in range(0x80, 0xA0)}
    # Line separators a TextArea would turn into newlines.
    | {"\u2028": "\ue028", "\u2029": "\ue029"}
)
_SHOWN: Final = str.maketrans(_PICTURES)


def shown(note: str) -> str:
    """`note` as the area holds it: its control characters as pictures."""
    return note.translate(_SHOWN)


class NoteArea(TextArea):
    """A Markdown TextArea for a note: `note` is what the reader wrote, controls and all.

    A picture becomes its control again only if the note loaded held that control, so
    a `␛` the reader typed (or copied from `papershelf note`) stays a `␛`.
    """

    def __init__(self, note: str, *, id: str | None = None) -> None:
        super().__init__(shown(note), language="markdown", soft_wrap=True, id=id)
        self._loaded = note
        self._back = self._back_for(note)

    @staticmethod
    def _back_for(note: str) -> dict[int, str]:
        """Picture to control, for the controls `note` holds (and only those)."""
        return {ord(_PICTURES[char]): char for char in set(note) if char in _PICTURES}

    def load_note(self, note: str) -> None:
        """Show `note` instead (what an external editor saved)."""
        self._loaded, self._back = note, self._back_for(note)
        self.load_text(shown(note))

    @property
    def note(self) -> str:
        """The note as edited; untouched, exactly the note loaded."""
        text = self.text
        return self._loaded if text == shown(self._loaded) else text.translate(self._back)
