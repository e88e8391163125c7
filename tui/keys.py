"""Keys as people read them, written from the bindings themselves (never retyped).

The footer formats keys with Textual's `format_key`; the help screen, the palette and
the panes' HELP texts use the same function on the same bindings, so a changed key is
changed everywhere at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from textual.binding import Binding, BindingType
from textual.keys import REPLACED_KEYS, Keys, format_key, key_to_character

_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED = frozenset(key.value.rpartition("+")[2] for key in Keys if not key.value.startswith("<"))
"""Textual's names of keys that are not characters (enter, pagedown, f1)."""


def keys_text(keys: str) -> str:
    """`space,r` as `space r`, `slash` as `/`, `pagedown` as `pgdn`."""
    return " ".join(format_key(key.strip()) for key in keys.split(","))


def is_key_name(key: str) -> bool:
    """Whether Textual has a key by this name (`ctrl+o`, `enter`, `question_mark`, `Y`): a
    binding to any other name never fires."""
    *modifiers, name = key.split("+")
    if not name or not set(modifiers) <= _MODIFIERS:
        return False
    return (
        len(name) == 1
        or name in _NAMED
        or key_to_character(REPLACED_KEYS.get(name, name)) is not None
    )


def key_identity(key: str) -> str:
    """The one spelling of a key that Textual reads several ways (`?` and
    `question_mark`, `/` and `slash`), so that two spellings are seen as one key."""
    *modifiers, name = key.split("+")
    character = name if len(name) == 1 else key_to_character(REPLACED_KEYS.get(name, name))
    return "+".join([*modifiers, character or name])


def binding_rows(
    bindings: Iterable[BindingType], keymap: Mapping[str, str] = MappingProxyType({})
) -> list[tuple[str, str]]:
    """(keys, what they do) for each binding with a description: its tooltip, else its
    description; the keys are the keymap's where it names the binding's id."""
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
            rows.append((keys_text(keys), binding.tooltip or binding.description))
    return rows


def pane_help(title: str, bindings: Iterable[BindingType], note: str) -> str:
    """A pane's HELP (Markdown, shown by Textual's help panel): its own keys, then a note."""
    lines = [f"## {title}", ""]
    lines += [f"- `{keys}`: {what}" for keys, what in binding_rows(bindings)]
    return "\n".join([*lines, "", note])
