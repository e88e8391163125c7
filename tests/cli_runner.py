"""Run the command line in-process, as the CLI tests do."""

from __future__ import annotations

import io
import json
import sys

from tui.cli import run


def cli(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """Run the command line in-process and return (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        status = run(list(args), out, err)
    finally:
        sys.stdin = sys.__stdin__
    return status, out.getvalue(), err.getvalue()


def listed(db: str, *query: str) -> list[dict[str, object]]:
    """`list QUERY --json` on the library at `db`, parsed (it must succeed)."""
    status, out, err = cli("--db", db, "list", *query, "--json")
    assert status == 0, err
    result: list[dict[str, object]] = json.loads(out)
    return result
