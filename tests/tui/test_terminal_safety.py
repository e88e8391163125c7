"""Nothing papershelf prints or draws carries a control character or markup from data."""

from __future__ import annotations

import io
import json
from pathlib import Path

from app_support import notified, paper_list, screen_text, settle
from cli_runner import cli
from support import FIRST_SEED

from storage import Library, SetNote, View
from tui.app import PapershelfApp
from tui.cli import run

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
