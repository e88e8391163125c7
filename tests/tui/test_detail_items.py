"""The detail pane shows a bibliographic item whole: key, type, the file's fields, and
the formatted citation on `c`; all of it as text, never as markup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from support import FIXTURES

from storage import Library, SetNote, View
from tui.app import PapershelfApp
from tui.screens import NoteEditor
from tui.widgets import PaperDetail
from tui.widgets.paper_detail import SHOWN_NOTE_CHARACTERS

BIBLIOGRAPHIES = FIXTURES / "bibliographies"


async def test_detail_shows_key_type_fields_and_citation(
    make_library: Callable[..., Library],
) -> None:
    """A book from a .bib shows its type, key, ISBN and publisher; `c` adds its citation."""
    library = make_library()
    assert not library.import_files([BIBLIOGRAPHIES / "zotero_full.bib"]).failed
    app = PapershelfApp(library)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("slash", *"key:gentile_stem", "enter")
        await pilot.pause()
        detail = app.screen.query_one(PaperDetail)
        text = detail.text
        rows = {" ".join(line.split()) for line in text.splitlines()}
        assert "Key gentile_stem_2020" in rows and "Type book" in rows
        assert "isbn 978-3-030-35468-0" in rows and "edition 2" in rows
        assert "publisher Springer International Publishing" in rows
        assert "Gentile, P." not in text
        await pilot.press("c")
        await pilot.pause()
        cited = " ".join(detail.text.split())  # wrapped at the pane's width
        assert "Gentile, P. (2020). Stem Cells in Aesthetic Procedures" in cited
        await pilot.press("c")
        await pilot.pause()
        assert "Gentile, P. (2020)." not in detail.text


async def test_markup_in_a_file_is_shown_as_written(
    make_library: Callable[..., Library], tmp_path: Path
) -> None:
    """A title, author or field holding Rich markup is drawn as those characters."""
    hostile = tmp_path / "hostile.bib"
    hostile.write_text(
        "@book{x, title = {[b]Bold[/b] and [red]red[/red]}, author = {[i]Smith[/i], J},"
        " publisher = {[link=http://x]P[/link]}}\n"
    )
    library = make_library()
    assert not library.import_files([hostile]).failed
    app = PapershelfApp(library)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("right_square_bracket")
        await pilot.pause()
        text = app.screen.query_one(PaperDetail).text
        assert "[b]Bold[/b] and [red]red[/red]" in text
        assert "[i]Smith[/i], J" in text and "[link=http://x]P[/link]" in text


async def test_a_long_note_is_shown_in_part_and_opened_whole(library: Library) -> None:
    """A note of 300 KB: the pane renders its first paragraphs and says how much more
    there is (parsing it all held the keys for seconds at each highlight); n opens it
    whole in the editor."""
    paragraphs = [f"Paragraph {number}: " + "a [link](x) and *more* " * 20 for number in range(600)]
    note = "\n\n".join(paragraphs)
    first = library.search(View())[0].id
    library.apply(SetNote(note), [first])
    app = PapershelfApp(library)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        detail = " ".join(app.screen.query_one(PaperDetail).text.split())
        assert "Paragraph 0:" in detail and "Paragraph 599:" not in detail
        shown = len(note) - int(detail.split("… ")[1].split(" more characters")[0].replace(",", ""))
        assert 0 < shown <= SHOWN_NOTE_CHARACTERS
        assert "more characters of the note: n opens it whole" in detail
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor) and app.screen.text == note
