"""papershelf's speed at 1,000, 10,000 and 100,000 papers: one table, every target.

Each library gets realistic reading state before anything is timed: three tags on 75%
of the papers, a note on 10%, 30% read (and compacted, as a library in use for a while
would be), so that a change is measured against a full state file, not an empty one.

    python -m benchmarks.run                 # all three sizes (about seven minutes)
    python -m benchmarks.run --sizes 1000    # one size
    python -m benchmarks.run --runs 3        # each size three times: median and range (20 min)
    python -m benchmarks.run --sizes 1000000 # a million papers (several minutes)

Each measurement runs in a fresh process, so no size warms the caches of the next;
times "from process start" run from just before the process is spawned (perf_counter
is the system-wide monotonic clock on Linux, so parent and child agree on it).
Generated seed documents and libraries go under benchmarks/data/ (never committed).
Not part of the test suite: timings belong in this table, not in assertions.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from storage import AddTags, Library, MarkRead, View
from storage.library_files import LibraryFiles

from .bib_import import BIB_PATH, LARGE_ENTRIES, measure_bib_import
from .cli import EXPORT_FORMATS, measure_cli
from .floor_app import FLOOR_TEXT
from .generate import DATA_DIR, generate
from .live import measure_external_changes
from .peers import measure_peers
from .terminal import TERMINAL, Terminal, first_page_ready, remembered_first_page, remembered_views

if TYPE_CHECKING:
    from tui.app import PapershelfApp

PROJECT: Final = Path(__file__).resolve().parent.parent
"""The checkout the benchmark measures."""
SIZES: Final = (1_000, 10_000, 100_000)
QUERY: Final = "hair follicle stem"
"""Typed one key at a time; every prefix is one measured keystroke."""
REPEATS: Final = 20
"""Toggles and tag additions measured per size."""
BULK: Final = 10_000
"""Papers tagged in the one bulk change (all of them in a smaller library)."""
TAG_WORDS: Final = (
    "hair",
    "exosome",
    "alopecia",
    "review",
    "method",
    "cite",
    "later",
    "mouse",
    "human",
    "trial",
    "placebo",
    "dose",
    "safety",
    "stem-cells",
    "EV",
    "MSC",
    "PRP",
    "minoxidil",
    "follicle",
    "skin",
    "scalp",
    "chemo",
    "oncology",
    "case",
    "cohort",
    "meta-analysis",
    "guideline",
    "protocol",
    "imaging",
    "biopsy",
    "dermatology",
    "endocrine",
    "PCOS",
    "inflammation",
    "cytokine",
    "JAK",
    "wound",
    "graft",
    "ageing",
)
"""The tags of the realistic state (forty, each on about 5% of the papers)."""
TYPINGS: Final = 3
"""How many times the query is typed in the terminal (Esc clears it in between)."""
MARKED: Final = 5
"""Papers marked (v) while the query is typed with the tag pane open."""

TARGETS: Final[dict[str, dict[int, float]]] = {
    "import_s": {100_000: 5.0, 1_000_000: 40.0},
    "bib_import_s": {size: 3.0 for size in SIZES},
    "bib_import_large_s": {100_000: 30.0},
    "paint_headless_s": {10_000: 0.5, 100_000: 1.0},
    "paint_pty_s": {10_000: 0.5, 100_000: 0.5, 1_000_000: 2.0},
    "paint_ratio": {10_000: 2.0},
    "key_cpu_median_ms": {10_000: 8.0, 100_000: 16.0, 1_000_000: 16.0},
    "key_cpu_p95_ms": {100_000: 16.0, 1_000_000: 50.0},
    "key_screen_median_ms": {100_000: 40.0},
    "key_cpu_tags_median_ms": {10_000: 8.0, 100_000: 16.0},
    "key_cpu_tags_p95_ms": {100_000: 16.0},
    "key_screen_tags_median_ms": {100_000: 40.0},
    "toggle_median_ms": {100_000: 20.0, 1_000_000: 20.0},
    "mark_all_tag_s": {100_000: 1.0},
    "rss_mb": {100_000: 250.0, 1_000_000: 1000.0},
    "merge_s": {100_000: 3.0},
    "external_tag_loop_ms": {100_000: 16.0},
    "external_import_loop_ms": {100_000: 16.0},
    "cli_list_s": {100_000: 1.0},
    "cli_list_json_s": {100_000: 1.0},
    **{f"cli_export_{name}_s": {100_000: 3.0} for name in EXPORT_FORMATS},
    "cli_cite_s": {100_000: 5.0},
    **{f"cli_{name}_ratio": {10_000: 1.5} for name in ("list", "list_json", "search", "tag")},
}
"""Each row's target by size; a run with several samples checks their median."""
AT_LEAST: Final = {"peer_ratio": {10_000: 20.0}}
"""Rows whose target is a floor, not a ceiling."""


# Child processes ---------------------------------------------------------------------


def _child_import(db: Path, seeds: Path) -> dict[str, float]:
    from storage import Library

    started = time.perf_counter()
    Library(db).import_files(sorted(seeds.glob("*.txt")))
    return {"import_s": time.perf_counter() - started}


def _child_fill(db: Path) -> dict[str, float]:
    """Give every library the same realistic reading state, then compact it."""
    import random

    from storage import AddTags, Library, MarkRead, SetNote, View
    from storage.library_files import LibraryFiles

    library = Library(db)
    ids = library.search(View()).ids()
    rng = random.Random(len(ids))
    tagged: dict[str, list[str]] = {tag: [] for tag in TAG_WORDS}
    for paper_id in rng.sample(ids, k=len(ids) * 3 // 4):
        for tag in rng.sample(TAG_WORDS, k=3):
            tagged[tag].append(paper_id)
    for tag, papers in tagged.items():
        library.apply(AddTags([tag]), papers)
    library.apply(MarkRead(True), rng.sample(ids, k=len(ids) * 3 // 10))
    noted = rng.sample(ids, k=len(ids) // 10)
    for number in range(50):
        note = f"Note {number}: " + " ".join(rng.choices(TAG_WORDS, k=40))
        library.apply(SetNote(note), noted[number::50])
    LibraryFiles(db).compact()
    return {"state_mb": db.stat().st_size / 1e6}


def _child_bulk(db: Path) -> dict[str, float]:
    """One change over 10,000 papers, persisted, and its undo (the library calls `V` and
    `t`, or `papershelf tag --query`, make)."""
    from storage import AddTags, Library, View

    library = Library(db)
    bulk = library.search(View()).ids()[:BULK]
    before = time.perf_counter()
    assert library.apply(AddTags(["bulk"]), bulk).count == len(bulk)
    result = {"bulk_tag_s": time.perf_counter() - before}
    before = time.perf_counter()
    undone = library.undo()
    result["bulk_undo_s"] = time.perf_counter() - before
    assert undone is not None and undone.count == len(bulk)
    return result


def _merge_copies(db: Path) -> list[Path]:
    return [db.parent.with_name(f"{db.parent.name}-{name}") / db.name for name in ("a", "b")]


def _child_merge_copies(db: Path) -> dict[str, float]:
    """Two copies of the library changed apart: a tenth of the papers tagged, 5% read, a
    note on 1%, 0.1% deleted, a new seed document each."""
    from storage import Delete, Library, SetNote

    documents = generate(2 * 100, DATA_DIR / "merge-seeds")
    for number, path in enumerate(_merge_copies(db)):
        shutil.rmtree(path.parent, ignore_errors=True)
        shutil.copytree(db.parent, path.parent)
        library = Library(path, device=path.parent.name)
        ids = library.search(View()).ids()
        rng = random.Random(number)
        library.apply(AddTags([path.parent.name]), rng.sample(ids, k=len(ids) // 10))
        library.apply(MarkRead(True), rng.sample(ids, k=len(ids) // 20))
        library.apply(
            SetNote(f"Written on {path.parent.name}."), rng.sample(ids, k=len(ids) // 100)
        )
        library.apply(Delete(), rng.sample(ids, k=len(ids) // 1000))
        library.import_files([documents[number]])
    return {}


def _child_merge(db: Path) -> dict[str, float]:
    """`papershelf merge` of one copy into the other (opened first, as the command does):
    the other copy read, both joined, the result written."""
    from storage import Library

    ours, theirs = _merge_copies(db)
    library = Library(ours)
    before = time.perf_counter()
    report = library.merge(theirs)
    result = {"merge_s": time.perf_counter() - before}
    assert len(report.papers_added) == 101 and report.states_changed, report.describe()
    return result


def _child_open(db: Path) -> dict[str, float]:
    from storage import Library

    started = time.perf_counter()
    library = Library(db)
    result = {"open_s": time.perf_counter() - started}
    library.close()  # and freed after the timer: freeing it is no part of an open
    return result


def _headless_app(db: Path) -> PapershelfApp:
    """The app as `tui.cli` starts it on `db`, remembering its view where the one in the
    terminal does: from the first page when there is one for that view."""
    from tui.app import PapershelfApp

    memory = remembered_views(db)
    page = remembered_first_page(db)
    if page is None:
        return PapershelfApp(Library(db), memory=memory)
    return PapershelfApp(None, first_page=page, opening=lambda: Library(db), memory=memory)


async def _child_app_once(db: Path, started: float) -> dict[str, float]:
    """The app's first start on a library (no first page yet): first paint, then quit,
    which keeps the first page for the next start."""
    from tui.widgets import PaperList

    app = _headless_app(db)
    async with app.run_test(size=TERMINAL):
        painted = time.perf_counter() - started
        assert len(app.screen.query_one(PaperList).entries) > 0, "painted without rows"
        assert not app.opened_after_first_page, "a first page before the first start"
        await app.workers.wait_for_complete()
    assert first_page_ready(db), "the app kept no first page at quit"
    return {"paint_headless_cold_s": painted}


async def _child_app(db: Path, started: float) -> dict[str, float]:
    """The real app, headless, on a library it has opened before: first paint; then a
    typed query, toggles and tags; then, as in the terminal, papers marked (v) and the
    tag pane open (#) while the query is typed again, so that the peak memory read last
    is the app's with the tag pane and a selection in use. It leaves off on the view it
    started with, for the terminal's start to paint from its first page too.

    Toggle and tag times are the persisted library calls the keys make (Pilot's own
    waiting would swamp them); their key-to-screen time is measured in the terminal.
    """
    from tui.screens import MainScreen
    from tui.screens.first_page import FirstPageScreen
    from tui.widgets import PaperList

    app = _headless_app(db)
    result: dict[str, float] = {}
    async with app.run_test(size=TERMINAL) as pilot:
        # run_test returns once the app is ready: its first frame has been composed.
        result["paint_headless_s"] = time.perf_counter() - started
        assert len(app.screen.query_one(PaperList).entries) > 0, "painted without rows"
        assert isinstance(app.screen, FirstPageScreen), "painted without the first page"
        await app.keys_routed()  # once the library, read after the frame, is on screen
        assert isinstance(app.screen, MainScreen)
        library = app.library
        start = app.screen.view
        await pilot.press("left_square_bracket")  # from the first seed to all papers
        await app.workers.wait_for_complete()  # the search index, built in the background
        keys = ("space" if char == " " else char for char in QUERY)
        await pilot.press("slash", *keys, "enter")
        matches = library.search(View(QUERY))
        assert len(app.screen.query_one(PaperList).entries) == len(matches), "query mistyped"
        paper_id = matches[0].id
        flips = iter(range(REPEATS))
        result["toggle_median_ms"] = _median_ms(
            lambda: library.apply(MarkRead(next(flips) % 2 == 0), [paper_id])
        )
        tags = iter(range(REPEATS))
        result["tag_median_ms"] = _median_ms(
            lambda: library.apply(AddTags([f"bench{next(tags)}"]), [paper_id])
        )
        assert {f"bench{n}" for n in range(REPEATS)} <= set(library.entry(paper_id).state.tags)
        result["tag_counts_median_ms"] = _tag_counts_median_ms(library)
        await pilot.press("escape", *["v"] * MARKED, "number_sign")  # as in the terminal
        await app.workers.wait_for_complete()
        await pilot.press("slash", *("space" if char == " " else char for char in QUERY))
        await app.workers.wait_for_complete()
        assert len(app.screen.query_one(PaperList).entries) == len(matches), "query mistyped"
        await pilot.press("escape", "escape", "right_square_bracket")  # unmark, clear, seed 1
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.view == start, f"not back on {start}: {app.screen.view}"
    result["rss_mb"] = _peak_rss_mb()
    return result


def _peak_rss_mb() -> float:
    """This process's peak resident memory since it started (`VmHWM`). Not `ru_maxrss`,
    which Linux keeps across exec: a child forked from the benchmark after it had read
    a 100,000-paper library reported that library's memory, at 1,000 papers too."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _tag_counts_median_ms(library: Library) -> float:
    """What the tag pane adds to a search keystroke: counting the tags of the papers the
    search shows, for each prefix of the query."""
    lists = [library.search(View(QUERY[:n])) for n in range(1, len(QUERY) + 1)]
    durations = []
    for shown in lists:
        before = time.perf_counter()
        assert library.tag_counts(shown, build=False) is not None, "the index is built"
        durations.append(time.perf_counter() - before)
    return statistics.median(durations) * 1000


def _median_ms(action: Callable[[], object]) -> float:
    durations = []
    for _ in range(REPEATS):
        before = time.perf_counter()
        action()
        durations.append(time.perf_counter() - before)
    return statistics.median(durations) * 1000


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(len(values) * 0.95) - 1)]


# The real terminal -------------------------------------------------------------------


def _type_query(
    terminal: Terminal, statuses: list[str], *, again: tuple[str, ...]
) -> tuple[list[float], list[float]]:
    """Type the query one key at a time into the search box, `TYPINGS` times (`again`:
    the keys that empty it in between, each sent on its own): each key's delay until the
    screen showed its result, and the app's CPU for it."""
    delays, cpu = [], []
    for typing in range(TYPINGS):
        for keys in again if typing else ("/",):
            terminal.type(keys)
            terminal.drain()
        previous = None
        for char, status in zip(QUERY, statuses, strict=True):
            cpu_before = terminal.cpu_seconds()
            sent = terminal.type(char)
            # An unchanged count is not redrawn: then the echoed key is the update.
            delays.append(terminal.wait_for(status if status != previous else None) - sent)
            terminal.drain(0.05)
            cpu.append(terminal.cpu_seconds() - cpu_before)
            previous = status
    return delays, cpu


def _keystrokes(delays: list[float], cpu: list[float], suffix: str) -> dict[str, float]:
    return {
        f"key_screen{suffix}_median_ms": statistics.median(delays) * 1000,
        f"key_screen{suffix}_p95_ms": _p95(delays) * 1000,
        f"key_cpu{suffix}_median_ms": statistics.median(cpu) * 1000,
        f"key_cpu{suffix}_p95_ms": _p95(cpu) * 1000,
    }


def _measure_terminal(db: Path) -> dict[str, float]:
    """First paint and key-to-screen time, as a person at a terminal gets them."""
    from storage import Library

    library = Library(db)
    sources = library.sources()
    first_total = library.total(sources[0].id) if sources else library.total()
    total = library.total()
    statuses = [
        f"{len(library.search(View(QUERY[:n]))):,} / {total:,}" for n in range(1, len(QUERY) + 1)
    ]
    read, _ = library.counts()
    first_is_read = library.search(View(QUERY))[0].state.read
    toggled = [read - 1 if first_is_read else read + 1, read]  # what each space shows
    del library
    assert first_page_ready(db), "the terminal's start would not paint from the first page"
    terminal = Terminal.papershelf(db)
    try:
        painted = terminal.wait_for(f"{first_total:,} / {first_total:,}")
        result = {"paint_pty_s": painted - terminal.started}
        terminal.settle()  # the search index builds in the background meanwhile
        terminal.type("[")
        terminal.wait_for(f"{total:,} / {total:,}")
        terminal.drain()
        # Esc clears the search (and goes to the list), / goes back to the box.
        delays, cpu = _type_query(terminal, statuses, again=("\x1b", "/"))
        result |= _keystrokes(delays, cpu, "")
        terminal.type("\x1b")  # back to every paper, in the list
        terminal.drain()
        terminal.type("v" * MARKED + "#")  # a selection, and the tag pane (focused)
        terminal.drain()
        # Esc would unmark the papers: ctrl+u empties the box instead.
        delays, cpu = _type_query(terminal, statuses, again=("\x15",))
        result |= _keystrokes(delays, cpu, "_tags")
        # To the list keeping the filter, unmark, and close the tag pane (# goes to it,
        # # in it hides it): the toggles below are timed as before.
        for keys in ("\r", "\x1b", "#", "#"):
            terminal.type(keys)
            terminal.drain()
        toggles = []
        for number in range(1, REPEATS + 1):
            sent = terminal.type(" ")
            shown = toggled[(number - 1) % 2]
            toggles.append(terminal.wait_for(f"{shown:,}/{total:,} read") - sent)
            terminal.drain(0.05)
        result["toggle_screen_median_ms"] = statistics.median(toggles) * 1000
        result["mark_all_tag_s"] = _mark_all_and_tag(terminal, db, total)
    finally:
        terminal.close()
    return result


def _measure_floor(db: Path) -> dict[str, float]:
    """A minimal Textual app's first paint in the same terminal: the floor papershelf's
    own first paint is read against, whatever the machine's speed that minute."""
    terminal = Terminal([sys.executable, "-m", "benchmarks.floor_app"], db.parent / "home")
    try:
        return {"paint_floor_s": terminal.wait_for(FLOOR_TEXT) - terminal.started}
    finally:
        terminal.close()


def _mark_all_and_tag(terminal: Terminal, db: Path, total: int) -> float:
    """V over every paper, then t and a tag, in the real app: the time from V until the
    marks are counted, plus from Enter in the tag dialog until the app says the change
    is done (the typing between is the reader's). It must be one write."""
    terminal.type("\x1b")  # from the query to every paper
    terminal.wait_for(f"{total:,} / {total:,}")
    terminal.drain()
    writes = LibraryFiles(db).state.seq  # the app may compact the journal after it
    patience = 30 + total / 5_000  # seconds: a million papers take longer than 30
    sent = terminal.type("V")
    took = terminal.wait_for(f"{total:,} selected", patience) - sent
    terminal.drain()
    terminal.type("t")
    terminal.wait_for("Add tags")
    terminal.type("marked")
    terminal.drain()
    sent = terminal.type("\r")
    took += terminal.wait_for("+marked", patience) - sent  # the toast (its number is styled apart)
    terminal.drain()
    assert LibraryFiles(db).state.seq == writes + 1, "one write"
    return took


# The parent: run every size, print the table ---------------------------------------


@dataclass
class Row:
    name: str
    key: str
    unit: str
    digits: int = 0


ROWS: Final = (
    Row("import (all seed files)", "import_s", "s", 2),
    Row("papershelf import of a 10,000-entry .bib", "bib_import_s", "s", 2),
    Row("papershelf import of a 100,000-entry .bib", "bib_import_large_s", "s", 2),
    Row("library open", "open_s", "s", 2),
    Row("first paint, headless", "paint_headless_s", "s", 2),
    Row("first paint, a library never opened in the app", "paint_headless_cold_s", "s", 2),
    Row("first paint, real terminal", "paint_pty_s", "s", 2),
    Row("first paint of a minimal Textual app (floor)", "paint_floor_s", "s", 2),
    Row("first paint, real terminal ÷ floor", "paint_ratio", "×", 1),
    Row("first rows, the 10,000-entry .bib: papershelf", "peer_papershelf_s", "s", 2),
    Row("first rows, the 10,000-entry .bib: coBib", "peer_cobib_s", "s", 2),
    Row("coBib ÷ papershelf", "peer_ratio", "×", 1),
    Row("keystroke CPU (app process), median", "key_cpu_median_ms", "ms", 1),
    Row("keystroke CPU (app process), p95", "key_cpu_p95_ms", "ms", 1),
    Row("key to screen, median", "key_screen_median_ms", "ms", 1),
    Row("key to screen, p95", "key_screen_p95_ms", "ms", 1),
    Row("keystroke CPU, tag pane + 5 marked, median", "key_cpu_tags_median_ms", "ms", 1),
    Row("keystroke CPU, tag pane + 5 marked, p95", "key_cpu_tags_p95_ms", "ms", 1),
    Row("key to screen, tag pane + 5 marked, median", "key_screen_tags_median_ms", "ms", 1),
    Row("key to screen, tag pane + 5 marked, p95", "key_screen_tags_p95_ms", "ms", 1),
    Row("tag pane: counting per keystroke, median", "tag_counts_median_ms", "ms", 1),
    Row("toggle read (persisted), median", "toggle_median_ms", "ms", 1),
    Row("toggle read, key to screen, median", "toggle_screen_median_ms", "ms", 1),
    Row("add a tag (persisted), median", "tag_median_ms", "ms", 1),
    Row("tag 10,000 papers in one change", "bulk_tag_s", "s", 2),
    Row("undo it", "bulk_undo_s", "s", 2),
    Row("mark all shown (V) and tag them, in the app", "mark_all_tag_s", "s", 2),
    Row("merge another copy, both changed apart", "merge_s", "s", 2),
    Row("another process's tag: event-loop CPU, longest", "external_tag_loop_ms", "ms", 1),
    Row("another process's tag: event-loop stall, longest", "external_tag_stall_ms", "ms", 1),
    Row("another process's import: event-loop CPU, longest", "external_import_loop_ms", "ms", 1),
    Row("another process's import: event-loop stall, longest", "external_import_stall_ms", "ms", 1),
    Row("library file with that state", "state_mb", "MB", 1),
    Row("peak RSS of the app", "rss_mb", "MB", 0),
    Row("CLI list, to the first line", "cli_list_first_s", "s", 2),
    Row("CLI list, to the last line", "cli_list_s", "s", 2),
    Row("CLI list --json", "cli_list_json_s", "s", 2),
    Row("CLI list QUERY (search)", "cli_search_s", "s", 2),
    Row("CLI tag one paper", "cli_tag_s", "s", 2),
    *(
        Row(f"CLI export --format {name}", f"cli_export_{name}_s", "s", 2)
        for name in EXPORT_FORMATS
    ),
    Row("CLI cite 1,000 papers", "cli_cite_s", "s", 2),
    Row("floor: orjson load + print list's lines", "cli_list_floor_s", "s", 2),
    Row("CLI list ÷ floor", "cli_list_ratio", "×", 1),
    Row("CLI list --json ÷ floor", "cli_list_json_ratio", "×", 1),
    Row("CLI search ÷ floor", "cli_search_ratio", "×", 1),
    Row("CLI tag ÷ floor", "cli_tag_ratio", "×", 1),
    Row("CLI list ÷ floor, CPU time", "cli_list_cpu_ratio", "×", 1),
    Row("CLI list --json ÷ floor, CPU time", "cli_list_json_cpu_ratio", "×", 1),
    Row("CLI search ÷ floor, CPU time", "cli_search_cpu_ratio", "×", 1),
    Row("CLI tag ÷ floor, CPU time", "cli_tag_cpu_ratio", "×", 1),
)


def _child(*args: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    measured: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return measured


def measure(size: int, cobib: Path | None = None) -> dict[str, float]:
    """Every row at one size (beside coBib, given its command, at 10,000 papers)."""
    seeds = generate(size)[0].parent
    db = DATA_DIR / f"library-{size}" / "library.json"
    shutil.rmtree(db.parent, ignore_errors=True)
    db.parent.mkdir(parents=True)
    result = _child("--import", str(db), str(seeds))
    result |= _child("--fill", str(db))
    result |= _child("--open", str(db))
    # A reader's library has been opened in the app before: the first start (timed on
    # its own row) keeps the first page the timed starts paint from.
    result |= _child("--app-once", str(db), "--started", str(time.perf_counter()))
    result |= _child("--app", str(db), "--started", str(time.perf_counter()))
    result |= _measure_floor(db)
    result |= _measure_terminal(db)
    result["paint_ratio"] = result["paint_pty_s"] / result["paint_floor_s"]
    LibraryFiles(db).compact()  # the marked papers' change, out of the journal
    result |= measure_external_changes(db)
    result |= measure_cli(db)  # on a copy
    result["bib_import_s"] = measure_bib_import(DATA_DIR / "bib-import")
    if size == 100_000:  # the same file at every size: timed once, half a minute
        large = DATA_DIR / "bib-import-large"
        result["bib_import_large_s"] = measure_bib_import(large, LARGE_ENTRIES)
        shutil.rmtree(large)  # 0.45 GB of catalog that nothing else reads
    if cobib is not None and size == 10_000:
        result |= measure_peers(cobib, BIB_PATH, DATA_DIR / "bib-import" / "library.json")
    result |= _child("--bulk", str(db))  # last: its journal would be replayed by the rest
    result |= _child("--merge-copies", str(db))
    result |= _child("--merge", str(db))
    return result


def _cell(row: Row, size: int, samples: list[float]) -> str:
    if not samples:
        return "-"
    value = statistics.median(samples)
    text = f"{value:,.{row.digits}f} {row.unit}"
    if len(samples) > 1:
        text += f" ({min(samples):,.{row.digits}f}-{max(samples):,.{row.digits}f})"
    target = TARGETS.get(row.key, {}).get(size)
    if target is not None:
        text += f" {'ok' if value <= target else 'MISSED'} (≤{target:g})"
    floor = AT_LEAST.get(row.key, {}).get(size)
    if floor is not None:
        text += f" {'ok' if value >= floor else 'MISSED'} (≥{floor:g})"
    return text


def print_table(results: dict[int, list[dict[str, float]]]) -> None:
    """One column a size; with several runs, each cell is the median and the range."""
    sizes = list(results)
    header = ["", *(f"{size:,} papers" for size in sizes)]
    lines = [header] + [
        [
            row.name,
            *(
                _cell(row, size, [run[row.key] for run in results[size] if row.key in run])
                for size in sizes
            ),
        ]
        for row in ROWS
    ]
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    for number, line in enumerate(lines):
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=True)]
        print("| " + " | ".join(cells) + " |")
        if number == 0:
            print("|" + "|".join("-" * (width + 2) for width in widths) + "|")


def _compiled_as_installed() -> None:
    """Give every program the benchmark starts its modules' bytecode, as an installed
    papershelf (and the floor's Textual, from site-packages) has it. A sandbox that sets
    PYTHONDONTWRITEBYTECODE made each child compile the project's 80 modules from
    source again: 0.1-0.2 s of every first paint that no user's start pays."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    for package in ("storage", "tui", "benchmarks"):
        compileall.compile_dir(PROJECT / package, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=list(SIZES),
        help="library sizes to measure (1000000 too, which takes several minutes)",
    )
    parser.add_argument(
        "--cobib", type=Path, help="coBib's command: time its first rows beside papershelf's"
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="measure each size this many times: median, range"
    )
    parser.add_argument("--import", dest="import_", nargs=2, metavar=("DB", "SEEDS"))
    parser.add_argument("--open", metavar="DB")
    parser.add_argument("--fill", metavar="DB")
    parser.add_argument("--bulk", metavar="DB")
    parser.add_argument("--merge-copies", metavar="DB")
    parser.add_argument("--merge", metavar="DB")
    parser.add_argument("--app", metavar="DB")
    parser.add_argument("--app-once", metavar="DB")
    parser.add_argument("--started", type=float, help="when the parent spawned this child")
    args = parser.parse_args()
    if args.import_:
        print(json.dumps(_child_import(Path(args.import_[0]), Path(args.import_[1]))))
    elif args.open:
        print(json.dumps(_child_open(Path(args.open))))
    elif args.fill:
        print(json.dumps(_child_fill(Path(args.fill))))
    elif args.bulk:
        print(json.dumps(_child_bulk(Path(args.bulk))))
    elif args.merge_copies:
        print(json.dumps(_child_merge_copies(Path(args.merge_copies))))
    elif args.merge:
        print(json.dumps(_child_merge(Path(args.merge))))
    elif args.app or args.app_once:
        import asyncio

        child = _child_app(Path(args.app), args.started) if args.app else None
        child = child or _child_app_once(Path(args.app_once), args.started)
        print(json.dumps(asyncio.run(child)))
    else:
        _compiled_as_installed()
        results: dict[int, list[dict[str, float]]] = {size: [] for size in args.sizes}
        for run in range(1, args.runs + 1):
            for size in args.sizes:
                print(f"measuring {size:,} papers (run {run})...", file=sys.stderr, flush=True)
                results[size].append(measure(size, args.cobib))
        runs = f", median and range of {args.runs} runs" if args.runs > 1 else ""
        print(f"papershelf benchmark, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs{runs}")
        print_table(results)


if __name__ == "__main__":
    main()
