"""Whether a process named in a file is still there: a lock's holder, a temporary
file's writer."""

from __future__ import annotations

import os


def is_running(pid: int) -> bool:
    """Whether a process `pid` exists (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OverflowError, OSError):  # no such pid can exist
        return False
    return True
