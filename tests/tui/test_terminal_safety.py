"""Nothing papershelf prints or draws carries a control character or markup from data."""

from __future__ import annotations

import io
import json
from pathlib import Path

from app_support import notified, paper_list, screen_text, settle
from cli_runner import cli
from hypothesis import given
from hypothesis import strategies as st
from support import FIRST_SEED, OnDisk

from storage import Library, SetNote, View
from tui.app import PapershelfApp
from tui.cli import run
from tui.screens import NoteEditor
from tui.screens.note_conflict import NoteConflictDialog
from tui.widgets.note_area import NoteArea

NOTE = "Keep\x1b]0;PWNED\x07 this\x1b[2J\x9b31m and \x1b]52;c;cGF5bG9hZA==\x07 that"


class _Terminal(io.StringIO):
    """What a command writes to a terminal (isatty: True)."""

    def isatty(self) -> bool:
        return True


def _run_on_a_terminal(*args: str) -> tuple[int, str, str]:
    out, err = _Terminal(), _Terminal()
    status = run(list(args), out, err)
    return status, out.getvalue(), err.getvalue()


def _has_controls(text: str) -> bool:
    return any(ord(c) < 0x20 and c not in "\t\n" or 0x7F <= ord(c) <= 0x9F for c in text)


def test_a_note_reaches_a_terminal_as_pictures_and_a_pipe_as_typed(db_path: str) -> None:
    """`note` to a terminal shows ␛ and friends; to a pipe (a file) it is the note."""
    db = str(db_path)
    cli("--db", db, "import", str(FIRST_SEED))
    cli("--db", db, "note", "2332", "--set", NOTE)
    status, shown, _ = _run_on_a_terminal("--db", db, "note", "2332")
    assert status == 0 and not _has_controls(shown) and "␛]0;PWNED␇" in shown
    assert cli("--db", db, "note", "2332")[1] == NOTE + "\n"


def test_list_export_and_errors_on_a_terminal_carry_no_control_character(db_path: str) -> None:
    """list, list --json, export to stdout and an error message quoting the input."""
    db = str(db_path)
    cli("--db", db, "import", str(FIRST_SEED))
    cli("--db", db, "tag", "2332", f"+{NOTE[:12]}")
    cli("--db", db, "note", "2332", "--set", NOTE)
    for args in (["list"], ["list", "--json"], ["export", "--format", "markdown"]):
        status, out, _ = _run_on_a_terminal("--db", db, *args)
        assert status == 0 and not _has_controls(out), args
    status, _, err = _run_on_a_terminal("--db", db, "note", "\x1b[2Jnope")
    assert status == 1 and "2jnope" in err and not _has_controls(err)


def test_json_escapes_c1_controls_even_to_a_pipe(db_path: str) -> None:
    """JSON escapes C0 controls itself; C1 ones (U+009B starts a sequence on some
    terminals) are escaped too, and the value reads back the same."""
    db = str(db_path)
    cli("--db", db, "import", str(FIRST_SEED))
    cli("--db", db, "note", "2332", "--set", NOTE)
    out = cli("--db", db, "list", "--json")[1]
    assert "\x9b" not in out and "\\u009b" in out
    assert any(paper["note"] == NOTE for paper in json.loads(out))


def test_a_narrow_list_is_never_cut_inside_an_escape_sequence(db_path: str) -> None:
    """Rows are made visible first, then cut to the terminal's width."""
    db = str(db_path)
    cli("--db", db, "import", str(FIRST_SEED))
    cli("--db", db, "tag", "2332", "+" + "\x1b]8;;http://evil\x1b\\" * 20)
    _, out, _ = _run_on_a_terminal("--db", db, "list")
    assert not _has_controls(out)


async def test_the_app_draws_escapes_and_markup_from_data_as_text(
    library: Library, tmp_path: Path
) -> None:
    """A note with escape sequences and a title with `[/b]` and `[/]`: the screen holds
    neither a control character nor a markup error, and a notification with the file
    name `[b]x[i].bib` shows it as written."""
    first = library.search(View())[0].id
    library.apply(SetNote(NOTE + " [/b] closing [/]"), [first])
    bib = tmp_path / "[b]x[i].bib"
    bib.write_text("@article{m, title = {Markup [/b] in a [/] title}, year = 2020}\n")
    app = PapershelfApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("I", *str(bib), "enter")
        await settle(pilot)
        assert "[b]x[i].bib: 1 new paper." in notified(app)
        await pilot.press("right_square_bracket", "slash", *"markup", "enter")
        assert "Markup [/b] in a [/] title" in paper_list(app).entries[0].paper.title
        await pilot.press("escape")
        shown = screen_text(app)
        assert not _has_controls(shown.replace("\n", ""))
        assert "Markup [/b] in a [/] title" in shown


@given(st.text())
def test_the_note_area_holds_no_control_and_gives_the_note_back(note: str) -> None:
    """Any note, line separators and C1 controls included, comes back exactly, and
    what the area holds (what it draws) has no control character."""
    area = NoteArea(note)
    assert area.note == note
    assert not _has_controls(area.text)


@given(st.text(alphabet=st.sampled_from("ab \n␛␇␍\ue09b")), st.text(alphabet="xy␛\n"))
def test_pictures_typed_into_a_note_without_controls_stay_pictures(note: str, typed: str) -> None:
    """A `␛` typed (or copied from `papershelf note`) is not turned into an ESC."""
    area = NoteArea(note)
    area.insert(typed, area.document.end)
    assert area.note == note + typed


async def test_the_note_editor_draws_a_note_s_escapes_as_pictures_and_keeps_them(
    library: Library, on_disk: OnDisk
) -> None:
    """`n` on a note with OSC 0, OSC 52 and CSI 2J: the screen shows their pictures, no
    control character; saved untouched the note is what it was, and typed text is added
    to it as typed."""
    first = library.search(View())[0].id
    library.apply(SetNote(NOTE), [first])
    app = PapershelfApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditor)
        shown = screen_text(app)
        assert not _has_controls(shown.replace("\n", ""))
        assert "Keep␛]0;PWNED␇ this␛[2J" in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert on_disk().entry(first).state.note == NOTE
        await pilot.press("n", *" done", "ctrl+s")
        await settle(pilot)
        assert on_disk().entry(first).state.note == NOTE + " done"


async def test_the_note_conflict_draws_both_notes_escapes_as_pictures(
    library: Library, db_path: Path, on_disk: OnDisk
) -> None:
    """Theirs sets the title and clears the screen, mine holds OSC 52: the choice shows
    both as pictures, and keeping both saves both as they were written."""
    first = library.search(View())[0].id
    library.apply(SetNote(NOTE), [first])
    theirs = "Theirs\x1b]0;PWNED-CONFLICT\x07\x1b[2J"
    app = PapershelfApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *" mine")
        Library(db_path).apply(SetNote(theirs), [first])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NoteConflictDialog)
        shown = screen_text(app)
        assert not _has_controls(shown.replace("\n", ""))
        assert "Theirs␛]0;PWNED-CONFLICT␇␛[2J" in shown and "Keep␛]0;PWNED␇" in shown
        await pilot.press("b")
        await settle(pilot)
    saved = on_disk().entry(first).state.note
    assert saved.startswith(theirs) and saved.endswith(NOTE + " mine\n")


async def test_dialogs_and_the_palette_show_markup_from_data_as_text(
    library: Library, tmp_path: Path
) -> None:
    """A title with `[/b]` and `[/]` in the tag and note dialogs' headings, a saved
    search named with tags in the palette: shown as written, no markup error."""
    bib = tmp_path / "m.bib"
    bib.write_text("@article{m, title = {Markup [/b] in a [/] title}, year = 2020}\n")
    library.import_files([bib])
    library.save_view("[b]x[i] [/b]", View("markup"))
    app = PapershelfApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_square_bracket", "slash", *"markup", "enter")
        assert [entry.paper.key for entry in paper_list(app).entries] == ["m"]
        for key, heading in (("t", "Add tags: "), ("n", "Note: ")):
            await pilot.press(key)
            assert f"{heading}Markup [/b] in a [/] title" in screen_text(app)
            await pilot.press("escape")
        await pilot.press("ctrl+p", *"x[i")
        await settle(pilot)  # the palette searches in a worker
        assert "Saved: [b]x[i] [/b]" in screen_text(app)
