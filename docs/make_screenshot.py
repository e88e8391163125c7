"""Save the README's screenshot with the app's own screenshot code: the bundled seed and
a realistic bibliography in a throwaway library, a search typed, one paper tagged.

Run with `make screenshot` after a change to the layout; commit docs/screenshot.svg.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from storage import AddTags, Library, MarkRead, View, bundled_seeds
from tui.app import PapershelfApp

ROOT = Path(__file__).resolve().parent.parent
BIBLIOGRAPHY = ROOT / "tests" / "fixtures" / "bibliographies" / "zotero_full.bib"


async def save_screenshot(target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder) / "library.json")
        library.import_files([*bundled_seeds(), BIBLIOGRAPHY])
        papers = library.search(View("hair")).ids()
        library.apply(AddTags(["to-cite", "exosomes"]), papers[:2])
        library.apply(MarkRead(True), papers[1:3])
        app = PapershelfApp(library)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("left_square_bracket", "slash", *"hair", "enter")
            await pilot.pause()
            app.save_screenshot(target.name, str(target.parent))


if __name__ == "__main__":
    asyncio.run(save_screenshot(ROOT / "docs" / "screenshot.svg"))
