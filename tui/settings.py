"""The reader's settings: a TOML file in the user config directory, read once at start.

A broken file or a bad value never stops the app: each problem is reported with the
file, the line and the key, and the setting keeps its default. `papershelf config`
prints every setting with where its value came from.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import platformdirs

from storage import BadInputError, SortOrder
from storage.atomic import write_atomically
from storage.citations import DEFAULT_STYLE
from storage.links import DEFAULT_SEARCH, check_template

ENV_VAR: Final = "PAPERSHELF_CONFIG"
"""Environment variable naming the settings file."""
DEFAULT_THEME: Final = "textual-dark"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything the reader can set, with the defaults a new reader gets."""

    theme: str = DEFAULT_THEME
    """A Textual theme name (the palette's "Change theme" saves the one chosen)."""
    sort: SortOrder = SortOrder.CITATIONS
    """How a library is sorted when it has no remembered view."""
    search: str = DEFAULT_SEARCH
    """Where `o` searches for a paper with no DOI or URL: a name or a URL template."""
    citation_style: str = DEFAULT_STYLE
    """The CSL style of copied and shown citations."""
    read_and_advance: bool = False
    """Whether marking a paper read with space / r also moves to the next paper."""
    keymap: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Keys by command id (`open = "o,enter"`), replacing the built-in ones."""


@dataclass(frozen=True, slots=True)
class LoadedSettings:
    """The settings in effect, where each came from, and what was wrong with the file."""

    path: Path
    settings: Settings
    origins: Mapping[str, str]
    """Setting name to where its value came from (`default`, or the file and line)."""
    problems: tuple[str, ...]
    """`FILE, line N: key: what is wrong`, one per problem."""


def settings_path(cli_path: str | None, environ: Mapping[str, str] = os.environ) -> Path:
    """`--config` wins, then PAPERSHELF_CONFIG, then the user config directory."""
    chosen = cli_path or environ.get(ENV_VAR)
    if chosen:
        return Path(chosen).expanduser()
    return platformdirs.user_config_path("papershelf", appauthor=False) / "config.toml"


def load_settings(
    path: Path, *, required: bool = False, bindings: Mapping[str, str]
) -> LoadedSettings:
    """Read the settings file; a missing one is the defaults (a problem if `required`).

    Args:
        path: the file.
        required: the reader named it (`--config`, PAPERSHELF_CONFIG).
        bindings: the built-in keys by each binding id a keymap may name.
    """
    defaults = Settings()
    origins = {item.name: "default" for item in fields(Settings)}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        missing = (f"{path}: no such file; every setting is at its default",)
        return LoadedSettings(path, defaults, origins, missing if required else ())
    except (OSError, UnicodeDecodeError) as error:
        return LoadedSettings(path, defaults, origins, (f"{path}: unreadable ({error})",))
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        where = f", line {found.group(1)}" if found else ""
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        broken = (f"{path}{where}: not TOML ({message}); every setting is at its default",)
        return LoadedSettings(path, defaults, origins, broken)
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in document.items():
        line = _line_of(text, "", key)
        where = f"{path}, line {line}: {key}"
        if key == "keymap":
            values[key] = _keymap(value, bindings, where, text, problems)
        elif (check := _CHECKS.get(key)) is None:
            problems.append(f"{where}: unknown setting (known: {', '.join(_NAMES)})")
            continue
        else:
            try:
                values[key] = check(value)
            except BadInputError as error:
                problems.append(f"{where}: {error}; using the default")
                continue
        origins[key] = f"{path}, line {line}"
    return LoadedSettings(path, replace(defaults, **values), origins, tuple(problems))


def _line_of(text: str, table: str, key: str, default: int = 1) -> int:
    """The line where `key` is set in `[table]` ("" for the top level), or where the
    table `[key]` starts; `default` when not found (a key TOML allows but this does not
    see, such as one in an inline table)."""
    current = ""
    assignment = re.compile(rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*[=.]")
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[\s*([^\[\]]+?)\s*\]", line)
        if header:
            current = header.group(1)
            if table == "" and current == key:
                return number
        elif current == table and assignment.match(line):
            return number
    return default


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadInputError(f"expected a non-empty string, not {value!r}")
    return value.strip()


def _theme(value: Any) -> str:
    from textual.theme import BUILTIN_THEMES

    name = _text(value)
    if name not in BUILTIN_THEMES:
        raise BadInputError(f"unknown theme {name!r} (one of {', '.join(sorted(BUILTIN_THEMES))})")
    return name


def _sort(value: Any) -> SortOrder:
    name = _text(value)
    try:
        return SortOrder(name)
    except ValueError:
        choices = ", ".join(order.value for order in SortOrder)
        raise BadInputError(f"unknown sort {name!r} (one of {choices})") from None


def _search(value: Any) -> str:
    return check_template(_text(value))


def _style(value: Any) -> str:
    from storage.citations import resolve_style

    name = _text(value)
    resolve_style(name)
    return name


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadInputError(f"expected true or false, not {value!r}")
    return value


def _keymap(
    value: Any, bindings: Mapping[str, str], where: str, text: str, problems: list[str]
) -> Mapping[str, str]:
    """The keymap's good entries; a problem for each bad one (that command keeps its
    built-in keys, the others still apply)."""
    from .keys import is_key_name

    if not isinstance(value, dict):
        problems.append(f'{where}: expected a table: [keymap], then lines like open = "o,enter"')
        return MappingProxyType({})
    keymap: dict[str, str] = {}
    entries: dict[str, str] = {}
    path = where.split(", line ")[0]
    inline = _line_of(text, "", "keymap")  # keymap = { open = "o" } is all on its line
    for command_id, keys in value.items():
        line = _line_of(text, "keymap", command_id, inline)
        entry = entries[command_id] = f"{path}, line {line}: keymap.{command_id}"
        unknown = [key for key in str(keys).replace(" ", "").split(",") if not is_key_name(key)]
        if command_id not in bindings:
            problems.append(f"{entry}: no command has this id (papershelf config lists them)")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f'{entry}: expected keys like "o" or "ctrl+o,enter", not {keys!r}')
        elif unknown:
            names = ", ".join(repr(key) for key in unknown)
            problems.append(
                f"{entry}: no key is called {names} (names are like ctrl+o, enter, question_mark)"
            )
        else:
            keymap[command_id] = keys.replace(" ", "")
    while clashes := _clashes(keymap, bindings):
        for command_id, (key, other) in clashes.items():
            problems.append(
                f"{entries[command_id]}: {key!r} is already {other}'s key; "
                f"using the built-in {bindings[command_id]!r}"
            )
            del keymap[command_id]
    for command_id, key in _moving(keymap).items():
        problems.append(
            f"{entries[command_id]}: {key!r} moves the cursor in the panes, which take it "
            f"first; using the built-in {bindings[command_id]!r}"
        )
        del keymap[command_id]
    return MappingProxyType(keymap)


def _moving(keymap: Mapping[str, str]) -> dict[str, str]:
    """(command, key) for each keymap entry giving a key that moves the list's cursor:
    the focused pane's own binding runs first, so the command would never run there."""
    from .keys import key_identity
    from .widgets.scrolling import ROW_BINDINGS

    moving = {key_identity(key) for binding in ROW_BINDINGS for key in binding.key.split(",")}
    return {
        command_id: key
        for command_id, keys in keymap.items()
        for key in keys.split(",")
        if key_identity(key) in moving
    }


def _clashes(keymap: Mapping[str, str], bindings: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """(key, other command) for each keymap entry giving a key another command has
    (with the keymap's keys in effect): one of the two would never run."""
    from .keys import key_identity

    owners: dict[str, set[str]] = {}
    for command_id, default in bindings.items():
        for key in keymap.get(command_id, default).split(","):
            owners.setdefault(key_identity(key), set()).add(command_id)
    return {
        command_id: (key, min(owners[key_identity(key)] - {command_id}))
        for command_id, keys in keymap.items()
        for key in keys.split(",")
        if owners[key_identity(key)] - {command_id}
    }


_CHECKS: Final[dict[str, Callable[..., Any]]] = {
    "theme": _theme,
    "sort": _sort,
    "search": _search,
    "citation_style": _style,
    "read_and_advance": _flag,
}
"""Each setting's check: the value from the file in, the setting's value out."""
_NAMES: Final = tuple(item.name for item in fields(Settings))


def save_theme(path: Path, theme: str) -> None:
    """Write the theme chosen in the app into the settings file, keeping the rest of
    the file (comments included) as the reader wrote it.

    Raises:
        OSError: the file could not be written (it is unchanged).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    line = f"theme = {json.dumps(theme)}"
    lines = text.splitlines()
    top = next((n for n, old in enumerate(lines) if re.match(r"\s*\[", old)), len(lines))
    found = next((n for n in range(top) if re.match(r"\s*theme\s*=", lines[n])), None)
    if found is None:
        lines.insert(0, line)
    else:
        lines[found] = line
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, ("\n".join(lines) + "\n").encode())
