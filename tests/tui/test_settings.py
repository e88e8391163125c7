"""Settings in a TOML file: every kind of mistake reported with file, line and key (and
the app still starting), `papershelf config`, and the app following them."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import main_screen, notified, paper_list, screen_text, settle
from cli_runner import cli
from support import OnDisk

from storage import Library, SortOrder, View
from tui.app import PapershelfApp
from tui.commands import default_keys
from tui.screens.copy_menu import CopyMenu
from tui.settings import LoadedSettings, Settings, load_settings, save_theme, settings_path
from tui.view_memory import ViewMemory

SIZE = (120, 36)
GOOD = """\
# my settings
theme = "nord"
sort = "date"
search = "scholar"
citation_style = "vancouver"
read_and_advance = true

[keymap]
open = "enter,o"
"""


def load(tmp_path: Path, text: str) -> LoadedSettings:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return load_settings(path, bindings=default_keys())


def test_a_good_file_sets_everything_and_says_where(tmp_path: Path) -> None:
    loaded = load(tmp_path, GOOD)
    assert loaded.problems == ()
    assert loaded.settings == Settings(
        theme="nord",
        sort=SortOrder.DATE,
        search="https://scholar.google.com/scholar?q={query}",
        citation_style="vancouver",
        read_and_advance=True,
        keymap={"open": "enter,o"},
    )
    assert loaded.origins["sort"] == f"{loaded.path}, line 3"
    assert loaded.origins["keymap"] == f"{loaded.path}, line 8"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('theme = "nord"\nsort = \n', "line 2: not TOML (Invalid value)"),
        ('theme = "nord"\ncolour = "red"\n', "line 2: colour: unknown setting (known: theme,"),
        ('\n\ntheme = "solarised"\n', "line 3: theme: unknown theme 'solarised' (one of"),
        ('sort = "random"\n', "line 1: sort: unknown sort 'random' (one of citations, date,"),
        ('search = "bing"\n', "line 1: search: 'bing' is neither pubmed, scholar"),
        ('search = "https://x.org/?q={title}"\n', "search: unknown field {title}"),
        ('citation_style = "apaa"\n', "line 1: citation_style: unknown citation style 'apaa'"),
        ("read_and_advance = 1\n", "line 1: read_and_advance: expected true or false, not 1"),
        ('theme = ""\n', "line 1: theme: expected a non-empty string"),
        ('keymap = "o"\n', "line 1: keymap: expected a table: [keymap]"),
        ('[keymap]\nopen = "o"\nfly = "f"\n', "line 3: keymap.fly: no command has this id"),
        ("[keymap]\nopen = 3\n", "line 2: keymap.open: expected keys like"),
        ('# c\ntheme = "nord"\nkeymap = { fly = "f" }\n', "line 3: keymap.fly: no command has"),
        ('[keymap]\nopen = "ctrl+shift+nonsense"\n', "line 2: keymap.open: no key is called"),
        ('[keymap]\n\ncopy = "o"\n', "line 3: keymap.copy: 'o' is already open's key; using"),
        ('[keymap]\nquit = "j"\n', "line 2: keymap.quit: 'j' moves the cursor in the panes"),
        ('[keymap]\nopen = "ctrl+o,end"\n', "keymap.open: 'end' moves the cursor in the panes"),
    ],
)
def test_every_kind_of_mistake_names_the_file_line_and_key(
    tmp_path: Path, text: str, problem: str
) -> None:
    loaded = load(tmp_path, text)
    assert len(loaded.problems) == 1
    assert loaded.problems[0].startswith(str(loaded.path))
    assert problem in loaded.problems[0]


def test_a_bad_setting_leaves_the_others_set(tmp_path: Path) -> None:
    loaded = load(tmp_path, 'theme = "nord"\nsort = "random"\n[keymap]\nfly = "f"\ncopy = "Y"\n')
    assert loaded.settings.theme == "nord"
    assert loaded.settings.sort == SortOrder.CITATIONS
    assert loaded.origins["sort"] == "default"
    assert dict(loaded.settings.keymap) == {"copy": "Y"}


def test_two_commands_may_swap_keys(tmp_path: Path) -> None:
    loaded = load(tmp_path, '[keymap]\nopen = "y"\ncopy = "o"\n')
    assert loaded.problems == () and dict(loaded.settings.keymap) == {"open": "y", "copy": "o"}


@pytest.mark.parametrize("key", ["?", "question_mark"])
def test_a_key_written_as_a_character_or_a_name_is_one_key(tmp_path: Path, key: str) -> None:
    """`?` and `question_mark` (`/` and `slash`) reach the same binding: either clashes."""
    loaded = load(tmp_path, f'[keymap]\ncopy = "{key}"\nopen = "/"\n')
    assert dict(loaded.settings.keymap) == {}
    problems = " ".join(loaded.problems)
    assert f"keymap.copy: {key!r} is already help's key" in problems
    assert "keymap.open: '/' is already search's key" in problems


def test_the_file_comes_from_config_then_the_environment_then_the_config_dir(
    tmp_path: Path,
) -> None:
    assert settings_path("a.toml", {"PAPERSHELF_CONFIG": "b.toml"}) == Path("a.toml")
    assert settings_path(None, {"PAPERSHELF_CONFIG": "b.toml"}) == Path("b.toml")
    assert settings_path(None, {}) == tmp_path / "xdg-config" / "papershelf" / "config.toml"


def test_a_missing_file_is_the_defaults_and_a_problem_only_when_named(tmp_path: Path) -> None:
    path = tmp_path / "nothing.toml"
    assert load_settings(path, bindings=default_keys()).problems == ()
    named = load_settings(path, required=True, bindings=default_keys())
    assert named.settings == Settings() and "no such file" in named.problems[0]


def test_papershelf_config_prints_each_setting_and_its_origin(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('sort = "date"\ncolour = "red"\n')
    status, out, err = cli("config", "--config", str(path))
    assert status == 1
    assert f'sort = "date"  # {path}, line 1' in out
    assert 'theme = "textual-dark"  # default' in out
    assert "read_and_advance = false  # default" in out
    assert f"papershelf: {path}, line 2: colour: unknown setting" in err
    status, out, err = cli("config")
    assert status == 0 and err == ""
    assert str(tmp_path / "xdg-config" / "papershelf" / "config.toml") in out


def test_save_theme_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    save_theme(path, "gruvbox")
    assert path.read_text() == GOOD.replace('theme = "nord"', 'theme = "gruvbox"')
    fresh = tmp_path / "new" / "config.toml"
    save_theme(fresh, "gruvbox")
    assert fresh.read_text() == 'theme = "gruvbox"\n'


# The app --------------------------------------------------------------------------------


async def test_the_app_starts_with_defaults_and_says_what_is_wrong(
    library: Library, tmp_path: Path
) -> None:
    loaded = load(tmp_path, 'theme = "nord"\nsort = \n')
    app = PapershelfApp(library, settings=loaded.settings, notices=loaded.problems)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        assert any("line 2: not TOML" in message for message in notified(app))
        assert len(paper_list(app).entries) == 9


async def test_a_keymap_with_a_bad_key_or_a_clash_keeps_those_commands_keys(
    library: Library, tmp_path: Path, on_disk: OnDisk
) -> None:
    """The app starts, says which entries it ignored, and applies the others."""
    text = '[keymap]\nopen = "ctrl+shift+nonsense"\ncopy = "o"\ntoggle-read = "m"\n'
    loaded = load(tmp_path, text)
    app = PapershelfApp(library, settings=loaded.settings, notices=loaded.problems)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = " ".join(notified(app))
        assert "line 2: keymap.open: no key is called 'ctrl+shift+nonsense'" in messages
        assert "line 3: keymap.copy: 'o' is already open's key" in messages
        target = paper_list(app).highlighted
        assert target is not None
        await pilot.press("m")
        await settle(pilot)
        assert on_disk().entry(target.id).state.read
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CopyMenu)


async def test_the_app_follows_theme_and_sort(library: Library, tmp_path: Path) -> None:
    settings = load(tmp_path, GOOD).settings
    app = PapershelfApp(library, settings=settings)
    async with app.run_test(size=SIZE):
        assert app.theme == "nord"
        assert main_screen(app).view.sort == SortOrder.DATE
        years = [entry.paper.year or 0 for entry in paper_list(app).entries]
        assert years == sorted(years, reverse=True) and years[0] > years[-1]


async def test_a_keymap_moves_a_command_to_another_key(library: Library, on_disk: OnDisk) -> None:
    app = PapershelfApp(library, settings=Settings(keymap={"toggle-read": "m"}))
    async with app.run_test(size=SIZE) as pilot:
        target = paper_list(app).highlighted
        assert target is not None
        await pilot.press("space")
        await settle(pilot)
        assert not on_disk().entry(target.id).state.read
        await pilot.press("m")
        await settle(pilot)
        assert on_disk().entry(target.id).state.read


async def test_the_help_and_the_palette_list_the_keymaps_keys(library: Library) -> None:
    """They say the keys that work: a command the keymap moves is listed with its new keys."""
    keymap = {"toggle-read": "m", "open": "o,enter", "help": "h"}
    app = PapershelfApp(library, settings=Settings(keymap=keymap))
    async with app.run_test(size=(120, 120)) as pilot:  # tall enough for the whole help
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Read (m)", "Open (o ⏎)"} <= set(titles) and "Read (space r)" not in titles
        await pilot.press("h")
        await settle(pilot)
        shown = " ".join(screen_text(app).split())  # the help's columns, spaces squeezed
        assert " m Mark the papers read / unread" in shown
        assert " o ⏎ Open the paper's DOI" in shown and " h Show every key" in shown
        assert "space r" not in shown


async def test_read_and_advance_moves_on_after_marking_read(library: Library) -> None:
    app = PapershelfApp(library, settings=Settings(read_and_advance=True))
    async with app.run_test(size=SIZE) as pilot:
        first = paper_list(app).highlighted
        await pilot.press("space")
        await settle(pilot)
        assert paper_list(app).cursor == 1
        assert first is not None and library.entry(first.id).state.read
        await pilot.press("up", "space")  # marking unread stays put
        await settle(pilot)
        assert paper_list(app).cursor == 0


async def test_a_theme_chosen_in_the_app_is_saved(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n[keymap]\n")
    app = PapershelfApp(library, settings_file=path)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "gruvbox"
        await pilot.pause()
        assert path.read_text() == 'theme = "gruvbox"\n# mine\n[keymap]\n'
        app.theme = "textual-dark"  # back to the one the app started with
        await pilot.pause()
    assert path.read_text() == 'theme = "textual-dark"\n# mine\n[keymap]\n'


async def test_the_last_view_of_a_library_is_remembered(library: Library, tmp_path: Path) -> None:
    memory = ViewMemory(tmp_path / "views.json")
    app = PapershelfApp(library, memory=memory)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"hair", "enter", "u", "s", "right_square_bracket")
        await settle(pilot)
        left = main_screen(app).view
    assert left == View(query="hair", unread_only=True, sort=SortOrder.DATE)
    again = PapershelfApp(library, memory=memory)
    async with again.run_test(size=SIZE) as pilot:
        assert main_screen(again).view == left
        assert main_screen(again).search_input.value == "hair"
    assert ViewMemory(tmp_path / "views.json").recall(tmp_path / "other.json") is None


def test_cite_uses_the_configured_style_unless_told(library: Library, db_path: Path) -> None:
    key = next(iter(library.search(View(source_id=library.sources()[0].id)))).paper.key
    library.close()
    config = db_path.parent / "config.toml"
    config.write_text('citation_style = "vancouver"\n')
    _, default, _ = cli("--db", str(db_path), "cite", key)
    _, configured, _ = cli("--db", str(db_path), "--config", str(config), "cite", key)
    _, told, _ = cli("--db", str(db_path), "--config", str(config), "cite", "--style", "apa", key)
    assert configured.startswith("1. ") and not default.startswith("1. ")
    assert told == default
