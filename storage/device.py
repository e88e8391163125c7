"""This machine's device id: made once, kept outside any synced folder."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path
from typing import Final

import platformdirs

_FILE_NAME: Final = "device-id"


def device_id_path() -> Path:
    """Where the id lives: the user data directory, never beside a (synced) library."""
    return platformdirs.user_data_path("papershelf", appauthor=False) / _FILE_NAME


def device_id(path: Path | None = None) -> str:
    """This machine's id, created on first use.

    Where the file cannot be written (a read-only home), the id is derived from the
    host and user names instead: stable from run to run, and still distinct between
    machines, which is all a stamp's tie-break needs.
    """
    path = path or device_id_path()
    try:
        text = path.read_text(encoding="ascii").strip()
        if text:
            return text
    except (OSError, UnicodeDecodeError):
        pass
    new = uuid.uuid4().hex[:12]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="ascii") as handle:
            handle.write(new + "\n")
        return new
    except FileExistsError:  # another process made it first: use theirs
        return path.read_text(encoding="ascii").strip() or new
    except OSError:
        import socket  # only here: a few ms of every command, which reads the id's file

        seed = f"{socket.gethostname()}:{os.getuid()}"
        return hashlib.sha256(seed.encode()).hexdigest()[:12]
