"""Replace a file's content atomically: a crash leaves the old content or the new, never a mix."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from .processes import is_running

TEMP_SUFFIX: Final = ".tmp"
TEMP_PREFIX: Final = ".~"
"""Temporary files are `.~<name>.<random>.tmp`: Dropbox never syncs a name that starts
with `.~` (its rule for temporary files), Nextcloud none that starts with a dot, and
one `.stignore` line keeps Syncthing off them too."""


def write_atomically(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write `data` (or its pieces, in turn) to a temporary file beside `path`, fsync
    it, rename it over `path`.

    A symlink stays a link: the file it points at is replaced (before, the first write
    put a regular file in the link's place and the real file stopped being updated).
    The temporary file is `.~<name>.<pid>.<random>.tmp`: a kill leaves it behind, and
    the pid tells the next writer it was abandoned (`remove_abandoned_temp_files`).

    The file keeps its permissions (a new one gets the umask's), since `mkstemp` makes
    0600 files. The folder is fsynced too, so the rename itself survives a power cut.

    Raises:
        OSError: the folder is not writable (the error's filename is the folder), the
            disk is full...; `path` is unchanged and no temporary file is left behind.
    """
    path = Path(os.path.realpath(path))  # through a symlink: replace its target, not it
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_current_umask()
    import tempfile  # with the first write: a command that only reads never loads it

    try:
        fd, temp_name = tempfile.mkstemp(
            dir=folder, prefix=f"{temp_prefix(path)}{os.getpid()}.", suffix=TEMP_SUFFIX
        )
    except OSError as error:  # name the folder: that is what the reader must fix
        raise OSError(error.errno, error.strerror, str(folder)) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def temp_prefix(path: Path) -> str:
    """How the names of `path`'s temporary files start."""
    return f"{TEMP_PREFIX}{path.name}."


def remove_abandoned_temp_files(path: Path) -> None:
    """Delete the temporary files of `path` whose writing process is gone (killed).

    A file of a writer still running, or one not named by `write_atomically`, is kept.
    """
    for prefix in (temp_prefix(path), f".{path.name}."):  # an older papershelf's too
        for leftover in path.parent.glob(f"{glob.escape(prefix)}*{TEMP_SUFFIX}"):
            pid = leftover.name.removeprefix(prefix).split(".", 1)[0]
            if pid.isdigit() and not is_running(int(pid)):
                leftover.unlink(missing_ok=True)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; some filesystems refuse, which is harmless."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
