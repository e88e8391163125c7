"""Where the default library lives and where the bundled seed documents are."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

ENV_VAR: Final = "PAPERSHELF_DB"
"""Environment variable naming the library file."""


@dataclass(frozen=True, slots=True)
class LibraryLocation:
    """The library file to open and whether the user chose it."""

    path: Path
    is_default: bool
    """True for the platform's data directory: that library starts with the bundled seeds."""


def library_location(
    cli_path: str | None, environ: Mapping[str, str] = os.environ
) -> LibraryLocation:
    """`--db` wins, then PAPERSHELF_DB, then the user data directory."""
    chosen = cli_path or environ.get(ENV_VAR)
    if chosen:
        return LibraryLocation(Path(chosen).expanduser(), is_default=False)
    import platformdirs  # only here: a library named by --db or the variable needs none

    folder = platformdirs.user_data_path("papershelf", appauthor=False)
    return LibraryLocation(folder / "library.json", is_default=True)


def bundled_seeds() -> list[Path]:
    """The seed documents shipped with papershelf, in name order.

    A wheel carries them inside the `storage` package; a source checkout (or an
    editable install) has them in the repository's top-level `seeds/` folder.
    """
    here = Path(__file__).resolve().parent
    for folder in (here / "bundled_seeds", here.parent / "seeds"):
        if folder.is_dir():
            return sorted(folder.glob("*.txt"))
    return []
