"""The app's first paint loads only what it shows: dialogs, importing and merging load
on first use, and the names that stand for them still resolve to the real objects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path
from types import ModuleType

import pytest

import storage
import tui.screens
from storage import Library

ROOT = Path(__file__).resolve().parents[2]
LOADED_ON_FIRST_USE = {
    *(f"storage.{module}" for module in ("importing", "merging", "seeds")),
    *(
        f"tui.screens.{module}"
        for module in (
            "confirm",
            "copy_menu",
            "file_dialogs",
            "help",
            "import_progress",
            "link_editor",
            "note_editor",
            "save_search",
            "saved_picker",
            "tag_editor",
        )
    ),
}
"""What the first paint must not import (each was a few milliseconds of it)."""

FIRST_PAINT = """
import asyncio, json, sys
from pathlib import Path
from tui.cli import run
from tui.app import PapershelfApp
from tui.widgets import PaperList

async def first_paint() -> None:
    from storage import Library
    app = PapershelfApp(Library(Path(sys.argv[1])))
    async with app.run_test(size=(120, 35)):
        assert app.screen.query_one(PaperList).entries, "painted without rows"
        print(json.dumps(sorted(sys.modules)))

asyncio.run(first_paint())
"""


def test_first_paint_loads_no_dialog_and_no_import_code(library: Library) -> None:
    """Start the app in a fresh interpreter, as `papershelf` does, and look at what the
    first frame loaded."""
    result = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(library.path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "tui.screens.main" in loaded
    assert sorted(LOADED_ON_FIRST_USE & loaded) == []


@pytest.mark.parametrize(
    ("package", "table"),
    [(storage, storage._LOADED_ON_FIRST_USE), (tui.screens, tui.screens._LOADED_ON_FIRST_USE)],
)
def test_names_loaded_on_first_use_are_the_modules_own(
    package: ModuleType, table: dict[str, str]
) -> None:
    for name, module in table.items():
        defining = import_module(f"{package.__name__}.{module}")
        assert getattr(package, name) is getattr(defining, name), name
    assert set(table) <= set(package.__all__)
    for name in package.__all__:
        assert getattr(package, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute 'nothing_such'"):
        _ = package.nothing_such


COMMAND_LINE = """
import json, sys
from tui.cli import run
run(sys.argv[1:])
print(json.dumps(sorted(sys.modules)))
"""

FOR_CHANGES = {
    "hashlib",
    "platformdirs",
    "storage.changes",
    "storage.device",
    "storage.steps",
    "storage.tag_changes",
    "tempfile",
    "tui.cli_changes",
}
"""What `tag` loads and `list` must not: the changes, their undo steps (`list` replays
the journal's stored steps without them), and the device id their stamps carry (read
from the user data directory, whose path platformdirs finds)."""

NOT_FOR_CHANGES = {
    "storage.finder",
    "storage.first_rows",
    "storage.found",
    "storage.one_shot",
    "storage.search",
}
"""What `tag ID` and the other commands changing named papers never run: the search
(its parser, its scans and its caches, with their dataclasses and patterns)."""

NOT_FOR_LIST = FOR_CHANGES | {
    "calendar",
    "difflib",
    "rich",
    "socket",
    "storage.citation_keys",
    "storage.citations",
    "storage.copies",
    "storage.duplicates",
    "storage.first_page",
    "storage.formats",
    "storage.formats.bibtex",
    "storage.git_setup",
    "storage.importing",
    "storage.links",
    "storage.merging",
    "storage.migrations",
    "storage.saved_views",
    "storage.search_index",
    "storage.seeds",
    "storage.word_cache",
    "subprocess",
    "textual",
    "tomllib",
    "tui.app",
    "tui.cli_settings",
    "tui.settings",
}
"""What `list` never runs: the settings (TOML, citation styles), the commands changing
papers, importing, merging and reading other copies, the first page and the search
index (the app's), migrations, the formats (not even their package, which the export
parser's choices loaded: 6 dataclasses and 20 regular expressions), git, the host name
(for a device id that cannot be written), the locale's calendar (months are written in
English). Each was a few milliseconds of its start, against 0.08 s for loading and
printing the papers."""


def _loaded_by(*argv: str) -> set[str]:
    """The modules a command line loaded, run in a fresh interpreter as a shell runs it."""
    result = subprocess.run(
        [sys.executable, "-c", COMMAND_LINE, *argv],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_list_loads_only_what_it_runs(library: Library) -> None:
    loaded = _loaded_by("--db", str(library.path), "list")
    assert "tui.cli_rows" in loaded
    assert sorted(NOT_FOR_LIST & loaded) == []


def test_tag_loads_only_what_it_runs(library: Library) -> None:
    paper_id = library.search(storage.View()).ids()[0]
    loaded = _loaded_by("--db", str(library.path), "tag", paper_id, "+later")
    assert "tui.cli_changes" in loaded
    assert sorted((NOT_FOR_LIST - FOR_CHANGES) & loaded) == []
    # the other kinds of change, whose dataclasses were a tenth of its start
    assert sorted({"storage.mark_changes", "storage.note_changes"} & loaded) == []
    assert sorted(NOT_FOR_CHANGES & loaded) == []
    assert "later" in Library(library.path).entry(paper_id).state.tags


def test_the_entry_point_pauses_the_collector_for_its_imports_only() -> None:
    """Left off after the imports, the app would never free a reference cycle."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gc, tui.__main__; print(gc.isenabled(), gc.get_freeze_count())",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    enabled, frozen = result.stdout.split()
    assert enabled == "True"
    assert int(frozen) > 10_000, "the imported modules' objects were left to every collection"
