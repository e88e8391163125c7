"""Entry point for `papershelf` and `python -m tui`."""

from __future__ import annotations

import os
import sys

from .cli import run


def main() -> None:
    """Run the command line with the process's arguments and exit with its status."""
    try:
        status = run(sys.argv[1:])
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`papershelf list | head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    sys.exit(status)


if __name__ == "__main__":
    main()
