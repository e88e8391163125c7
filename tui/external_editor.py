"""Handing a text to the reader's own editor ($VISUAL, else $EDITOR) and taking it back."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path


class EditorError(Exception):
    """The editor could not be started, or failed: the text stays as it was."""


def editor_command(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The editor to run: $VISUAL, then $EDITOR (with its arguments), else vi."""
    chosen = environ.get("VISUAL") or environ.get("EDITOR") or "vi"
    return shlex.split(chosen)


def edit_externally(text: str, environ: Mapping[str, str] = os.environ) -> str:
    """Write the text to a temporary Markdown file, run the editor on it, read it back.

    Raises:
        EditorError: the editor is missing, or exited with an error.
    """
    with tempfile.TemporaryDirectory(prefix="papershelf-") as folder:
        path = Path(folder) / "note.md"
        path.write_text(text, encoding="utf-8")
        command = [*editor_command(environ), str(path)]
        try:
            status = subprocess.run(command, check=False).returncode
        except OSError as error:
            raise EditorError(f"cannot run {command[0]!r}: {error.strerror}") from None
        if status != 0:
            raise EditorError(f"{command[0]} exited with status {status}; the note is unchanged")
        return path.read_text(encoding="utf-8")
