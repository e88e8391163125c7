"""`papershelf views`: the saved searches, with how many of their papers are unread."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, TextIO

from storage import SortOrder, View

from .cli_parser import UsageError

if TYPE_CHECKING:  # `saved_views` loads with the library's first saved search
    from storage import Library, SavedView


def unread_counts(library: Library, saved: SavedView) -> tuple[int, int]:
    """(papers still to read, papers) that the saved search finds: its papers as the app
    lists and counts them, without the seeds' own case reports."""
    view = saved.view.but(include_reports=False)
    total = len(library.search(view.but(unread_only=False)))
    unread = len(library.search(view.but(unread_only=True)))
    return unread, total


def saved_views_command(
    library: Library, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    """List the saved searches; `--save NAME QUERY` and `--remove NAME` change them."""
    if args.save is not None and args.remove is not None:
        raise UsageError("--save or --remove, not both")
    if args.save is not None:
        view = View(" ".join(args.query), sort=SortOrder(args.sort))
        print(library.save_view(args.save, view).describe(), file=out)
        return 0
    if args.query:
        raise UsageError("a query goes with --save NAME")
    if args.remove is not None:
        print(library.remove_view(args.remove).describe(), file=out)
        return 0
    rows = []
    for saved in library.saved_views():
        unread, total = unread_counts(library, saved)
        rows.append((saved, unread, total))
    if args.json:
        items = [
            {
                "name": saved.name,
                "unread": unread,
                "papers": total,
                "query": saved.view.query,
                "sort": saved.view.sort.value,
                "unread_only": saved.view.unread_only,
                "source_id": saved.view.source_id,
                "trash": saved.view.trash,
            }
            for saved, unread, total in rows
        ]
        json.dump(items, out, ensure_ascii=False)
        out.write("\n")
        return 0
    if not rows:
        print(
            "no saved searches (save one with b in the app, or views --save NAME QUERY)", file=err
        )
    for number, (saved, unread, total) in enumerate(rows, 1):
        words = saved.view.describe(_source_name(library, saved.view.source_id))
        print(f"{number:>2}  @{saved.name:<20} {unread:>6,} unread / {total:<7,} {words}", file=out)
    return 0


def _source_name(library: Library, source_id: str | None) -> str | None:
    if source_id is None:
        return None
    return next((s.file_name for s in library.sources() if s.id == source_id), None)
