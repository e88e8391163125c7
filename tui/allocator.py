"""The C allocator's settings for the app: one arena for all its threads.

glibc gives each thread that allocates while another does an arena of its own, and
memory freed in one arena is never reused by a thread allocating from another. The app
opens its library on the main thread, whose arena then holds the free space the open
left (the lines read, the tables resized as they grew: 23 MB at 100,000 papers), and
builds the search index on a worker thread: in an arena of its own that took 32 MB
more, so the app's peak at 100,000 papers was 279 MB instead of 259 MB. The threads take
turns under the interpreter lock anyway, so sharing one arena costs them nothing.
"""

from __future__ import annotations

from functools import cache
from typing import Final

_M_ARENA_MAX: Final = -8
"""glibc's `mallopt` parameter for the most arenas (malloc.h)."""


@cache
def one_arena() -> bool:
    """Before the app starts its threads: one arena for them all (glibc only; elsewhere
    nothing changes). Whether the setting took."""
    import ctypes  # here: the command line never needs it (5 ms to import)

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError):  # not glibc
        return False
    return bool(mallopt(_M_ARENA_MAX, 1))
