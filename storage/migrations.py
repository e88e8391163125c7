"""Upgrades of stored libraries from older schema versions, one version step at a time.

Each step is a pure function over a file's tables, so it can be tested without files.
The repository backs up both files before the first step runs (see `backup_path`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from .records import Paper

Tables = dict[str, dict[str, Any]]
Step = Callable[[Tables], Tables]


def backup_path(path: Path, version: int) -> Path:
    """Where the copy of `path` as it was at schema `version` is kept."""
    return path.with_name(f"{path.name}.schema{version}.bak")


def _catalog_1_to_2(tables: Tables) -> Tables:
    """Schema 2 stores papers without their empty and default fields.

    At 100,000 papers the empty title, DOI, URL, authors and abstract fields were a
    fifth of the file, and parsing them cost time and memory on every start.
    """
    papers = {key: Paper.from_doc(doc).to_doc() for key, doc in tables["papers"].items()}
    return {**tables, "papers": papers}


def _unchanged(tables: Tables) -> Tables:
    return tables


CATALOG_STEPS: Final[dict[int, Step]] = {1: _catalog_1_to_2}
"""Catalog upgrades: the step from version N to N + 1, by N."""
LIBRARY_STEPS: Final[dict[int, Step]] = {1: _unchanged}
"""Library-file (reading state) upgrades, by the version they start from."""


def migrate(tables: Tables, steps: dict[int, Step], version: int, target: int) -> Tables:
    """Run the steps from `version` up to `target` and stamp the new version."""
    for step_from in range(version, target):
        tables = steps[step_from](tables)
    meta = {key: {**doc, "schema_version": target} for key, doc in tables["meta"].items()}
    return {**tables, "meta": meta}
