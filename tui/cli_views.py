"""`papershelf views`: the saved searches, with how many of their papers are unread."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, TextIO

from storage import QuerySyntaxError, SortOrder, View

from .cli_parser import UsageError

if TYPE_CHECKING:  # `saved_views` loads with the library's first saved search
    from storage import Library, SavedView


def unread_counts(library: Library, saved: SavedView) -> tuple[int, int] | QuerySyntaxError:
    """(papers still to read, papers) that the saved search finds: its papers as the app
    lists and counts them, without the seeds' own case reports. A search whose query does
    not parse (saved by an older papershelf, or merged from another machine) gives what
    is wrong with it, so that the others are still listed."""
    view = saved.view.but(include_reports=False)
    try:
        total = len(library.search(view.but(unread_only=False)))
        unread = len(library.search(view.but(unread_only=True)))
    except QuerySyntaxError as error:
        return error
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
    rows = [(saved, unread_counts(library, saved)) for saved in library.saved_views()]
    if args.json:
        items = [
            {
                "name": saved.name,
                "unread": None if isinstance(counts, QuerySyntaxError) else counts[0],
                "papers": None if isinstance(counts, QuerySyntaxError) else counts[1],
                "error": str(counts) if isinstance(counts, QuerySyntaxError) else None,
                "query": saved.view.query,
                "sort": saved.view.sort.value,
                "unread_only": saved.view.unread_only,
                "source_id": saved.view.source_id,
                "trash": saved.view.trash,
            }
            for saved, counts in rows
        ]
        json.dump(items, out, ensure_ascii=False)
        out.write("\n")
        return 0
    if not rows:
        print(
            "no saved searches (save one with b in the app, or views --save NAME QUERY)", file=err
        )
    for number, (saved, counts) in enumerate(rows, 1):
        words = saved.view.describe(_source_name(library, saved.view.source_id))
        if isinstance(counts, QuerySyntaxError):
            found = f"does not parse: {counts} "
        else:
            found = f"{counts[0]:>6,} unread / {counts[1]:<7,}"
        print(f"{number:>2}  @{saved.name:<20} {found} {words}", file=out)
    return 0


def _source_name(library: Library, source_id: str | None) -> str | None:
    if source_id is None:
        return None
    return next((s.file_name for s in library.sources() if s.id == source_id), None)
