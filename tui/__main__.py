"""Entry point for `papershelf` and `python -m tui`."""

from __future__ import annotations

import sys

from .cli import run


def main() -> None:
    """Run the command line with the process's arguments and exit with its status."""
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
