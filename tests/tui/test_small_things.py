"""What new users tripped over: the first-run message, the full-screen detail pane, the
dialogs' footers, query errors shown whole, --version, completion, import --help and
the note handed to $EDITOR."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from app_support import focused, main_screen, notified, paper_list, screen_text, settle
from cli_runner import cli
from support import OnDisk

from tui.app import PapershelfApp
from tui.screens import NoteEditor
from tui.widgets import PaperDetail

SMALL = (80, 24)


def test_the_first_run_message_is_shown_in_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not printed to the terminal the app is about to take over (it would show only
    after quitting): the app says it."""
    shown: list[str] = []

    def run(app: PapershelfApp) -> int:
        shown.extend(app._notices)
        return 0

    monkeypatch.setattr(PapershelfApp, "run", run)
    status, out, err = cli()
    assert status == 0 and err == ""
    assert len(shown) == 1 and shown[0].startswith("Created ")
    assert shown[0].endswith("library.json with the bundled seed documents.")


async def test_f_gives_the_detail_pane_the_whole_screen_at_80x24(app: PapershelfApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        detail = app.screen.query_one(PaperDetail)
        assert detail.size.height <= 8
        await pilot.press("f")
        await settle(pilot)
        assert detail.outer_size.height == 23  # all but the footer
        assert focused(app) is detail
        await pilot.press("escape")
        await settle(pilot)
        assert main_screen(app).maximized is None and focused(app) is paper_list(app)
        await pilot.press("f", "f")
        assert main_screen(app).maximized is None


async def test_a_dialog_footer_shows_the_dialogs_keys(app: PapershelfApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        footer = screen_text(app).splitlines()[-1]
        assert "Read" in footer and "Cancel" not in footer
        await pilot.press("d")  # delete asks first
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Yes" in footer and "No" in footer and "Cancel" in footer
        assert "Read" not in footer and "Tag" not in footer


async def test_a_query_error_is_shown_whole(app: PapershelfApp) -> None:
    """The list column is narrower than the message: it wraps (and is the tooltip)."""
    message = "year: takes a number or range like 2017, >=2015 or 2010..2015"
    async with app.run_test(size=(112, 36)) as pilot:
        await pilot.press("slash", *"year:>=abc")
        await settle(pilot)
        status = app.screen.query_one("#search-status")
        assert status.tooltip == message
        assert status.size.height == 2
        area = status.region
        lines = screen_text(app).splitlines()[area.y : area.bottom]
        assert message in " ".join(line[area.x : area.right].strip() for line in lines)
        await pilot.press("backspace", "backspace", "backspace", *"2020")
        await settle(pilot)
        assert status.size.height == 1 and status.tooltip is None


def test_version() -> None:
    status, out, _ = cli("--version")
    assert status == 0 and out.startswith("papershelf ") and len(out.split()) == 2


def test_import_help_names_all_three_formats(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli_parser import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["import", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "seed documents (.txt), BibTeX (.bib) and RIS (.ris)" in text


def bash_complete(script: str, *words: str) -> list[str]:
    """What bash completes for the command line `words` (the last one being typed)."""
    line = " ".join(f"'{word}'" for word in words)
    program = f"""{script}
COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; _papershelf; echo "${{COMPREPLY[@]}}"
"""
    return _run_shell(["bash", "-c", program]).split()


def zsh_complete(script: str, *words: str) -> list[str]:
    """What zsh completes: its bashcompinit's `compgen -F`, as a Tab calls it, filtered
    by the word being typed as zsh's own matching does."""
    line = " ".join(f"'{word}'" for word in words)
    program = f"""autoload -U compinit && compinit -u -D
{script}
words=({line}); CURRENT=$#words
COMP_WORDS=("${{words[@]}}"); COMP_CWORD=$((CURRENT - 1))
compgen -F _papershelf -- "${{words[CURRENT]}}"
"""
    found = _run_shell(["zsh", "-f", "-c", program]).split()
    return [word for word in found if word.startswith(words[-1])]


def fish_complete(script: str, *words: str) -> list[str]:
    """What fish completes for the command line (`complete -C`), without descriptions."""
    program = f"{script}\ncomplete -C -- $argv[1]"
    found = _run_shell(["fish", "--no-config", "-c", program, " ".join(words)])
    return [line.split("\t")[0] for line in found.splitlines()]


def _run_shell(command: list[str]) -> str:
    """The shell's output; anything on stderr (a script the shell cannot read) fails."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    return done.stdout


COMPLETERS: dict[str, Callable[..., list[str]]] = {
    "bash": bash_complete,
    "zsh": zsh_complete,
    "fish": fish_complete,
}


@pytest.mark.parametrize("shell", COMPLETERS)
def test_completion_completes_commands_options_and_choices_in_each_shell(shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed (apt-get install {shell}), so not tried")
    from tui.cli_parser import build_parser
    from tui.completion import _commands

    complete = COMPLETERS[shell]
    status, script, _ = cli("completion", shell)
    assert status == 0
    assert set(_commands(build_parser())) <= set(complete(script, "papershelf", ""))
    assert complete(script, "papershelf", "vi") == ["views"]
    assert complete(script, "papershelf", "--db", "x.json", "vi") == ["views"]
    assert sorted(complete(script, "papershelf", "list", "--sort", "")) == [
        "added",
        "citations",
        "date",
        "journal",
        "priority",
    ]
    assert "--list-styles" in complete(script, "papershelf", "cite", "--")


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_leaves_file_names_to_the_shell_where_a_file_goes(shell: str) -> None:
    """No words after `--db` or `-o`, or for a command's arguments: the script's
    `complete -o default` then has the shell complete file names."""
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed (apt-get install {shell}), so not tried")
    complete = COMPLETERS[shell]
    _, script, _ = cli("completion", shell)
    assert "complete -o default" in script
    assert complete(script, "papershelf", "--db", "") == []
    assert complete(script, "papershelf", "export", "-o", "") == []
    assert complete(script, "papershelf", "import", "") == []
    assert "--format" in complete(script, "papershelf", "export", "-")


async def test_ctrl_e_hands_the_note_to_the_editor_and_takes_it_back(
    app: PapershelfApp, on_disk: OnDisk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "and from the editor\\n" >> "$1"\n')
    editor.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(editor))
    # The test driver cannot hand the terminal over; the editor needs none here.
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(120, 36)) as pilot:
        target = paper_list(app).highlighted
        assert target is not None
        await pilot.press("n", *"typed here", "enter", "ctrl+e")
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.text == "typed here\nand from the editor"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert on_disk().entry(target.id).state.note == "typed here\nand from the editor"


async def test_a_failing_editor_leaves_the_note_alone(
    app: PapershelfApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "false")
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("n", *"kept", "ctrl+e")
        assert isinstance(app.screen, NoteEditor) and app.screen.text == "kept"
        assert any("false exited with status 1" in message for message in notified(app))
