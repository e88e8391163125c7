"""The reader's settings: what they are, their defaults, and where each came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from storage import SortOrder
from storage.citations import DEFAULT_STYLE
from storage.links import DEFAULT_SEARCH

DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything the reader can set, with the defaults a new reader gets."""

    theme: str = DEFAULT_THEME
    """A Textual theme name."""
    sort: SortOrder = SortOrder.CITATIONS
    """How a library is sorted when it has no remembered view."""
    search: str = DEFAULT_SEARCH
    """Where `o` searches for a paper with no DOI or URL: a name or a URL template."""
    citation_style: str = DEFAULT_STYLE
    """The CSL style of copied and shown citations."""
    read_and_advance: bool = False
    """Whether marking a paper read with space / r also moves to the next paper."""
    keymap: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Keys by command id, replacing the built-in ones."""
