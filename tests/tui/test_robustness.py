"""The app under stress: another writer at once, tiny terminals, huge and foreign text."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from app_support import main_screen, paper_list, settle
from support import Clock

from storage import AddTags, Library, SetNote, View
from storage.seeds import format_seed
from tui.app import PapershelfApp
from tui.screens import MainScreen
from tui.widgets import PaperDetail

CLI_TAGS = 15


async def test_app_and_command_line_at_once_lose_nothing(app: PapershelfApp, db_path: Path) -> None:
    """`papershelf tag` in a loop while the reader tags the same paper in the app."""
    async with app.run_test(size=(120, 35)) as pilot:
        target = paper_list(app).entries[0].id
        script = (
            "import sys\nfrom tui.cli import run\n"
            f"for n in range({CLI_TAGS}):\n"
            f"    assert run(['--db', sys.argv[1], 'tag', '{target}', f'+cli{{n}}']) == 0\n"
        )
        command = subprocess.Popen([sys.executable, "-c", script, str(db_path)])
        app_tags = []
        for n in range(CLI_TAGS):
            await pilot.press("t", *f"app{n}", "enter")
            app_tags.append(f"app{n}")
        await pilot.press("space")
        assert await asyncio.to_thread(command.wait) == 0  # the app runs on meanwhile
        await settle(pilot)
        main_screen(app).poll_other_processes()  # what the one-second timer calls
        await settle(pilot)
        expected = {*app_tags, *(f"cli{n}" for n in range(CLI_TAGS))}
        shown = paper_list(app).entries[0]
        assert set(shown.state.tags) == expected and shown.state.read
    stored = Library(db_path).entry(target).state
    assert set(stored.tags) == expected and stored.read


async def test_resize_down_to_40x12_and_back(app: PapershelfApp) -> None:
    """Shrinking to 40x12 keeps the list usable; growing back restores the wide layout."""
    async with app.run_test(size=(160, 50)) as pilot:
        for size in ((80, 24), (40, 12), (160, 50)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.press("j", "space")
            papers = paper_list(app)
            assert papers.size.width > 0 and papers.size.height > 0
            assert papers.highlighted is not None
        assert not app.screen.has_class("-narrow")
        await settle(pilot)  # the toggles are written on the writer thread
        assert sum(entry.state.read for entry in paper_list(app).entries) == 3


WORLD = "髪の毛の再生 שיער חדש 🧬🧪 Ünïcödé"


async def test_extreme_and_foreign_text_everywhere(tmp_path: Path, clock: Clock) -> None:
    """300-character summaries and journals, 500 tags, a 1 MB note, CJK, RTL and emoji."""
    long_summary = ("Exosomes regrow hair " + WORLD + " ") * 8
    long_journal = ("Journal of Very Long Names & Things, " + WORLD) * 5
    document = tmp_path / "extreme.txt"
    document.write_text(
        format_seed(
            f"TLDR in every script: {WORLD}",
            f"Abstract {WORLD}\n" * 20,
            [
                (12, 2021, 5, long_journal[:300], long_summary[:300]),
                (None, 2019, None, WORLD, f"{WORLD} short"),
            ],
        )
    )
    library = Library(tmp_path / "library.json", now=clock)
    library.import_files([document])
    extreme = library.search(View("exosomes"))[0]
    library.apply(AddTags([f"tag{n}-{WORLD[:3]}" for n in range(500)]), [extreme.id])
    note = f"# Note {WORLD}\n\n" + ("Long line of notes. " * 50 + "\n") * 1000
    library.apply(SetNote(note), [extreme.id])
    assert len(library.entry(extreme.id).state.note) > 1_000_000
    app = PapershelfApp(library)
    async with app.run_test(size=(80, 24)) as pilot:
        for size in ((80, 24), (40, 12), (160, 50)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            papers = paper_list(app)
            row = "".join(segment.text for segment in papers.render_line(0))
            assert "2021" in row  # the year and the read marker always fit
            assert papers.highlighted is not None and papers.highlighted.id == extreme.id
            detail = app.screen.query_one(PaperDetail)
            assert detail.entry is not None and detail.entry.id == extreme.id
        await pilot.press("slash", *"再生", "enter")
        assert len(paper_list(app).entries) == 2
        await pilot.press("slash", "ctrl+u", *"שיער", "enter")
        assert len(paper_list(app).entries) == 2
        await pilot.press("escape", "j")
        assert isinstance(app.screen, MainScreen)
        await asyncio.sleep(0)


async def test_paging_through_a_long_list_keeps_memory_bounded(
    db_path: Path, clock: Clock, tmp_path: Path
) -> None:
    """PgDn from the first of 1,500 papers to the last: every page is drawn right, and
    the list does not keep the thousands of rows it passed."""
    related = [
        (n, 2000 + n % 25, 1 + n % 12, f"Journal {n % 7}", f"Finding {n}.") for n in range(1500)
    ]
    path = tmp_path / "long.txt"
    path.write_text(format_seed("A long list.", "Abstract.", related))
    library = Library(db_path, now=clock)
    library.import_files([path])
    app = PapershelfApp(library)
    async with app.run_test(size=(120, 35)) as pilot:
        papers = paper_list(app)
        total = len(papers.entries)
        while papers.cursor < total - 1:
            await pilot.press("pagedown")
        assert papers.scroll_offset.y > 1400
        assert len(papers._row_cache) < 600
        top = papers.scroll_offset.y
        assert papers.render_line(0).text.strip().endswith(papers.entries[top].paper.summary)
