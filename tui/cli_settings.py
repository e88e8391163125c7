"""The settings on the command line: `papershelf config`, and loading them for the app."""

from __future__ import annotations

import argparse
import os
from dataclasses import fields
from typing import TextIO

from .settings import ENV_VAR, LoadedSettings, Settings, load_settings, settings_path
from .sync_commands import machine_lines


def load_for(args: argparse.Namespace) -> LoadedSettings:
    """The settings `--config` or PAPERSHELF_CONFIG names, else the user's default file."""
    from .commands import default_keys  # Textual's bindings: only the commands that read settings

    chosen = getattr(args, "config", None)
    required = bool(chosen or os.environ.get(ENV_VAR))
    return load_settings(settings_path(chosen), required=required, bindings=default_keys())


def print_config(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`papershelf config`: every setting in effect and where it came from; exit 1 when
    the file has problems (they are printed to stderr)."""
    from .commands import binding_ids

    loaded = load_for(args)
    for line in machine_lines(args):
        print(line, file=out)
    print(f"# settings file: {loaded.path}", file=out)
    settings = loaded.settings
    for item in fields(Settings):
        if item.name == "keymap":
            continue
        value = getattr(settings, item.name)
        shown = str(value).lower() if isinstance(value, bool) else f'"{value}"'
        print(f"{item.name} = {shown}  # {loaded.origins[item.name]}", file=out)
    print(f"\n[keymap]  # {loaded.origins['keymap']}", file=out)
    for command_id in sorted(binding_ids()):
        keys = settings.keymap.get(command_id)
        if keys is not None:
            print(f'{command_id} = "{keys}"', file=out)
    print(f"# binding ids: {', '.join(sorted(binding_ids()))}", file=out)
    for problem in loaded.problems:
        print(f"papershelf: {problem}", file=err)
    return 1 if loaded.problems else 0
