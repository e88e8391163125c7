"""Entry point for `papershelf` and `python -m tui`."""

from __future__ import annotations

import gc
import os
import sys

# Importing the command line and the library makes some 25,000 objects the collector
# tracks (classes, functions, dicts), which live as long as the process and form no
# garbage: collections walking them, while they were made and at every full collection
# after, cost each command 5-10 ms of its start. Frozen, the collector leaves them out.
gc.disable()
from .cli import run  # noqa: E402 - after the collector is paused, for the reason above

gc.freeze()
gc.enable()


def main() -> None:
    """Run the command line with the process's arguments and exit with its status."""
    kept: list[object] = []
    try:
        status = run(sys.argv[1:], kept=kept)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`papershelf list | head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    if kept:
        # A command's library is closed and its output written: freeing its documents
        # one by one would cost 0.1 s at 100,000 papers (a tenth of `list`), for nothing.
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


if __name__ == "__main__":
    main()
